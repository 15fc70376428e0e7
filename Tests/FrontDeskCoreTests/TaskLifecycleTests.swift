import Foundation
import Testing
@testable import FrontDeskCore

/// The one rule set of desk work, as table tests: what each step changes and what it refuses.
@Suite("Desk work: take, set aside, suspend, close")
struct TaskLifecycleTests {
    static let noon = Date(timeIntervalSince1970: 1_772_452_800)
    let rules = TaskLifecycle(suspendCap: 2)

    func task(_ id: Int64, _ state: TaskState = .queued, kind: TaskKind = .callback, desk: String? = nil,
              assigned: String? = nil, masked: Bool = false) -> DeskTask {
        DeskTask(id: id, kind: kind, state: state, title: "t\(id)", createdAt: Self.noon.addingTimeInterval(-600),
                 desk: desk, context: state == .suspended ? TaskContext(note: "n\(id)", suspendedAt: Self.noon.addingTimeInterval(Double(-id))) : nil,
                 masked: masked, assignedDesk: assigned)
    }

    @Test("taking on a busy desk sets the active task aside with the given context, then takes the new one")
    func takeSetsAside() throws {
        let active = task(1, .active, kind: .checkIn, desk: "d1")
        let aside = TaskContext(draft: Data([1, 2]), step: "Insurance", note: "card in bag", progress: 0.4, suspendedAt: .distantPast)
        let changed = try rules.take(task(2, kind: .call), at: DeskHolding(desk: "d1", tasks: [active]), settingAside: aside, now: Self.noon)
        #expect(changed.map(\.id) == [1, 2])
        #expect(changed[0].state == .suspended && changed[0].desk == "d1")
        #expect(changed[0].context == TaskContext(draft: Data([1, 2]), step: "Insurance", note: "card in bag", progress: 0.4,
                                                  suspendedAt: Self.noon, timesSuspended: 1))
        #expect(changed[1].state == .active && changed[1].desk == "d1")
    }

    @Test("each refusal names its reason and changes nothing", arguments: [
        ("another desk holds it", 0),
        ("reassigned elsewhere", 1),
        ("closed", 2),
        ("masked step", 3),
        ("suspend cap", 4),
    ])
    func refusals(_ name: String, _ row: Int) throws {
        let holdings: [DeskHolding] = [
            DeskHolding(desk: "d1"), DeskHolding(desk: "d1"), DeskHolding(desk: "d1"),
            DeskHolding(desk: "d1", tasks: [task(1, .active, kind: .checkIn, desk: "d1", masked: true)]),
            DeskHolding(desk: "d1", tasks: [task(1, .active, desk: "d1"), task(3, .suspended, desk: "d1"), task(4, .suspended, desk: "d1")]),
        ]
        let targets = [task(2, .active, desk: "d2"), task(2, assigned: "d2"), task(2, .done), task(2, kind: .call), task(2, kind: .call)]
        let expected: [WorkRefusal] = [.heldElsewhere(task: 2, desk: "d2"), .assignedElsewhere(task: 2, desk: "d2"),
                                       .notOpen(task: 2, state: .done), .maskedStep(.checkIn), .suspendCapReached(desk: "d1", cap: 2)]
        #expect(throws: expected[row]) { try rules.take(targets[row], at: holdings[row], now: Self.noon) }
    }

    @Test("an emergency passes the mask and the cap")
    func emergencyPasses() throws {
        let full = DeskHolding(desk: "d1", tasks: [task(1, .active, kind: .checkIn, desk: "d1", masked: true),
                                                   task(3, .suspended, desk: "d1"), task(4, .suspended, desk: "d1")])
        let changed = try rules.take(task(9, kind: .emergency), at: full, now: Self.noon)
        #expect(changed.map(\.state) == [.suspended, .active])
        #expect(changed[0].masked, "the mask stays with the step and comes back on resume")
    }

    @Test("resuming one of the desk's own suspended tasks at the cap swaps places: the count stays")
    func resumeSwapsAtCap() throws {
        let full = DeskHolding(desk: "d1", tasks: [task(1, .active, desk: "d1"), task(3, .suspended, desk: "d1"), task(4, .suspended, desk: "d1")])
        let changed = try rules.take(full.suspended[0], at: full, now: Self.noon)
        let after = DeskHolding(desk: "d1", tasks: [changed[0], changed[1], full.suspended[1]])
        #expect(after.active?.id == 4 || after.active?.id == 3)
        #expect(after.suspended.count == 2)
        #expect(changed[1].context?.note == full.suspended[0].context?.note, "the resumed task keeps its context")
    }

    @Test("a suspended task nobody holds (returned from a dead console) can be taken by any desk")
    func returnedWorkIsOpenToAll() throws {
        let back = rules.returnToQueue(task(5, .active, kind: .checkIn, desk: "d9"), from: "d9", now: Self.noon)
        #expect(back.state == .suspended && back.desk == nil && back.context?.note == "returned: desk d9 stopped responding")
        #expect(try rules.take(back, at: DeskHolding(desk: "d1"), now: Self.noon).last?.desk == "d1")
    }

    @Test("closing: open tasks only, and never another desk's active task")
    func closing() throws {
        #expect(try rules.close(task(1, .active, desk: "d1", masked: true), by: "d1") == {
            var t = task(1, .active, desk: "d1"); t.state = .done; return t }())
        #expect(throws: WorkRefusal.heldElsewhere(task: 1, desk: "d2")) { try rules.close(task(1, .active, desk: "d2"), by: "d1") }
        #expect(throws: WorkRefusal.notOpen(task: 1, state: .cancelled)) { try rules.close(task(1, .cancelled), by: "d1") }
    }

    @Test("a callback always carries the number; a placeholder caller-id name is not a name")
    func callbackTitles() {
        let at = Self.noon
        func call(_ name: String?) -> Call { Call(id: "c1", from: "555-0142", callerName: name, state: .abandoned, arrivedAt: at) }
        let rows: [(String?, String?, NewTask.CallbackReason, String)] = [
            (nil, nil, .abandoned, "Call back 555-0142"),
            ("UNKNOWN CALLER", nil, .abandoned, "Call back 555-0142"),
            ("Omar K", nil, .abandoned, "Call back Omar K · 555-0142"),
            ("Omar K", "Kowalczyk, Omar", .promised(note: "lab results"), "Call back Kowalczyk, Omar · 555-0142: lab results"),
        ]
        for (name, patient, reason, title) in rows {
            let t = NewTask.callback(for: call(name), patientName: patient, reason: reason, at: at, window: 1800)
            #expect(t.title == title && t.kind == .callback && t.callID == "c1" && t.dueAt == at.addingTimeInterval(1800))
        }
    }
}
