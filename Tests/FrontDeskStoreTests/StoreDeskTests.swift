import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

@Suite("Store: desk work")
struct StoreDeskTests {
    let draft = Data([0, 1, 2, 255, 0x1B]) + Data("Insurance · member id".utf8)

    @Test func aCallIsClaimedByExactlyOneDeskAndBecomesItsActiveTask() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c1")
        let won = try store.start(.answer(callID: "c1"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1))
        #expect(throws: StoreError.refused(.callNotWaiting(call: "c1", state: .answered, desk: "desk-1"))) {
            try store.start(.answer(callID: "c1"), at: "desk-2", by: Fixture.desk2, now: Fixture.at(1))
        }
        let s = try store.snapshot()
        #expect(s.calls[0].state == .answered && s.calls[0].desk == "desk-1")
        #expect(s.holding(of: "desk-1").active?.id == won.taskID && won.taskID == s.tasks.first { $0.callID == "c1" }?.id)
    }

    @Test func suspendKeepsTheDraftByteForByteAndResumeReturnsIt() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(0))
        let task = try #require(try store.snapshot().openTasks.first { $0.kind == .checkIn })
        try store.start(.take(taskID: task.id), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1))
        #expect(throws: StoreError.refused(.heldElsewhere(task: task.id, desk: "desk-1"))) {
            try store.start(.take(taskID: task.id), at: "desk-2", by: Fixture.desk2, now: Fixture.at(1))
        }
        try store.suspend(taskID: task.id, context: TaskContext(draft: draft, step: "Insurance", note: "card in bag", progress: 0.4, suspendedAt: Fixture.at(2)),
                          by: Fixture.desk1, now: Fixture.at(2))
        #expect(throws: StoreError.refused(.heldElsewhere(task: task.id, desk: "desk-1"))) {
            try store.start(.take(taskID: task.id), at: "desk-2", by: Fixture.desk2, now: Fixture.at(3))
        }
        try store.start(.take(taskID: task.id), at: "desk-1", by: Fixture.desk1, now: Fixture.at(5))
        let back = try #require(try store.task(id: task.id))
        let ctx = try #require(back.context)
        #expect(ctx.draft == draft && ctx.step == "Insurance" && ctx.note == "card in bag" && ctx.timesSuspended == 1)
        #expect(back.state == .active && back.desk == "desk-1")
    }

    @Test func theSuspendCapIsEnforced() throws {
        let store = try Fixture.memoryClinic()
        for i in 0..<3 { try Fixture.ring(store, "c\(i)") }
        let ids = try store.snapshot().openTasks.map(\.id)
        for (n, id) in ids.prefix(2).enumerated() {
            try store.start(.take(taskID: id), at: "desk-1", by: Fixture.desk1, now: Fixture.at(Double(n)))
            try store.suspend(taskID: id, context: TaskContext(suspendedAt: Fixture.at(1)), by: Fixture.desk1, now: Fixture.at(Double(n)))
        }
        try store.start(.take(taskID: ids[2]), at: "desk-1", by: Fixture.desk1, now: Fixture.at(3))
        #expect(throws: StoreError.refused(.suspendCapReached(desk: "desk-1", cap: 2))) {
            try store.suspend(taskID: ids[2], context: TaskContext(suspendedAt: Fixture.at(4)), by: Fixture.desk1, now: Fixture.at(4))
        }
        #expect(try store.snapshot().holding(of: "desk-1").suspended.map(\.id) == Array(ids.prefix(2)))
        // A closing console is never refused: its work goes aside past the cap.
        try store.suspend(taskID: ids[2], context: TaskContext(note: "desk closed", suspendedAt: Fixture.at(5)), closing: true,
                          by: Fixture.desk1, now: Fixture.at(5))
        #expect(try store.snapshot().holding(of: "desk-1").suspended.count == 3)
    }

    @Test func aDeadConsolesActiveTaskReturnsSuspendedWithItsDraft() throws {
        let store = try Fixture.memoryClinic()
        try store.registerDesk(name: "desk-1", user: "ana", now: Fixture.at(0))
        try Fixture.ring(store, "c1")
        let id = try store.start(.answer(callID: "c1"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(0)).taskID
        try store.saveDraft(taskID: id, context: TaskContext(draft: draft, step: "Reason", suspendedAt: Fixture.at(0)), by: Fixture.desk1, now: Fixture.at(0.1))
        #expect(try store.reclaimExpiredLeases(now: Fixture.at(0.2)) == 0)   // lease still good
        #expect(try store.reclaimExpiredLeases(now: Fixture.at(10)) == 1)
        let t = try #require(try store.task(id: id))
        #expect(t.state == .suspended && t.desk == nil && t.context?.draft == draft)
        try store.start(.take(taskID: id), at: "desk-2", by: Fixture.desk2, now: Fixture.at(11))   // anyone can pick it up
        #expect(try store.task(id: id)?.desk == "desk-2")
    }

    @Test func aRenewedLeaseKeepsTheTask() throws {
        let store = try Fixture.memoryClinic()
        try store.registerDesk(name: "desk-1", user: "ana", now: Fixture.at(0))
        try Fixture.ring(store, "c1")
        try store.start(.answer(callID: "c1"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(0))
        try store.renewLease(desk: "desk-1", now: Fixture.at(9.8))
        #expect(try store.reclaimExpiredLeases(now: Fixture.at(10)) == 0)
    }

    @Test func endingACallWithAPromiseLeavesACallback() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c1")
        try store.start(.answer(callID: "c1"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(0))
        let cb = try #require(try store.endCall(id: "c1", outcome: .callbackPromised, note: "lab results", by: Fixture.desk1, now: Fixture.at(3)))
        #expect(try store.task(id: cb)?.dueAt == Fixture.at(3).addingTimeInterval(store.config.callbackWindow))
        #expect(try store.openCallIDs().isEmpty)
    }

    @Test func aConcurrentEditIsRefusedWithTheCurrentRecord() throws {
        let store = try Fixture.memoryClinic()
        var p = try #require(try store.patient(mrn: "M001"))
        var other = p
        other.phone = "555-0111"
        try store.updatePatient(other, expectedVersion: 1, by: Fixture.desk2, now: Fixture.at(1))
        p.email = "jose@example.test"
        let error = try #require(throws: ConcurrentChange.self) { try store.updatePatient(p, expectedVersion: 1, by: Fixture.desk1, now: Fixture.at(2)) }
        #expect(error.current.phone == "555-0111" && error.current.version == 2)
    }

    @Test func visitTransitionsAreValidatedAndCheckInClosesTheTask() throws {
        let store = try Fixture.memoryClinic()
        let v = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A1" })
        #expect(throws: VisitTransitionError.self) { try store.setVisitStatus(visitID: v.id, to: .roomed, by: Fixture.desk1, now: Fixture.at(0)) }
        try store.setVisitStatus(visitID: v.id, to: .arrived, by: Fixture.desk1, now: Fixture.at(0))
        try store.setReadiness(visitID: v.id, item: .photoID, state: .done, by: Fixture.desk1, now: Fixture.at(1))
        try store.checkIn(visitID: v.id, by: Fixture.desk1, now: Fixture.at(2))
        let s = try store.snapshot()
        let after = try #require(s.visits.first { $0.id == v.id })
        #expect(after.status == .checkedIn && after.readiness.first { $0.item == .photoID }?.state == .done)
        #expect(s.openTasks.contains { $0.visitID == v.id } == false)
    }

    @Test func supervisorOpsNeedTheRoleAndViewsAreAudited() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c1")
        let id = try #require(try store.snapshot().openTasks.first?.id)
        #expect(throws: StoreError.self) { try store.bump(taskID: id, points: 5, by: Fixture.desk1, now: Fixture.at(1)) }
        try store.bump(taskID: id, points: 5, by: Fixture.supervisor, now: Fixture.at(1))
        #expect(try store.task(id: id)?.bump == 5)
        let pid = try #require(try store.patient(mrn: "M002")?.id)
        try store.recordView(patientID: pid, by: Fixture.desk2, now: Fixture.at(2))
        let last = try #require(try store.auditTrail(limit: 1).first)
        #expect(last.action == "patient.viewed" && last.patientID == pid && last.login == "ben")
    }

    @Test func usersAndRoles() throws {
        let store = try TestEngine.freshStore()
        let admin = Actor(login: "root", desk: "d", role: .admin)
        try store.addUser(login: "root", role: .admin, by: admin, now: Fixture.t0)
        #expect(throws: StoreError.self) { try store.addUser(login: "eve", role: .admin, by: Fixture.desk1, now: Fixture.t0) }
        try store.addUser(login: "ana", role: .receptionist, by: admin, now: Fixture.t0)
        #expect(try store.listUsers().map(\.login) == ["ana", "root"])
        try store.removeUser(login: "ana", by: admin, now: Fixture.t0)
        #expect(try store.user(login: "ana") == nil)
    }
}
