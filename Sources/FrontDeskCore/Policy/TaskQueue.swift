import Foundation
import HeapModule

/// The open tasks, kept so that picking the next one is O(log n) and nothing re-sorts the
/// whole set as time passes.
///
/// How: a task's score is `intercept + slope × now` until its next breakpoint (see
/// `ScoreSegment`). Tasks with the same slope never change order, so each slope class is a
/// heap keyed by intercept. A slope is an aging rate (the kind's own while it ages fast, else
/// the slowest) plus maybe a deadline ramp and a resume bonus: a small constant number of
/// classes, so per-kind rates keep every operation O(log n). `next` compares the heads of the
/// classes at `now`. Breakpoints sit in one more heap by time; when `now` passes one, that
/// task alone moves to its new class. Emergencies have their own heap (earliest first).
/// Tasks that only one desk may take (reassigned, or suspended there) sit in that desk's
/// pool, the rest in a shared one. Removal is lazy: a stale heap entry is skipped when it
/// reaches the top.
///
/// `now` is expected to move forward; a query earlier than the last one rebuilds (O(n log n)).
public struct TaskQueue {
    public let policy: RankingPolicy
    private var tasks: [Int64: DeskTask] = [:]
    private var generation: [Int64: UInt64] = [:]
    private var counter: UInt64 = 0
    private var pools: [String: Pool] = [:]
    private var breakpoints = Heap<Breakpoint>()
    private var clock: Int64

    private static let sharedPool = "\u{0}shared"

    public init(policy: RankingPolicy = RankingPolicy(), now: Date = Date(timeIntervalSinceReferenceDate: 0)) {
        self.policy = policy
        self.clock = Fixed.tick(now)
    }

    public init<S: Sequence>(_ tasks: S, policy: RankingPolicy = RankingPolicy(), now: Date) where S.Element == DeskTask {
        self.init(policy: policy, now: now)
        for task in tasks { insert(task) }
    }

    /// Every task held, open or not.
    public var count: Int { tasks.count }
    public func task(id: Int64) -> DeskTask? { tasks[id] }
    public var allTasks: [DeskTask] { Array(tasks.values) }

    /// Adds or replaces a task (same as `update`). Active and closed tasks are held but never offered.
    public mutating func insert(_ task: DeskTask) {
        tasks[task.id] = task
        place(task)
    }

    /// The task changed (state, desk, bump, context…): it takes its new place.
    public mutating func update(_ task: DeskTask) { insert(task) }

    @discardableResult
    public mutating func remove(id: Int64) -> DeskTask? {
        generation[id] = nil
        return tasks.removeValue(forKey: id)
    }

    /// The best task `desk` may take at `now`, without taking it.
    public mutating func next(for desk: String, at now: Date) -> DeskTask? {
        advance(to: Fixed.tick(now))
        var best: (key: RankKey, id: Int64)?
        for name in [Self.sharedPool, desk] {
            // Mutate in place: copying a pool out of the dictionary would copy its heaps (O(n)).
            guard pools[name] != nil else { continue }
            pools[name]!.dropStale(generation)
            let pool = pools[name]!
            if let head = pool.emergencies.min {
                let key = RankKey(isEmergency: true, score: 0, createdAt: head.createdAt, id: head.id)
                if best == nil || key < best!.key { best = (key, head.id) }
            }
            for (slope, heap) in pool.classes {
                guard let head = heap.min else { continue }
                let key = RankKey(isEmergency: false, score: head.intercept &+ slope &* clock,
                                  createdAt: head.createdAt, id: head.id)
                if best == nil || key < best!.key { best = (key, head.id) }
            }
        }
        return best.flatMap { tasks[$0.id] }
    }

    // MARK: internals

    private mutating func place(_ task: DeskTask) {
        counter += 1
        generation[task.id] = counter
        guard let poolName = Self.pool(for: task) else { return }
        let created = Fixed.tick(task.createdAt)
        if pools[poolName] == nil { pools[poolName] = Pool() }
        if task.kind == .emergency {
            pools[poolName]!.emergencies.insert(Entry(intercept: 0, createdAt: created, id: task.id, generation: counter))
        } else {
            let seg = policy.segment(task, at: clock)
            pools[poolName]!.classes[seg.slope, default: Heap()].insert(
                Entry(intercept: seg.intercept, createdAt: created, id: task.id, generation: counter))
            if let until = seg.validUntil {
                breakpoints.insert(Breakpoint(at: until, id: task.id, generation: counter))
            }
        }
    }

    private mutating func advance(to tick: Int64) {
        if tick < clock {
            clock = tick
            rebuild()
            return
        }
        clock = tick
        while let head = breakpoints.min, head.at <= tick {
            breakpoints.removeMin()
            if generation[head.id] == head.generation, let task = tasks[head.id] { place(task) }
        }
    }

    private mutating func rebuild() {
        pools = [:]
        breakpoints = Heap()
        for task in tasks.values { place(task) }
    }

    private static func pool(for task: DeskTask) -> String? {
        switch task.state {
        case .queued: return task.assignedDesk ?? sharedPool
        case .suspended: return task.assignedDesk ?? task.desk ?? sharedPool
        case .active, .done, .cancelled: return nil
        }
    }

    /// Heap order: `<` means "better" — higher intercept, then earlier created, then lower id.
    /// Emergencies all carry intercept 0, so they come out earliest first.
    private struct Entry: Comparable {
        var intercept: Int64
        var createdAt: Int64
        var id: Int64
        var generation: UInt64
        static func < (a: Entry, b: Entry) -> Bool {
            if a.intercept != b.intercept { return a.intercept > b.intercept }
            if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
            return a.id < b.id
        }
        static func == (a: Entry, b: Entry) -> Bool { !(a < b) && !(b < a) }
    }

    private struct Breakpoint: Comparable {
        var at: Int64
        var id: Int64
        var generation: UInt64
        static func < (a: Breakpoint, b: Breakpoint) -> Bool { (a.at, a.id, a.generation) < (b.at, b.id, b.generation) }
    }

    private struct Pool {
        var emergencies = Heap<Entry>()
        var classes: [Int64: Heap<Entry>] = [:]

        mutating func dropStale(_ generation: [Int64: UInt64]) {
            while let head = emergencies.min, generation[head.id] != head.generation { emergencies.removeMin() }
            for slope in Array(classes.keys) {
                while let head = classes[slope]!.min, generation[head.id] != head.generation {
                    classes[slope]!.removeMin()
                }
            }
        }
    }
}
