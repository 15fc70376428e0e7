import Foundation

/// The booking rules, written once. `check` answers the desk; next-available, series and the
/// waitlist ask the same `RuleContext.evaluate`, so none of them can offer what booking refuses.
public enum BookingRules {
    public static func check(_ request: BookingRequest, calendar: ClinicCalendar, existing: BookedIndex,
                             now: Date) -> BookingVerdict {
        RuleContext(calendar: calendar, index: existing, now: now).verdict(for: request, patient: request.patientID)
    }
}

/// The rules with "now" worked out once, for callers that check many candidates in a row.
struct RuleContext {
    let calendar: ClinicCalendar
    let index: BookedIndex
    let now: Date
    let clock: LocalClock
    /// Today's local day number.
    let today: Int

    init(calendar: ClinicCalendar, index: BookedIndex, now: Date) {
        self.calendar = calendar; self.index = index; self.now = now
        clock = calendar.clock
        today = clock.dayNumber(now)
    }

    /// `patient` nil skips the patient's own diary: a search for "any open slot" has no patient.
    func verdict(for request: BookingRequest, patient: Int64?) -> BookingVerdict {
        let (problems, clashes) = evaluate(request, patient: patient)
        if !problems.isEmpty { return .refused(problems) }
        return clashes.isEmpty ? .allowed : .allowedAsOverbook(over: clashes)
    }

    /// Every problem, most serious first (the order of `BookingProblem`'s cases), and the
    /// appointments the request lands on.
    func evaluate(_ request: BookingRequest, patient: Int64?) -> (problems: [BookingProblem], clashes: [ScheduledAppointment]) {
        let provider = calendar.provider(request.provider), type = calendar.type(request.typeCode)
        guard let provider, let type else {
            var problems: [BookingProblem] = []
            if provider == nil { problems.append(.unknownProvider(request.provider)) }
            if type == nil { problems.append(.unknownType(request.typeCode)) }
            return (problems, [])
        }
        var problems: [BookingProblem] = []
        let who = provider.displayName
        let minutes = request.lengthMinutes ?? type.minutes
        let start = request.start, end = start.addingTimeInterval(TimeInterval(minutes * 60))
        let moment = clock.moment(start), weekday = Weekday(dayNumber: moment.dayNumber)

        if start < now {
            problems.append(.inPast(moment.stamp))
        } else if moment.dayNumber - today > provider.bookingHorizonDays {
            problems.append(.beyondHorizon(days: provider.bookingHorizonDays))
        }
        if let holiday = calendar.holiday(onDay: moment.dayNumber) { problems.append(.holiday(holiday)) }
        if !provider.offers(type.code) { problems.append(.typeNotOffered(provider: who, type: type.name)) }

        let local = moment.time
        let office = provider.officeRange(holding: local, minutes: minutes, on: weekday)
        if office == nil {
            problems.append(.outsideOfficeHours(provider: who, weekday: weekday,
                                                requested: TimeRange(local, local.adding(minutes: minutes)),
                                                hours: provider.hours(on: weekday)))
        }
        for block in provider.weeklyBlocks where block.weekdays.contains(weekday) && block.range.overlaps(local, minutes: minutes) {
            problems.append(.blocked(provider: who, reason: block.reason, span: .weekly(block.range)))
        }
        for block in provider.oneOffBlocks where block.overlaps(start, end) {
            problems.append(.blocked(provider: who, reason: block.reason,
                                     span: .dated(from: clock.stamp(block.start), to: clock.stamp(block.end))))
        }
        if let office, let grid = Self.gridProblem(moment, office: office, slotMinutes: provider.slotMinutes, provider: who) {
            problems.append(grid)
        }
        if let patient, let other = index.firstOverlap(patient: patient, start: start, end: end, ignoring: request.ignoring) {
            problems.append(.patientDoubleBooked(patientName: request.patientName, at: clock.moment(other.start).time,
                                                 provider: calendar.providerName(other.provider), appointmentID: other.id))
        }

        let clashes = index.overlapping(provider: provider.id, start: start, end: end, ignoring: request.ignoring)
        guard let first = clashes.first else { return (problems, []) }
        var overbookProblems: [BookingProblem] = []
        if request.overbook {
            if !request.mayOverbook { overbookProblems.append(.overbookNotPermitted) }
            if (request.overbookReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                overbookProblems.append(.overbookNeedsReason)
            }
            let already = index.overbookCount(provider: provider.id, day: moment.dayNumber, ignoring: request.ignoring)
            if already >= provider.overbookCapPerDay {
                overbookProblems.append(.overbookCapReached(provider: who, count: already, cap: provider.overbookCapPerDay,
                                                            date: moment.date))
            }
        }
        if !request.overbook || !overbookProblems.isEmpty {
            // Name what is in the way even when the overbook itself is refused: the desk sees why it needed one.
            let from = clock.moment(first.start).time
            problems.append(.slotTaken(provider: who, booked: TimeRange(from, from.adding(minutes: first.minutes)),
                                       patientName: first.patientName, appointmentID: first.id))
            problems += overbookProblems
        }
        return (problems, clashes)
    }

    /// The grid runs from the start of the office-hours range in whole slots.
    static func gridProblem(_ moment: LocalMoment, office: TimeRange, slotMinutes: Int, provider: String) -> BookingProblem? {
        let slot = max(1, slotMinutes) * 60
        let offset = moment.secondOfDay - office.start.minutes * 60
        guard offset % slot != 0 else { return nil }
        let earlier = office.start.adding(minutes: offset / slot * slotMinutes)
        return .offGrid(provider: provider, slotMinutes: slotMinutes, requested: moment.time,
                        earlier: earlier, later: earlier.adding(minutes: slotMinutes))
    }
}
