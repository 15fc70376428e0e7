import Foundation
import PropertyBased
import Testing
@testable import FrontDeskCore

@Suite("Ranking policy properties")
struct PolicyPropertyTests {
    /// The full policy: callbacks kept as promises.
    let policy = RankingPolicy(config: .withPromises)

    @Test("emergencies always rank first and always interrupt, past masks and the cap")
    func emergenciesFirst() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 1 ... 60)) { seed, count in
            let ranked = policy.rank(randomTasks(seed: seed, count: count), at: noon)
            let firstOther = ranked.firstIndex { $0.kind != .emergency } ?? ranked.count
            #expect(ranked[firstOther...].allSatisfy { $0.kind != .emergency })
            for active in ranked where active.kind != .emergency {
                var masked = active; masked.masked = true
                let decision = policy.decide(active: masked, arriving: DeskTask(id: 999, kind: .emergency, title: "E", createdAt: noon),
                                             stackDepth: policy.config.suspendCap, at: noon)
                #expect(decision.verdict == .interruptNow)
            }
        }
    }

    @Test("the ranking is a strict total order that does not depend on input order")
    func totalOrder() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 1 ... 60)) { seed, count in
            let tasks = randomTasks(seed: seed, count: count)
            var rng = SeededGenerator(seed: seed ^ 0xABCDEF)
            let shuffled = tasks.shuffled(using: &rng)
            #expect(policy.rank(tasks, at: noon).map(\.id) == policy.rank(shuffled, at: noon).map(\.id))
            for a in tasks { for b in tasks where a.id != b.id {
                #expect(policy.precedes(a, b, at: noon) != policy.precedes(b, a, at: noon))
            } }
        }
    }

    /// The defaults, and a small fast-aging cap so that tasks cross that breakpoint often.
    static let queueConfigs: [PolicyConfig] = {
        var smallCap = PolicyConfig(); smallCap.fastAgingCap = 4
        smallCap.pointsPerMinute = [.call: 7, .checkIn: 2.5, .callback: 1.25, .providerRequest: 0.75,
                                    .insuranceVerification: 0.3, .missingDocuments: 0.3]
        return [.default, .withPromises, smallCap]
    }()

    @Test("the O(log n) queue always offers what a full ranking puts first, as time passes and tasks change",
          arguments: queueConfigs)
    func queueAgreesWithFullRank(config: PolicyConfig) async {
        let policy = RankingPolicy(config: config)
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var tasks = randomTasks(seed: seed, count: 40)
            var queue = TaskQueue(tasks, policy: policy, now: noon)
            var now = noon
            for desk in ["desk-1", "desk-2"] {
                for _ in 0..<40 {
                    now = now.addingTimeInterval(Double(rng.next() % 600))   // crosses deadline and cap breakpoints
                    let expected = policy.next(for: desk, among: tasks, at: now)
                    #expect(queue.next(for: desk, at: now)?.id == expected?.id)
                    guard let taken = expected, let index = tasks.firstIndex(where: { $0.id == taken.id }) else { break }
                    if rng.chance(0.5) {
                        tasks.remove(at: index); queue.remove(id: taken.id)
                    } else {
                        tasks[index].bump += 3; tasks[index].state = rng.chance(0.5) ? .active : .queued
                        queue.update(tasks[index])
                    }
                }
            }
        }
    }

    @Test("out of overload nothing is passed by a task that started waiting more than the stated pairwise bound later")
    func noStarvation() async {
        let config = policy.config
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            // One desk, 4-minute jobs, a task every 3 minutes on average: over capacity, so a
            // backlog builds and only the policy decides who waits.
            var rng = SeededGenerator(seed: seed)
            var t: TimeInterval = 0
            let arrivals: [DeskTask] = (1...80).map { i in
                t += rng.exponential(mean: 180)
                let kind = rng.pick(TaskKind.allCases.filter { $0 != .emergency })
                var task = DeskTask(id: Int64(i), kind: kind, title: "", createdAt: noon.addingTimeInterval(t.rounded()))
                if rng.chance(0.3) { task.dueAt = task.createdAt.addingTimeInterval(Double(rng.next() % 90) * 60) }
                return task
            }
            var queue = TaskQueue(policy: policy, now: noon)
            var pending = arrivals[...]
            var started: [DeskTask] = []
            var clock = noon
            let desk = "desk-1"
            while started.count < arrivals.count {
                while let a = pending.first, a.createdAt <= clock { queue.insert(a); pending.removeFirst() }
                guard let next = queue.next(for: desk, at: clock) else { clock = pending.first!.createdAt; continue }
                // Everything still waiting that began waiting earlier than `next` must be within the bound —
                // unless `next` is a promised callback, which passes everything by design.
                let passesByTier = policy.key(next, at: clock).tier != .scored
                for waiting in queue.allTasks where !passesByTier && waiting.id != next.id && waiting.waitingSince < next.waitingSince {
                    let bound = config.starvationBound(for: waiting.kind, passedBy: next.kind)
                    #expect(next.waitingSince.timeIntervalSince(waiting.waitingSince) <= bound,
                            "\(waiting.kind.label) passed by a \(next.kind.label) that began waiting later than Δ = \(bound) s")
                }
                queue.remove(id: next.id); started.append(next)
                clock = clock.addingTimeInterval(240)
            }
        }
    }

    @Test("suspend then resume returns the context byte for byte")
    func suspendResumeRoundTrip() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 0 ... 4096)) { seed, size in
            var rng = SeededGenerator(seed: seed)
            let draft = Data((0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            let context = TaskContext(draft: draft, step: "Insurance · member id \(seed)", note: "back in 5 — \u{202E}x",
                                      progress: rng.unit(), suspendedAt: noon)
            let rules = TaskLifecycle()
            let task = DeskTask(id: 1, kind: .checkIn, title: "Check-in", createdAt: noon)
            let taken = try #require(try rules.take(task, at: DeskHolding(desk: "desk-1"), now: noon).last)
            let aside = try rules.suspend(at: DeskHolding(desk: "desk-1", tasks: [taken]), context: context, now: noon)
            let holding = DeskHolding(desk: "desk-1", tasks: [aside])
            #expect(holding.active == nil && holding.suspended.map(\.id) == [1])
            let back = try #require(try rules.take(aside, at: holding, now: noon).last)
            let ctx = try #require(back.context)
            #expect(ctx.draft == draft)
            #expect(ctx.step == context.step && ctx.note == context.note && ctx.progress == context.progress)
            #expect(ctx.timesSuspended == 1 && back.state == .active && DeskHolding(desk: "desk-1", tasks: [back]).active?.id == 1)
        }
    }

    @Test("at the cap and in a masked step only an emergency interrupts; the desk refuses a deeper stack")
    func capAndMasksHold() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 1 ... 30)) { seed, count in
            for arriving in randomTasks(seed: seed, count: count) where arriving.kind != .emergency {
                var active = DeskTask(id: 500, kind: .missingDocuments, state: .active, title: "", createdAt: noon)
                let atCap = policy.decide(active: active, arriving: arriving, stackDepth: policy.config.suspendCap, at: noon)
                #expect(atCap.verdict == .queue)
                active.masked = true
                #expect(policy.decide(active: active, arriving: arriving, stackDepth: 0, at: noon).verdict != .interruptNow)
            }
            let rules = TaskLifecycle(policy: policy.config)
            let suspended = (1...Int64(policy.config.suspendCap)).map {
                DeskTask(id: $0, kind: .callback, state: .suspended, title: "", createdAt: noon, desk: "desk-1",
                         context: TaskContext(suspendedAt: noon))
            }
            let active = DeskTask(id: 99, kind: .callback, state: .active, title: "", createdAt: noon, desk: "desk-1")
            let holding = DeskHolding(desk: "desk-1", tasks: suspended + [active])
            #expect(throws: WorkRefusal.suspendCapReached(desk: "desk-1", cap: policy.config.suspendCap)) {
                try rules.suspend(at: holding, context: TaskContext(suspendedAt: noon), now: noon)
            }
            let newcomer = DeskTask(id: 100, kind: .call, title: "", createdAt: noon)
            #expect(throws: WorkRefusal.self) { try rules.take(newcomer, at: holding, now: noon) }
            var emergency = newcomer; emergency.kind = .emergency
            let passed = try rules.take(emergency, at: holding, now: noon)
            #expect(passed.map(\.state) == [.suspended, .active])
        }
    }
}
