import Foundation
import PropertyBased
import Testing
@testable import FrontDeskCore

/// The tiers' guarantees, on random tasks and random days, with the desk calm and overloaded.
@Suite("Tier and overload properties")
struct TierPropertyTests {
    static let calm = RankingPolicy(config: .withPromises)
    static let overloaded = RankingPolicy(config: .withPromises, overload: Overload(utilization: 1.6))
    static let both = [calm, overloaded]

    static func isDueCallback(_ task: DeskTask, _ policy: RankingPolicy, at now: Date) -> Bool {
        (task.kind == .callback || task.kind == .waitlistOffer) && task.dueAt.map { now >= $0.addingTimeInterval(-policy.config.promiseLead) } == true
    }

    @Test("a due promise (callback, waitlist offer) goes before every task that is neither an emergency nor a due promise")
    func promisesFirst() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 2 ... 60)) { seed, count in
            let tasks = randomTasks(seed: seed, count: count)
            for policy in Self.both {
                for due in tasks where Self.isDueCallback(due, policy, at: noon) {
                    for other in tasks where other.kind != .emergency && !Self.isDueCallback(other, policy, at: noon) {
                        #expect(policy.precedes(due, other, at: noon), "callback \(due.id) after \(other.kind.label) \(other.id)")
                    }
                }
            }
        }
    }

    @Test("emergencies first and the order strict and total, overloaded too")
    func emergenciesFirstAndTotalOrder() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 1 ... 60)) { seed, count in
            let tasks = randomTasks(seed: seed, count: count)
            var rng = SeededGenerator(seed: seed ^ 0x5EED)
            let shuffled = tasks.shuffled(using: &rng)
            let ranked = Self.overloaded.rank(tasks, at: noon)
            let firstOther = ranked.firstIndex { $0.kind != .emergency } ?? ranked.count
            #expect(ranked[firstOther...].allSatisfy { $0.kind != .emergency })
            #expect(ranked.map(\.id) == Self.overloaded.rank(shuffled, at: noon).map(\.id))
            for a in tasks { for b in tasks where a.id != b.id {
                #expect(Self.overloaded.precedes(a, b, at: noon) != Self.overloaded.precedes(b, a, at: noon))
            } }
        }
    }

    @Test("every explanation adds up to the score the ranking uses, in its tier")
    func explanationsAddUp() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 0 ... 600)) { seed, minutes in
            let now = noon.addingTimeInterval(Double(minutes) * 60 - 3600)   // before, at and after deadlines
            for policy in Self.both {
                for task in randomTasks(seed: seed, count: 30) where task.kind != .emergency {
                    let explanation = policy.explain(task, at: now)
                    let key = policy.key(task, at: now)
                    #expect(explanation.tier == key.tier)
                    #expect(abs(explanation.total - Fixed.points(key.score)) < 1e-9, "\(explanation.text)")
                }
            }
        }
    }

    @Test("a task suspended past its limit goes before any queued task but emergencies and promises")
    func suspendedWorkComesBack() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max), Gen.int(in: 2 ... 60)) { seed, count in
            let tasks = randomTasks(seed: seed, count: count)
            for policy in Self.both {
                let limit = policy.overload == nil ? policy.config.resumeLimit : policy.config.overloadResumeLimit
                for back in tasks where back.state == .suspended && back.kind != .emergency
                    && noon.timeIntervalSince(back.context!.suspendedAt) >= limit && !Self.isDueCallback(back, policy, at: noon) {
                    for new in tasks where new.state == .queued && new.kind != .emergency && !Self.isDueCallback(new, policy, at: noon) {
                        #expect(policy.precedes(back, new, at: noon))
                    }
                }
            }
        }
    }

    /// Small settings so that deferrals end, fast aging caps and deadlines fall due within a test day.
    static let tight: PolicyConfig = {
        var c = PolicyConfig.withPromises; c.deferralLimit = 45 * 60; c.fastAgingCap = 10; c.overloadCallerPoints = 20
        return c
    }()

    @Test("under overload nothing is passed by a task that started waiting more than the stated bound later",
          arguments: [PolicyConfig.withPromises, tight])
    func deferralBound(config: PolicyConfig) async {
        let policy = RankingPolicy(config: config, overload: Overload(utilization: 1.6))
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            // One desk, 4-minute jobs, a task every 2 minutes on average: a backlog builds.
            var rng = SeededGenerator(seed: seed)
            var t: TimeInterval = 0
            let arrivals: [DeskTask] = (1...100).map { i in
                t += rng.exponential(mean: 120)
                let kind = rng.pick(TaskKind.allCases.filter { $0 != .emergency })
                var task = DeskTask(id: Int64(i), kind: kind, title: "", createdAt: noon.addingTimeInterval(t.rounded()))
                if rng.chance(0.3) { task.dueAt = task.createdAt.addingTimeInterval(Double(rng.next() % 90) * 60) }
                return task
            }
            var queue = TaskQueue(policy: policy, now: noon)
            var pending = arrivals[...]
            var clock = noon, started = 0
            while started < arrivals.count {
                while let a = pending.first, a.createdAt <= clock { queue.insert(a); pending.removeFirst() }
                guard let next = queue.next(for: "desk-1", at: clock) else { clock = pending.first!.createdAt; continue }
                if [.scored, .deferred].contains(policy.key(next, at: clock).tier) {
                    for waiting in queue.allTasks where waiting.id != next.id && waiting.waitingSince < next.waitingSince {
                        let bound = config.overloadBound(for: waiting.kind, passedBy: next.kind)
                        #expect(next.waitingSince.timeIntervalSince(waiting.waitingSince) <= bound,
                                "\(waiting.kind.label) passed by a \(next.kind.label) that began waiting more than \(bound) s later")
                    }
                }
                queue.remove(id: next.id); started += 1
                clock = clock.addingTimeInterval(240)
            }
        }
    }

    @Test("the queue offers what a full ranking puts first while the desk goes into and out of overload")
    func queueFollowsTheOverload() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var tasks = randomTasks(seed: seed, count: 40)
            var policy = Self.calm
            var queue = TaskQueue(tasks, policy: policy, now: noon)
            var now = noon
            for step in 0..<60 {
                now = now.addingTimeInterval(Double(rng.next() % 900))   // crosses promises, limits, deferrals
                if rng.chance(0.2) {
                    policy = RankingPolicy(config: .withPromises,
                                           overload: policy.overload == nil ? Overload(utilization: 1 + rng.unit()) : nil)
                    queue.apply(policy)
                }
                let desk = step % 2 == 0 ? "desk-1" : "desk-2"
                let expected = policy.next(for: desk, among: tasks, at: now)
                #expect(queue.next(for: desk, at: now)?.id == expected?.id)
                guard let taken = expected, let index = tasks.firstIndex(where: { $0.id == taken.id }) else { continue }
                tasks.remove(at: index); queue.remove(id: taken.id)
            }
        }
    }
}
