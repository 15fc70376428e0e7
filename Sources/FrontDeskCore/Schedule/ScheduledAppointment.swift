import Foundation

/// A booked appointment as the booking rules see it: who, when, how long, and whether it
/// still holds its time.
public struct ScheduledAppointment: Hashable, Sendable {
    public var id: Int64
    public var provider: String
    public var patientID: Int64
    /// "Lindqvist, Ana" (family name first, as the desk lists patients); only for messages.
    public var patientName: String
    public var start: Date
    public var minutes: Int
    public var typeCode: String
    public var isOverbook: Bool
    /// False once cancelled, a no-show, or rescheduled away: the time is free again.
    public var occupiesSlot: Bool

    public init(id: Int64, provider: String, patientID: Int64, patientName: String, start: Date,
                minutes: Int, typeCode: String, isOverbook: Bool = false, occupiesSlot: Bool = true) {
        self.id = id; self.provider = provider; self.patientID = patientID
        self.patientName = patientName; self.start = start; self.minutes = minutes
        self.typeCode = typeCode; self.isOverbook = isOverbook; self.occupiesSlot = occupiesSlot
    }

    public var end: Date { start.addingTimeInterval(TimeInterval(minutes * 60)) }

    /// The schedule's overlap test, `a.start < b.end && a.end > b.start`, on instants.
    public func overlaps(_ start: Date, _ end: Date) -> Bool { self.start < end && self.end > start }
}

/// Where an appointment stands, for reference: to be merged with `VisitStatus`. Only the
/// `occupiesSlot` column matters to the booking rules.
public enum AppointmentStatus: String, CaseIterable, Hashable, Sendable {
    case booked
    case arrived
    case completed
    case cancelled
    case noShow = "no-show"
    /// Moved to another time; the new time is a new appointment (with its own id).
    case rescheduled

    /// Booked, arrived and completed appointments hold their time; the others free it, so
    /// the slot comes back in next-available and can be offered to the waitlist.
    public var occupiesSlot: Bool {
        switch self {
        case .booked, .arrived, .completed: return true
        case .cancelled, .noShow, .rescheduled: return false
        }
    }

    /// The allowed moves, as data; everything else is refused.
    public static let moves: [AppointmentStatus: Set<AppointmentStatus>] = [
        .booked: [.arrived, .cancelled, .noShow, .rescheduled],
        .arrived: [.completed],
        .noShow: [.arrived],          // a late patient turns up after all
        .completed: [], .cancelled: [], .rescheduled: [],
    ]

    public func canMove(to next: AppointmentStatus) -> Bool { Self.moves[self]?.contains(next) ?? false }
}
