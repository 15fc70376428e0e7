import Foundation

/// Scores in exact integer arithmetic, so that the queue's incremental order and a full
/// `rank` always agree (floating point could round two equal scores apart in one place
/// and not the other).
///
/// Time is whole milliseconds since the reference date; points are scaled so that a rate of
/// one point per minute is 1 000 units per millisecond (rates are kept to 1/1000 point/min).
enum Fixed {
    static let unitsPerPoint: Int64 = 60_000_000
    static func tick(_ date: Date) -> Int64 { Int64((date.timeIntervalSinceReferenceDate * 1000).rounded()) }
    static func units(_ points: Double) -> Int64 { Int64((points * Double(unitsPerPoint)).rounded()) }
    /// Points per minute → units per millisecond.
    static func rate(_ pointsPerMinute: Double) -> Int64 { Int64((pointsPerMinute * 1000).rounded()) }
    static func points(_ units: Int64) -> Double { Double(units) / Double(unitsPerPoint) }
    /// A duration in whole milliseconds.
    static func ms(_ interval: TimeInterval) -> Int64 { Int64((interval * 1000).rounded()) }
}

/// A task's score is piecewise linear in time. Over the current piece it is
/// `intercept + slope × now` within `tier`; `validUntil` is where the next piece starts (a
/// deadline's ramp starting or ending, the resume bonus reaching its cap, a change of tier).
/// Tasks in the same tier on the same slope keep their order as time passes, which is what
/// lets `TaskQueue` avoid re-sorting on every tick.
struct ScoreSegment: Equatable {
    var tier: RankTier
    var slope: Int64
    var intercept: Int64
    var validUntil: Int64?

    func score(at tick: Int64) -> Int64 { intercept &+ slope &* tick }

    fileprivate mutating func add(slope s: Int64, from start: Int64) {
        slope += s; intercept -= s &* start
    }
    fileprivate mutating func add(constant c: Int64) { intercept += c }
    fileprivate mutating func breakAt(_ tick: Int64?) {
        guard let tick else { return }
        validUntil = min(validUntil ?? tick, tick)
    }
}

/// Where a task stands at one instant: its tier, the tick its aging counts from, and the
/// next tick at which either can change.
struct Placement: Equatable {
    var tier: RankTier
    var agingFrom: Int64
    /// Set while the task ages from the end of a deferral rather than from `waitingSince`.
    var deferredFor: Int64?
    var until: Int64?
}

extension RankingPolicy {
    /// The tier rules, in order: emergency; a callback near or past its due time (a
    /// promise); a task suspended `resumeLimit` or longer; under overload, queued work that
    /// cannot abandon, for at most `deferralLimit`; everything else scored.
    func placement(_ task: DeskTask, at tick: Int64) -> Placement {
        let since = Fixed.tick(task.waitingSince)
        var place = Placement(tier: .scored, agingFrom: since, deferredFor: nil, until: nil)
        func breakAt(_ t: Int64) { place.until = min(place.until ?? t, t) }
        if task.kind == .emergency { place.tier = .emergency; return place }
        let promiseStart = promiseStart(task)
        if let start = promiseStart {
            if tick >= start { place.tier = .promise; return place }
            breakAt(start)
        }
        if task.state == .suspended, let context = task.context {
            let lift = Fixed.tick(context.suspendedAt) + Fixed.ms(resumeLimit)
            if tick >= lift { place.tier = .resume; return place }
            breakAt(lift)
        }
        if overload != nil, task.state == .queued, config.deferrableKinds.contains(task.kind) {
            let end = min(since + Fixed.ms(config.deferralLimit), promiseStart ?? .max)
            if tick < end { place.tier = .deferred; breakAt(end); return place }
            // Back from its deferral (a callback would be in the promise tier by now): it rejoins
            // the scored tier as if it had just come in — aging from the end of the deferral, its
            // deadline not counted while the desk is still overloaded — so it comes back below
            // the callers and patients it made way for, not above them.
            place.agingFrom = end
            place.deferredFor = end - since
        }
        return place
    }

    /// How long a suspended task may wait before its desk takes no new work ahead of it.
    var resumeLimit: TimeInterval { overload == nil ? config.resumeLimit : config.overloadResumeLimit }

