import Foundation

/// An appointment the script turns into an arrival.
public struct ScriptAppointment: Equatable, Sendable {
    public var ref: String
    public var at: Date
    public var patientMRN: String
    public var phone: String?
    public init(ref: String, at: Date, patientMRN: String, phone: String? = nil) {
        self.ref = ref; self.at = at; self.patientMRN = patientMRN; self.phone = phone
    }
}

/// The outside world of a clinic day as intake events, for the live demo. External events
/// only: it never answers a call (the desk does), but when a caller's patience runs out it
/// says so (the store ignores an abandon for a call already answered).
public enum ClinicDayScript {
    public struct Config: Equatable, Sendable {
        public var length: TimeInterval = 9 * 3600
        public var noShowRate = 0.08
        /// Share of patients who arrive after their appointment time…
        public var lateRate = 0.2
        /// …by this many minutes on average (exponential).
        public var meanLateMinutes = 8.0
        /// The others arrive early by this many minutes on average.
        public var meanEarlyMinutes = 10.0
        public var walkinsPerHour = 1.5
        public var callsPerHour = 12.0
        /// Mean caller patience before hanging up (exponential).
        public var meanPatience: TimeInterval = 120
        /// Share of calls that come from a known patient's phone.
        public var knownCallerRate = 0.3
        public var providerRequestsPerHour = 1.0
        /// Expected emergencies per day (rare).
        public var emergenciesPerDay = 0.3
        public init() {}
    }

    static let walkinNames = ["Rivera, Sam", "Okafor, Ada", "Lindqvist, Jo", "Tanaka, Ren", "Moreau, Lou",
                              "Haddad, Noor", "Kowalski, Piet", "Nguyen, Bao", "Silva, Ines", "Brennan, Kit"]
    static let reasons = ["appointment", "prescription refill", "billing question", "test results", "directions"]

    public static func generate(appointments: [ScriptAppointment], dayStart start: Date, seed: UInt64,
                                config: Config = Config()) -> [TimedEvent] {
        var rng = SeededGenerator(seed: seed)
        var events: [(Date, Int, IntakeEvent)] = []   // Int: stable order for equal times
        func add(_ at: Date, _ event: IntakeEvent) { events.append((at, events.count, event)) }

        for appointment in appointments.sorted(by: { ($0.at, $0.ref) < ($1.at, $1.ref) }) {
            if rng.chance(config.noShowRate) { continue }
            let offset = rng.chance(config.lateRate)
                ? rng.exponential(mean: config.meanLateMinutes * 60)
                : -rng.exponential(mean: config.meanEarlyMinutes * 60)
            add(max(start, appointment.at.addingTimeInterval(offset)), .patientArrived(appointment: appointment.ref))
        }
        for t in rng.poissonTimes(perHour: config.walkinsPerHour, length: config.length) {
            let year = 1940 + Int(rng.next() % 80), month = 1 + Int(rng.next() % 12), day = 1 + Int(rng.next() % 28)
            add(start.addingTimeInterval(t), .walkinArrived(name: rng.pick(walkinNames),
                dateOfBirth: String(format: "%04d-%02d-%02d", year, month, day)))
        }
        let knownPhones = appointments.compactMap(\.phone)
        for (n, t) in rng.poissonTimes(perHour: config.callsPerHour, length: config.length).enumerated() {
            let id = "sim-\(seed)-\(n + 1)"
            let from = !knownPhones.isEmpty && rng.chance(config.knownCallerRate)
                ? rng.pick(knownPhones) : String(format: "555-01%02d", Int(rng.next() % 100))
            let at = start.addingTimeInterval(t)
            add(at, .callRinging(call: id, from: from, name: nil, reason: rng.pick(reasons), queue: "front-desk"))
            add(at.addingTimeInterval(rng.exponential(mean: config.meanPatience)), .callAbandoned(call: id))
        }
        let mrns = appointments.map(\.patientMRN)
        for t in rng.poissonTimes(perHour: config.providerRequestsPerHour, length: config.length) where !mrns.isEmpty {
            let at = start.addingTimeInterval(t)
            let kind = rng.pick(ProviderRequestKind.allCases)
            add(at, .providerRequest(patientMRN: rng.pick(mrns), kind: kind, note: nil,
                                     due: at.addingTimeInterval(2 * 3600)))
        }
        for t in rng.poissonTimes(perHour: config.emergenciesPerDay / (config.length / 3600), length: config.length) {
            add(start.addingTimeInterval(t), .emergency(desk: nil, note: "patient unwell in the lobby"))
        }
        return events.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { TimedEvent($0.2, at: $0.0) }
    }
}
