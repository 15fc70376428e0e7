import Foundation
import FrontDeskCore

/// `swift run -c release frontdesk-bench core [max-n]`: the open-task queue at 10³…10⁶ tasks.
/// Insert and pick-next per operation, and pick-next against the naive way (rank everything,
/// take the first) — the ratio says how much the class-heads design saves. Then the desk going
/// into overload (every task re-placed: deferral changes tiers) and pick-next while overloaded.
enum CoreBench {
    static func run(_ args: [String]) throws {
        let maxN = args.first.flatMap(Int.init) ?? 1_000_000
        let sizes = [1_000, 10_000, 100_000, 1_000_000].filter { $0 <= maxN }
        let policy = RankingPolicy(config: .withPromises)
        let overloaded = RankingPolicy(config: .withPromises, overload: Overload(utilization: 1.5))
        let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
        let desk = "desk-1"
        print("open tasks | insert/op | pick-next/op | pick+done+new/op | naive sort/pick | naive ÷ queue | into overload | pick-next overloaded/op")
        for n in sizes {
            let tasks = makeTasks(n, now: start, seed: UInt64(n))
            var queue = TaskQueue(policy: policy, now: start)
            let insert = measure { for t in tasks { queue.insert(t) } } / Double(n)

            // Pick-next as the day goes on: a second later each time, so deadline and resume
            // breakpoints fall due and tasks change class, as they would live.
            let picks = 10_000
            var now = start
            var sink: Int64 = 0
            let pick = measure {
                for _ in 0..<picks { now.addTimeInterval(1); sink &+= queue.next(for: desk, at: now)?.id ?? 0 }
            } / Double(picks)

            // The real cycle: take the best, finish it, a new task arrives — size stays n.
            var nextID = Int64(n + 1)
            var rng = SeededGenerator(seed: 99)
            let cycle = measure {
                for _ in 0..<picks {
                    now.addTimeInterval(1)
                    if let best = queue.next(for: desk, at: now) { queue.remove(id: best.id) }
                    queue.insert(randomTask(id: nextID, now: now, rng: &rng)); nextID += 1
                }
            } / Double(picks)

            let naiveReps = max(1, min(20, 2_000_000 / n))
            let naive = measure {
                for i in 0..<naiveReps { sink &+= policy.rank(tasks, at: start.addingTimeInterval(Double(i))).first?.id ?? 0 }
            } / Double(naiveReps)
            let ratio = String(format: "%.0f×", naive / pick)

            // The load estimate says "overloaded": the queue re-places every task once.
            let flip = measure { queue.apply(overloaded) }
            let pickOverloaded = measure {
                for _ in 0..<picks { now.addTimeInterval(1); sink &+= queue.next(for: desk, at: now)?.id ?? 0 }
            } / Double(picks)
            print(["\(n)".pad(10), show(insert).pad(9), show(pick).pad(12), show(cycle).pad(16), show(naive).pad(15),
                   ratio.pad(13), show(flip).pad(13), show(pickOverloaded).pad(23)].joined(separator: " | "))
            if sink == 42 { print("") }   // keeps the optimiser honest
        }
    }

    static func measure(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func show(_ seconds: Double) -> String {
        if seconds < 1e-6 { return String(format: "%.0f ns", seconds * 1e9) }
        if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }

    static func makeTasks(_ n: Int, now: Date, seed: UInt64) -> [DeskTask] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { randomTask(id: Int64($0 + 1), now: now, rng: &rng) }
    }

    /// A mix like a busy desk's: every kind, a third with deadlines, a fifth suspended.
    static func randomTask(id: Int64, now: Date, rng: inout SeededGenerator) -> DeskTask {
        let kind = rng.pick(TaskKind.allCases.filter { $0 != .emergency })
        var task = DeskTask(id: id, kind: kind, title: "", createdAt: now.addingTimeInterval(-rng.unit() * 4 * 3600))
        if rng.chance(0.33) { task.dueAt = now.addingTimeInterval((rng.unit() - 0.2) * 3 * 3600) }
        if rng.chance(0.2) {
            task.state = .suspended
            task.context = TaskContext(suspendedAt: now.addingTimeInterval(-rng.unit() * 1800))
        }
        return task
    }
}

private extension String {
    func pad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
