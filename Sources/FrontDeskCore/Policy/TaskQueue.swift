import Foundation
import HeapModule

/// The open tasks, kept so that picking the next one is O(log n) and nothing re-sorts the
/// whole set as time passes.
///
/// How: a task's score is `intercept + slope × now` within its tier until its next breakpoint
/// (see `ScoreSegment`). Tasks in the same tier with the same slope never change order, so
/// each (tier, slope) class is a heap keyed by intercept. A slope is an aging rate (the kind's
/// own while it ages fast, else the slowest) plus maybe a deadline ramp and a resume bonus,
/// and there are five tiers: a small constant number of classes, so every operation stays
/// O(log n). `next` compares the heads of the classes at `now`. Breakpoints (including a
/// change of tier: a callback falling due, a suspension reaching its limit, a deferral
/// ending) sit in one more heap by time; when `now` passes one, that task alone moves to its
/// new class. Emergencies score 0 in their own tier, so they come out earliest first.
/// Tasks that only one desk may take (reassigned, or suspended there) sit in that desk's
/// pool, the rest in a shared one. Removal is lazy: a stale heap entry is skipped when it
/// reaches the top.
///
/// `now` is expected to move forward; a query earlier than the last one rebuilds (O(n log n)),
/// as does a policy that orders differently (the desk going into or out of overload, which
/// the load estimate's hysteresis keeps rare).
public struct TaskQueue {
    public private(set) var policy: RankingPolicy
    private var tasks: [Int64: DeskTask] = [:]
    private var generation: [Int64: UInt64] = [:]
    private var counter: UInt64 = 0
    private var pools: [String: Pool] = [:]
    /// The names of the per-site pools among `pools`, for a desk at no site (which looks at all).
    private var sitePools: Set<String> = []
    private var breakpoints = Heap<Breakpoint>()
    private var clock: Int64
    /// Each desk's set-aside tasks (at most `suspendCap` each), for finish-before-starting.
    private var setAside: [String: Set<Int64>] = [:]

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
        if let old = tasks[task.id] { forgetSetAside(old) }
        tasks[task.id] = task
        if let owner = task.setAsideFor { setAside[owner, default: []].insert(task.id) }
        place(task)
    }

    private mutating func forgetSetAside(_ task: DeskTask) {
        guard let owner = task.setAsideFor, setAside[owner]?.remove(task.id) != nil else { return }
        if setAside[owner]?.isEmpty == true { setAside[owner] = nil }
    }

    /// The task changed (state, desk, bump, context…): it takes its new place.
    public mutating func update(_ task: DeskTask) { insert(task) }

    /// Ranks by `policy` from now on. Only a change in how tasks are ordered (the desk going
    /// into or out of overload, other settings) re-places every task.
    public mutating func apply(_ policy: RankingPolicy) {
        let reorders = !policy.ordersLike(self.policy)
        self.policy = policy
        if reorders { rebuild() }
    }

    @discardableResult
    public mutating func remove(id: Int64) -> DeskTask? {
        generation[id] = nil
        if let old = tasks[id] { forgetSetAside(old) }
        return tasks.removeValue(forKey: id)
    }

    /// The best task `desk` may take at `now`, without taking it. A desk at `site` looks at
    /// that site's work and the work of every site; a desk with none at all of it (`SiteRule`).
    public mutating func next(for desk: String, site: String? = nil, at now: Date) -> DeskTask? {
        advance(to: Fixed.tick(now))
        var best: (key: RankKey, id: Int64)?
        let sites = site.map { [Self.sitePool($0)] } ?? Array(sitePools)
        for name in [Self.sharedPool, desk] + sites {
            // Mutate in place: copying a pool out of the dictionary would copy its heaps (O(n)).
            guard pools[name] != nil else { continue }
            pools[name]!.dropStale(generation)
            for (cls, heap) in pools[name]!.classes {
                guard let head = heap.min else { continue }
                let key = RankKey(tier: cls.tier, score: head.intercept &+ cls.slope &* clock,
                                  createdAt: head.createdAt, id: head.id)
                if best == nil || key < best!.key { best = (key, head.id) }
            }
        }
        guard let pick = best.flatMap({ tasks[$0.id] }) else { return nil }
        // Finish before starting: the desk's own set-aside tasks are few (the suspend cap).
        guard let held = setAside[desk] else { return pick }
        return policy.finishingFirst(pick, setAside: held.compactMap { tasks[$0] }, for: desk, at: now)
    }

    // MARK: internals

    private mutating func place(_ task: DeskTask) {
        counter += 1
        generation[task.id] = counter
        let names = Self.pools(for: task)
        guard !names.isEmpty else { return }
        let created = Fixed.tick(task.createdAt)
        let seg = policy.segment(task, at: clock)
        for poolName in names {
            if pools[poolName] == nil {
                pools[poolName] = Pool()
                if poolName.hasPrefix(Self.sitePrefix) { sitePools.insert(poolName) }
            }
            pools[poolName]!.classes[ScoreClass(tier: seg.tier, slope: seg.slope), default: Heap()].insert(
                Entry(intercept: seg.intercept, createdAt: created, id: task.id, generation: counter))
        }
        if let until = seg.validUntil {
            breakpoints.insert(Breakpoint(at: until, id: task.id, generation: counter))
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
        sitePools = []
        breakpoints = Heap()
        for task in tasks.values { place(task) }
    }

    /// Which pools hold a task: its assigned desk's, the desk that set it aside, or the open
    /// pool — shared, or one per site it belongs to (a desk name never starts with NUL).
    private static func pools(for task: DeskTask) -> [String] {
        let open = task.sites.isEmpty ? [sharedPool] : task.sites.map(sitePool)
        switch task.state {
        case .queued: return task.assignedDesk.map { [$0] } ?? open
        case .suspended: return task.setAsideFor.map { [$0] } ?? open
        case .active, .done, .cancelled: return []
        }
    }

    private static let sitePrefix = "\u{0}site:"
    private static func sitePool(_ site: String) -> String { sitePrefix + site }

    /// Tasks that keep their order among themselves as time passes.
    private struct ScoreClass: Hashable {
        var tier: RankTier
        var slope: Int64
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
        var classes: [ScoreClass: Heap<Entry>] = [:]

        mutating func dropStale(_ generation: [Int64: UInt64]) {
            for cls in Array(classes.keys) {
                while let head = classes[cls]!.min, generation[head.id] != head.generation {
                    classes[cls]!.removeMin()
                }
            }
        }
    }
}
