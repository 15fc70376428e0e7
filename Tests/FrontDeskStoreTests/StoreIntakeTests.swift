import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

@Suite("Store: outside events")
struct StoreIntakeTests {
    @Test func ringingCallJoinsTheOneQueueOnceAndMatchesThePatientByPhone() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c1", from: "+1 (555) 0101")
        try Fixture.ring(store, "c1", from: "+1 (555) 0101", at: 1)   // a retransmit is not a second call
        let s = try store.snapshot()
        #expect(s.calls.count == 1)
        #expect(s.calls[0].patientID == s.patients.values.first { $0.mrn == "M001" }?.id)
        #expect(s.openTasks.filter { $0.kind == .call && $0.callID == "c1" }.count == 1)
    }

    @Test func aNumberSharedByTwoPatientsMatchesNobody() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c2", from: "555-0199")
        #expect(try store.call(id: "c2")?.patientID == nil)
    }

    @Test func abandonedCallBecomesACallbackDueWithinTheWindow() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c3")
        try store.apply(TimedEvent(.callAbandoned(call: "c3")), by: Fixture.desk1, now: Fixture.at(2))
        let s = try store.snapshot()
        #expect(s.calls[0].state == .abandoned)
        #expect(s.tasks.first { $0.kind == .call }?.state == .cancelled)
        let callback = try #require(s.openTasks.first { $0.kind == .callback })
        #expect(callback.dueAt == Fixture.at(2).addingTimeInterval(store.config.callbackWindow))
    }

    @Test func abandonAfterAnswerChangesNothing() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c4")
        try store.start(.answer(callID: "c4"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1))
        let before = try store.lastSequence()
        try store.apply(TimedEvent(.callAbandoned(call: "c4")), by: Fixture.desk1, now: Fixture.at(2))
        #expect(try store.lastSequence() == before)
        #expect(try store.snapshot().openTasks.contains { $0.kind == .callback } == false)
    }

    @Test func arrivalGivesTicketReadinessAndCheckInTask() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.patientArrived(appointment: "A1"), at: Fixture.at(-5)), by: Fixture.desk1, now: Fixture.at(30))
        let s = try store.snapshot()
        let v = try #require(s.visits.first { $0.appointmentRef == "A1" })
        #expect(v.status == .arrived && v.ticket == "A-001" && v.arrivedAt == Fixture.at(-5))
        #expect(v.openReadiness.count == ReadinessItem.allCases.count)
        #expect(s.openTasks.contains { $0.kind == .checkIn && $0.visitID == v.id })
    }

    @Test func walkInCreatesPatientVisitAndTask() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.walkinArrived(name: "Zoë Ångström-Lee", dateOfBirth: "2001-12-31")), by: Fixture.desk1, now: Fixture.at(3))
        let s = try store.snapshot()
        let v = try #require(s.visits.first { $0.walkIn })
        #expect(v.ticket == "W-001")
        #expect(s.patient(v.patientID)?.familyName == "Ångström-Lee")
        #expect(s.openTasks.contains { $0.kind == .checkIn && $0.visitID == v.id })
    }

    @Test(arguments: [
        IntakeEvent.patientArrived(appointment: "NOPE"),
        .providerRequest(patientMRN: "NOPE", kind: .followUp, note: nil, due: nil),
        .callAnswered(call: "never-rang", desk: "desk-1"),
        .walkinArrived(name: "  ", dateOfBirth: nil),
        .walkinArrived(name: "X", dateOfBirth: "2001-02-30"),
    ])
    func badReferencesThrowAndChangeNothing(_ event: IntakeEvent) throws {
        let store = try Fixture.memoryClinic()
        let before = try store.snapshot()
        #expect(throws: StoreError.self) { try store.apply(TimedEvent(event), by: Fixture.desk1, now: Fixture.at(1)) }
        #expect(try store.snapshot() == before)
    }

    @Test func providerRequestAndEmergencyBecomeTasks() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.providerRequest(patientMRN: "M002", kind: .discharge, note: "leaflet", due: Fixture.at(90))), by: Fixture.desk1, now: Fixture.at(1))
        try store.apply(TimedEvent(.emergency(desk: "desk-2", note: "fall in lobby")), by: Fixture.desk1, now: Fixture.at(2))
        let open = try store.snapshot().openTasks
        #expect(open.first { $0.kind == .providerRequest }?.dueAt == Fixture.at(90))
        #expect(open.first { $0.kind == .emergency }?.assignedDesk == "desk-2")
    }

    @Test func everyChangeIsJournalledAndAudited() throws {
        let store = try Fixture.memoryClinic()
        let seq = try store.lastSequence()
        try Fixture.ring(store, "c9")
        let changes = try store.changes(since: seq)
        #expect(changes.contains { $0.kind == .call && $0.id == "c9" })
        #expect(changes.contains { $0.kind == .task })
        let audit = try store.auditTrail(limit: 2).map { "\($0.action) \($0.login) \($0.desk)" }
        #expect(audit == ["call.task ana desk-1", "call.ringing ana desk-1"])
    }

    @Test func pruningTheJournalKeepsTheLastSequence() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "old", at: -600)
        try Fixture.ring(store, "new", at: 10)
        let last = try store.lastSequence()
        #expect(try store.pruneJournal(before: Fixture.at(1000)) > 0)
        #expect(try store.lastSequence() == last)
        #expect(try store.changes(since: 0).count == 1)
        #expect(try store.auditTrail().contains { $0.action == "call.ringing" })   // the audit is untouched
    }
}
