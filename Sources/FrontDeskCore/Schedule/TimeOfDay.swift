import Foundation

/// A wall-clock time in the clinic's zone, as minutes since local midnight (0...1440;
/// 1440 is the end of the day, so a range can run "until midnight").
public struct TimeOfDay: Comparable, Hashable, Sendable {
    public let minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(_ hour: Int, _ minute: Int = 0) { minutes = hour * 60 + minute }

    public static let midnight = TimeOfDay(minutes: 0)
    public static let noon = TimeOfDay(12)
    public static let endOfDay = TimeOfDay(minutes: 1440)

    /// "09:05".
    public var text: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    public func adding(minutes: Int) -> TimeOfDay { TimeOfDay(minutes: self.minutes + minutes) }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
}

/// A half-open local range `[start, end)` within one day: office hours, a lunch block.
public struct TimeRange: Hashable, Sendable {
    public var start: TimeOfDay
    public var end: TimeOfDay

    public init(_ start: TimeOfDay, _ end: TimeOfDay) { self.start = start; self.end = end }

    public var minutes: Int { end.minutes - start.minutes }

    /// "12:00–13:00".
    public var text: String { "\(start.text)–\(end.text)" }

    public func contains(_ start: TimeOfDay, minutes: Int) -> Bool {
        start >= self.start && start.minutes + minutes <= end.minutes
    }

    /// The schedule's overlap test, `a.start < b.end && a.end > b.start`, on wall-clock minutes.
    public func overlaps(_ start: TimeOfDay, minutes: Int) -> Bool {
        start < end && start.minutes + minutes > self.start.minutes
    }
}

/// Raw values follow `Calendar`'s numbering (Sunday is 1).
public enum Weekday: Int, CaseIterable, Comparable, Hashable, Sendable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    public static let workWeek: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// 1970-01-01, day 0, was a Thursday.
    init(dayNumber: Int) {
        let fromSunday = ((dayNumber + 4) % 7 + 7) % 7
        self = Weekday(rawValue: fromSunday + 1)!
    }

    public var name: String {
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][rawValue - 1]
    }

    public var shortName: String { String(name.prefix(3)) }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// Which part of the day a patient asks for.
public enum DayPart: String, CaseIterable, Hashable, Sendable {
    case any
    /// Starts before 12:00.
    case morning
    /// Starts at 12:00 or later.
    case afternoon

    public func contains(_ start: TimeOfDay) -> Bool {
        switch self {
        case .any: return true
        case .morning: return start < .noon
        case .afternoon: return start >= .noon
        }
    }
}

/// A local date and time, for messages that name a moment ("13:00 Tue 3 Mar").
public struct LocalStamp: Hashable, Sendable {
    public var date: CivilDate
    public var time: TimeOfDay

    public init(date: CivilDate, time: TimeOfDay) { self.date = date; self.time = time }

    public var text: String { "\(time.text) \(date.shortText)" }
}
