import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// Callbacks are promises, one per caller, kept by the store in the same transaction as the
/// call event that makes or serves them (`CallbackRules`).
@Suite("Store: callbacks, one per caller")
struct StoreCallbackTests {
    func callbacks(_ store: ClinicStore) throws -> [DeskTask] {
        try store.snapshot().tasks.filter { $0.kind == .callback }
    }

    @Test func aCallerWhoHangsUpTwiceIsOwedOneCallbackWithTheFirstDueTime() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "a1", from: "(617) 555-0139", at: 0)
        try store.apply(TimedEvent(.callAbandoned(call: "a1")), by: Fixture.desk1, now: Fixture.at(2))
        try Fixture.ring(store, "a2", from: "617-555-0139", at: 10)
        try store.apply(TimedEvent(.callAbandoned(call: "a2")), by: Fixture.desk1, now: Fixture.at(12))
        let owed = try callbacks(store).filter { $0.state.isOpen }
        #expect(owed.count == 1)
        #expect(owed.first?.dueAt == Fixture.at(2).addingTimeInterval(store.config.callbackWindow))
        #expect(try store.auditTrail().contains { $0.action == "callback.already-owed" && $0.detail == "a2" })
        // Another line is owed its own.
        try Fixture.ring(store, "b1", from: "555-0777", at: 13)
        try store.apply(TimedEvent(.callAbandoned(call: "b1")), by: Fixture.desk1, now: Fixture.at(14))
        #expect(try callbacks(store).filter { $0.state.isOpen }.count == 2)
    }

    @Test func aCallerWhoRingsAgainAndIsAnsweredClosesTheirCallback() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "a1", from: "555-0139", at: 0)
        try store.apply(TimedEvent(.callAbandoned(call: "a1")), by: Fixture.desk1, now: Fixture.at(2))
        try Fixture.ring(store, "a2", from: "555-0139", at: 5)
        // Ringing again alone keeps the promise (they may hang up again).
        #expect(try callbacks(store).first?.state == .queued)
        try store.start(.answer(callID: "a2"), at: Fixture.desk1.desk, by: Fixture.desk1, now: Fixture.at(6))
        let cb = try #require(try callbacks(store).first)
        #expect(cb.state == .done)
        #expect(try store.auditTrail().contains { $0.action == "callback.served" && $0.detail?.contains("a2") == true })
    }

    @Test func aPromiseAtTheEndOfACallIsNotMadeTwice() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "a1", from: "555-0139", at: 0)
        try store.apply(TimedEvent(.callAbandoned(call: "a1")), by: Fixture.desk1, now: Fixture.at(1))
        try Fixture.ring(store, "a2", from: "555-0139", at: 3)
        // Desk 2 answers a2 while desk 1 is already dialling the callback: the callback stays desk 1's.
        let owed = try #require(try callbacks(store).first)
        try store.start(.take(taskID: owed.id), at: Fixture.desk1.desk, by: Fixture.desk1, now: Fixture.at(4))
        try store.start(.answer(callID: "a2"), at: Fixture.desk2.desk, by: Fixture.desk2, now: Fixture.at(4))
        #expect(try store.task(id: owed.id)?.state == .active)
        let again = try store.endCall(id: "a2", outcome: .callbackPromised, note: "after 3", by: Fixture.desk2, now: Fixture.at(6))
        #expect(again == owed.id)
        #expect(try callbacks(store).filter { $0.state.isOpen }.count == 1)
    }
}
