import Foundation

/// How a series repeats. Every occurrence keeps the first one's local time of day, so a
/// 09:00 series stays at 09:00 across a summer-time change.
public struct RecurrenceRule: Hashable, Sendable {
    public enum Pattern: Hashable, Sendable {
        /// The first occurrence's weekday, every `weeks` weeks.
        case weekly(every: Int)
        /// Monday to Friday, every day.
        case weekdays
    }

    public enum End: Hashable, Sendable {
        case count(Int)
        /// The last local date an occurrence may fall on (inclusive).
        case until(CivilDate)
    }

    public var pattern: Pattern
    public var end: End

    /// A series longer than this is a mistake at the desk, not a plan.
    public static let maximumOccurrences = 200

    public init(_ pattern: Pattern, _ end: End) { self.pattern = pattern; self.end = end }

    /// Why the rule cannot be used, in words; nil when it can.
    public var problem: String? {
        if case .weekly(let weeks) = pattern, !(1...52).contains(weeks) { return "a weekly series repeats every 1–52 weeks" }
        if case .count(let n) = end, !(1...Self.maximumOccurrences).contains(n) {
            return "a series has 1–\(Self.maximumOccurrences) occurrences"
        }
        return nil
    }

    /// The occurrences' start instants, first one first. The first is `first` itself when it
    /// fits the pattern; a weekdays series starting on a Saturday begins on Monday. Empty
    /// when the rule has a problem.
    public func occurrences(startingAt first: Date, in timeZone: TimeZone) -> [Date] {
        guard problem == nil else { return [] }
        let clock = LocalClock(timeZone: timeZone)
        let moment = clock.moment(first)
        let lastDay: Int
        let limit: Int
        switch end {
        case .count(let n): lastDay = .max; limit = n
        case .until(let date): lastDay = date.dayNumber; limit = Self.maximumOccurrences
        }
        var days: [Int] = []
        var day = moment.dayNumber
        while days.count < limit && day <= lastDay {
            switch pattern {
            case .weekly(let weeks):
                days.append(day)
                day += 7 * weeks
            case .weekdays:
                if Weekday.workWeek.contains(Weekday(dayNumber: day)) { days.append(day) }
                day += 1
            }
        }
        // Rebuild each instant from the local time so the wall clock, not the elapsed
        // seconds, stays fixed; seconds past the minute are kept as they were.
        let seconds = Double(moment.secondOfDay % 60)
        return days.map { clock.date(dayNumber: $0, time: moment.time).addingTimeInterval(seconds) }
    }
}

/// One occurrence of a series and what the rules say about it alone.
public struct SeriesOccurrence: Hashable, Sendable {
    public var start: Date
    public var verdict: BookingVerdict

    public init(start: Date, verdict: BookingVerdict) { self.start = start; self.verdict = verdict }
}

extension BookingRules {
    /// A verdict per occurrence, so a clash on one date is reported, not skipped; the desk books
    /// the allowed ones as independent appointments (each can later move or be cancelled alone).
    /// Occurrences fall on different days, so they cannot clash with one another or share a
    /// day's overbook cap: each verdict is exactly what `check` says of that occurrence alone.
    public static func checkSeries(_ request: BookingRequest, repeating rule: RecurrenceRule,
                                   calendar: ClinicCalendar, existing: BookedIndex, now: Date) -> [SeriesOccurrence] {
        let context = RuleContext(calendar: calendar, index: existing, now: now)
        return rule.occurrences(startingAt: request.start, in: calendar.timeZone).map { start in
            var occurrence = request
            occurrence.start = start
            return SeriesOccurrence(start: start, verdict: context.verdict(for: occurrence, patient: request.patientID))
        }
    }
}
