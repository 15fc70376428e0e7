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

extension VisitStatus {
    /// Whether a visit in this status still holds its appointment's time. Cancelled, no-show and
    /// left-without-being-seen give it back: the slot returns to next available and the waitlist.
    /// The one list the store, the schedule screen and the practice messages all read.
    public var holdsItsTime: Bool {
        switch self {
        case .cancelled, .noShow, .leftWithoutBeingSeen: return false
        case .scheduled, .arrived, .checkedIn, .roomed, .withProvider, .checkout, .done: return true
        }
    }
}
