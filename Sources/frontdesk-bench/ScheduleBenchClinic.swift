import FrontDeskCore
import Foundation

/// A large, deterministic clinic: 20 providers bookable 180 days ahead, and 20,000
/// appointments put through the booking rules so the data is what real bookings leave.
enum BenchClinic {
    static let zone = TimeZone(identifier: "America/Chicago")!
    static let today = CivilDate(year: 2026, month: 3, day: 2)!
    static let now = zone.date(today, at: TimeOfDay(7, 30))
    static let horizonDays = 180

    static let types = [
        AppointmentType(code: "new", name: "New patient", minutes: 30),
        AppointmentType(code: "follow-up", name: "Follow-up", minutes: 15),
        AppointmentType(code: "physical", name: "Physical", minutes: 40),
        AppointmentType(code: "procedure", name: "Procedure", minutes: 60),
    ]

    static func calendar() -> ClinicCalendar {
        let week: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        let providers = (0..<20).map { i -> ProviderSchedule in
            let id = "p\(i < 10 ? "0" : "")\(i)"
            var hours: [Weekday: [TimeRange]] = [:]
            for day in week where !(i % 5 == 0 && day == .friday) {       // every fifth has Fridays off
                hours[day] = [TimeRange(TimeOfDay(8), TimeOfDay(12)), TimeRange(TimeOfDay(13), TimeOfDay(17))]
            }
            if i % 4 == 0 { hours[.saturday] = [TimeRange(TimeOfDay(9), TimeOfDay(12))] }
            let away = zone.date(today.adding(days: 20 + i * 7), at: TimeOfDay(0))
            return ProviderSchedule(
                id: id, displayName: "Dr \(id)", slotMinutes: i % 3 == 0 ? 20 : 15, weeklyHours: hours,
                offeredTypes: i % 2 == 0 ? [] : ["new", "follow-up"],
                weeklyBlocks: [WeeklyBlock([.wednesday], TimeRange(TimeOfDay(8), TimeOfDay(9)), reason: "Team meeting")],
                oneOffBlocks: [OneOffBlock(start: away, end: away.addingTimeInterval(3 * 86_400), reason: "out of office")],
                bookingHorizonDays: horizonDays, overbookCapPerDay: 2)
        }
        let holidays = [Holiday(CivilDate(year: 2026, month: 4, day: 3)!, "Good Friday"),
                        Holiday(CivilDate(year: 2026, month: 5, day: 25)!, "Memorial Day"),
                        Holiday(CivilDate(year: 2026, month: 7, day: 3)!, "Independence Day (observed)")]
        return ClinicCalendar(providers: providers, types: types, holidays: holidays, timeZone: zone)
    }

    /// Random grid times put through `BookingRules.check` until `count` are booked.
    static func appointments(count: Int, calendar: ClinicCalendar, seed: UInt64) -> [ScheduledAppointment] {
        var rng = SeededGenerator(seed: seed)
        var index = BookedIndex(timeZone: zone)
        var booked: [ScheduledAppointment] = []
        var attempts = 0
        while booked.count < count && attempts < count * 20 {
            attempts += 1
            let provider = rng.pick(calendar.providers)
            let type = rng.pick(types.filter { provider.offers($0.code) })
            let day = today.adding(days: Int(rng.next() % UInt64(horizonDays)))
            let start = zone.date(day, at: TimeOfDay(minutes: 8 * 60 + provider.slotMinutes * Int(rng.next() % 27)))
            let patient = Int64(1 + rng.next() % 12_000)
            let request = BookingRequest(provider: provider.id, patientID: patient, patientName: "Patient \(patient)",
                                         start: start, typeCode: type.code)
            guard BookingRules.check(request, calendar: calendar, existing: index, now: now) == .allowed else { continue }
            let appointment = ScheduledAppointment(id: Int64(booked.count + 1), provider: provider.id, patientID: patient,
                                                   patientName: request.patientName, start: start, minutes: type.minutes,
                                                   typeCode: type.code)
            index.insert(appointment)
            booked.append(appointment)
        }
        return booked
    }
}
