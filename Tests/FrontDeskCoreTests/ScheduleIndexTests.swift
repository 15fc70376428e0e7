import Foundation
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("booked index")
struct ScheduleIndexTests {
    let later = C.appointment(20, "okafor", patient: 120, "Holm, Per", C.at(3, 3, 15), C.followUp)
    let earlier = C.appointment(21, "okafor", patient: 121, "Lund, Siv", C.at(3, 3, 8), C.followUp)

    @Test func aProviderDayIsListedEarliestFirst() {
        var index = C.index
        index.insert(later)
        index.insert(earlier)
        #expect(index.appointments(provider: "okafor", on: C.date(3, 3)).map(\.id) == [21, 1, 20])
        #expect(index.appointments(provider: "okafor", on: C.date(3, 4)) == [])
        #expect(index.count == 5)
    }

    @Test func aCancelledVersionFreesItsTimeButKeepsItsID() {
        var index = C.index
        var cancelled = C.booked[0]
        cancelled.occupiesSlot = false
        index.replace(cancelled)
        #expect(index.appointment(id: 1) == cancelled)
        #expect(index.overlapping(provider: "okafor", start: C.at(3, 3, 10), end: C.at(3, 3, 10, 30)) == [])
        #expect(index.appointments(patient: C.ana).map(\.id) == [2])
    }

    @Test func removingGivesBackTheAppointment() {
        var index = C.index
        #expect(index.remove(id: 1) == C.booked[0])
        #expect(index.remove(id: 1) == nil)
        #expect(index.appointments(provider: "okafor", on: C.date(3, 3)) == [])
    }

    @Test func replacingMovesAnAppointmentBetweenDays() {
        var index = C.index
        var moved = C.booked[0]
        moved.start = C.at(3, 6, 9)
        index.replace(moved)
        #expect(index.appointments(provider: "okafor", on: C.date(3, 3)) == [])
        #expect(index.appointments(provider: "okafor", on: C.date(3, 6)) == [moved])
        #expect(index.appointments(patient: C.ana).map(\.id) == [2, 1])
    }

    @Test func overlapsUseHalfOpenRanges() {
        let index = C.index
        #expect(index.overlapping(provider: "okafor", start: C.at(3, 3, 9, 30), end: C.at(3, 3, 10)) == [])
        #expect(index.overlapping(provider: "okafor", start: C.at(3, 3, 10, 29), end: C.at(3, 3, 11)).map(\.id) == [1])
        #expect(index.overlapping(provider: "okafor", start: C.at(3, 3, 10), end: C.at(3, 3, 10, 30), ignoring: 1) == [])
        #expect(index.overlapping(patient: C.ana, start: C.at(3, 4, 10), end: C.at(3, 4, 11)).map(\.id) == [2])
    }

    @Test func overbooksAreCountedPerLocalDay() {
        var index = C.index
        index.insert(C.appointment(30, "okafor", patient: 130, "Berg, Ola", C.at(3, 3, 10), C.followUp, overbook: true))
        index.insert(C.appointment(31, "okafor", patient: 131, "Dahl, Kari", C.at(3, 4, 10), C.followUp, overbook: true))
        #expect(index.overbookCount(provider: "okafor", on: C.date(3, 3)) == 1)
        #expect(index.overbookCount(provider: "okafor", on: C.date(3, 3), ignoring: 30) == 0)
        #expect(index.overbookCount(provider: "okafor", on: C.date(3, 3), ignoring: 31) == 1)
        index.remove(id: 30)
        #expect(index.overbookCount(provider: "okafor", on: C.date(3, 3)) == 0)
        #expect(index.overbookCount(provider: "varga", on: C.date(3, 4)) == 0)
    }

    @Test func anAppointmentOverMidnightClashesOnBothDays() {
        let late = C.appointment(40, "okafor", patient: 140, "Nyberg, Lo", C.at(3, 3, 23, 30), C.physical)
        let index = BookedIndex([late], timeZone: C.zone)
        #expect(index.appointments(provider: "okafor", on: C.date(3, 4)) == [late])
        #expect(index.overlapping(provider: "okafor", start: C.at(3, 4, 0), end: C.at(3, 4, 0, 15)) == [late])
        #expect(index.overlapping(provider: "okafor", start: C.at(3, 3, 23), end: C.at(3, 4, 1)) == [late])
    }

    @Test func buildingAtOnceEqualsInsertingOneByOne() {
        let all = C.booked + [later, earlier]
        var stepwise = BookedIndex(timeZone: C.zone)
        for appointment in all.reversed() { stepwise.insert(appointment) }
        let bulk = BookedIndex(all, timeZone: C.zone)
        #expect(stepwise == bulk)
        #expect(stepwise.appointments(provider: "okafor", on: C.date(3, 3)) == bulk.appointments(provider: "okafor", on: C.date(3, 3)))
        #expect(stepwise.appointments(patient: C.ana) == bulk.appointments(patient: C.ana))
    }

    @Test func aRepeatedIDKeepsTheLastVersion() {
        var second = C.booked[0]
        second.start = C.at(3, 3, 11)
        let index = BookedIndex([C.booked[0], second], timeZone: C.zone)
        #expect(index.count == 1)
        #expect(index.appointments(provider: "okafor", on: C.date(3, 3)) == [second])
    }
}

@Suite("appointment statuses")
struct ScheduleStatusTests {
    @Test(arguments: VisitStatus.allCases)
    func whichStatusesHoldTheirTime(_ status: VisitStatus) {
        let freeing: Set<VisitStatus> = [.cancelled, .noShow, .leftWithoutBeingSeen]
        #expect(status.holdsItsTime == !freeing.contains(status))
    }
}
