import Foundation
import Testing
@testable import FrontDeskCore

/// Callbacks are promises, one per caller; a caller who rings again is served by that call.
@Suite("callback rules")
struct CallbackRulesTests {
    static func call(_ id: String, from: String, _ state: CallState = .abandoned) -> Call {
        Call(id: id, from: from, state: state, arrivedAt: noon.addingTimeInterval(-300))
    }
    static func callback(_ id: Int64, for call: Call, _ state: TaskState = .queued, desk: String? = nil) -> DeskTask {
        var task = NewTask.callback(for: call, patientName: nil, reason: .abandoned, at: noon.addingTimeInterval(-600), window: 1800)
        task.id = id; task.state = state; task.desk = desk
        if state == .suspended { task.context = TaskContext(suspendedAt: noon.addingTimeInterval(-60)) }
        return task
    }

    @Test(arguments: [("555-0139", "(617) 555-0139", true), ("+1 617 555 0139", "6175550139", true),
                      ("555-0139", "555-0140", false), ("12345", "12345", false), ("", "", false)])
    func sameLine(_ a: String, _ b: String, _ same: Bool) {
        #expect(CallerNumber.sameLine(a, b) == same)
    }

    @Test func aHangUpLeavesOneCallbackPerCaller() throws {
        let first = Self.call("c1", from: "555-0139")
        let open = OpenCallbacks(tasks: [DeskTask](), calls: [first])
        let owed = try #require(CallbackRules.afterAbandon(first, patientName: nil, open: open, at: noon, window: 1800))
        #expect(owed.kind == .callback && owed.callID == "c1" && owed.dueAt == noon.addingTimeInterval(1800))

        // The same caller hangs up again from a differently written number: the promise stands.
        let again = Self.call("c2", from: "(617) 555-0139")
        let standing = OpenCallbacks(tasks: [Self.callback(7, for: first)], calls: [first, again])
        #expect(CallbackRules.afterAbandon(again, patientName: nil, open: standing, at: noon, window: 1800) == nil)
        #expect(CallbackRules.afterPromise(again, patientName: nil, note: "results", open: standing, at: noon, window: 1800) == nil)
        // A closed callback is no promise any more.
        let kept = OpenCallbacks(tasks: [Self.callback(7, for: first, .done)], calls: [first, again])
        #expect(CallbackRules.afterAbandon(again, patientName: nil, open: kept, at: noon, window: 1800) != nil)
    }

    @Test func answeringACallerWhoRangAgainServesTheirCallbacks() {
        let first = Self.call("c1", from: "555-0139"), other = Self.call("c3", from: "555-0777")
        let redial = Self.call("c2", from: "555-0139", .answered)
        let tasks = [Self.callback(7, for: first), Self.callback(8, for: first, .suspended, desk: "desk-2"),
                     Self.callback(9, for: first, .active, desk: "desk-3"), Self.callback(10, for: other)]
        let open = OpenCallbacks(tasks: tasks, calls: [first, other, redial])
        let served = CallbackRules.servedByAnswering(redial, at: "desk-1", open: open)
        // Queued and suspended ones close as done; the one desk-3 is dialling stays theirs; other callers untouched.
        #expect(served.map(\.id) == [7, 8])
        #expect(served.allSatisfy { $0.state == .done })
    }
}
