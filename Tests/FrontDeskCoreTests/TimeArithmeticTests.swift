import Foundation
import Testing
import PropertyBased
@testable import FrontDeskCore

/// The hand-written calendar arithmetic (no ICU) against Foundation's own calendar and
/// formatter as the oracle, over random instants in zones with and without summer time.
@Suite("Time arithmetic")
struct TimeArithmeticTests {
    static let zones = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"]
        .compactMap(TimeZone.init(identifier:))

    @Test("civil date, start of day and the clinic day agree with Foundation's calendar")
    func civilDates() async {
        await propertyCheck(input: Gen.int(in: -2_000_000_000 ... 4_000_000_000), Gen.int(in: 0 ... 5)) { t, z in
            let zone = Self.zones[z]
            let date = Date(timeIntervalSince1970: Double(t))
            var cal = Calendar(identifier: .gregorian); cal.timeZone = zone
            let c = cal.dateComponents([.year, .month, .day], from: date)
            let civil = CivilDate(date, in: zone)
            #expect((civil.year, civil.month, civil.day) == (c.year!, c.month!, c.day!))
            #expect(civil.start(in: zone) == cal.startOfDay(for: date))
            let day = ClinicDay.interval(containing: date, in: zone)
            #expect(day.start == cal.startOfDay(for: date) && day.contains(date))
            #expect(day.end == cal.date(byAdding: .day, value: 1, to: cal.startOfDay(for: date)))
        }
    }

    @Test("ISO 8601 text round-trips and matches Foundation's formatter")
    func isoStrings() async {
        let foundation = ISO8601DateFormatter()
        await propertyCheck(input: Gen.int(in: -2_000_000_000 ... 4_000_000_000)) { t in
            let date = Date(timeIntervalSince1970: Double(t))
            #expect(ISOTime.string(date) == foundation.string(from: date))
            #expect(ISOTime.parse(ISOTime.string(date)) == date)
        }
    }

    @Test("offsets, fractions and impossible times", arguments: [
        ("2026-05-01T09:30:15.250+02:00", 1_777_620_615.25 as Double?),
        ("2026-05-01T07:30:15Z", 1_777_620_615),
        ("2026-05-01T02:00:15-0530", 1_777_620_615),
        ("2026-05-01t07:30:15z", 1_777_620_615),
        ("2026-02-30T10:00:00Z", nil),
        ("2026-05-01T24:00:00Z", nil),
        ("2026-05-01T09:30:15", nil),
        ("2026-05-01T09:30:15.Z", nil),
        ("yesterday", nil),
        ("2026-05-01T09:30:15+02:00 ", nil),
    ])
    func parsing(_ text: String, _ expected: Double?) {
        #expect(ISOTime.parse(text)?.timeIntervalSince1970 == expected)
    }
}
