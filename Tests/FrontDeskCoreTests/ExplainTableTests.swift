import Foundation
import Testing
@testable import FrontDeskCore

/// What "why is this next" says, for each shape of task, with the default policy.
@Suite("explain and decide, as tables")
struct ExplainTableTests {
    let policy = RankingPolicy()

    static func ago(_ m: Double) -> Date { noon.addingTimeInterval(-m * 60) }
    static func inMinutes(_ m: Double) -> Date { noon.addingTimeInterval(m * 60) }
    static func suspended(_ kind: TaskKind, created: Double, away: Double) -> DeskTask {
        DeskTask(id: 1, kind: kind, state: .suspended, title: "", createdAt: ago(created),
                 context: TaskContext(suspendedAt: ago(away)))
    }

    static let cases: [(String, DeskTask, String, Double)] = [
        ("patient at the window", DeskTask(id: 1, kind: .checkIn, title: "", createdAt: ago(7)),
         "waited 7 min +21 · patient at window +40", 61),
        ("suspended check-in: waiting restarts at suspension, the bonus grows",
         suspended(.checkIn, created: 20, away: 4), "waited 4 min +12 · patient at window +40 · resumed bonus +7", 59),
        ("resume bonus stops growing at its cap (and past 10 min away, nothing new goes first)",
         suspended(.checkIn, created: 60, away: 40),
         "suspended 40 min: back before new work · waited 40 min +80 · patient at window +40 · resumed bonus +18", 138),
        ("callback inside its deadline ramp", DeskTask(id: 1, kind: .callback, title: "", createdAt: ago(10), dueAt: inMinutes(12)),
         "waited 10 min +10 · callback owed +4 · due in 12 min +18", 32),
        ("overdue callback keeps the full deadline points", DeskTask(id: 1, kind: .callback, title: "", createdAt: ago(40), dueAt: ago(5)),
         "waited 40 min +40 · callback owed +4 · overdue 5 min +30", 74),
        ("a deadline far away adds nothing yet",
         DeskTask(id: 1, kind: .insuranceVerification, title: "", createdAt: ago(2), dueAt: inMinutes(120), bump: 10),
         "waited 2 min +1 · insurance to verify +2 · bumped by supervisor +10", 13),
        ("a ringing call", DeskTask(id: 1, kind: .call, title: "", createdAt: noon), "waited 0 min +0 · caller on the line +90", 90),
        ("a caller on hold ages fast: 10 points a minute",
         DeskTask(id: 1, kind: .call, title: "", createdAt: ago(3)), "waited 3 min +30 · caller on the line +90", 120),
        ("fast aging stops at its cap, then ages at the slowest rate (0.5/min): 60 + 10 × 0.5",
         DeskTask(id: 1, kind: .call, title: "", createdAt: ago(10)), "waited 10 min +65 · caller on the line +90", 155),
        ("paperwork ages slowly", DeskTask(id: 1, kind: .missingDocuments, title: "", createdAt: ago(60)),
         "waited 60 min +30 · documents missing +1", 31),
        ("emergency is a tier, not a score", DeskTask(id: 1, kind: .emergency, title: "", createdAt: ago(2)),
         "emergency: above everything · waited 2 min +1", 1),
    ]

    @Test(arguments: cases)
    func explainText(_ name: String, _ task: DeskTask, _ text: String, _ total: Double) {
        let explanation = policy.explain(task, at: noon)
        #expect(explanation.text == text, "\(name)")
        #expect(explanation.total == total, "\(name)")
        #expect(explanation.isEmergency == (task.kind == .emergency))
    }

    static func active(_ kind: TaskKind, masked: Bool = false) -> DeskTask {
        DeskTask(id: 10, kind: kind, state: .active, title: "", createdAt: ago(30), desk: "desk-1", masked: masked)
    }
    static func arriving(_ kind: TaskKind) -> DeskTask { DeskTask(id: 20, kind: kind, title: "", createdAt: noon) }

    static let decisions: [(DeskTask?, DeskTask, Int, InterruptionVerdict, String)] = [
        (nil, arriving(.callback), 0, .interruptNow, "desk is free"),
        (active(.callback), arriving(.call), 0, .interruptNow, "Call 90 vs Callback in progress 4: ahead by 5 or more"),
        (active(.checkIn), arriving(.call), 0, .interruptNow, "Call 90 vs Check-in in progress 40: ahead by 5 or more"),
        (active(.checkIn, masked: true), arriving(.call), 0, .offerAtNextBreak,
         "Check-in is in a masked step; Call 90 vs Check-in in progress 40, offered at the next break"),
        (active(.call), arriving(.checkIn), 0, .queue, "Check-in 40 vs Call in progress 90: not 5 points ahead"),
        (active(.insuranceVerification), arriving(.call), 2, .queue,
         "already 2 tasks suspended (cap 2); only an emergency interrupts"),
        (active(.checkIn, masked: true), arriving(.emergency), 2, .interruptNow,
         "emergency: above everything (passes the mask) (passes the suspend cap)"),
        (active(.emergency), arriving(.call), 0, .queue, "an emergency is in progress"),
    ]

    @Test(arguments: decisions)
    func decide(_ active: DeskTask?, _ arriving: DeskTask, _ depth: Int, _ verdict: InterruptionVerdict, _ reason: String) {
        let decision = policy.decide(active: active, arriving: arriving, stackDepth: depth, at: noon)
        #expect(decision.verdict == verdict)
        #expect(decision.reason == reason)
    }

    @Test func aNewcomerDoesNotJumpATaskThatOutranksIt() {
        let waitingLong = DeskTask(id: 30, kind: .checkIn, title: "", createdAt: Self.ago(25))
        let decision = policy.decide(active: Self.active(.callback), arriving: Self.arriving(.call), stackDepth: 0,
                                     at: noon, queueHead: waitingLong)
        #expect(decision == Decision(.queue, "Check-in waiting ranks higher"))
    }

    @Test func theDefaultStarvationBoundIsStated() {
        let config = PolicyConfig.default
        // (call 90 + fast aging 60 + deadline 30 + resume 18 − documents 1) / 0.5 per minute
        #expect(config.starvationBound == 394 * 60)
        #expect(config.starvationBound(for: .missingDocuments, passedBy: .call) == 394 * 60)
        // (check-in 40 + fast aging 60 + deadline 30 + resume 18 − call 90) / 0.5: a slower kind passes
        // a call only if it has waited far longer.
        #expect(config.starvationBound(for: .call, passedBy: .checkIn) == 116 * 60)
        // documents 1 + deadline 30 + resume 18 < call 90: documents never pass a call that waited longer.
        #expect(config.starvationBound(for: .call, passedBy: .missingDocuments) == 0)
        #expect(config.problems.isEmpty)
        var broken = PolicyConfig(); broken.pointsPerMinute[.insuranceVerification] = 0
        #expect(broken.problems == ["pointsPerMinute for Verify insurance must be above 0, or tasks can starve"])
        broken = PolicyConfig(); broken.pointsPerMinute[.callback] = nil
        #expect(broken.problems.count == 1)
    }
}
