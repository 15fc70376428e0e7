import Foundation
import Testing
@testable import FrontDeskCore

/// One request, against the fixture clinic as booked, and the exact messages expected.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let name: String
    let request: BookingRequest
    let expected: [String]
    var index: BookedIndex = ScheduleClinic.index
    var testDescription: String { name }
}

private typealias C = ScheduleClinic

@Suite("booking rules, one at a time")
struct ScheduleRuleTests {
    static let taken = "Dr Okafor is booked 10:00–10:30 (Lindqvist, Ana)"

    static let cases: [RuleCase] = [
        RuleCase(name: "a free slot inside hours", request: C.request("okafor", C.at(3, 3, 9)), expected: []),
        RuleCase(name: "touching the end of a booking is not a clash", request: C.request("okafor", C.at(3, 3, 10, 30)), expected: []),
        RuleCase(name: "a cancelled appointment holds nothing", request: C.request("okafor", C.at(3, 3, 14)), expected: []),
        RuleCase(name: "the provider's slot is taken", request: C.request("okafor", C.at(3, 3, 10, 15)), expected: [taken]),
        RuleCase(name: "running into a booking is a clash", request: C.request("okafor", C.at(3, 3, 9, 45), C.newPatient),
                 expected: [taken]),
        RuleCase(name: "the patient is booked with someone else then",
                 request: C.request("okafor", C.at(3, 4, 10), C.newPatient, patient: C.ana, name: "Lindqvist, Ana"),
                 expected: ["Ana Lindqvist already has 10:15 with Dr Varga"]),
        RuleCase(name: "running past the end of office hours", request: C.request("okafor", C.at(3, 3, 16, 45), C.newPatient),
                 expected: ["16:45–17:15 is outside Dr Okafor's hours on Tuesday (08:00–17:00)"]),
        RuleCase(name: "between two ranges of office hours", request: C.request("varga", C.at(3, 2, 13)),
                 expected: ["13:00–13:15 is outside Dr Varga's hours on Monday (09:00–13:00, 14:00–18:00)"]),
        RuleCase(name: "a weekday off", request: C.request("okafor", C.at(3, 7, 9)), expected: ["Dr Okafor does not work on Saturdays"]),
        RuleCase(name: "in the lunch block", request: C.request("okafor", C.at(3, 3, 12)), expected: ["Dr Okafor is blocked 12:00–13:00 (Lunch)"]),
        RuleCase(name: "running into the lunch block", request: C.request("okafor", C.at(3, 3, 11, 45), C.newPatient),
                 expected: ["Dr Okafor is blocked 12:00–13:00 (Lunch)"]),
        RuleCase(name: "a block on one weekday only", request: C.request("okafor", C.at(3, 4, 8, 30)),
                 expected: ["Dr Okafor is blocked 08:00–09:00 (Team meeting)"]),
        RuleCase(name: "the same time on another weekday", request: C.request("okafor", C.at(3, 3, 8, 30)), expected: []),
        RuleCase(name: "an afternoon off", request: C.request("varga", C.at(3, 5, 15)),
                 expected: ["Dr Varga is blocked 14:00–18:00 Thu 5 Mar (afternoon off)"]),
        RuleCase(name: "out of office for days", request: C.request("chen", C.at(3, 13, 9)),
                 expected: ["NP Chen is blocked from 00:00 Tue 10 Mar to 00:00 Sat 14 Mar (conference)"]),
        RuleCase(name: "a clinic holiday", request: C.request("okafor", C.at(4, 3, 9)),
                 expected: ["the clinic is closed on Fri 3 Apr (Good Friday)"]),
        RuleCase(name: "beyond the booking horizon", request: C.request("okafor", C.at(6, 1, 9)), expected: ["more than 90 days ahead"]),
        RuleCase(name: "each provider has their own horizon", request: C.request("varga", C.at(5, 4, 9)),
                 expected: ["more than 60 days ahead"]),
        RuleCase(name: "in the past, and before hours", request: C.request("okafor", C.at(3, 2, 7)),
                 expected: ["07:00 Mon 2 Mar is in the past", "07:00–07:15 is outside Dr Okafor's hours on Monday (08:00–17:00)"]),
        RuleCase(name: "off the 15-minute grid", request: C.request("okafor", C.at(3, 3, 9, 10)),
                 expected: ["09:10 is not on Dr Okafor's 15-minute grid (09:00 or 09:15)"]),
        RuleCase(name: "off the 20-minute grid", request: C.request("chen", C.at(3, 3, 8, 30)),
                 expected: ["08:30 is not on NP Chen's 20-minute grid (08:20 or 08:40)"]),
        RuleCase(name: "a type the provider does not see", request: C.request("varga", C.at(3, 3, 9), C.physical),
                 expected: ["Dr Varga does not see Physical appointments"]),
        RuleCase(name: "an unknown provider", request: C.request("nobody", C.at(3, 3, 9)), expected: ["no provider 'nobody' in the calendar"]),
        RuleCase(name: "an unknown type and provider",
                 request: BookingRequest(provider: "nobody", patientID: 1, patientName: "", start: C.at(3, 3, 9), typeCode: "xray"),
                 expected: ["no provider 'nobody' in the calendar", "no appointment type 'xray'"]),
        RuleCase(name: "several problems, most serious first", request: C.request("varga", C.at(4, 3, 9, 10), C.physical),
                 expected: ["the clinic is closed on Fri 3 Apr (Good Friday)", "Dr Varga does not see Physical appointments",
                            "Dr Varga does not work on Fridays"]),
        RuleCase(name: "an overbook without the permission",
                 request: C.request("okafor", C.at(3, 3, 10), overbook: true, reason: "urgent", mayOverbook: false),
                 expected: [taken, "overbooking needs the supervisor role"]),
        RuleCase(name: "an overbook without a reason", request: C.request("okafor", C.at(3, 3, 10), overbook: true, mayOverbook: true),
                 expected: [taken, "an overbook needs a reason"]),
        RuleCase(name: "a blank reason is no reason",
                 request: C.request("okafor", C.at(3, 3, 10), overbook: true, reason: "  ", mayOverbook: true),
                 expected: [taken, "an overbook needs a reason"]),
        RuleCase(name: "an overbook with neither", request: C.request("okafor", C.at(3, 3, 10), overbook: true),
                 expected: [taken, "overbooking needs the supervisor role", "an overbook needs a reason"]),
        RuleCase(name: "the day's overbook cap reached",
                 request: C.request("okafor", C.at(3, 3, 10, 15), overbook: true, reason: "urgent", mayOverbook: true),
                 expected: [taken, "2 overbooks already on Tue 3 Mar, the cap"], index: twoOverbooksOnTuesday),
        RuleCase(name: "a provider who takes no overbooks",
                 request: C.request("chen", C.at(3, 3, 8), overbook: true, reason: "urgent", mayOverbook: true),
                 expected: ["NP Chen is booked 08:00–08:15 (Mensah, Kofi)", "NP Chen takes no overbooks"],
                 index: withChenAtEight),
        RuleCase(name: "an overbook does not let a patient be in two places",
                 request: C.request("okafor", C.at(3, 4, 10), C.newPatient, patient: C.ana, name: "Lindqvist, Ana",
                                    overbook: true, reason: "urgent", mayOverbook: true),
                 expected: ["Ana Lindqvist already has 10:15 with Dr Varga"], index: withOkaforWednesdayAtTen),
        RuleCase(name: "an overbook does not open a day off",
                 request: C.request("okafor", C.at(3, 7, 9), overbook: true, reason: "urgent", mayOverbook: true),
                 expected: ["Dr Okafor does not work on Saturdays"]),
        RuleCase(name: "an overbook does not open a holiday",
                 request: C.request("okafor", C.at(4, 3, 9), overbook: true, reason: "urgent", mayOverbook: true),
                 expected: ["the clinic is closed on Fri 3 Apr (Good Friday)"]),
        RuleCase(name: "an overbook does not reach past the horizon",
                 request: C.request("okafor", C.at(6, 1, 9), overbook: true, reason: "urgent", mayOverbook: true),
                 expected: ["more than 90 days ahead"]),
        RuleCase(name: "moving an appointment clashes with itself unless it is ignored",
                 request: C.request("okafor", C.at(3, 3, 10, 15), patient: C.ana, name: "Lindqvist, Ana"),
                 expected: ["Ana Lindqvist already has 10:00 with Dr Okafor", taken]),
        RuleCase(name: "moving an appointment a slot later",
                 request: C.request("okafor", C.at(3, 3, 10, 15), patient: C.ana, name: "Lindqvist, Ana", ignoring: 1),
                 expected: []),
    ]

