import Foundation
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("next available")
struct ScheduleSearchTests {
    func search(_ query: SlotQuery, index: BookedIndex = C.index, now: Date = C.now, limit: Int = 10) -> [OpenSlot] {
        NextAvailable.search(query, calendar: C.calendar, index: index, now: now, limit: limit)
    }

    func starts(_ slots: [OpenSlot]) -> [Date] { slots.map(\.start) }

    @Test func theFirstSlotsFromNow() {
        let slots = search(SlotQuery(provider: "okafor", typeCode: "follow-up"), limit: 3)
        #expect(slots == [C.at(3, 2, 8), C.at(3, 2, 8, 15), C.at(3, 2, 8, 30)].map {
            OpenSlot(provider: "okafor", typeCode: "follow-up", start: $0, end: $0.addingTimeInterval(15 * 60))
        })
    }

    @Test func anyProviderInTimeOrderTiesByProviderID() {
        let slots = search(SlotQuery(typeCode: "follow-up", earliest: C.date(3, 3)), limit: 4)
        #expect(slots.map(\.provider) == ["chen", "okafor", "okafor", "chen"])
        #expect(starts(slots) == [C.at(3, 3, 8), C.at(3, 3, 8), C.at(3, 3, 8, 15), C.at(3, 3, 8, 20)])
    }

    @Test func takenTimesAndBlocksAreSkipped() {
        let slots = search(SlotQuery(provider: "okafor", typeCode: "new", earliest: C.date(3, 3)), limit: 13)
        let expected = [(8, 0), (8, 15), (8, 30), (8, 45), (9, 0), (9, 15), (9, 30), (10, 30), (10, 45), (11, 0), (11, 15), (11, 30),
                        (13, 0)]
        #expect(starts(slots) == expected.map { C.at(3, 3, $0.0, $0.1) })
    }

    @Test func afternoonsOnly() {
        let slots = search(SlotQuery(provider: "okafor", typeCode: "follow-up", earliest: C.date(3, 3), partOfDay: .afternoon), limit: 2)
        #expect(starts(slots) == [C.at(3, 3, 13), C.at(3, 3, 13, 15)])
        let mornings = search(SlotQuery(provider: "okafor", typeCode: "follow-up", partOfDay: .morning), limit: 200)
        #expect(mornings.count == 200)
        #expect(mornings.allSatisfy { LocalClock(timeZone: C.zone).moment($0.start).time < .noon })
    }

    @Test func onlyTheWeekdaysAskedFor() {
        let slots = search(SlotQuery(provider: "okafor", typeCode: "follow-up", weekdays: [.friday]), limit: 1)
        #expect(starts(slots) == [C.at(3, 6, 8)])
    }

    @Test func aPatientsOwnAppointmentsAreSkipped() {
        let query = SlotQuery(provider: "chen", typeCode: "follow-up", earliest: C.date(3, 3), partOfDay: .morning)
        let anyone = starts(search(query, limit: 12))
        var forAna = query
        forAna.patientID = C.ana
        let ana = starts(search(forAna, limit: 12))
        #expect(anyone.contains(C.at(3, 3, 10)) && anyone.contains(C.at(3, 3, 10, 20)))
        #expect(!ana.contains(C.at(3, 3, 10)) && !ana.contains(C.at(3, 3, 10, 20)))
        #expect(ana.contains(C.at(3, 3, 9, 40)) && ana.contains(C.at(3, 3, 10, 40)))
    }

    @Test func holidaysAndTimeAwayAreSkipped() {
        #expect(starts(search(SlotQuery(provider: "okafor", typeCode: "follow-up", earliest: C.date(4, 3)), limit: 1)) == [C.at(4, 6, 8)])
        #expect(starts(search(SlotQuery(provider: "chen", typeCode: "follow-up", earliest: C.date(3, 10)), limit: 1)) == [C.at(3, 17, 8)])
        // Thursday's afternoon off leaves 12:00–13:00 (afternoon: from noon); the next is Monday.
        #expect(starts(search(SlotQuery(provider: "varga", typeCode: "follow-up", earliest: C.date(3, 5), partOfDay: .afternoon),
                              limit: 5)) == [C.at(3, 5, 12), C.at(3, 5, 12, 15), C.at(3, 5, 12, 30), C.at(3, 5, 12, 45), C.at(3, 9, 12)])
    }

    @Test func theSearchStopsAtTheHorizon() {
        #expect(search(SlotQuery(provider: "okafor", typeCode: "follow-up", earliest: C.date(6, 1))) == [])
        let lastDay = search(SlotQuery(provider: "varga", typeCode: "follow-up", earliest: C.date(4, 30)), limit: 100)
        #expect(lastDay.count == 32)
        #expect(lastDay.allSatisfy { C.zone.civilDate(of: $0.start) == C.date(4, 30) })
    }

    @Test func slotsAlreadyStartedAreNotOffered() {
        let slots = search(SlotQuery(provider: "okafor", typeCode: "follow-up"), now: C.at(3, 2, 10, 7), limit: 1)
        #expect(starts(slots) == [C.at(3, 2, 10, 15)])
    }

    @Test func afterTheClocksChangeSlotsKeepTheirWallClockTime() {
        let slots = search(SlotQuery(provider: "okafor", typeCode: "follow-up", earliest: C.date(3, 9)), limit: 1)
        #expect(starts(slots) == [C.at(3, 9, 8)])
    }

    @Test func nothingToFind() {
        #expect(search(SlotQuery(typeCode: "xray")) == [])
        #expect(search(SlotQuery(provider: "nobody", typeCode: "follow-up")) == [])
        #expect(search(SlotQuery(provider: "varga", typeCode: "physical")) == [])
        #expect(search(SlotQuery(provider: "okafor", typeCode: "follow-up"), limit: 0) == [])
        #expect(search(SlotQuery(provider: "okafor", typeCode: "follow-up", weekdays: [.sunday])) == [])
    }
}
