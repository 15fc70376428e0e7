import Foundation
import Testing
@testable import FrontDeskCore

/// What "why is this next" says for the tiers — promises, suspensions past their limit, and
/// the overloaded desk — with the default settings.
@Suite("explain and decide with tiers and overload, as tables")
struct TierExplainTableTests {
    static let calm = RankingPolicy(config: .withPromises)
    static let overloaded = RankingPolicy(config: .withPromises, overload: Overload(utilization: 2.6))

    static func ago(_ m: Double) -> Date { noon.addingTimeInterval(-m * 60) }
    static func inMinutes(_ m: Double) -> Date { noon.addingTimeInterval(m * 60) }
    static func task(_ kind: TaskKind, created: Double, due: Date? = nil) -> DeskTask {
        DeskTask(id: 1, kind: kind, title: "", createdAt: ago(created), dueAt: due)
    }
    static func suspended(_ kind: TaskKind, created: Double, away: Double) -> DeskTask {
        DeskTask(id: 1, kind: kind, state: .suspended, title: "", createdAt: ago(created), desk: "desk-1",
                 context: TaskContext(suspendedAt: ago(away)))
    }

    static let cases: [(String, RankingPolicy, DeskTask, RankTier, String, Double)] = [
        ("a callback within 10 minutes of its due time is a promise", calm,
         task(.callback, created: 22, due: inMinutes(8)), .promise,
         "callback due: a promise, kept first · waited 22 min +22 · callback owed +4 · due in 8 min +22", 48),
        ("an overdue callback stays a promise", calm, task(.callback, created: 40, due: ago(5)), .promise,
         "callback due: a promise, kept first · waited 40 min +40 · callback owed +4 · overdue 5 min +30", 74),
        ("a callback further off is scored like any task", calm, task(.callback, created: 5, due: inMinutes(25)), .scored,
         "waited 5 min +5 · callback owed +4 · due in 25 min +5", 14),
        ("without promises (the default for now) a due callback is scored too", RankingPolicy(),
         task(.callback, created: 40, due: ago(5)), .scored, "waited 40 min +40 · callback owed +4 · overdue 5 min +30", 74),
        ("suspended past its limit: the desk takes no new work first", calm, suspended(.checkIn, created: 30, away: 12), .resume,
         "suspended 12 min: back before new work · waited 12 min +36 · patient at window +40 · resumed bonus +15", 91),
        ("suspended within its limit: scored, with the resume bonus", calm, suspended(.checkIn, created: 30, away: 4), .scored,
         "waited 4 min +12 · patient at window +40 · resumed bonus +7", 59),
        ("overloaded: paperwork is deferred, its score kept for the order among deferred work", overloaded,
         task(.insuranceVerification, created: 20, due: inMinutes(120)), .deferred,
         "deferred: desk overloaded, 2.6× capacity · waited 20 min +10 · insurance to verify +2", 12),
        ("overloaded: a callback not yet due is deferred too", overloaded, task(.callback, created: 5, due: inMinutes(25)), .deferred,
         "deferred: desk overloaded, 2.6× capacity · waited 5 min +5 · callback owed +4 · due in 25 min +5", 14),
        ("overloaded: a promise is kept all the same", overloaded, task(.callback, created: 22, due: inMinutes(8)), .promise,
         "callback due: a promise, kept first · waited 22 min +22 · callback owed +4 · due in 8 min +22", 48),
        ("overloaded: a caller may hang up, so the phone goes first", overloaded, task(.call, created: 1), .scored,
         "waited 1 min +10 · caller on the line +90 · may hang up: desk overloaded, 2.6× capacity +100", 200),
        ("overloaded: a patient at the window is not deferred", overloaded, task(.checkIn, created: 7), .scored,
         "waited 7 min +21 · patient at window +40", 61),
        ("overloaded: after 6 h deferred it comes back as if new, its deadline left out", overloaded,
         task(.insuranceVerification, created: 420, due: ago(60)), .scored,
         "waited 60 min after 360 min deferred +30 · insurance to verify +2", 32),
        ("overloaded: suspended work is never deferred", overloaded, suspended(.insuranceVerification, created: 60, away: 6),
         .scored, "waited 6 min +3 · insurance to verify +2 · resumed bonus +9", 14),
        ("overloaded: an emergency is still above everything", overloaded,
         DeskTask(id: 1, kind: .emergency, title: "", createdAt: ago(2)), .emergency, "emergency: above everything · waited 2 min +1", 1),
    ]

