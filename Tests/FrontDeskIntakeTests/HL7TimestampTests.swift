import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("HL7 timestamps (DTM / TS)")
struct HL7TimestampTests {
    let utc = TimeZone(secondsFromGMT: 0)!

    /// Seconds since 1970 of a UTC wall time, computed independently of the parser.
    func utcSeconds(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> TimeInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        return calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!
            .timeIntervalSince1970
    }

    @Test(arguments: [
        ("2021", HL7Timestamp.Precision.year),
        ("202109", .month),
        ("20210924", .day),
        ("2021092410", .hour),
        ("202109241000", .minute),
        ("20210924100005", .second),
        ("20210924100005.1", .fraction),
        ("20210924100005.1234", .fraction),
    ])
    func everyPrecisionIsRecognised(text: String, precision: HL7Timestamp.Precision) throws {
        let stamp = try HL7Timestamp.parse(text, defaultTimeZone: utc)
        #expect(stamp.precision == precision)
        #expect(stamp.text == text)
    }

    @Test func calendarFieldsAndInstant() throws {
        let stamp = try HL7Timestamp.parse("20210924100005.1234", defaultTimeZone: utc)
        #expect([stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second] == [2021, 9, 24, 10, 0, 5] as [Int])
        #expect(stamp.fractionDigits == "1234")
        #expect(abs(stamp.date.timeIntervalSince1970 - (utcSeconds(2021, 9, 24, 10, 0, 5) + 0.1234)) < 0.0001)
        let month = try HL7Timestamp.parse("202109", defaultTimeZone: utc)
        #expect(month.date.timeIntervalSince1970 == utcSeconds(2021, 9, 1))
    }

    @Test func offsetsOverrideTheDefaultZone() throws {
        let east = try HL7Timestamp.parse("202109241000+0215", defaultTimeZone: HL7Fixture.zone)
        #expect(east.date.timeIntervalSince1970 == utcSeconds(2021, 9, 24, 7, 45))
        #expect(east.utcOffsetMinutes == 135)
        #expect(east.text == "202109241000+0215")
        let west = try HL7Timestamp.parse("20210924100000-0500", defaultTimeZone: HL7Fixture.zone)
        #expect(west.date.timeIntervalSince1970 == utcSeconds(2021, 9, 24, 15, 0))
        #expect(west.utcOffsetMinutes == -300)
        let fractionAndZone = try HL7Timestamp.parse("20210924100005.5+0000", defaultTimeZone: HL7Fixture.zone)
        #expect(fractionAndZone.date.timeIntervalSince1970 == utcSeconds(2021, 9, 24, 10, 0, 5) + 0.5)
    }

    @Test func withoutAnOffsetTheInjectedZoneApplies() throws {
        let fixed = try HL7Timestamp.parse("202109241000", defaultTimeZone: HL7Fixture.zone)
        #expect(fixed.date.timeIntervalSince1970 == utcSeconds(2021, 9, 24, 9, 0))
        #expect(fixed.utcOffsetMinutes == nil)
        let zurich = try #require(TimeZone(identifier: "Europe/Zurich"))
        let summer = try HL7Timestamp.parse("202109241000", defaultTimeZone: zurich)
        #expect(summer.date.timeIntervalSince1970 == utcSeconds(2021, 9, 24, 8, 0))
        let winter = try HL7Timestamp.parse("202101151000", defaultTimeZone: zurich)
        #expect(winter.date.timeIntervalSince1970 == utcSeconds(2021, 1, 15, 9, 0))
    }

    @Test func aVersion23DegreeOfPrecisionComponentIsIgnored() throws {
        let stamp = try HL7Timestamp.parse("19800315^D", defaultTimeZone: utc)
        #expect(stamp.precision == .day)
        #expect([stamp.year, stamp.month, stamp.day] == [1980, 3, 15] as [Int])
    }

    @Test func leapDaysAreCheckedAgainstTheCalendar() throws {
        #expect(try HL7Timestamp.parse("20200229", defaultTimeZone: utc).day == 29)
        #expect(try HL7Timestamp.parse("20000229", defaultTimeZone: utc).day == 29)
        #expect(throws: HL7TimestampError.self) { try HL7Timestamp.parse("20210229", defaultTimeZone: utc) }
        #expect(throws: HL7TimestampError.self) { try HL7Timestamp.parse("19000229", defaultTimeZone: utc) }
    }

    @Test(arguments: [
        "20210230", "20211301", "20210001", "20210431", "2021092424", "202109241060", "20210924100060",
        "00000101", "2021092", "202109241", "20210924.5", "20210924100005.", "202109241000+02",
        "202109241000+1500", "202109241000+0260", "202109241000Z", "2021-09-24", "", "   ", "abc",
        "20210924100005.1234567890",
    ])
    func invalidValuesAreRefusedWithAReason(text: String) {
        let error = #expect(throws: HL7TimestampError.self) { try HL7Timestamp.parse(text, defaultTimeZone: utc) }
        #expect(error?.reason.isEmpty == false)
    }

    @Test func writingAnInstantInAZone() {
        let date = Date(timeIntervalSince1970: utcSeconds(2021, 9, 24, 7, 45, 30))
        let zone = TimeZone(secondsFromGMT: 135 * 60)!
        #expect(HL7Timestamp(date: date, timeZone: zone).text == "20210924100030+0215")
        #expect(HL7Timestamp(date: date, timeZone: zone, precision: .minute).text == "202109241000+0215")
        #expect(HL7Timestamp(date: date, timeZone: utc, precision: .day, includesOffset: false).text == "20210924")
        let withFraction = HL7Timestamp(date: date.addingTimeInterval(0.25), timeZone: utc, precision: .fraction)
        #expect(withFraction.text == "20210924074530.2500+0000")
    }

    @Test func aCalendarDayHasNoOffsetAndRejectsImpossibleDays() {
        #expect(HL7Timestamp(year: 1992, month: 2, day: 29)?.text == "19920229")
        #expect(HL7Timestamp(year: 1993, month: 2, day: 29) == nil)
    }
}
