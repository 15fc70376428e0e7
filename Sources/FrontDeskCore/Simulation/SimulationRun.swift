import Foundation

/// The mutable state of one simulated day, stepped one second at a time.
struct SimulationRun {
    /// What the simulator knows of one task beyond the task itself.
    struct Work {
        var remaining: TimeInterval
        var total: TimeInterval = 0
        var arrivedAt: TimeInterval
        var firstStart: TimeInterval?
        var masksBelow: TimeInterval = 0
        var patience: TimeInterval?
        var callbackWork: TimeInterval?
        var docsWork: TimeInterval?
        var callIndex: Int?
        var redials: [SimulatedDay.Redial] = []
    }

    let sim: Simulator
    var tasks: [Int64: DeskTask] = [:]
    var work: [Int64: Work] = [:]
    var waiting: Set<Int64> = []          // queued or suspended: what a free desk may pick
    var ringing: Set<Int64> = []          // calls not yet answered
    var openCallbacks: Set<Int64> = []
    var queue: TaskQueue
    /// The ranking of the moment: `sim.ranking` with the overload the load estimate reports.
    var ranking: RankingPolicy
    let lifecycle: TaskLifecycle
    let deskNames: [String]
    /// Which tasks each desk holds, kept in step with the tasks' own state by `set`.
    var held: [String: Set<Int64>] = [:]
    var calls: [Call] = []
    /// Callers ringing again, by time.
    var redials: [SimulatedDay.Arrival] = []
    var episodes: [(start: TimeInterval, end: TimeInterval?)] = []
    var openEpisode: [Int64: Int] = [:]
    /// `memory` only: when each suspended task slips from the receptionist's mind.
    var forgetAt: [Int64: TimeInterval] = [:]
    var recall: SeededGenerator
    var secondsOverloaded: TimeInterval = 0
    /// Desk-seconds spent on each kind of work, and the part of them spent while a patient stood
    /// waiting for a check-in to start: where the desks' time went.
    var deskSeconds: [TaskKind: TimeInterval] = [:]
    var deskSecondsWhilePatientsWait: [TaskKind: TimeInterval] = [:]
    /// Check-ins queued (not started, or not yet a desk's): patients waiting in the lobby.
    var patientsWaiting = 0
    var nextID: Int64 = 1
    var now: TimeInterval = 0

    init(sim: Simulator) {
        self.sim = sim
        ranking = sim.ranking
        queue = TaskQueue(policy: sim.ranking, now: Simulator.dayStart)
        lifecycle = TaskLifecycle(policy: sim.ranking.config)
        deskNames = (1...sim.desks).map { "desk-\($0)" }
        recall = SeededGenerator(seed: sim.day.seed ^ 0x3E30_0000_F0E7)
    }

    func date(_ t: TimeInterval) -> Date { Simulator.dayStart.addingTimeInterval(t) }

    /// How often the load is estimated, as a console would on a change of the clinic.
    static let loadEvery: TimeInterval = 60

    mutating func go() {
        let end = sim.day.config.length + sim.day.config.overtime
        var nextArrival = 0
        let arrivals = sim.day.arrivals
        while now < end {
            doWork()
            var fresh: [Int64] = []
            while nextArrival < arrivals.count, arrivals[nextArrival].at <= now {
                fresh.append(create(arrivals[nextArrival])); nextArrival += 1
            }
            while let redial = redials.first, redial.at <= now { fresh.append(create(redial)); redials.removeFirst() }
            fresh += abandonImpatientCallers()
            if sim.policy == .memory { forgetLapsedTasks() }
            if now.truncatingRemainder(dividingBy: Self.loadEvery) == 0 { estimateLoad() }
            pickForFreeDesks()
            for id in fresh where tasks[id]?.state == .queued { offerToBusyDesks(id) }
            if now >= sim.day.config.length, waiting.isEmpty, redials.isEmpty,
               deskNames.allSatisfy({ holding($0).isFree }) { break }
            now += 1
        }
    }

    mutating func create(_ a: SimulatedDay.Arrival) -> Int64 {
        let id = nextID; nextID += 1
        var w = Work(remaining: a.work, total: a.work, arrivedAt: now, patience: a.patience, callbackWork: a.callbackWork,
                     docsWork: a.missingDocumentsWork, redials: a.redials)
        if a.kind == .checkIn { w.masksBelow = a.work * sim.day.config.maskedShareOfCheckIn }
        if a.kind == .call {
            w.callIndex = calls.count
            calls.append(Call(id: "sim-\(id)", from: a.caller ?? "555-0100", arrivedAt: date(now)))
            ringing.insert(id)
        }
        add(DeskTask(id: id, kind: a.kind, title: a.kind.label, createdAt: date(now), dueAt: a.dueAt.map(date),
                     callID: w.callIndex.map { calls[$0].id }), w)
        return id
    }

    mutating func add(_ task: DeskTask, _ w: Work) {
        work[task.id] = w
        if task.kind == .callback { openCallbacks.insert(task.id) }
        set(task)
    }

    func holding(_ desk: String) -> DeskHolding {
        DeskHolding(desk: desk, tasks: (held[desk] ?? []).compactMap { tasks[$0] })
    }

