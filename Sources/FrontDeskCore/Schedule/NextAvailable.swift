import Foundation

/// What the desk is looking for: a type of appointment, with whom, from when, at what time.
public struct SlotQuery: Hashable, Sendable {
    /// nil: any provider who offers the type.
    public var provider: String?
    public var typeCode: String
    /// nil: today.
    public var earliest: CivilDate?
    public var partOfDay: DayPart
    /// Empty: any weekday.
    public var weekdays: Set<Weekday>
    /// When set, slots that overlap the patient's own appointments are skipped.
    public var patientID: Int64?
    /// With no provider named: only these (a site's own, `ScheduleState.siteProviders`); nil: any.
    public var among: Set<String>?

    public init(provider: String? = nil, typeCode: String, earliest: CivilDate? = nil, partOfDay: DayPart = .any,
                weekdays: Set<Weekday> = [], patientID: Int64? = nil) {
        self.provider = provider; self.typeCode = typeCode; self.earliest = earliest
        self.partOfDay = partOfDay; self.weekdays = weekdays; self.patientID = patientID
    }
}

/// A time that can be booked now as an ordinary (not overbooked) appointment.
public struct OpenSlot: Hashable, Sendable {
    public var provider: String
    public var typeCode: String
    public var start: Date
    public var end: Date

    public init(provider: String, typeCode: String, start: Date, end: Date) {
        self.provider = provider; self.typeCode = typeCode; self.start = start; self.end = end
    }
}

public enum NextAvailable {
    /// The first `limit` open slots in time order, ties by provider id.
    ///
    /// Day by day from the earliest date to the furthest horizon, each provider's grid times
    /// inside office hours are candidates; each candidate is put to the booking rules
    /// themselves and kept only if they allow it. Work is bounded by the horizon and stops
    /// as soon as `limit` slots are found.
    public static func search(_ query: SlotQuery, calendar: ClinicCalendar, index: BookedIndex, now: Date,
                              limit: Int = 10) -> [OpenSlot] {
        guard limit > 0, let type = calendar.type(query.typeCode) else { return [] }
        let providers: [ProviderSchedule]
        if let id = query.provider {
            // A provider who does not see this type would be refused on every slot.
            providers = calendar.provider(id).map { [$0] }?.filter { $0.offers(type.code) } ?? []
        } else {
            providers = calendar.providers(offering: type.code).filter { query.among?.contains($0.id) ?? true }
        }
        guard let furthest = providers.map(\.bookingHorizonDays).max() else { return [] }

        let rules = RuleContext(calendar: calendar, index: index, now: now)
        let firstDay = max(rules.today, query.earliest?.dayNumber ?? rules.today)
        guard firstDay <= rules.today + furthest else { return [] }
        var found: [OpenSlot] = []
        // A provider by position in `providers` (ordered by id), so sorting compares integers
        // and moves no schedules.
        var candidates: [(start: Date, provider: Int)] = []
        for day in firstDay...(rules.today + furthest) {
            let weekday = Weekday(dayNumber: day)
            if !query.weekdays.isEmpty && !query.weekdays.contains(weekday) { continue }
            // The rules would refuse every slot of a holiday; skipping the day saves asking.
            if calendar.holiday(onDay: day) != nil { continue }
            candidates.removeAll(keepingCapacity: true)
            for (position, provider) in providers.enumerated() where day - rules.today <= provider.bookingHorizonDays {
                for time in gridTimes(provider, weekday: weekday, minutes: type.minutes, part: query.partOfDay) {
                    candidates.append((rules.clock.date(dayNumber: day, time: time), position))
                }
            }
            candidates.sort { ($0.start, $0.provider) < ($1.start, $1.provider) }
            for (i, candidate) in candidates.enumerated() {
                // Overlapping office-hours ranges (a calendar with problems) can offer a time twice.
                if i > 0, candidates[i - 1] == candidate { continue }
                let id = providers[candidate.provider].id
                let request = BookingRequest(provider: id, patientID: query.patientID ?? 0,
                                             patientName: "", start: candidate.start, typeCode: type.code)
                guard rules.verdict(for: request, patient: query.patientID) == .allowed else { continue }
                found.append(OpenSlot(provider: id, typeCode: type.code, start: candidate.start,
                                      end: candidate.start.addingTimeInterval(TimeInterval(type.minutes * 60))))
                if found.count == limit { return found }
            }
        }
        return found
    }

    /// Grid times on `weekday` where the type fits inside office hours, in the part of the
    /// day asked for. Only a shortlist: the rules decide.
    static func gridTimes(_ provider: ProviderSchedule, weekday: Weekday, minutes: Int, part: DayPart) -> [TimeOfDay] {
        guard provider.slotMinutes > 0 else { return [] }
        var times: [TimeOfDay] = []
        for range in provider.hours(on: weekday) {
            var time = range.start
            while time.minutes + minutes <= range.end.minutes {
                if part.contains(time) { times.append(time) }
                time = time.adding(minutes: provider.slotMinutes)
            }
        }
        return times
    }
}
