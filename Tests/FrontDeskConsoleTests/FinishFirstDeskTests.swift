import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore

/// Finish before starting, as the desk shows it: work it set aside comes back before new work
/// of its kind, and Next Up says so.
@Suite("Desk finishes before it starts")
struct FinishFirstDeskTests {
    @Test("a provider request set aside comes before the older one in Next Up, and Why says finish before starting")
    func setAsideComesBackFirst() throws {
        let store = try Clinic.store(waitingCalls: false)
        try store.apply(TimedEvent(.providerRequest(patientMRN: "M001", kind: .followUp, note: "new one", due: nil), at: Clinic.at(-6)),
                        by: Clinic.feed, now: Clinic.at(-6))
        let requests = try store.snapshot().tasks.filter { $0.kind == .providerRequest }.sorted { $0.createdAt < $1.createdAt }
        let older = try #require(requests.first), fresh = try #require(requests.last)
        #expect(older.id != fresh.id)
        try store.start(.take(taskID: fresh.id), at: Clinic.desk, by: Clinic.ana, now: Clinic.at(-5))
        try store.suspend(taskID: fresh.id, context: TaskContext(step: "asked the lab", progress: 0.5, suspendedAt: Clinic.at(-3)),
                          by: Clinic.ana, now: Clinic.at(-3))
        let s = DeskSession(store)
        let aside = try #require(s.stored.task(fresh.id))
        // On points alone the older request goes first…
        #expect(s.state.policy.precedes(older, aside, at: s.state.now))
        // …but this desk finishes the one it holds before it starts another.
        let ranked = s.state.rankedWork.map(\.id)
        let at = try #require(ranked.firstIndex(of: aside.id)), before = try #require(ranked.firstIndex(of: older.id))
        #expect(at < before)
        s.press(.backTab)                            // Next Up
        for _ in 0..<20 where s.state.selectedTask?.id != aside.id { s.press(.down) }
        #expect(s.screen.contains("Why: finish before starting"), "\(s.screen)")
        for _ in 0..<20 where s.state.selectedTask?.id != older.id { s.press(.down) }
        #expect(!s.screen.contains("Why: finish before starting"))
    }
}
