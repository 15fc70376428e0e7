import Foundation

/// One patient's visit today: a booked appointment or a walk-in.
public struct Visit: Equatable, Hashable, Sendable, Codable {
    public var id: Int64
    /// The daily ticket shown on the public board, e.g. `A-017`.
    public var ticket: String
    public var patientID: Int64
    /// The practice system's appointment id (CSV import, `patient.arrived` events).
    public var appointmentRef: String?
    public var provider: String
    public var appointmentAt: Date?
    public var walkIn: Bool
    public var reason: String
    public var status: VisitStatus
    public var statusSince: Date
    public var arrivedAt: Date?
    public var room: String?
    public var readiness: [ReadinessCheck]
    public var version: Int
    /// The site the patient comes to (`Site`); nil in a clinic without sites.
    public var site: String? = nil

    public init(id: Int64, ticket: String, patientID: Int64, appointmentRef: String? = nil,
                provider: String, appointmentAt: Date?, walkIn: Bool = false, reason: String = "",
                status: VisitStatus = .scheduled, statusSince: Date, arrivedAt: Date? = nil,
                room: String? = nil, readiness: [ReadinessCheck] = [], version: Int = 1) {
        self.id = id; self.ticket = ticket; self.patientID = patientID
        self.appointmentRef = appointmentRef; self.provider = provider
        self.appointmentAt = appointmentAt; self.walkIn = walkIn; self.reason = reason
        self.status = status; self.statusSince = statusSince; self.arrivedAt = arrivedAt
        self.room = room; self.readiness = readiness; self.version = version
    }

    public func timeInStatus(at now: Date) -> TimeInterval { max(0, now.timeIntervalSince(statusSince)) }

    /// Time since the patient arrived; nil before arrival.
    public func totalTime(at now: Date) -> TimeInterval? {
        arrivedAt.map { max(0, now.timeIntervalSince($0)) }
    }

    /// Minutes late (positive) or early (negative) at arrival; nil for walk-ins or not yet arrived.
    public var arrivalOffset: TimeInterval? {
        guard let a = arrivedAt, let b = appointmentAt else { return nil }
        return a.timeIntervalSince(b)
    }

    /// Readiness items still open (not done, not waived).
    public var openReadiness: [ReadinessCheck] { readiness.filter { $0.state == .open } }

    /// Moves to `next`, or throws naming both statuses when the transition is not allowed.
    public mutating func transition(to next: VisitStatus, at now: Date) throws {
        try VisitStatus.validate(from: status, to: next)
        if next == .arrived && arrivedAt == nil { arrivedAt = now }
        status = next
        statusSince = now
    }
}
