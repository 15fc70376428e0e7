import Foundation

/// ISO 8601 instants as every part of the product reads and writes them (feed lines,
/// `status --json`, the audit trail). Written by hand over the proleptic Gregorian calendar:
/// Foundation's formatter loads ICU's date machinery (megabytes of it resident) and cost more
/// per date than the rest of a status report.
public enum ISOTime {
    /// `2026-03-02T10:00:00Z` (UTC, whole seconds).
    public static func string(_ date: Date) -> String {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = Int(t - days * 86_400)
        let (y, m, d) = CivilDate.fromDayNumber(Int(days))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = y >= 0 && y < 10_000 ? String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y) : String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`; nil for anything else, an impossible
    /// date or time among them.
    public static func parse(_ s: String) -> Date? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for i in from..<from + count {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2),
              let day = CivilDate(year: y, month: mo, day: d), h < 24, mi < 60, sec < 60 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        var offset = 0
        guard i < b.count else { return nil }
        switch b[i] {
        case 90, 122: i += 1
        case 43, 45:
            let sign = b[i] == 43 ? 1 : -1
            guard let oh = num(i + 1, 2), oh < 24 else { return nil }
            var om = 0
            if i + 3 < b.count, b[i + 3] == 58 { guard let m = num(i + 4, 2) else { return nil }; om = m; i += 6 }
            else if let m = num(i + 3, 2) { om = m; i += 5 } else { i += 3 }
            guard om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        default: return nil
        }
        guard i == b.count else { return nil }
        let seconds = Double(day.dayNumber * 86_400 + (h * 3600 + mi * 60 + sec - offset))
        return Date(timeIntervalSince1970: seconds + fraction)
    }
}