    /// When a promise starts to bind: `promiseLead` before it is due. A callback owed to a
    /// caller and a freed slot offered to a waitlisted patient are both promises with a time.
    func promiseStart(_ task: DeskTask) -> Int64? {
        guard config.callbacksArePromises, task.kind == .callback || task.kind == .waitlistOffer, let due = task.dueAt else { return nil }
        return Fixed.tick(due) - Fixed.ms(config.promiseLead)
    }

    /// A caller's extra points while the desk is overloaded.
    func overloadPoints(_ task: DeskTask) -> Double {
        overload != nil ? config.overloadPoints(for: task.kind) : 0
    }

    /// The piece of the score function that holds at `tick`.
    func segment(_ task: DeskTask, at tick: Int64) -> ScoreSegment {
        let place = placement(task, at: tick)
        var seg = ScoreSegment(tier: place.tier, slope: 0, intercept: 0, validUntil: place.until)
        if task.kind == .emergency { return seg }
        seg.add(constant: Fixed.units(config.points(for: task.kind) + task.bump + overloadPoints(task)))

        let since = place.agingFrom
        if tick < since { seg.breakAt(since) } else {
            let aging = agingRates(task.kind)
            seg.add(slope: aging.slowest, from: since)
            if aging.extra > 0 {
                if tick < since + aging.fastUntil { seg.add(slope: aging.extra, from: since); seg.breakAt(since + aging.fastUntil) }
                else { seg.add(constant: aging.cap) }
            }
        }

        if let due = task.dueAt.map(Fixed.tick), place.deferredFor == nil {
            let rate = Fixed.rate(config.deadlinePointsPerMinute)
            let rampStart = due - Fixed.ms(config.deadlineLead)
            if tick < rampStart { seg.breakAt(rampStart) }
            else if tick < due { seg.add(slope: rate, from: rampStart); seg.breakAt(due) }
            else { seg.add(constant: rate &* (due - rampStart)) }
        }

        if task.state == .suspended, let suspendedAt = task.context.map({ Fixed.tick($0.suspendedAt) }) {
            seg.add(constant: Fixed.units(config.resumeBonus))
            let rate = Fixed.rate(config.resumePointsPerMinute)
            let capAt = suspendedAt + Fixed.ms(config.resumeGrowthCap)
            if tick < suspendedAt { seg.breakAt(suspendedAt) }
            else if tick < capAt { seg.add(slope: rate, from: suspendedAt); seg.breakAt(capAt) }
            else { seg.add(constant: rate &* (capAt - suspendedAt)) }
        }
        return seg
    }

    /// Aging in fixed point: every task gains `slowest` per ms; a faster kind gains `extra` more
    /// per ms until that extra reaches `cap`, which happens `fastUntil` ms into its wait.
    func agingRates(_ kind: TaskKind) -> (slowest: Int64, extra: Int64, cap: Int64, fastUntil: Int64) {
        let slowest = Fixed.rate(config.slowestRate)
        let extra = max(0, Fixed.rate(config.agingRate(for: kind)) - slowest)
        let cap = max(0, Fixed.units(config.fastAgingCap))
        // The first tick at which extra × waited ≥ cap (rounded up, so the piece before it is exact).
        let fastUntil = extra > 0 ? (cap + extra - 1) / extra : 0
        return (slowest, extra, cap, fastUntil)
    }

    /// Points gained by waiting `waited` ms, in fixed-point units.
    func agingUnits(_ kind: TaskKind, waited: Int64) -> Int64 {
        let aging = agingRates(kind)
        return aging.slowest &* waited + min(aging.extra &* waited, aging.cap)
    }

    /// The exact score at `now`, in fixed-point units (see `Fixed`).
    func exactScore(_ task: DeskTask, at now: Date) -> Int64 {
        let tick = Fixed.tick(now)
        return segment(task, at: tick).score(at: tick)
    }
}

/// Where a task stands in the order at one instant: better tier first (emergencies among
/// themselves earliest first), then highest score, then earliest created, then lowest id — so
/// the order is total and never depends on the order tasks were handed in.
struct RankKey: Comparable {
    var tier: RankTier
    var score: Int64
    var createdAt: Int64
    var id: Int64

    /// `<` means "goes first".
    static func < (a: RankKey, b: RankKey) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        if a.score != b.score { return a.score > b.score }
        if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
        return a.id < b.id
    }
}
