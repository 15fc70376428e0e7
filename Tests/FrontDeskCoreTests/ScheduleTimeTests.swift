import Foundation
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("dates and wall-clock times")
struct ScheduleTimeTests {
    @Test func dayNumbersAgreeWithFoundationForTwoCenturies() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = Date(timeIntervalSince1970: 0)
        for dayNumber in stride(from: -25_567, through: 47_482, by: 1) {   // 1900-01-01 … 2099-12-31
            let date = CivilDate(dayNumber: dayNumber)
            if dayNumber % 97 == 0 || date.day == 1 {
                let expected = calendar.date(byAdding: .day, value: dayNumber, to: epoch)!
                let c = calendar.dateComponents([.year, .month, .day, .weekday], from: expected)
                #expect(date == CivilDate(year: c.year!, month: c.month!, day: c.day!))
                #expect(date.weekday.rawValue == c.weekday!)
            }
            #expect(date.dayNumber == dayNumber)
        }
    }

    @Test func dateArithmetic() {
        #expect(C.date(2, 28).adding(days: 1) == C.date(3, 1))
        #expect(CivilDate(year: 2024, month: 2, day: 28)!.adding(days: 1) == CivilDate(year: 2024, month: 2, day: 29)!)
        #expect(C.date(3, 2).days(until: C.date(6, 1)) == 91)
        #expect(C.date(3, 3).shortText == "Tue 3 Mar")
        #expect(C.date(1, 1).weekday == .thursday)
    }

    @Test func timesOfDayRead() {
        #expect(TimeOfDay(9, 5).text == "09:05")
        #expect(TimeOfDay.endOfDay.text == "24:00")
        #expect(TimeRange(TimeOfDay(12), TimeOfDay(13)).text == "12:00–13:00")
        #expect(DayPart.morning.contains(TimeOfDay(11, 59)) && !DayPart.morning.contains(.noon))
        #expect(DayPart.afternoon.contains(.noon) && DayPart.any.contains(.midnight))
    }

    @Test func wallClockSurvivesTheSummerTimeChange() {
        // 8 March 2026: New York goes from UTC-5 to UTC-4 at 02:00.
        let before = C.at(3, 6, 9), after = C.at(3, 9, 9)
        #expect(after.timeIntervalSince(before) == 3 * 86_400 - 3600)
        let clock = LocalClock(timeZone: C.zone)
        #expect(clock.moment(after) == LocalMoment(dayNumber: C.date(3, 9).dayNumber, secondOfDay: 9 * 3600))
        #expect(C.zone.civilDate(of: C.at(3, 8, 23, 59)) == C.date(3, 8))
        #expect(CivilDate(after, in: C.zone) == C.date(3, 9))
    }

    @Test func theSkippedHourLandsAnHourOff() {
        let skipped = C.at(3, 8, 2, 30)
        let moment = LocalClock(timeZone: C.zone).moment(skipped)
        #expect(moment.dayNumber == C.date(3, 8).dayNumber)
        #expect([TimeOfDay(1, 30), TimeOfDay(3, 30)].contains(moment.time))
    }
}
