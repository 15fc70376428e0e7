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
        let lifecycle: TaskLifecycle
        let deskNames: [String]
        /// Which tasks each desk holds, kept in step with the tasks' own state by `set`.
        var held: [String: Set<Int64>] = [:]
        var calls: [Call] = []
        var episodes: [(start: TimeInterval, end: TimeInterval?)] = []
        var openEpisode: [Int64: Int] = [:]
        var nextID: Int64 = 1
        var now: TimeInterval = 0

        init(sim: Simulator) {
            self.sim = sim
            queue = TaskQueue(policy: sim.ranking, now: Simulator.dayStart)
            lifecycle = TaskLifecycle(policy: sim.ranking.config)
            deskNames = (1...sim.desks).map { "desk-\($0)" }
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
                if now >= sim.day.config.length, waiting.isEmpty, deskNames.allSatisfy({ holding($0).isFree }) { break }
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

        func holding(_ desk: String) -> DeskHolding {
            DeskHolding(desk: desk, tasks: (held[desk] ?? []).compactMap { tasks[$0] })
        }

        mutating func set(_ task: DeskTask) {
            if let old = tasks[task.id]?.desk { held[old]?.remove(task.id) }
            if let desk = task.desk, task.state == .active || task.state == .suspended { held[desk, default: []].insert(task.id) }
            tasks[task.id] = task
            if task.state == .queued || task.state == .suspended { waiting.insert(task.id) } else { waiting.remove(task.id) }
            if sim.policy == .frontdesk {
                if task.state.isOpen { queue.update(task) } else { queue.remove(id: task.id) }
            }
        }

        mutating func doWork() {
            for desk in deskNames {
                guard var task = holding(desk).active, var w = work[task.id] else { continue }
                let id = task.id
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
                var callback = NewTask.callback(for: calls[c], patientName: nil, reason: .abandoned, at: date(now),
                                                window: sim.day.config.callbackWindow)
                callback.id = cbID
                add(callback, Work(remaining: w.callbackWork ?? 180, arrivedAt: now))
                created.append(cbID)
            }
            return created
        }

        mutating func pickForFreeDesks() {
            for desk in deskNames {
                let holding = holding(desk)
                guard holding.isFree, let id = best(for: desk), let task = tasks[id],
                      let changed = try? lifecycle.take(task, at: holding, now: date(now)), let taken = changed.last else { continue }
                if task.state == .suspended {
                    work[id]!.remaining += sim.day.config.resumptionCost
                    if let e = openEpisode.removeValue(forKey: id) { episodes[e].end = now }
                }
                start(taken)
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

        mutating func best(for desk: String) -> Int64? {
            if sim.policy == .frontdesk { return queue.next(for: desk, at: date(now))?.id }
            let at = date(now)
            var best: DeskTask?
            for id in waiting {
                guard let task = tasks[id], RankingPolicy.isEligible(task, for: desk) else { continue }
                if best == nil || sim.policy.precedes(task, best!, at: at, policy: sim.ranking) { best = task }
            }
            return best?.id
        }

        /// All desks busy: the least urgent active task is the one that may be interrupted.
        mutating func offerToBusyDesks(_ id: Int64) {
            let holdings = deskNames.map { holding($0) }
            guard let arriving = tasks[id], holdings.allSatisfy({ !$0.isFree }) else { return }
            let at = date(now)
            let order = holdings.sorted { a, b in sim.policy.precedes(b.active!, a.active!, at: at, policy: sim.ranking) }
            for holding in order {
                let active = holding.active!
                guard best(for: holding.desk) == id else { continue }
                guard sim.policy.shouldInterrupt(active: active, arriving: arriving, stackDepth: holding.suspended.count,
                                                 at: at, policy: sim.ranking) else { continue }
                let progress = 1 - work[active.id]!.remaining / max(1, work[active.id]!.total)
                let context = TaskContext(step: "simulated", progress: progress, suspendedAt: at)
                guard let changed = try? lifecycle.take(arriving, at: holding, settingAside: context, now: at) else { continue }
                for task in changed.dropLast() { set(task) }
                openEpisode[active.id] = episodes.count
                episodes.append((now, nil))
                start(changed.last!)
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
