import Foundation

/// How a simulated day went under one policy. Encodes to the JSON `frontdesk simulate --json`
/// prints; every duration is in seconds.
public struct SimulationReport: Codable, Equatable, Sendable {
    public struct Spread: Codable, Equatable, Sendable { public var p50: Double; public var p90: Double; public var max: Double }
    public struct Tail: Codable, Equatable, Sendable { public var p90: Double; public var max: Double }
    public struct Maximum: Codable, Equatable, Sendable { public var max: Double }
    public struct Phone: Codable, Equatable, Sendable {
        /// Average speed of answer, answered calls only.
        public var asa: Double?
        /// Answered within 30 s ÷ (answered + abandoned), short abandons left out.
        public var serviceLevel: Double?
        public var abandonRate: Double?
        public var answered: Int
        public var abandoned: Int

        enum CodingKeys: String, CodingKey { case asa, serviceLevel, abandonRate, answered, abandoned }
        /// Writes `null` rather than leaving a key out, so scripts always find `asa` and friends.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(asa, forKey: .asa); try c.encode(serviceLevel, forKey: .serviceLevel)
            try c.encode(abandonRate, forKey: .abandonRate)
            try c.encode(answered, forKey: .answered); try c.encode(abandoned, forKey: .abandoned)
        }
    }

    public var policy: String
    /// The day profile (`busy`, `surge`).
    public var profile: String
    public var seed: UInt64
    public var desks: Int
    /// Patient at the window → a desk starts the check-in.
    public var lobbyWait: Spread
    public var phone: Phone
    /// Callbacks started after their promised window, or never.
    public var callbacksOverdue: Int
    /// Insurance verifications started after the appointment time, or never.
    public var insuranceLate: Int
    /// How long each suspension lasted until resumed (or until the end of the day).
    public var suspendedAge: Tail
    /// Suspensions never resumed by the end of the day (overtime included).
    public var neverResumed: Int
    public var suspensions: Int
    /// Emergency arrives → a desk is on it.
    public var emergencyResponse: Maximum
    public var tasksArrived: Int
    public var tasksDone: Int
    /// Tasks still open when the simulation stopped.
    public var tasksLeftOpen: Int
    /// Callbacks owed during the day (one per caller at a time).
    public var callbacks: Int
    /// Minutes the load estimate called the desks overloaded (sampled each minute).
    public var minutesOverloaded: Int
    /// Where the desks' time went: minutes of desk work by task kind (`TaskKind` raw values),
    /// over the whole day (overtime included), and the part of it spent while a patient was
    /// waiting for a check-in to start.
    public var deskMinutes: DeskMinutes
    public struct DeskMinutes: Codable, Equatable, Sendable {
        public var all: [String: Double]
        public var whilePatientsWait: [String: Double]
    }

    /// Nearest-rank percentile of `values` (0 when empty).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
