import Foundation

/// A calendar date with no time or zone (a birthday), comparable and validated.
public struct CivilDate: Comparable, Hashable, Sendable {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// `YYYY-MM-DD` or `MM/DD/YYYY`.
    public init?(parsing s: String) {
        let iso = s.split(separator: "-", omittingEmptySubsequences: false)
        let us = s.split(separator: "/", omittingEmptySubsequences: false)
        func num(_ p: Substring, _ n: ClosedRange<Int>) -> Int? {
            n.contains(p.count) && p.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(p) : nil
        }
        if iso.count == 3, let y = num(iso[0], 4...4), let m = num(iso[1], 2...2), let d = num(iso[2], 2...2) {
            self.init(year: y, month: m, day: d)
        } else if us.count == 3, let m = num(us[0], 1...2), let d = num(us[1], 1...2), let y = num(us[2], 4...4) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    /// Exactly `YYYY-MM-DD` (what the store, the feed and exports use), a real calendar date.
    public init?(iso s: String) {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard s.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Midnight starting this date in `timeZone` (the zone's offset read at that midnight).
    public func start(in timeZone: TimeZone) -> Date {
        let utcMidnight = Date(timeIntervalSince1970: Double(dayNumber * 86_400))
        var guess = utcMidnight.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: utcMidnight)))
        // Once more with the offset in force at the guess (a change of clocks near midnight).
        guess = utcMidnight.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: guess)))
        return guess
    }

    /// The civil date of `date` in `timeZone`. Plain arithmetic on the zone's offset: a
    /// `Calendar` per call cost more than a whole board row, and loads ICU's calendars.
    public init(_ date: Date, in timeZone: TimeZone = .current) {
        let local = Int64((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let ymd = Self.fromDayNumber(Int(days))
        year = ymd.year; month = ymd.month; day = ymd.day
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (civil_from_days).
    public static func fromDayNumber(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