    @Test(arguments: cases)
    func rule(_ c: RuleCase) {
        let verdict = C.check(c.request, in: c.index)
        #expect(verdict.problems.map(\.message) == c.expected)
        #expect(verdict.isAllowed == c.expected.isEmpty)
    }

    static let twoOverbooksOnTuesday = BookedIndex(C.booked + [
        C.appointment(10, "okafor", patient: 110, "Berg, Ola", C.at(3, 3, 10), C.newPatient, overbook: true),
        C.appointment(11, "okafor", patient: 111, "Dahl, Kari", C.at(3, 3, 10), C.newPatient, overbook: true),
    ], timeZone: C.zone)
    static let withChenAtEight = BookedIndex(C.booked + [C.appointment(12, "chen", patient: 102, "Mensah, Kofi", C.at(3, 3, 8), C.followUp)],
                                             timeZone: C.zone)
    static let withOkaforWednesdayAtTen = BookedIndex(C.booked + [C.appointment(13, "okafor", patient: 300, "Ruiz, Tom", C.at(3, 4, 10), C.newPatient)],
                                                      timeZone: C.zone)

    @Test func anAllowedOverbookNamesWhatItIsOver() {
        let request = C.request("okafor", C.at(3, 3, 10, 15), overbook: true, reason: "urgent", mayOverbook: true)
        #expect(C.check(request) == .allowedAsOverbook(over: [C.booked[0]]))
        #expect(C.check(request).isOverbook)
    }

