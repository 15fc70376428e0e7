import Foundation
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("calendar validation")
struct ScheduleValidationTests {
    @Test func theFixtureClinicIsSound() {
        #expect(C.calendar.problems() == [])
    }

    @Test func everyProblemIsNamedInWords() {
        let okafor = ProviderSchedule(
            id: "okafor", displayName: "Dr Okafor", slotMinutes: 15,
            weeklyHours: [.monday: [TimeRange(TimeOfDay(13), TimeOfDay(12)), TimeRange(TimeOfDay(8), TimeOfDay(11, 50))],
                          .tuesday: [TimeRange(TimeOfDay(8), TimeOfDay(12)), TimeRange(TimeOfDay(11), TimeOfDay(13))],
                          .wednesday: [TimeRange(TimeOfDay(9), TimeOfDay(9)), TimeRange(TimeOfDay(20), TimeOfDay(25))]],
            offeredTypes: ["follow-up", "xray"],
            weeklyBlocks: [WeeklyBlock([], TimeRange(TimeOfDay(13), TimeOfDay(12)), reason: "Lunch")],
            oneOffBlocks: [OneOffBlock(start: C.at(3, 3, 17), end: C.at(3, 3, 13), reason: "afternoon off")],
            bookingHorizonDays: 0, overbookCapPerDay: -1)
        let calendar = ClinicCalendar(
            providers: [okafor, ProviderSchedule(id: "okafor", displayName: "", slotMinutes: 3, weeklyHours: [:])],
            types: [AppointmentType(code: "follow-up", name: "Follow-up", minutes: 500),
                    AppointmentType(code: "follow-up", name: "", minutes: 15),
                    AppointmentType(code: "", name: "Nameless", minutes: 15)],
            holidays: [Holiday(C.date(12, 25), "Christmas Day"), Holiday(C.date(12, 25), "")],
            timeZone: C.zone)
        #expect(calendar.problems() == [
            "type follow-up: minutes must be 5–480",
            "type follow-up: the code is used twice",
            "type follow-up: no name",
            "a type has no code",
            "Dr Okafor: Monday 13:00–12:00 ends before it starts",
            "Dr Okafor: Monday 08:00–11:50 is not a whole number of 15-minute slots",
            "Dr Okafor: Tuesday 08:00–12:00 overlaps 11:00–13:00",
            "Dr Okafor: Wednesday 09:00–09:00 is empty",
            "Dr Okafor: Wednesday 20:00–25:00 is not within one day",
            "Dr Okafor offers unknown type 'xray'",
            "Dr Okafor: block Lunch 13:00–12:00 ends before it starts",
            "Dr Okafor: block Lunch has no weekdays",
            "Dr Okafor: block afternoon off ends before it starts",
            "Dr Okafor: booking horizon must be 1–730 days",
            "Dr Okafor: overbook cap must be 0–20 a day",
            "okafor: the id okafor is used twice",
            "okafor: no display name",
            "okafor: slot length must be 5–240 minutes",
            "okafor: no office hours",
            "holiday 2026-12-25 is listed twice",
            "holiday 2026-12-25: no name",
        ])
    }

    @Test func lookupsFollowEdits() {
        var calendar = C.calendar
        #expect(calendar.provider("okafor")?.displayName == "Dr Okafor")
        calendar.providers[0].displayName = "Dr A. Okafor"
        calendar.types.append(AppointmentType(code: "xray", name: "X-ray", minutes: 10))
        calendar.holidays = []
        #expect(calendar.provider("okafor")?.displayName == "Dr A. Okafor")
        #expect(calendar.type("xray")?.minutes == 10)
        #expect(calendar.holiday(on: C.date(4, 3)) == nil)
        #expect(calendar.providers(offering: "physical").map(\.id) == ["chen", "okafor"])
        #expect(calendar.providerName("nobody") == "nobody")
    }
}
