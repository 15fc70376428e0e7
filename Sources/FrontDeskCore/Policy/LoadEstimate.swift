import Foundation

/// How much work the desks are being offered against what they can do, from what the store
/// already knows: the tasks that arrived lately (per kind), how long each kind takes, and how
/// many desks are staffed. A pure function of the tasks at `now`, so every console, the
/// supervisor, `status --json` and the simulator compute the same figure — and the same
/// `overloaded` flag — without storing anything.
///
/// - **Arrivals**: tasks created in the last `window` (30 min), per kind, as a rate per hour.
///   Before a full window of data exists the rate is taken over the time since the first
///   task, but at least `minimumSpan` (10 min): the day's opening (the verifications for the
///   first two hours' appointments arrive at once) counts as the load it is. Cancelled tasks
///   are left out: an abandoned call's work lives on in its callback, and a cancelled task
///   needs no desk.
/// - **Work per kind**: `meanWork` (defaults as in the simulator's day); a call's is learned
///   from calls answered and ended (answer → end), blended with the default as if the
///   default had been seen `priorWeight` times, so a few odd calls barely move it.
/// - **Work already waiting** (queued or suspended, by kind, × mean work) counts as offered
///   too, spread over `drainTime` (1 h): a desk that has fallen an hour behind is overloaded
///   even when the phone goes quiet, and it stays so until it has caught up — so the
///   deferred backlog does not flood back the moment arrivals dip.
/// - **Offered load** = Σ rate × mean work + waiting work ÷ drain time, in desks' worth of
///   work (erlangs). **Capacity** is what the staffed desks can sustain: `sustainableOccupancy`
///   (85 %) of their time, the usual ceiling in call-centre planning — past it queues grow
///   without bound and nobody is free to pick up the phone. Utilization ρ = offered ÷ capacity,
///   so "1.0× capacity" means the desks are 85 % busy.
/// - **Overloaded**, with hysteresis so it does not flap: a state machine run over 5-minute
///   checkpoints (aligned to the clock, so every reader sees the same ones) for the last
///   `lookback`, then at `now`: it turns on when ρ ≥ `enterAt` (1.0) and off only when
///   ρ < `leaveBelow` (0.85). The first checkpoint starts on when ρ ≥ `enterAt`. At a past
///   checkpoint the waiting work is what is still open now and was created by then (the
///   tasks do not record when they were closed): a lower bound, the same for every reader.
public struct LoadEstimate: Equatable, Sendable, Codable {
    public struct Settings: Equatable, Sendable {
        public var window: TimeInterval = 30 * 60
        public var minimumSpan: TimeInterval = 10 * 60
        /// Mean desk work per kind, seconds.
        public var meanWork: [TaskKind: TimeInterval] = [
            .emergency: 300, .call: 150, .checkIn: 200, .callback: 150,
            .providerRequest: 240, .insuranceVerification: 180, .missingDocuments: 120,
        ]
        /// Work waiting counts as if it had to be done within this long.
        public var drainTime: TimeInterval = 3600
        /// How many observations the default work of a kind counts as, against learned ones.
        public var priorWeight: Double = 10
        /// Share of a desk's time it can be busy and still keep up (see above).
        public var sustainableOccupancy: Double = 0.85
        public var enterAt: Double = 1.0
        public var leaveBelow: Double = 0.85
        public var checkEvery: TimeInterval = 5 * 60
        public var lookback: TimeInterval = 2 * 3600
        public init() {}
        public static let `default` = Settings()
    }

    /// One kind's share of the load.
    public struct KindLoad: Equatable, Sendable, Codable {
        public var kind: TaskKind
        /// Tasks of this kind that arrived within the window.
        public var arrivals: Int
        public var perHour: Double
        /// Tasks of this kind waiting now (queued or suspended).
        public var waiting: Int
        /// Seconds of desk work one takes.
        public var meanWork: TimeInterval
        /// Completed tasks the mean work was learned from (0: the default alone).
        public var learnedFrom: Int
        /// Desks' worth of work this kind offers (rate × mean work + waiting work ÷ drain time).
        public var offered: Double
    }

    public var at: Date
    /// The span the rates were measured over: the window, or less early in the day.
    public var span: TimeInterval
    public var staffedDesks: Int
    /// Every kind, in `TaskKind` order.
    public var kinds: [KindLoad]
    /// Desks' worth of work offered (erlangs).
    public var offered: Double
    /// Offered ÷ capacity (staffed desks × sustainable occupancy); nil when no desk is staffed.
    public var utilization: Double?
    public var overloaded: Bool

    /// What `RankingPolicy` needs: set while overloaded.
    public var overload: Overload? {
        guard overloaded, let utilization else { return nil }
        return Overload(utilization: utilization)
    }

    /// "1.3× capacity: 2.6 desks of work for 2 staffed (call 1.2, check-in 0.9, …)"
    public var summary: String {
        guard let utilization else { return "no desk staffed" }
        let parts = kinds.filter { $0.offered >= 0.05 }.sorted { $0.offered > $1.offered }
            .map { "\($0.kind.label.lowercased()) \(String(format: "%.1f", $0.offered))" }
        let head = String(format: "%.1f× capacity: %.1f desks of work for %d staffed", utilization, offered, staffedDesks)
        return (overloaded ? "overloaded, " : "") + head + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }

    /// The estimate over a clinic snapshot: its tasks and calls, and the desks with someone
    /// signed in.
    public static func estimate(_ snapshot: ClinicSnapshot, at now: Date, settings: Settings = .default) -> LoadEstimate {
        estimate(tasks: snapshot.tasks, calls: snapshot.calls,
                 staffedDesks: snapshot.desks.filter { $0.user != nil }.count, at: now, settings: settings)
    }

