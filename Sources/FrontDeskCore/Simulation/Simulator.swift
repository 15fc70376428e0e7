import Foundation

/// Runs a `SimulatedDay` under one policy with K desks, one-second steps, and reports it.
/// Pure and deterministic: the same day, policy and desk count give the same report.
public struct Simulator {
    public var day: SimulatedDay
    public var desks: Int
    public var policy: SimulationPolicy
    public var ranking: RankingPolicy

    public init(day: SimulatedDay, desks: Int, policy: SimulationPolicy, ranking: RankingPolicy = RankingPolicy()) {
        self.day = day; self.desks = max(1, desks); self.policy = policy; self.ranking = ranking
    }

    /// A fixed, arbitrary instant for 08:00 of the simulated day.
    public static let dayStart = Date(timeIntervalSinceReferenceDate: 800_000_000)

    private struct Work {
        var remaining: TimeInterval
        var total: TimeInterval = 0
        var arrivedAt: TimeInterval
        var firstStart: TimeInterval?
        var masksBelow: TimeInterval = 0
        var patience: TimeInterval?
        var callbackWork: TimeInterval?
        var docsWork: TimeInterval?
        var callIndex: Int?
    }

    public func run() -> SimulationReport {
        var run = Run(sim: self)
        run.go()
        return run.report()
    }

    /// The mutable state of one run.
    private struct Run {
        let sim: Simulator
        var tasks: [Int64: DeskTask] = [:]
        var work: [Int64: Work] = [:]
        var waiting: Set<Int64> = []          // queued or suspended: what a free desk may pick
        var ringing: Set<Int64> = []          // calls not yet answered
        var queue: TaskQueue
        var deskStates: [Desk]
        var calls: [Call] = []
        var episodes: [(start: TimeInterval, end: TimeInterval?)] = []
        var openEpisode: [Int64: Int] = [:]
        var nextID: Int64 = 1
        var now: TimeInterval = 0

        init(sim: Simulator) {
            self.sim = sim
            queue = TaskQueue(policy: sim.ranking, now: Simulator.dayStart)
            deskStates = (1...sim.desks).map { Desk(name: "desk-\($0)") }
        }

