import Foundation
import FrontDeskCore
import TOMLKit

/// The clinic's calendar as a person edits it: a TOML file with comments (docs/schedule.md).
///
/// ```toml
/// time_zone = "America/New_York"
/// [[type]]
/// code = "follow-up"
/// name = "Follow-up"
/// minutes = 15
/// [[holiday]]
/// date = "2026-12-25"
/// name = "Christmas Day"
/// [[provider]]
/// id = "okafor"
/// name = "Dr. Amara Okafor"      # as the Waiting Room and imports name the provider
/// slot_minutes = 15
/// horizon_days = 90
/// overbook_cap = 2
/// types = ["new", "follow-up"]   # missing or empty: every type
/// mon = ["08:00-12:00", "13:00-17:00"]
/// blocks = [{ days = ["mon", "tue", "wed", "thu", "fri"], from = "12:00", to = "13:00", reason = "Lunch" }]
/// away = [{ from = "2026-12-10 13:00", to = "2026-12-10 17:00", reason = "Afternoon off" }]
/// ```
///
/// Every problem is reported as `file:line: what is wrong`, all of them at once, and a file
/// with any problem is not loaded.
public enum ScheduleFile {
    public struct Problems: Error, CustomStringConvertible, Equatable {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    static let weekdayKeys: [(String, Weekday)] = [("mon", .monday), ("tue", .tuesday), ("wed", .wednesday),
                                                   ("thu", .thursday), ("fri", .friday), ("sat", .saturday), ("sun", .sunday)]
    static let topKeys = ["time_zone", "type", "holiday", "provider"]
    static let typeKeys = ["code", "name", "minutes"]
    static let holidayKeys = ["date", "name"]
    static let providerKeys = ["id", "name", "slot_minutes", "horizon_days", "overbook_cap", "types", "blocks", "away"]
        + weekdayKeys.map(\.0)

    /// Parses and validates `text`; `file` names it in messages. `defaultZone` when the file
    /// names no `time_zone`.
    public static func parse(_ text: String, file: String, defaultZone: TimeZone = .current) throws(Problems) -> ClinicCalendar {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw Problems(lines: ["\(file):\(e.source.begin.line): \(e.description)"])
        } catch {
            throw Problems(lines: ["\(file): \(error)"])
        }
        var reader = Reader(file: file, locator: LineLocator(text))
        let calendar = reader.calendar(table, defaultZone: defaultZone)
        // What needs the whole calendar (duplicate ids, a provider offering an unknown type).
        let whole = calendar.problems().map { "\(file): \($0)" }
        let all = reader.problems + whole.filter { !reader.problems.contains($0) }
        if !all.isEmpty { throw Problems(lines: all) }
        return calendar
    }