    /// The estimate from the day's tasks (any state: their kind, creation, whether they are
    /// still waiting, whether they were cancelled) and calls (for the learned call length).
    public static func estimate<T: Sequence, C: Sequence>(tasks: T, calls: C, staffedDesks: Int, at now: Date,
                                                          settings: Settings = .default) -> LoadEstimate
    where T.Element == DeskTask, C.Element == Call {
        let work = learnedWork(calls: calls, at: now, settings: settings)
        let timeline = LoadTimeline(tasks: tasks, at: now, settings: settings)
        let capacity = Double(staffedDesks) * settings.sustainableOccupancy
        func utilization(_ offered: Double) -> Double? { capacity > 0 ? offered / capacity : nil }

        // Hysteresis, replayed over the clock-aligned checkpoints of the lookback.
        var overloaded = false
        func feed(_ rho: Double?) {
            guard let rho else { overloaded = false; return }
            overloaded = overloaded ? rho >= settings.leaveBelow : rho >= settings.enterAt
        }
        let step = settings.checkEvery
        var checkpoint = ((now.timeIntervalSinceReferenceDate - settings.lookback) / step).rounded(.up) * step
        while checkpoint < now.timeIntervalSinceReferenceDate {
            feed(utilization(timeline.load(at: Date(timeIntervalSinceReferenceDate: checkpoint), work: work).offered))
            checkpoint += step
        }
        let current = timeline.load(at: now, work: work)
        feed(utilization(current.offered))
        let kinds = TaskKind.allCases.map { kind -> KindLoad in
            let n = current.arrivals[kind] ?? 0, waiting = current.waiting[kind] ?? 0, mean = work[kind]?.mean ?? 0
            return KindLoad(kind: kind, arrivals: n, perHour: Double(n) * 3600 / current.span, waiting: waiting,
                            meanWork: mean, learnedFrom: work[kind]?.observed ?? 0,
                            offered: Double(n) * mean / current.span + Double(waiting) * mean / settings.drainTime)
        }
        return LoadEstimate(at: now, span: current.span, staffedDesks: staffedDesks, kinds: kinds,
                            offered: current.offered, utilization: utilization(current.offered), overloaded: overloaded)
    }

    /// Mean work per kind; a call's is learned from calls answered and ended before `now`.
    static func learnedWork<C: Sequence>(calls: C, at now: Date, settings: Settings)
        -> [TaskKind: (mean: TimeInterval, observed: Int)] where C.Element == Call {
        var work = settings.meanWork.mapValues { (mean: $0, observed: 0) }
        var total: TimeInterval = 0, count = 0
        for call in calls where call.state == .ended {
            guard let answered = call.answeredAt, let ended = call.endedAt, ended <= now, ended > answered else { continue }
            total += ended.timeIntervalSince(answered); count += 1
        }
        if count > 0, let prior = settings.meanWork[.call] {
            let mean = (prior * settings.priorWeight + total) / (settings.priorWeight + Double(count))
            work[.call] = (mean, count)
        }
        return work
    }
}

/// The day's tasks laid out in time for `LoadEstimate`: arrivals (not cancelled) by creation,
/// and the tasks waiting now by creation, so the load at any checkpoint is two binary searches
/// and a short count.
private struct LoadTimeline {
    let arrivals: [(at: Date, kind: TaskKind)]
    let waiting: [(at: Date, kind: TaskKind)]
    let first: Date?
    let settings: LoadEstimate.Settings

    init<T: Sequence>(tasks: T, at now: Date, settings: LoadEstimate.Settings) where T.Element == DeskTask {
        let known = tasks.filter { $0.createdAt <= now }
        arrivals = known.filter { $0.state != .cancelled }.map { ($0.createdAt, $0.kind) }.sorted { $0.at < $1.at }
        waiting = known.filter { $0.state == .queued || $0.state == .suspended }.map { ($0.createdAt, $0.kind) }
            .sorted { $0.at < $1.at }
        first = arrivals.first?.at
        self.settings = settings
    }

    struct Load {
        var span: TimeInterval
        var arrivals: [TaskKind: Int]
        var waiting: [TaskKind: Int]
        var offered: Double
    }

    func load(at t: Date, work: [TaskKind: (mean: TimeInterval, observed: Int)]) -> Load {
        let span = first.map { max(settings.minimumSpan, min(settings.window, t.timeIntervalSince($0))) } ?? settings.window
        var arrived: [TaskKind: Int] = [:], open: [TaskKind: Int] = [:]
        for a in arrivals[Self.firstIndex(after: t.addingTimeInterval(-span), in: arrivals)...] {
            if a.at > t { break }
            arrived[a.kind, default: 0] += 1
        }
        for w in waiting[..<Self.firstIndex(after: t, in: waiting)] { open[w.kind, default: 0] += 1 }
        let offered = arrived.reduce(0) { $0 + Double($1.value) * (work[$1.key]?.mean ?? 0) / span }
            + open.reduce(0) { $0 + Double($1.value) * (work[$1.key]?.mean ?? 0) / settings.drainTime }
        return Load(span: span, arrivals: arrived, waiting: open, offered: offered)
    }

    /// The index of the first entry later than `t` (entries are sorted by time).
    static func firstIndex(after t: Date, in entries: [(at: Date, kind: TaskKind)]) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi { let mid = (lo + hi) / 2; if entries[mid].at <= t { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
