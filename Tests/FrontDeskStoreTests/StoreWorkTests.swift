import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore
import TestSupport

/// One user action, one transaction: what each intention-named action changes together,
/// and that racing desks leave exactly one winner and the loser untouched.
@Suite("Store: one transaction per desk action")
struct StoreWorkTests {
    let aside = TaskContext(draft: Data("half a form".utf8), step: "Insurance · payer", note: "card in bag", progress: 0.3,
                            suspendedAt: .distantPast)

    /// desk-1 working on A1's check-in.
    func deskOnCheckIn(_ store: ClinicStore) throws -> (visit: Int64, task: Int64) {
        let visit = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A1" }?.id)
        let task = try store.start(.openCheckIn(visitID: visit), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1)).taskID
        return (visit, task)
    }

    @Test("opening a check-in marks the patient arrived, claims the task and audits the record view — together")
    func openCheckInIsOneTransaction() throws {
        let store = try Fixture.memoryClinic()
        let before = try store.lastSequence()
        let (visit, task) = try deskOnCheckIn(store)
        let s = try store.snapshot()
        #expect(s.visits.first { $0.id == visit }?.status == .arrived)
        #expect(s.holding(of: "desk-1").active?.id == task)
        let actions = try store.auditTrail(limit: 10).reversed().map(\.action)
        #expect(Array(actions.suffix(4)) == ["patient.arrived", "checkin.queued", "task.claimed", "patient.viewed"])
        #expect(Set(try store.changes(since: before).map(\.kind)) == [.visit, .task, .desk])
    }

    @Test("when the claim is refused, the arrival it would have made is not made either")
    func refusedOpenChangesNothing() throws {
        let store = try Fixture.memoryClinic()
        // desk-1 at the cap: two suspended calls and a third in hand.
        for i in 0..<3 {
            try Fixture.ring(store, "c\(i)")
            try store.start(.answer(callID: "c\(i)"), at: "desk-1", settingAside: aside, by: Fixture.desk1, now: Fixture.at(Double(i)))
        }
        let visit = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A2" }?.id)
        let before = try store.lastSequence()
        #expect(throws: StoreError.refused(.suspendCapReached(desk: "desk-1", cap: 2))) {
            try store.start(.openCheckIn(visitID: visit), at: "desk-1", settingAside: aside, by: Fixture.desk1, now: Fixture.at(5))
        }
        #expect(try store.lastSequence() == before)
        let s = try store.snapshot()
        #expect(s.visits.first { $0.id == visit }?.status == .scheduled && !s.tasks.contains { $0.visitID == visit })
    }

    @Test("answering with a task in hand puts it aside with the screen's context and claims the call, in one step")
    func answerSetsAside() throws {
        let store = try Fixture.memoryClinic()
        let (_, checkIn) = try deskOnCheckIn(store)
        try Fixture.ring(store, "c1", at: 2)
        let started = try store.start(.answer(callID: "c1"), at: "desk-1", settingAside: aside, by: Fixture.desk1, now: Fixture.at(3))
        #expect(started.setAside == checkIn)
        let t = try #require(try store.task(id: checkIn))
        #expect(t.state == .suspended && t.desk == "desk-1")
        #expect(t.context?.draft == aside.draft && t.context?.note == "card in bag" && t.context?.suspendedAt == Fixture.at(3))
        #expect(try store.snapshot().holding(of: "desk-1").active?.callID == "c1")
    }

    @Test("raising an emergency at a desk creates it and takes it at once, past a masked step")
    func emergencyIsTakenAtOnce() throws {
        let store = try Fixture.memoryClinic()
        let (_, checkIn) = try deskOnCheckIn(store)
        try store.setMasked(taskID: checkIn, true, by: Fixture.desk1, now: Fixture.at(2))
        let e = try store.start(.emergency(note: "fall in lobby"), at: "desk-1", settingAside: aside, by: Fixture.desk1, now: Fixture.at(3))
        let s = try store.snapshot()
        #expect(s.holding(of: "desk-1").active?.id == e.taskID && s.task(e.taskID)?.title == "fall in lobby")
        #expect(s.task(checkIn)?.state == .suspended && s.task(checkIn)?.masked == true)
    }

    @Test("a masked step refuses other work and nothing changes")
    func maskRefuses() throws {
        let store = try Fixture.memoryClinic()
        let (_, checkIn) = try deskOnCheckIn(store)
        try store.setMasked(taskID: checkIn, true, by: Fixture.desk1, now: Fixture.at(2))
        try Fixture.ring(store, "c1", at: 2)
        let before = try store.lastSequence()
        #expect(throws: StoreError.refused(.maskedStep(.checkIn))) {
            try store.start(.answer(callID: "c1"), at: "desk-1", settingAside: aside, by: Fixture.desk1, now: Fixture.at(3))
        }
        #expect(try store.lastSequence() == before)
        #expect(try store.call(id: "c1")?.state == .waiting)
    }

    @Test("completing a check-in task while the patient is still arrived checks them in, decided in the transaction")
    func completeDecidesInside() throws {
        let store = try Fixture.memoryClinic()
        let (visit, task) = try deskOnCheckIn(store)
        try store.complete(taskID: task, by: Fixture.desk1, now: Fixture.at(4))
        let s = try store.snapshot()
        #expect(s.visits.first { $0.id == visit }?.status == .checkedIn && s.task(task)?.state == .done)
    }

    /// Several connections to one file, released together, each doing `action` once.
    func race(_ store: ClinicStore, desks: Int, _ action: @escaping @Sendable (ClinicStore, Actor) throws -> Void) throws -> [Actor] {
        let path = try #require(store.path)
        let stores = try (0..<desks).map { _ in try ClinicStore.open(path: path) }
        let winners = Locked<[Actor]>([])
        DispatchQueue.concurrentPerform(iterations: desks) { i in
            let actor = Actor(login: "u\(i)", desk: "desk-r\(i)", role: .receptionist)
            if (try? action(stores[i], actor)) != nil { winners.mutate { $0.append(actor) } }
        }
        return winners.value
    }

    @Test("two desks opening the same check-in: exactly one wins", arguments: 0..<5)
    func checkInRace(_ round: Int) throws {
        let store = try Fixture.diskClinic()
        let visit = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A1" }?.id)
        let winners = try race(store, desks: 2) { s, actor in
            try s.start(.openCheckIn(visitID: visit), at: actor.desk, by: actor, now: Fixture.at(1))
        }
        #expect(winners.count == 1)
        let snap = try store.snapshot()
        let tasks = snap.tasks.filter { $0.visitID == visit && $0.kind == .checkIn }
        #expect(tasks.count == 1 && tasks[0].state == .active && tasks[0].desk == winners.first?.desk)
    }

    @Test("two desks with tasks in hand answering the same call: one wins, the loser keeps working on its task", arguments: 0..<5)
    func answerRace(_ round: Int) throws {
        let store = try Fixture.diskClinic()
        // Each racing desk already works on a task of its own.
        for i in 0..<2 {
            try Fixture.ring(store, "own-\(i)")
            let actor = Actor(login: "u\(i)", desk: "desk-r\(i)", role: .receptionist)
            try store.start(.answer(callID: "own-\(i)"), at: actor.desk, by: actor, now: Fixture.at(0.5))
        }
        try Fixture.ring(store, "race", at: 1)
        let before = try store.snapshot()
        let aside = self.aside
        let winners = try race(store, desks: 2) { s, actor in
            try s.start(.answer(callID: "race"), at: actor.desk, settingAside: aside, by: actor, now: Fixture.at(2))
        }
        #expect(winners.count == 1)
        let after = try store.snapshot()
        for i in 0..<2 {
            let desk = "desk-r\(i)"
            if desk == winners.first?.desk {
                #expect(after.holding(of: desk).active?.callID == "race")
            } else {
                #expect(after.holding(of: desk) == before.holding(of: desk), "the loser's task is untouched")
            }
        }
    }

    @Test("a busy database is told by SQLite's result code and nothing is written")
    func busyIsAResultCode() throws {
        var config = StoreConfig(); config.busyTimeout = 0.05
        let store = try ClinicStore.open(path: try #require(try Fixture.diskClinic().path), config: config)
        let path = try #require(store.path)
        let holder = try sqlite3Holding(path)
        defer { holder.release() }
        #expect(throws: StoreError.busy) { try Fixture.ring(store, "c1") }
        holder.release()
        try Fixture.ring(store, "c1")
        #expect(try store.call(id: "c1") != nil)
    }
}