        func date(_ t: TimeInterval) -> Date { Simulator.dayStart.addingTimeInterval(t) }

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
                fresh += abandonImpatientCallers()
                pickForFreeDesks()
                for id in fresh where tasks[id]?.state == .queued { offerToBusyDesks(id) }
                if now >= sim.day.config.length, waiting.isEmpty, deskStates.allSatisfy({ $0.activeTaskID == nil }) { break }
                now += 1
            }
        }

        mutating func create(_ a: SimulatedDay.Arrival) -> Int64 {
            let id = nextID; nextID += 1
            var w = Work(remaining: a.work, total: a.work, arrivedAt: now, patience: a.patience, callbackWork: a.callbackWork, docsWork: a.missingDocumentsWork)
            if a.kind == .checkIn { w.masksBelow = a.work * sim.day.config.maskedShareOfCheckIn }
            if a.kind == .call {
                w.callIndex = calls.count
                calls.append(Call(id: "sim-\(id)", from: "555-0100", arrivedAt: date(now)))
                ringing.insert(id)
            }
            add(DeskTask(id: id, kind: a.kind, title: a.kind.label, createdAt: date(now), dueAt: a.dueAt.map(date)), w)
            return id
        }

        mutating func add(_ task: DeskTask, _ w: Work) {
            tasks[task.id] = task; work[task.id] = w
            waiting.insert(task.id)
            if sim.policy == .frontdesk { queue.insert(task) }
        }

        mutating func set(_ task: DeskTask) {
            tasks[task.id] = task
            if task.state == .queued || task.state == .suspended { waiting.insert(task.id) } else { waiting.remove(task.id) }
            if sim.policy == .frontdesk {
                if task.state.isOpen { queue.update(task) } else { queue.remove(id: task.id) }
            }
        }

        mutating func doWork() {
            for d in deskStates.indices {
                guard let id = deskStates[d].activeTaskID, var task = tasks[id], var w = work[id] else { continue }
                w.remaining -= 1
                task.masked = w.remaining <= w.masksBelow
                work[id] = w
                if w.remaining > 0 { tasks[id] = task; continue }
                try? deskStates[d].finish(&task)
                set(task)
                if let c = w.callIndex { calls[c].state = .ended; calls[c].endedAt = date(now) }
                if let docs = w.docsWork {
                    let docID = nextID; nextID += 1
                    add(DeskTask(id: docID, kind: .missingDocuments, title: "Missing documents", createdAt: date(now)),
                        Work(remaining: docs, arrivedAt: now))
                }
            }
        }

        mutating func abandonImpatientCallers() -> [Int64] {
            var created: [Int64] = []
            for id in ringing.sorted() {
                guard var task = tasks[id], task.kind == .call, task.state == .queued, let w = work[id],
                      let patience = w.patience, now - w.arrivedAt >= patience, let c = w.callIndex else { continue }
                task.state = .cancelled
                ringing.remove(id)
                set(task)
                calls[c].state = .abandoned; calls[c].endedAt = date(now)
                let cbID = nextID; nextID += 1
                guard let callback = calls[c].callbackTask(id: cbID, window: sim.day.config.callbackWindow) else { continue }
                add(callback, Work(remaining: w.callbackWork ?? 180, arrivedAt: now))
                created.append(cbID)
            }
            return created
        }

        mutating func pickForFreeDesks() {
            for d in deskStates.indices where deskStates[d].activeTaskID == nil {
                guard let id = best(for: deskStates[d]), var task = tasks[id] else { continue }
                if task.state == .suspended {
                    try? deskStates[d].resume(&task)
                    work[id]!.remaining += sim.day.config.resumptionCost
                    if let e = openEpisode.removeValue(forKey: id) { episodes[e].end = now }
                } else {
                    try? deskStates[d].take(&task)
                }
                start(task)
            }
        }

        mutating func start(_ task: DeskTask) {
            set(task)
            if work[task.id]!.firstStart == nil {
                work[task.id]!.firstStart = now
                ringing.remove(task.id)
                if let c = work[task.id]!.callIndex {
                    calls[c].state = .answered; calls[c].answeredAt = date(now)
                }
            }
        }

        mutating func best(for desk: Desk) -> Int64? {
            if sim.policy == .frontdesk { return queue.next(for: desk, at: date(now))?.id }
            let at = date(now)
            var best: DeskTask?
            for id in waiting {
                guard let task = tasks[id], RankingPolicy.isEligible(task, for: desk.name) else { continue }
                if best == nil || sim.policy.precedes(task, best!, at: at, policy: sim.ranking) { best = task }
            }
            return best?.id
        }

        /// All desks busy: the least urgent active task is the one that may be interrupted.
        mutating func offerToBusyDesks(_ id: Int64) {
            guard let arriving = tasks[id], deskStates.allSatisfy({ $0.activeTaskID != nil }) else { return }
            let at = date(now)
            let order = deskStates.indices.sorted { a, b in
                let ta = tasks[deskStates[a].activeTaskID!]!, tb = tasks[deskStates[b].activeTaskID!]!
                return sim.policy.precedes(tb, ta, at: at, policy: sim.ranking)
            }
            for d in order {
                guard var active = tasks[deskStates[d].activeTaskID!], best(for: deskStates[d]) == id else { continue }
                let depth = deskStates[d].suspendedTaskIDs.count
                guard sim.policy.shouldInterrupt(active: active, arriving: arriving, stackDepth: depth, at: at,
                                                 policy: sim.ranking) else { continue }
                let progress = 1 - work[active.id]!.remaining / max(1, work[active.id]!.total)
                let context = TaskContext(step: "simulated", progress: progress, suspendedAt: at)
                guard (try? deskStates[d].suspend(&active, context: context, cap: sim.ranking.config.suspendCap,
                                                   forEmergency: arriving.kind == .emergency)) != nil else { continue }
                set(active)
                openEpisode[active.id] = episodes.count
                episodes.append((now, nil))
                var task = arriving
                try? deskStates[d].take(&task)
                start(task)
                return
            }
        }

        func report() -> SimulationReport {
            let end = now
            let started = { (id: Int64) in self.work[id]?.firstStart ?? end }
            let all = tasks.values
            let lobby = all.filter { $0.kind == .checkIn }.map { started($0.id) - work[$0.id]!.arrivedAt }
            let phone = WallboardFigures.compute(calls: calls, at: date(end))
            let emergencies = all.filter { $0.kind == .emergency }.map { started($0.id) - work[$0.id]!.arrivedAt }
            let ages = episodes.map { ($0.end ?? end) - $0.start }
            func late(_ t: DeskTask) -> Bool { t.dueAt.map { date(started(t.id)) > $0 } ?? false }
            return SimulationReport(
                policy: sim.policy.rawValue, seed: sim.day.seed, desks: sim.desks,
                lobbyWait: .init(p50: SimulationReport.percentile(lobby, 0.5), p90: SimulationReport.percentile(lobby, 0.9),
                                 max: lobby.max() ?? 0),
                phone: .init(asa: phone.averageSpeedOfAnswer, serviceLevel: phone.serviceLevel, abandonRate: phone.abandonRate,
                             answered: phone.answered, abandoned: phone.abandoned),
                callbacksOverdue: all.filter { $0.kind == .callback && late($0) }.count,
                insuranceLate: all.filter { $0.kind == .insuranceVerification && late($0) }.count,
                suspendedAge: .init(p90: SimulationReport.percentile(ages, 0.9), max: ages.max() ?? 0),
                neverResumed: episodes.filter { $0.end == nil }.count,
                suspensions: episodes.count,
                emergencyResponse: .init(max: emergencies.max() ?? 0),
                tasksArrived: tasks.count,
                tasksDone: all.filter { $0.state == .done }.count,
                tasksLeftOpen: all.filter { $0.state.isOpen }.count)
        }
    }
}
