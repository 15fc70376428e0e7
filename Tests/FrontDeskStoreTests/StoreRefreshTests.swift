import Foundation
import Testing
import PropertyBased
import FrontDeskCore
@testable import FrontDeskStore

/// A console patches its snapshot from the rows the journal names; that must always equal
/// reading the whole day afresh, whatever happened in between.
@Suite("Store: reading only what changed")
struct StoreRefreshTests {
    /// One random desk or feed action; failures (a rule saying no) are part of the day too.
    static func act(_ store: ClinicStore, _ rng: inout SeededGenerator, step: Int) {
        let now = Fixture.at(Double(step))
        let desks = [Fixture.desk1, Fixture.desk2]
        let actor = desks[Int(rng.next() % 2)]
        let snap = (try? store.snapshot()) ?? ClinicSnapshot()
        switch rng.next() % 11 {
        case 0: try? Fixture.ring(store, "c\(step)", from: ["555-0101", "555-0199", "555-7777"][Int(rng.next() % 3)], at: Double(step))
        case 1: if let c = snap.calls.filter({ $0.state.isWaiting }).first {
            _ = try? store.start(.answer(callID: c.id), at: actor.desk, settingAside: TaskContext(note: "n\(step)", suspendedAt: now), by: actor, now: now) }
        case 2: if let c = snap.calls.first(where: { $0.state == .answered }) {
            _ = try? store.endCall(id: c.id, outcome: rng.chance(0.5) ? .callbackPromised : .informationGiven, note: nil, by: actor, now: now) }
        case 3: if let c = snap.calls.first(where: { $0.state.isWaiting }) { try? store.apply(TimedEvent(.callAbandoned(call: c.id)), by: actor, now: now) }
        case 4: if let v = snap.visits.randomElement(using: &rng) { _ = try? store.start(.openCheckIn(visitID: v.id), at: actor.desk, by: actor, now: now) }
        case 5: if let t = snap.holding(of: actor.desk).active {
            try? store.suspend(taskID: t.id, context: TaskContext(draft: Data([UInt8(step % 256)]), note: "aside", suspendedAt: now), by: actor, now: now) }
        case 6: if let t = snap.openTasks.randomElement(using: &rng) { _ = try? store.start(.take(taskID: t.id), at: actor.desk, by: actor, now: now) }
        case 7: if let t = snap.holding(of: actor.desk).active { try? store.complete(taskID: t.id, by: actor, now: now) }
        case 8: try? store.apply(TimedEvent(.walkinArrived(name: "Walk In\(step)", dateOfBirth: nil)), by: actor, now: now)
        case 9: if var p = snap.patients.values.randomElement(using: &rng) {
            p.phone = "555-\(1000 + step)"; try? store.updatePatient(p, expectedVersion: p.version, by: actor, now: now) }
        default: if let v = snap.visits.randomElement(using: &rng) {
            try? store.setReadiness(visitID: v.id, item: .photoID, state: rng.chance(0.5) ? .done : .open, by: actor, now: now) }
        }
    }

    /// Which parts of two snapshots differ, in a line a person can read.
    static func difference(_ a: ClinicSnapshot, _ b: ClinicSnapshot) -> String {
        var out: [String] = []
        if a.sequence != b.sequence { out.append("sequence \(a.sequence) vs \(b.sequence)") }
        if Set(a.patients.keys) != Set(b.patients.keys) { out.append("patients \(a.patients.keys.sorted()) vs \(b.patients.keys.sorted())") }
        for (id, p) in a.patients where b.patients[id] != nil && b.patients[id] != p { out.append("patient \(id)") }
        if a.visits.map(\.id) != b.visits.map(\.id) { out.append("visit ids \(a.visits.map(\.id)) vs \(b.visits.map(\.id))") }
        for (x, y) in zip(a.visits, b.visits) where x != y { out.append("visit \(x.id): \(x) vs \(y)") }
        if a.calls.map(\.id) != b.calls.map(\.id) { out.append("call ids \(a.calls.map(\.id)) vs \(b.calls.map(\.id))") }
        for (x, y) in zip(a.calls, b.calls) where x != y { out.append("call \(x.id): \(x) vs \(y)") }
        if a.tasks.map(\.id) != b.tasks.map(\.id) { out.append("task ids \(a.tasks.map(\.id)) vs \(b.tasks.map(\.id))") }
        for (x, y) in zip(a.tasks, b.tasks) where x != y { out.append("task \(x.id): \(x) vs \(y)") }
        if a.desks != b.desks { out.append("desks \(a.desks) vs \(b.desks)") }
        return out.joined(separator: "; ")
    }

    @Test("after any run of actions, the patched snapshot equals a full read of the day")
    func patchedEqualsFull() async throws {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            let store = try Fixture.memoryClinic()
            let day = DateInterval(start: Fixture.at(-600), end: Fixture.at(840))
            var rng = SeededGenerator(seed: seed)
            var seen = try store.snapshot(day: day)
            for step in 0..<40 {
                Self.act(store, &rng, step: step)
                if rng.chance(0.6) {   // consoles do not refresh after every single commit
                    seen = try store.refresh(seen)
                    let full = try store.snapshot(day: day)
                    #expect(seen == full, "step \(step): \(Self.difference(seen, full))")
                }
            }
        }
    }

    @Test("a row that leaves the day leaves the snapshot; a journal pruned past the snapshot gives a full read")
    func leavingAndPruned() throws {
        let store = try Fixture.memoryClinic()
        let day = DateInterval(start: Fixture.at(-60), end: Fixture.at(600))
        try Fixture.ring(store, "c1", at: -120)          // rang before the day, still waiting: open, so it belongs
        var seen = try store.snapshot(day: day)
        #expect(seen.calls.map(\.id) == ["c1"])
        try store.apply(TimedEvent(.callEnded(call: "c1", reason: nil)), by: Fixture.desk1, now: Fixture.at(1))
        seen = try store.refresh(seen)
        let full = try store.snapshot(day: day)
        #expect(seen.calls.isEmpty && seen == full)
        try Fixture.ring(store, "c2", at: 2)
        try store.pruneJournal(before: Fixture.at(10))
        let refreshed = try store.refresh(seen), reread = try store.snapshot(day: day)
        #expect(refreshed == reread)
    }
}
