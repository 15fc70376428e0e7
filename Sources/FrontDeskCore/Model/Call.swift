import Foundation

public enum CallState: String, CaseIterable, Sendable, Codable, Hashable {
    /// Ringing or waiting in the queue for a desk.
    case waiting
    case onHold = "on-hold"
    case answered
    case ended
    /// The caller hung up before a desk answered.
    case abandoned

    public var isWaiting: Bool { self == .waiting || self == .onHold }
    public var isOpen: Bool { self == .waiting || self == .onHold || self == .answered }
}

/// A phone call in the queue. `id` is the phone system's own id (Asterisk's Uniqueid,
/// or the `call` field of a feed line), so the same call from two sources is one row.
public struct Call: Equatable, Hashable, Sendable, Codable {
    public var id: String
    public var from: String
    public var callerName: String?
    public var reason: String?
    public var queue: String?
    public var state: CallState
    public var arrivedAt: Date
    public var answeredAt: Date?
    public var endedAt: Date?
    public var desk: String?
    /// The patient whose phone number matches the caller's, when exactly one does.
    public var patientID: Int64?
    /// The sites its phone queue answers for (`SiteRule`); empty: every site.
    public var sites: [String] = []

    public init(id: String, from: String, callerName: String? = nil, reason: String? = nil,
                queue: String? = nil, state: CallState = .waiting, arrivedAt: Date,
                answeredAt: Date? = nil, endedAt: Date? = nil, desk: String? = nil,
                patientID: Int64? = nil, sites: [String] = []) {
        self.sites = sites
        self.id = id; self.from = from; self.callerName = callerName; self.reason = reason
        self.queue = queue; self.state = state; self.arrivedAt = arrivedAt
        self.answeredAt = answeredAt; self.endedAt = endedAt; self.desk = desk
        self.patientID = patientID
    }

    /// Seconds the caller waited (so far, if still waiting) before a desk answered or they gave up.
    public func waitTime(at now: Date) -> TimeInterval {
        let end = answeredAt ?? endedAt ?? now
        return max(0, end.timeIntervalSince(arrivedAt))
    }
}

/// How a receptionist closes a call; `callbackPromised` leaves a callback task behind.
public enum CallOutcome: String, CaseIterable, Sendable, Codable, Hashable {
    case appointmentMade = "appointment-made"
    case messageTaken = "message-taken"
    case transferred
    case informationGiven = "information-given"
    case callbackPromised = "callback-promised"

    public var label: String {
        switch self {
        case .appointmentMade: return "Appointment made"
        case .messageTaken: return "Message taken"
        case .transferred: return "Transferred"
        case .informationGiven: return "Information given"
        case .callbackPromised: return "Callback promised"
        }
    }
}
