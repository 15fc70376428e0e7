import Foundation

extension ClinicCalendar {
    public static let typeMinutes = 5...480
    public static let slotMinutes = 5...240
    public static let horizonDays = 1...730
    public static let overbookCap = 0...20

    /// Everything wrong with the calendar, in words an administrator can act on, in the order
    /// types, providers, holidays. Empty when the calendar is usable.
    public func problems() -> [String] {
        var found: [String] = []
        var codes: Set<String> = []
        for type in types {
            let label = "type \(type.code.isEmpty ? "(no code)" : type.code)"
            if type.code.isEmpty { found.append("a type has no code") }
            else if !codes.insert(type.code).inserted { found.append("\(label): the code is used twice") }
            if type.name.isEmpty { found.append("\(label): no name") }
            if !Self.typeMinutes.contains(type.minutes) {
                found.append("\(label): minutes must be \(Self.typeMinutes.lowerBound)–\(Self.typeMinutes.upperBound)")
            }
        }
        var ids: Set<String> = []
        for provider in providers {
            if provider.id.isEmpty { found.append("a provider has no id") }
            else if !ids.insert(provider.id).inserted {
                found.append("\(label(provider)): the id \(provider.id) is used twice")
            }
            found += problems(of: provider, knownTypes: codes)
        }
        var days: Set<Int> = []
        for holiday in holidays {
            if !days.insert(holiday.date.dayNumber).inserted { found.append("holiday \(holiday.date.iso) is listed twice") }
            if holiday.name.isEmpty { found.append("holiday \(holiday.date.iso): no name") }
        }
        return found
    }

    private func label(_ provider: ProviderSchedule) -> String {
        provider.displayName.isEmpty ? provider.id : provider.displayName
    }

    private func problems(of provider: ProviderSchedule, knownTypes: Set<String>) -> [String] {
        let who = label(provider)
        var found: [String] = []
        if provider.displayName.isEmpty { found.append("\(who): no display name") }
        let slot = provider.slotMinutes
        let slotIsValid = Self.slotMinutes.contains(slot)
        if !slotIsValid {
            found.append("\(who): slot length must be \(Self.slotMinutes.lowerBound)–\(Self.slotMinutes.upperBound) minutes")
        }
        if provider.weeklyHours.values.allSatisfy(\.isEmpty) { found.append("\(who): no office hours") }
        for weekday in Weekday.allCases {
            let ranges = provider.hours(on: weekday)
            for range in ranges {
                if let problem = Self.rangeProblem(range) {
                    found.append("\(who): \(weekday.name) \(range.text) \(problem)")
                } else if slotIsValid && range.minutes % slot != 0 {
                    found.append("\(who): \(weekday.name) \(range.text) is not a whole number of \(slot)-minute slots")
                }
            }
            let ordered = ranges.filter { Self.rangeProblem($0) == nil }.sorted { $0.start < $1.start }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.start < earlier.end {
                found.append("\(who): \(weekday.name) \(earlier.text) overlaps \(later.text)")
            }
        }
        for code in provider.offeredTypes.sorted() where !knownTypes.contains(code) {
            found.append("\(who) offers unknown type '\(code)'")
        }
        for block in provider.weeklyBlocks {
            let name = "block \(block.reason.isEmpty ? block.range.text : block.reason)"
            if let problem = Self.rangeProblem(block.range) { found.append("\(who): \(name) \(block.range.text) \(problem)") }
            if block.weekdays.isEmpty { found.append("\(who): \(name) has no weekdays") }
        }
        for block in provider.oneOffBlocks where block.end <= block.start {
            let stamp = clock.stamp(block.start).text
            found.append("\(who): block \(block.reason.isEmpty ? stamp : block.reason) ends before it starts")
        }
        if !Self.horizonDays.contains(provider.bookingHorizonDays) {
            found.append("\(who): booking horizon must be \(Self.horizonDays.lowerBound)–\(Self.horizonDays.upperBound) days")
        }
        if !Self.overbookCap.contains(provider.overbookCapPerDay) {
            found.append("\(who): overbook cap must be \(Self.overbookCap.lowerBound)–\(Self.overbookCap.upperBound) a day")
        }
        return found
    }

    private static func rangeProblem(_ range: TimeRange) -> String? {
        if range.start.minutes < 0 || range.end.minutes > TimeOfDay.endOfDay.minutes { return "is not within one day" }
        if range.end < range.start { return "ends before it starts" }
        if range.end == range.start { return "is empty" }
        return nil
    }
}
