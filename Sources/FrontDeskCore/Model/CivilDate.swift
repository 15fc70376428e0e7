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

    /// Midnight starting this date in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        return cal.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The civil date of `date` in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone = .current) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!; self.month = c.month!; self.day = c.day!
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