    @Test(arguments: cases)
    func explainText(_ name: String, _ policy: RankingPolicy, _ task: DeskTask, _ tier: RankTier, _ text: String, _ total: Double) {
        let explanation = policy.explain(task, at: noon)
        #expect(explanation.tier == tier, "\(name)")
        #expect(explanation.text == text, "\(name)")
        #expect(explanation.total == total, "\(name)")
    }

    static func active(_ kind: TaskKind, due: Date? = nil) -> DeskTask {
        DeskTask(id: 10, kind: kind, state: .active, title: "", createdAt: ago(30), dueAt: due, desk: "desk-1")
    }
    static func arriving(_ kind: TaskKind) -> DeskTask { DeskTask(id: 20, kind: kind, title: "", createdAt: noon) }

    static let decisions: [(RankingPolicy, DeskTask, DeskTask, InterruptionVerdict, String)] = [
        (overloaded, active(.insuranceVerification), arriving(.call), .interruptNow,
         "Call 190 vs Verify insurance in progress 2, deferred: desk overloaded, 2.6× capacity: a tier ahead"),
        (overloaded, active(.checkIn), arriving(.insuranceVerification), .queue,
         "Verify insurance 2, deferred: desk overloaded, 2.6× capacity vs Check-in in progress 40"),
        (overloaded, active(.checkIn), arriving(.call), .interruptNow, "Call 190 vs Check-in in progress 40: ahead by 5 or more"),
        (calm, active(.callback, due: inMinutes(5)), arriving(.call), .queue,
         "Call 90 vs Callback in progress 29, callback due: a promise, kept first"),
    ]

    @Test(arguments: decisions)
    func decide(_ policy: RankingPolicy, _ active: DeskTask, _ arriving: DeskTask, _ verdict: InterruptionVerdict, _ reason: String) {
        let decision = policy.decide(active: active, arriving: arriving, stackDepth: 0, at: noon)
        #expect(decision.verdict == verdict)
        #expect(decision.reason == reason)
    }

    @Test func anArrivingCallTriesTheDeskWithTheSmallestStakeFirst() {
        let desks = [DeskHolding(desk: "desk-1", tasks: [Self.active(.checkIn)]),
                     DeskHolding(desk: "desk-2", tasks: [{ var t = Self.active(.insuranceVerification); t.desk = "desk-2"; return t }()]),
                     DeskHolding(desk: "desk-3", tasks: [{ var t = Self.active(.call); t.desk = "desk-3"; return t }()])]
        #expect(Self.calm.interruptionOrder(desks, at: noon).map(\.desk) == ["desk-2", "desk-1", "desk-3"])
        // Overloaded, the paperwork's stake is in the deferred tier: still the first to give way.
        #expect(Self.overloaded.interruptionOrder(desks, at: noon).map(\.desk) == ["desk-2", "desk-1", "desk-3"])
    }

    @Test func theStatedBoundsUnderOverload() {
        let config = PolicyConfig.default
        // 6 h deferred + (call 90 + fast aging 60 + deadline 30 + resume 18 + overloaded caller 100 − documents 1) / 0.5
        #expect(config.overloadBound == (360 + 594) * 60)
        #expect(config.overloadBound(for: .missingDocuments, passedBy: .call) == (360 + 594) * 60)
        // A check-in is never deferred: (90 + 60 + 48 + 100 − 40) / 0.5 = 516 min.
        #expect(config.overloadBound(for: .checkIn, passedBy: .call) == 516 * 60)
        // A caller passed by a check-in: both lines carry the caller's 100, so it cancels: (40 + 60 + 48 − 90 − 100) < 0.
        #expect(config.overloadBound(for: .call, passedBy: .checkIn) == 0)
        var broken = PolicyConfig(); broken.deferrableKinds.insert(.emergency); broken.resumeLimit = -1
        #expect(broken.problems.count == 2)
    }
}
