import Foundation
import FrontDeskCore

/// An appointment as the schedule shows it: a visit on any day, with its slot.
public struct Appointment: Equatable, Sendable {
    public var id: Int64
    public var ref: String?
    public var patientID: Int64
    public var patientName: String
    public var mrn: String
    public var phone: String?
    public var providerID: String?
    public var providerName: String
    public var start: Date
    public var minutes: Int
    public var typeCode: String?
    public var status: VisitStatus
    public var overbook: Bool
    public var statusReason: String?
    public var rescheduledTo: Int64?
    public var seriesID: Int64?
    public var end: Date { start.addingTimeInterval(TimeInterval(minutes * 60)) }
    /// Cancelled for a new time (the link names the new appointment).
    public var isRescheduled: Bool { rescheduledTo != nil }
}

/// What the desk asks to book.
public struct Booking: Equatable, Sendable {
    public var patientID: Int64
    public var provider: String
    public var start: Date
    public var typeCode: String
    public var overbook: Bool
    public var overbookReason: String?
    public init(patientID: Int64, provider: String, start: Date, typeCode: String, overbook: Bool = false, overbookReason: String? = nil) {
        self.patientID = patientID; self.provider = provider; self.start = start; self.typeCode = typeCode
        self.overbook = overbook; self.overbookReason = overbookReason
    }
}

/// A booking the rules refused, with every reason and (when the slot was the only problem)
/// the next free slots for the same provider and type.
public struct BookingRefused: Error, Equatable, CustomStringConvertible {
    public var problems: [BookingProblem]
    public var nextFree: [OpenSlot]
    public var requested: Date
    public var timeZone: TimeZone
    public var slotTaken: Bool { problems.contains { if case .slotTaken = $0 { return true }; return false } }
    /// "Dr Okafor is booked 10:00–10:15 (Lindqvist, Ana) — next free 10:15" (the date too when
    /// the next free slot is on another day).
    public var description: String {
        let reasons = problems.map(\.message).joined(separator: "; ")
        guard slotTaken, let next = nextFree.first else { return reasons }
        let stamp = timeZone.stamp(next.start)
        let when = stamp.date == timeZone.civilDate(of: requested) ? stamp.time.text : stamp.text
        return "\(reasons) — next free \(when)"
    }
}

/// One occurrence of a series: booked (its id) or refused (why).
public struct SeriesResult: Equatable, Sendable {
    public var start: Date
    public var bookedID: Int64?
    public var refusal: String?
}

public struct WaitlistRow: Equatable, Sendable {
    public var id: Int64
    public var patientID: Int64
    public var patientName: String
    public var providerID: String?
    public var typeCode: String?
    public var before: CivilDate?
    public var partOfDay: DayPart?
    public var note: String?
    public var createdAt: Date
    public var state: String
}

/// Tomorrow's appointments for a dialer or a text-message system.
public struct Reminder: Equatable, Sendable {
    public var appointmentID: Int64
    public var patientID: Int64
    public var mrn: String
    public var phone: String?
    public var start: Date
    public var providerName: String
    public var typeName: String
}
