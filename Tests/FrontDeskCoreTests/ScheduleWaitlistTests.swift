import Foundation
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("waitlist")
struct ScheduleWaitlistTests {
    /// Ana's Tuesday 10:00 new-patient visit with Dr Okafor is cancelled.
    let freed = OpenSlot(provider: "okafor", typeCode: "new", start: C.at(3, 3, 10), end: C.at(3, 3, 10, 30))

    var index: BookedIndex {
        var index = C.index
        index.remove(id: 1)
        index.insert(C.appointment(50, "okafor", patient: 208, "Aalto, Mia", C.at(3, 2, 9), C.newPatient))
        index.insert(C.appointment(51, "chen", patient: 209, "Borg, Liv", C.at(3, 3, 10), C.followUp))
        return index
    }

    func daysAgo(_ days: Double) -> Date { C.now.addingTimeInterval(-days * 86_400) }

    @Test func whoIsOfferedTheFreedSlotAndInWhatOrder() {
        let entries = [
            WaitlistEntry(id: 1, patientID: 201, createdAt: daysAgo(3)),
            WaitlistEntry(id: 2, patientID: 202, provider: "varga", createdAt: daysAgo(9)),           // another provider
            WaitlistEntry(id: 3, patientID: 203, typeCode: "physical", createdAt: daysAgo(9)),        // 40 min does not fit
            WaitlistEntry(id: 4, patientID: 204, typeCode: "follow-up", before: C.date(3, 3), createdAt: daysAgo(9)),  // not before
            WaitlistEntry(id: 5, patientID: 205, before: C.date(3, 4), partOfDay: .afternoon, createdAt: daysAgo(9)),  // a morning slot
            WaitlistEntry(id: 6, patientID: 206, before: C.date(3, 4), partOfDay: .morning, createdAt: daysAgo(3)),
            WaitlistEntry(id: 7, patientID: C.ana, typeCode: "follow-up", createdAt: daysAgo(1)),  // earlier than her Wednesday
            WaitlistEntry(id: 8, patientID: 208, createdAt: daysAgo(9)),                              // already booked sooner
            WaitlistEntry(id: 9, patientID: 209, createdAt: daysAgo(9)),                              // busy with NP Chen then
            WaitlistEntry(id: 10, patientID: 210, provider: "okafor", createdAt: daysAgo(5)),
        ]
        let offered = Waitlist.candidates(for: freed, entries: entries, index: index, calendar: C.calendar, now: C.now)
        #expect(offered.map(\.id) == [10, 1, 6, 7])
    }

    @Test func aSlotTheRulesWouldRefuseIsOfferedToNobody() {
        let entries = [WaitlistEntry(id: 1, patientID: 201, createdAt: daysAgo(1))]
        // Still booked: the cancellation has not reached the index.
        #expect(Waitlist.candidates(for: freed, entries: entries, index: C.index, calendar: C.calendar, now: C.now) == [])
        // Already started.
        #expect(Waitlist.candidates(for: freed, entries: entries, index: index, calendar: C.calendar, now: C.at(3, 3, 10, 5)) == [])
    }

    static let deadlines: [(String, TimeInterval, TimeInterval?)] = [
        ("ten days away: within a day", 10 * 86_400, 86_400),
        ("two hours away: half the time", 7_200, 3_600),
        ("twenty minutes away: fifteen minutes before the slot", 1_200, 300),
        ("ten minutes away: at once", 600, 0),
        ("starting now: nothing to offer", 0, nil),
        ("already started", -60, nil),
    ]

    @Test(arguments: deadlines)
    func offerDeadline(_ name: String, lead: TimeInterval, dueAfter: TimeInterval?) {
        let due = Waitlist.offerDeadline(slotStart: C.now.addingTimeInterval(lead), now: C.now)
        #expect(due.map { $0.timeIntervalSince(C.now) } == dueAfter, "\(name)")
        if let due { #expect(due < C.now.addingTimeInterval(lead)) }
    }
}
