import Foundation

/// What the desk asks to book. The length comes from the type, never from the desk; only an
/// appointment the practice system already made carries its own (`lengthMinutes`).
public struct BookingRequest: Hashable, Sendable {
    public var provider: String
    public var patientID: Int64
    /// "Lindqvist, Ana"; only for messages.
    public var patientName: String
    public var start: Date
    public var typeCode: String
    /// The desk means to book over a taken slot.
    public var overbook: Bool
    public var overbookReason: String?
    /// Whether the user's role may overbook; the caller decides it from the role.
    public var mayOverbook: Bool
    /// The appointment being rescheduled: it does not clash with its own new time.
    public var ignoring: Int64?
    /// The sender's length for an appointment made in the practice system (the master of its
    /// own schedule); nil for a desk booking, whose length is its type's.
    public var lengthMinutes: Int?

    public init(provider: String, patientID: Int64, patientName: String, start: Date, typeCode: String,
                overbook: Bool = false, overbookReason: String? = nil, mayOverbook: Bool = false,
                ignoring: Int64? = nil, lengthMinutes: Int? = nil) {
        self.provider = provider; self.patientID = patientID; self.patientName = patientName
        self.start = start; self.typeCode = typeCode; self.overbook = overbook
        self.overbookReason = overbookReason; self.mayOverbook = mayOverbook; self.ignoring = ignoring
        self.lengthMinutes = lengthMinutes
    }
}

/// The answer to a booking request.
public enum BookingVerdict: Hashable, Sendable {
    case allowed
    /// Allowed over these appointments; store the new one with `isOverbook = true`.
    case allowedAsOverbook(over: [ScheduledAppointment])
    /// Every problem found, most serious first.
    case refused([BookingProblem])

    public var isAllowed: Bool {
        if case .refused = self { return false }
        return true
    }

    public var isOverbook: Bool {
        if case .allowedAsOverbook = self { return true }
        return false
    }

    public var problems: [BookingProblem] {
        if case .refused(let problems) = self { return problems }
        return []
    }

    /// The problems' messages joined for a status line; empty when allowed.
    public var message: String { problems.map(\.message).joined(separator: "; ") }
}