    @Test func anOverbookOfAFreeSlotIsAnOrdinaryBooking() {
        let request = C.request("okafor", C.at(3, 3, 9), overbook: true, reason: "urgent", mayOverbook: true)
        #expect(C.check(request) == .allowed)
    }

    @Test func reschedulingAnOverbookFreesItsPlaceUnderTheCap() {
        let request = C.request("okafor", C.at(3, 3, 10, 15), patient: 110, overbook: true, reason: "urgent",
                                mayOverbook: true, ignoring: 10)
        #expect(C.check(request, in: Self.twoOverbooksOnTuesday).isOverbook)
    }

    @Test func theHorizonCountsLocalDaysFromToday() {
        var calendar = C.calendar
        calendar.providers[0].bookingHorizonDays = 3
        let lastDay = BookingRules.check(C.request("okafor", C.at(3, 5, 16, 45)), calendar: calendar, existing: C.index, now: C.now)
        let dayAfter = BookingRules.check(C.request("okafor", C.at(3, 6, 8)), calendar: calendar, existing: C.index, now: C.now)
        #expect(lastDay == .allowed)
        #expect(dayAfter.problems.map(\.message) == ["more than 3 days ahead"])
    }

    @Test func aSlotThatHasStartedIsInThePast() {
        let later = C.at(3, 3, 9, 5)
        #expect(C.check(C.request("okafor", C.at(3, 3, 9)), now: later).problems.map(\.message) == ["09:00 Tue 3 Mar is in the past"])
        #expect(C.check(C.request("okafor", C.at(3, 3, 9, 15)), now: later) == .allowed)
    }

