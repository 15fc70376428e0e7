import Foundation
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("recurring series")
struct ScheduleSeriesTests {
    func occurrences(_ rule: RecurrenceRule, from start: Date) -> [Date] { rule.occurrences(startingAt: start, in: C.zone) }

    @Test func everyOtherWeekKeepsTheWallClockTime() {
        let dates = occurrences(RecurrenceRule(.weekly(every: 2), .count(4)), from: C.at(3, 3, 9))
        #expect(dates == [C.at(3, 3, 9), C.at(3, 17, 9), C.at(3, 31, 9), C.at(4, 14, 9)])
    }

    @Test func weekdaysUntilADate() {
        let dates = occurrences(RecurrenceRule(.weekdays, .until(C.date(3, 10))), from: C.at(3, 5, 9))
        #expect(dates == [C.at(3, 5, 9), C.at(3, 6, 9), C.at(3, 9, 9), C.at(3, 10, 9)])
    }

    @Test func aWeekdaySeriesStartingOnSaturdayBeginsOnMonday() {
        let dates = occurrences(RecurrenceRule(.weekdays, .count(3)), from: C.at(3, 7, 9))
        #expect(dates == [C.at(3, 9, 9), C.at(3, 10, 9), C.at(3, 11, 9)])
    }

    @Test func unusableRulesSayWhyAndGiveNothing() {
        #expect(RecurrenceRule(.weekly(every: 0), .count(3)).problem == "a weekly series repeats every 1–52 weeks")
        #expect(RecurrenceRule(.weekly(every: 1), .count(500)).problem == "a series has 1–200 occurrences")
        #expect(occurrences(RecurrenceRule(.weekly(every: 1), .count(0)), from: C.at(3, 3, 9)) == [])
        #expect(occurrences(RecurrenceRule(.weekly(every: 1), .until(C.date(3, 1))), from: C.at(3, 3, 9)) == [])
        #expect(occurrences(RecurrenceRule(.weekdays, .until(C.date(12, 31))), from: C.at(3, 3, 9)).count
                == RecurrenceRule.maximumOccurrences)
    }

    @Test func aClashInOneOccurrenceIsReportedNotSkipped() {
        let series = BookingRules.checkSeries(C.request("okafor", C.at(3, 3, 10)), repeating: RecurrenceRule(.weekly(every: 1), .count(3)),
                                              calendar: C.calendar, existing: C.index, now: C.now)
        #expect(series.map(\.start) == [C.at(3, 3, 10), C.at(3, 10, 10), C.at(3, 17, 10)])
        #expect(series.map(\.verdict.message) == ["Dr Okafor is booked 10:00–10:30 (Lindqvist, Ana)", "", ""])
    }

    @Test func aHolidayInTheMiddleOfASeries() {
        let series = BookingRules.checkSeries(C.request("okafor", C.at(3, 27, 9)), repeating: RecurrenceRule(.weekly(every: 1), .count(3)),
                                              calendar: C.calendar, existing: C.index, now: C.now)
        #expect(series.map(\.verdict.isAllowed) == [true, false, true])
        #expect(series[1].verdict.message == "the clinic is closed on Fri 3 Apr (Good Friday)")
    }
}
