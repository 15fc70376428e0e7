import Foundation

/// A patient waiting for an earlier or a first appointment. Every constraint is optional:
/// nil means "any".
public struct WaitlistEntry: Hashable, Sendable {
    public var id: Int64
    public var patientID: Int64
    public var provider: String?
    /// nil: whatever type the freed slot was booked for.
    public var typeCode: String?
    /// Only slots on a local date before this one (exclusive).
    public var before: CivilDate?
    public var partOfDay: DayPart?
    public var createdAt: Date

    public init(id: Int64, patientID: Int64, provider: String? = nil, typeCode: String? = nil,
                before: CivilDate? = nil, partOfDay: DayPart? = nil, createdAt: Date) {
        self.id = id; self.patientID = patientID; self.provider = provider; self.typeCode = typeCode
        self.before = before; self.partOfDay = partOfDay; self.createdAt = createdAt
    }
}

public enum Waitlist {
    /// Entries the freed slot can be offered to, first come first served (`createdAt`, then
    /// id). An entry qualifies when its provider, type, date and part of day fit the slot, the
    /// slot is earlier than the patient's next appointment of that type (if any), and the
    /// booking rules would book it for that patient now, as if that later appointment were
    /// moved. The freed appointment must already be out of `index` (removed, or no longer
    /// occupying its slot).
    public static func candidates(for freed: OpenSlot, entries: [WaitlistEntry], index: BookedIndex,
                                  calendar: ClinicCalendar, now: Date) -> [WaitlistEntry] {
        let rules = RuleContext(calendar: calendar, index: index, now: now)
        let moment = rules.clock.moment(freed.start)
        return entries.filter { entry in
            if let provider = entry.provider, provider != freed.provider { return false }
            let code = entry.typeCode ?? freed.typeCode
            guard let type = calendar.type(code),
                  freed.start.addingTimeInterval(TimeInterval(type.minutes * 60)) <= freed.end else { return false }
            if let before = entry.before, moment.dayNumber >= before.dayNumber { return false }
            if let part = entry.partOfDay, !part.contains(moment.time) { return false }
            let upcoming = index.appointments(patient: entry.patientID).first { $0.typeCode == code && $0.start >= now }
            if let upcoming, upcoming.start <= freed.start { return false }
            let request = BookingRequest(provider: freed.provider, patientID: entry.patientID, patientName: "",
                                         start: freed.start, typeCode: code, ignoring: upcoming?.id)
            return rules.verdict(for: request, patient: entry.patientID) == .allowed
        }
        .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// The offer is due by half the time left to the slot, but within a day, and at
    /// least this long before the slot, so the patient has time to come.
    public static let offerWindowMaximum: TimeInterval = 24 * 3600
    public static let offerLeadMinimum: TimeInterval = 15 * 60

    /// When the task "offer this slot" is due: `now + min(half the time to the slot, 24 h)`,
    /// moved earlier to 15 min before the slot if it falls later, and never before `now`
    /// (a slot under 15 min away is offered at once). Nil once the slot has started: there is
    /// nothing left to offer. So the deadline is always before the slot.
    public static func offerDeadline(slotStart: Date, now: Date) -> Date? {
        let lead = slotStart.timeIntervalSince(now)
        guard lead > 0 else { return nil }
        let due = now.addingTimeInterval(min(lead / 2, offerWindowMaximum))
        return max(now, min(due, slotStart.addingTimeInterval(-offerLeadMinimum)))
    }
}
