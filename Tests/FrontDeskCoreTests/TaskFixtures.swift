import Foundation
@testable import FrontDeskCore

/// A fixed "now" for every domain test: the clock is injected, never read.
let noon = Date(timeIntervalSinceReferenceDate: 800_000_000)

/// Random but reproducible open tasks: every kind, queued and suspended, deadlines, bumps,
/// reassignments, and deliberately repeated creation times so that ties are common.
func randomTasks(seed: UInt64, count: Int, now: Date = noon, bumps: Bool = true) -> [DeskTask] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { i in
        let kind = rng.pick(TaskKind.allCases)
        // Whole minutes within the last 3 hours: many tasks share a creation time.
        let created = now.addingTimeInterval(-Double(rng.next() % 180) * 60)
        var task = DeskTask(id: Int64(i + 1), kind: kind, title: kind.label, createdAt: created)
        if rng.chance(0.3) { task.dueAt = now.addingTimeInterval(Double(Int(rng.next() % 120) - 40) * 60) }
        if rng.chance(0.3) {
            task.state = .suspended
            let suspendedAt = created.addingTimeInterval(Double(rng.next() % 30) * 60)
            task.context = TaskContext(step: "step", progress: rng.unit(), suspendedAt: min(suspendedAt, now))
            task.desk = rng.chance(0.5) ? "desk-1" : nil
        }
        if bumps && rng.chance(0.1) { task.bump = Double(rng.next() % 20) }
        if rng.chance(0.1) { task.assignedDesk = rng.chance(0.5) ? "desk-1" : "desk-2" }
        return task
    }
}