    @Test func secondsPastTheMinuteAreOffTheGrid() {
        let verdict = C.check(C.request("okafor", C.at(3, 3, 9).addingTimeInterval(30)))
        #expect(verdict.problems.map(\.message) == ["09:00 is not on Dr Okafor's 15-minute grid (09:00 or 09:15)"])
    }

    @Test func theGridStartsAtEachRangeOfOfficeHours() {
        var calendar = C.calendar
        calendar.providers[0].weeklyHours[.tuesday] = [TimeRange(TimeOfDay(8), TimeOfDay(12)), TimeRange(TimeOfDay(13, 10), TimeOfDay(16, 55))]
        let onGrid = BookingRules.check(C.request("okafor", C.at(3, 3, 13, 25)), calendar: calendar, existing: C.index, now: C.now)
        #expect(onGrid == .allowed)
    }

    @Test func theVerdictJoinsItsMessages() {
        let verdict = C.check(C.request("okafor", C.at(3, 3, 10), overbook: true))
        #expect(verdict.message == "\(Self.taken); overbooking needs the supervisor role; an overbook needs a reason")
        #expect(BookingVerdict.allowed.message == "")
    }

    @Test func problemsCarryWhatTheDeskNeedsToActOn() {
        let verdict = C.check(C.request("okafor", C.at(3, 3, 10, 15)))
        #expect(verdict.problems == [.slotTaken(provider: "Dr Okafor", booked: TimeRange(TimeOfDay(10), TimeOfDay(10, 30)),
                                                patientName: "Lindqvist, Ana", appointmentID: 1)])
    }

    @Test(arguments: [("Lindqvist, Ana", "Ana Lindqvist"), ("Ana", "Ana"), ("de la Cruz, María José", "María José de la Cruz"),
                      ("Odd, , name", "Odd, , name"), (", Ana", ", Ana")])
    func spokenNames(listed: String, spoken: String) {
        #expect(BookingProblem.spokenName(listed) == spoken)
    }

    @Test func severityFollowsTheDeclaredOrder() {
        let ordered: [BookingProblem] = [
            .unknownProvider("x"), .unknownType("x"), .inPast(LocalStamp(date: C.date(3, 2), time: .noon)), .beyondHorizon(days: 1),
            .holiday(Holiday(C.date(4, 3), "x")), .typeNotOffered(provider: "x", type: "x"),
            .outsideOfficeHours(provider: "x", weekday: .monday, requested: TimeRange(.noon, .noon), hours: []),
            .blocked(provider: "x", reason: "x", span: .weekly(TimeRange(.noon, .noon))),
            .offGrid(provider: "x", slotMinutes: 15, requested: .noon, earlier: .noon, later: .noon),
            .patientDoubleBooked(patientName: "x", at: .noon, provider: "x", appointmentID: 1),
            .slotTaken(provider: "x", booked: TimeRange(.noon, .noon), patientName: "x", appointmentID: 1),
            .overbookNotPermitted, .overbookNeedsReason, .overbookCapReached(provider: "x", count: 1, cap: 1, date: C.date(3, 2)),
        ]
        #expect(ordered.map(\.severity) == Array(0..<ordered.count))
    }

    @Test func aCapOverTheLimitSaysSo() {
        let problem = BookingProblem.overbookCapReached(provider: "Dr Okafor", count: 3, cap: 2, date: C.date(3, 3))
        #expect(problem.message == "3 overbooks already on Tue 3 Mar, over the cap of 2")
        #expect(BookingProblem.overbookCapReached(provider: "Dr Okafor", count: 1, cap: 1, date: C.date(3, 3)).message
                == "1 overbook already on Tue 3 Mar, the cap")
    }
}
