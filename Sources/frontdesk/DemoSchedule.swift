import Foundation
import FrontDeskCore
import FrontDeskStore

/// The demo clinic's calendar: its five providers on a 10-minute grid (the seeds' times),
/// a clinic holiday in three weeks, an afternoon off, and eight weeks of bookings — the next
/// week nearly full — so that "next available" is not simply now.
enum DemoSchedule {
    static func source(now: Date, zone: TimeZone = .current) -> String {
        let today = zone.civilDate(of: now)
        // The weekday three weeks on is closed; Dr. Fischer is away the afternoon of the next Friday.
        let holiday = today.adding(days: 21 + (today.weekday == .saturday ? 2 : today.weekday == .sunday ? 1 : 0))
        let friday = (1...7).map { today.adding(days: $0) }.first { $0.weekday == .friday }!
        return """
        # The demo clinic's calendar (written by `frontdesk init --demo`). Edit a copy and load it
        # with `frontdesk schedule load FILE`; check it first with `frontdesk schedule check FILE`.
        time_zone = "\(zone.identifier)"

        [[type]]
        code = "sick"
        name = "Sick visit"
        minutes = 10

        [[type]]
        code = "follow-up"
        name = "Follow-up"
        minutes = 20

        [[type]]
        code = "new"
        name = "New patient"
        minutes = 30

        [[type]]
        code = "physical"
        name = "Physical"
        minutes = 40

        [[holiday]]
        date = "\(holiday.iso)"
        name = "Clinic closed (staff training)"

        \(provider("ortiz", "Dr. Rafael Ortiz", days: ["mon", "tue", "wed", "thu", "fri"]))
        \(provider("osei", "Dr. Amara Osei", days: ["mon", "tue", "wed", "thu", "fri"]))
        \(provider("fischer", "Dr. Lena Fischer", days: ["mon", "tue", "wed", "thu", "fri"],
                   extra: "away = [{ from = \"\(friday.iso) 13:00\", to = \"\(friday.iso) 17:00\", reason = \"Afternoon off\" }]"))
        \(provider("chen", "Dr. Mei Chen", days: ["mon", "tue", "wed", "thu", "fri"]))
        \(provider("blake", "NP Jordan Blake", days: ["mon", "tue", "wed", "thu"], types: ["sick", "follow-up", "new"], cap: 0))
        """
    }

    static func provider(_ id: String, _ name: String, days: [String], types: [String] = [], cap: Int = 2, extra: String = "") -> String {
        var lines = ["[[provider]]", "id = \"\(id)\"", "name = \"\(name)\"", "slot_minutes = 10", "horizon_days = 56", "overbook_cap = \(cap)"]
        if !types.isEmpty { lines.append("types = [\(types.map { "\"\($0)\"" }.joined(separator: ", "))]") }
        for d in days { lines.append("\(d) = [\"08:00-12:00\", \"13:00-17:00\"]") }
        lines.append("blocks = [{ days = [\"wed\"], from = \"08:00\", to = \"08:30\", reason = \"Team huddle\" }]")
        if !extra.isEmpty { lines.append(extra) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Loads the calendar and books the coming eight weeks. Returns how many were booked.
    @discardableResult
    static func load(_ store: ClinicStore, now: Date, seed: UInt64 = 7, by actor: Actor) throws -> Int {
        let calendar = try store.loadCalendar(source: source(now: now), file: "demo-schedule.toml", by: actor, now: now)
        let patients = try store.patientIDs()
        guard !patients.isEmpty else { return 0 }
        var rng = SeededGenerator(seed: seed)
        let zone = calendar.timeZone, today = zone.civilDate(of: now)
        let types = calendar.types
        var bookings: [Booking] = []
        for offset in 1...56 {
            let day = today.adding(days: offset)
            let fill = offset <= 7 ? 0.85 : (offset <= 21 ? 0.5 : 0.25)
            for provider in calendar.providers {
                for range in provider.hours(on: day.weekday) {
                    var t = range.start
                    while t < range.end {
                        let type = types[Int(rng.next() % UInt64(types.count))]
                        if Double(rng.next() % 1000) / 1000 < fill {
                            bookings.append(Booking(patientID: patients[Int(rng.next() % UInt64(patients.count))], provider: provider.id,
                                                    start: zone.date(day, at: t), typeCode: type.code))
                            t = t.adding(minutes: type.minutes)
                        } else {
                            t = t.adding(minutes: provider.slotMinutes)
                        }
                    }
                }
            }
        }
        // The rules decide: a block, the holiday or a patient already booked refuses some.
        return try store.bookMany(bookings, by: actor, now: now).filter { if case .success = $0 { return true }; return false }.count
    }
}