    /// A wall-clock time `HH:MM`.
    static func time(_ s: String) -> TimeOfDay? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
              h < 24 || m == 0 else { return nil }
        return TimeOfDay(h, m)
    }

    /// `HH:MM-HH:MM`, start before end.
    static func range(_ s: String) -> TimeRange? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = time(String(parts[0]).trimmingCharacters(in: .whitespaces)),
              let b = time(String(parts[1]).trimmingCharacters(in: .whitespaces)), a < b else { return nil }
        return TimeRange(a, b)
    }

    /// `YYYY-MM-DD HH:MM` on the clinic's wall clock.
    static func stamp(_ s: String, zone: TimeZone) -> Date? {
        let parts = s.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let d = CivilDate(iso: String(parts[0])), let t = time(String(parts[1])) else { return nil }
        return zone.date(d, at: t)
    }

    struct Reader {
        let file: String
        let locator: LineLocator
        var problems: [String] = []

        mutating func fail(_ line: Int?, _ message: String) {
            problems.append(line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)")
        }

        mutating func calendar(_ table: TOMLTable, defaultZone: TimeZone) -> ClinicCalendar {
            for key in table.keys where !ScheduleFile.topKeys.contains(key) {
                fail(locator.line(section: nil, index: 0, key: key), "unknown setting `\(key)` (expected \(ScheduleFile.topKeys.joined(separator: ", ")))")
            }
            var zone = defaultZone
            if let value = table["time_zone"] {
                if let name = value.string, let z = TimeZone(identifier: name) { zone = z }
                else { fail(locator.line(section: nil, index: 0, key: "time_zone"), "time_zone must name a zone such as \"America/New_York\"") }
            }
            let types = entries(table, "type").enumerated().compactMap { type($0.element, index: $0.offset) }
            let holidays = entries(table, "holiday").enumerated().compactMap { holiday($0.element, index: $0.offset) }
            let providers = entries(table, "provider").enumerated().compactMap { provider($0.element, index: $0.offset, zone: zone) }
            if providers.isEmpty && problems.isEmpty { fail(nil, "no [[provider]]: a calendar needs at least one") }
            if types.isEmpty && problems.isEmpty { fail(nil, "no [[type]]: a calendar needs at least one appointment type") }
            return ClinicCalendar(providers: providers, types: types, holidays: holidays, timeZone: zone)
        }

        mutating func entries(_ table: TOMLTable, _ key: String) -> [TOMLTable] {
            guard let value = table[key] else { return [] }
            guard let array = value.array else {
                fail(locator.line(section: nil, index: 0, key: key) ?? locator.header(key, index: 0), "\(key) must be a list of [[\(key)]] tables")
                return []
            }
            var tables: [TOMLTable] = []
            for (i, element) in array.enumerated() {
                if let t = element.table { tables.append(t) } else { fail(locator.header(key, index: i), "each \(key) must be a table") }
            }
            return tables
        }

        mutating func unknownKeys(_ t: TOMLTable, section: String, index: Int, known: [String]) {
            for key in t.keys where !known.contains(key) {
                fail(locator.line(section: section, index: index, key: key) ?? locator.header(section, index: index),
                     "unknown setting `\(key)` in [[\(section)]] (expected \(known.joined(separator: ", ")))")
            }
        }

        mutating func string(_ t: TOMLTable, _ key: String, section: String, index: Int, required: Bool = true) -> String? {
            guard let value = t[key] else {
                if required { fail(locator.header(section, index: index), "[[\(section)]] needs \(key)") }
                return nil
            }
            guard let s = value.string, !s.trimmingCharacters(in: .whitespaces).isEmpty,
                  !s.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
                fail(locator.line(section: section, index: index, key: key), "\(key) must be a non-empty string without control characters")
                return nil
            }
            return s
        }

        mutating func int(_ t: TOMLTable, _ key: String, section: String, index: Int, range: ClosedRange<Int>, default value: Int?) -> Int? {
            guard let raw = t[key] else {
                if value == nil { fail(locator.header(section, index: index), "[[\(section)]] needs \(key)") }
                return value
            }
            guard let n = raw.int, range.contains(n) else {
                fail(locator.line(section: section, index: index, key: key), "\(key) must be a whole number \(range.lowerBound)–\(range.upperBound)")
                return nil
            }
            return n
        }

        mutating func type(_ t: TOMLTable, index: Int) -> AppointmentType? {
            unknownKeys(t, section: "type", index: index, known: ScheduleFile.typeKeys)
            let code = string(t, "code", section: "type", index: index), name = string(t, "name", section: "type", index: index)
            let minutes = int(t, "minutes", section: "type", index: index, range: ClinicCalendar.typeMinutes, default: nil)
            guard let code, let name, let minutes else { return nil }
            return AppointmentType(code: code, name: name, minutes: minutes)
        }

        mutating func holiday(_ t: TOMLTable, index: Int) -> Holiday? {
            unknownKeys(t, section: "holiday", index: index, known: ScheduleFile.holidayKeys)
            let name = string(t, "name", section: "holiday", index: index)
            var date: CivilDate?
            if let value = t["date"] {
                if let d = value.date { date = CivilDate(year: d.year, month: Int(d.month), day: Int(d.day)) }
                else if let s = value.string { date = CivilDate(iso: s) }
                if date == nil { fail(locator.line(section: "holiday", index: index, key: "date"), "date must be YYYY-MM-DD") }
            } else { fail(locator.header("holiday", index: index), "[[holiday]] needs date") }
            guard let date, let name else { return nil }
            return Holiday(date, name)
        }

        mutating func provider(_ t: TOMLTable, index: Int, zone: TimeZone) -> ProviderSchedule? {
            let section = "provider"
            unknownKeys(t, section: section, index: index, known: ScheduleFile.providerKeys)
            func line(_ key: String) -> Int? { locator.line(section: section, index: index, key: key) }
            let id = string(t, "id", section: section, index: index), name = string(t, "name", section: section, index: index)
            let slot = int(t, "slot_minutes", section: section, index: index, range: ClinicCalendar.slotMinutes, default: 15)
            let horizon = int(t, "horizon_days", section: section, index: index, range: ClinicCalendar.horizonDays, default: 90)
            let cap = int(t, "overbook_cap", section: section, index: index, range: ClinicCalendar.overbookCap, default: 0)
            var offered: Set<String> = []
            if let value = t["types"] {
                if let list = value.array, list.allSatisfy({ $0.string != nil }) { offered = Set(list.compactMap(\.string)) }
                else { fail(line("types"), "types must be a list of type codes") }
            }
            var hours: [Weekday: [TimeRange]] = [:]
            for (key, day) in ScheduleFile.weekdayKeys {
                guard let value = t[key] else { continue }
                guard let list = value.array else { fail(line(key), "\(key) must be a list like [\"08:00-12:00\", \"13:00-17:00\"]"); continue }
                var ranges: [TimeRange] = []
                for item in list {
                    guard let s = item.string, let r = ScheduleFile.range(s) else {
                        fail(line(key), "\(key): \(item.string.map { "\"\($0)\"" } ?? "a value") is not HH:MM-HH:MM with the start first"); continue
                    }
                    ranges.append(r)
                }
                hours[day] = ranges.sorted { $0.start < $1.start }
            }
            if hours.isEmpty { fail(locator.header(section, index: index), "[[provider]] \(id ?? "") has no office hours (mon = [\"08:00-17:00\"] …)") }
            var weekly: [WeeklyBlock] = []
            for (i, block) in tables(t, "blocks", line: line("blocks")).enumerated() {
                let where_ = line("blocks")
                let days = block["days"]?.array?.compactMap(\.string) ?? []
                let set = Set(days.compactMap { d in ScheduleFile.weekdayKeys.first { $0.0 == d }?.1 })
                guard !days.isEmpty, set.count == days.count,
                      let from = block["from"]?.string.flatMap(ScheduleFile.time), let to = block["to"]?.string.flatMap(ScheduleFile.time), from < to,
                      let reason = block["reason"]?.string, !reason.isEmpty else {
                    fail(where_, "blocks[\(i + 1)] needs days = [\"mon\", …], from = \"HH:MM\", to = \"HH:MM\" (later) and a reason"); continue
                }
                weekly.append(WeeklyBlock(set, TimeRange(from, to), reason: reason))
            }
            var away: [OneOffBlock] = []
            for (i, block) in tables(t, "away", line: line("away")).enumerated() {
                guard let from = block["from"]?.string.flatMap({ ScheduleFile.stamp($0, zone: zone) }),
                      let to = block["to"]?.string.flatMap({ ScheduleFile.stamp($0, zone: zone) }), from < to,
                      let reason = block["reason"]?.string, !reason.isEmpty else {
                    fail(line("away"), "away[\(i + 1)] needs from = \"YYYY-MM-DD HH:MM\", to = (later) and a reason"); continue
                }
                away.append(OneOffBlock(start: from, end: to, reason: reason))
            }
            guard let id, let name, let slot, let horizon, let cap else { return nil }
            return ProviderSchedule(id: id, displayName: name, slotMinutes: slot, weeklyHours: hours, offeredTypes: offered,
                                    weeklyBlocks: weekly, oneOffBlocks: away, bookingHorizonDays: horizon, overbookCapPerDay: cap)
        }

        mutating func tables(_ t: TOMLTable, _ key: String, line: Int?) -> [TOMLTable] {
            guard let value = t[key] else { return [] }
            guard let list = value.array, list.allSatisfy({ $0.table != nil }) else {
                fail(line, "\(key) must be a list of { … } tables"); return []
            }
            return list.compactMap(\.table)
        }
    }

    /// Where a key sits in the text, for messages: TOML parsers give no positions for values.
    struct LineLocator {
        /// (section name or nil for the top, occurrence, key) → line.
        var keys: [String: Int] = [:]
        var headers: [String: Int] = [:]

        init(_ text: String) {
            var section: String?, counts: [String: Int] = [:], index = 0
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[[") , let end = line.range(of: "]]") {
                    let name = line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                    index = counts[name, default: 0]; counts[name] = index + 1; section = name
                    headers["\(name)#\(index)"] = n + 1
                    continue
                }
                if line.hasPrefix("[") { section = String(line.dropFirst().prefix { $0 != "]" }); index = 0; continue }
                guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                let id = "\(section ?? "")#\(index)#\(key)"
                if keys[id] == nil { keys[id] = n + 1 }
            }
        }

        func line(section: String?, index: Int, key: String) -> Int? { keys["\(section ?? "")#\(index)#\(key)"] }
        func header(_ section: String, index: Int) -> Int? { headers["\(section)#\(index)"] }
    }
}