    /// Puts `task` (new or changed) in place: the desk holding it, what may be picked, the queue
    /// and the patients-waiting count all follow its state.
    mutating func set(_ task: DeskTask) {
        if task.kind == .checkIn {
            if tasks[task.id]?.state == .queued { patientsWaiting -= 1 }
            if task.state == .queued { patientsWaiting += 1 }
        }
        if let old = tasks[task.id]?.desk { held[old]?.remove(task.id) }
        if let desk = task.desk, task.state == .active || task.state == .suspended { held[desk, default: []].insert(task.id) }
        tasks[task.id] = task
        if task.state == .queued || task.state == .suspended { waiting.insert(task.id) } else { waiting.remove(task.id) }
        if !task.state.isOpen { openCallbacks.remove(task.id) }
        if sim.policy == .frontdesk {
            if task.state.isOpen { queue.update(task) } else { queue.remove(id: task.id) }
        }
    }

    /// The load as a console would estimate it now; `frontdesk` ranks by it.
    mutating func estimateLoad() {
        let estimate = LoadEstimate.estimate(tasks: tasks.values, calls: calls, staffedDesks: deskNames.count,
                                             at: date(now), settings: sim.load)
        if estimate.overloaded { secondsOverloaded += Self.loadEvery }
        guard sim.policy == .frontdesk else { return }
        ranking = RankingPolicy(config: sim.ranking.config, overload: estimate.overload)
        queue.apply(ranking)
    }

    mutating func doWork() {
        for desk in deskNames {
            guard var task = holding(desk).active, var w = work[task.id] else { continue }
            let id = task.id
            deskSeconds[task.kind, default: 0] += 1
            if patientsWaiting > 0 { deskSecondsWhilePatientsWait[task.kind, default: 0] += 1 }
            w.remaining -= 1
            task.masked = w.remaining <= w.masksBelow
            work[id] = w
            if w.remaining > 0 { tasks[id] = task; continue }
            guard let done = try? lifecycle.close(task, by: desk) else { continue }
            set(done)
            if let c = w.callIndex { calls[c].state = .ended; calls[c].endedAt = date(now) }
            if let docs = w.docsWork {
                let docID = nextID; nextID += 1
                add(DeskTask(id: docID, kind: .missingDocuments, title: "Missing documents", createdAt: date(now)),
                    Work(remaining: docs, arrivedAt: now))
            }
        }
    }

    mutating func pickForFreeDesks() {
        for desk in deskNames {
            let holding = holding(desk)
            guard holding.isFree, let id = best(for: desk), let task = tasks[id],
                  let changed = try? lifecycle.take(task, at: holding, now: date(now)), let taken = changed.last else { continue }
            if task.state == .suspended {
                work[id]!.remaining += sim.policy == .memory ? sim.memory.uncuedResumption : sim.day.config.resumptionCost
                if let e = openEpisode.removeValue(forKey: id) { episodes[e].end = now }
                forgetAt[id] = nil
            }
            start(taken)
        }
    }

    mutating func start(_ task: DeskTask) {
        set(task)
        if work[task.id]!.firstStart == nil {
            work[task.id]!.firstStart = now
            if task.kind == .call { answer(task) }
            if task.kind == .callback { calledBack(task) }
        }
    }

    mutating func best(for desk: String) -> Int64? {
        if sim.policy == .frontdesk { return queue.next(for: desk, at: date(now))?.id }
        let at = date(now)
        var best: DeskTask?
        for id in waiting {
            guard let task = tasks[id], RankingPolicy.isEligible(task, for: desk) else { continue }
            if best == nil || sim.policy.precedes(task, best!, at: at, policy: ranking) { best = task }
        }
        return best?.id
    }

    /// All desks busy: the least urgent active task is the one that may be interrupted.
    mutating func offerToBusyDesks(_ id: Int64) {
        let holdings = deskNames.map { holding($0) }
        guard let arriving = tasks[id], holdings.allSatisfy({ !$0.isFree }) else { return }
        let at = date(now)
        // Ours offers it first where the task in hand has the smallest stake (as `decide`
        // weighs it); the baselines, where their own order ranks the task in hand lowest.
        let order = sim.policy == .frontdesk ? ranking.interruptionOrder(holdings, at: at)
            : holdings.sorted { a, b in sim.policy.precedes(b.active!, a.active!, at: at, policy: ranking) }
        for holding in order {
            let active = holding.active!
            guard best(for: holding.desk) == id else { continue }
            guard sim.policy.shouldInterrupt(active: active, arriving: arriving, stackDepth: holding.suspended.count,
                                             at: at, policy: ranking) else { continue }
            let progress = 1 - work[active.id]!.remaining / max(1, work[active.id]!.total)
            let context = TaskContext(step: "simulated", progress: progress, suspendedAt: at)
            guard let changed = try? lifecycle.take(arriving, at: holding, settingAside: context, now: at) else { continue }
            for task in changed.dropLast() { set(task) }
            openEpisode[active.id] = episodes.count
            episodes.append((now, nil))
            if sim.policy == .memory { forgetAt[active.id] = now + recall.exponential(mean: sim.memory.meanRecall) }
            start(changed.last!)
            return
        }
    }
}
