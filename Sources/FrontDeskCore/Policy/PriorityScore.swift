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
}

/// A task's score is piecewise linear in time. Over the current piece it is
/// `intercept + slope × now`; `validUntil` is where the next piece starts (a deadline's ramp
/// starting or ending, the resume bonus reaching its cap). Tasks on the same slope keep their
/// order as time passes, which is what lets `TaskQueue` avoid re-sorting on every tick.
struct ScoreSegment: Equatable {
    var slope: Int64
    var intercept: Int64
    var validUntil: Int64?

    func score(at tick: Int64) -> Int64 { intercept &+ slope &* tick }

    fileprivate mutating func add(slope s: Int64, from start: Int64) {
        slope += s; intercept -= s &* start
    }
    fileprivate mutating func add(constant c: Int64) { intercept += c }
    fileprivate mutating func breakAt(_ tick: Int64) {
        validUntil = min(validUntil ?? tick, tick)
    }
}

extension RankingPolicy {
    /// The piece of the score function that holds at `tick`.
    func segment(_ task: DeskTask, at tick: Int64) -> ScoreSegment {
        var seg = ScoreSegment(slope: 0, intercept: 0, validUntil: nil)
        seg.add(constant: Fixed.units(config.points(for: task.kind) + task.bump))

        let since = Fixed.tick(task.waitingSince)
        if tick < since { seg.breakAt(since) } else {
            let aging = agingRates(task.kind)
            seg.add(slope: aging.slowest, from: since)
            if aging.extra > 0 {
                if tick < since + aging.fastUntil { seg.add(slope: aging.extra, from: since); seg.breakAt(since + aging.fastUntil) }
                else { seg.add(constant: aging.cap) }
            }
        }

        if let due = task.dueAt.map(Fixed.tick) {
            let rate = Fixed.rate(config.deadlinePointsPerMinute)
            let rampStart = due - Int64((config.deadlineLead * 1000).rounded())
            if tick < rampStart { seg.breakAt(rampStart) }
            else if tick < due { seg.add(slope: rate, from: rampStart); seg.breakAt(due) }
            else { seg.add(constant: rate &* (due - rampStart)) }
        }

        if task.state == .suspended, let suspendedAt = task.context.map({ Fixed.tick($0.suspendedAt) }) {
            seg.add(constant: Fixed.units(config.resumeBonus))
            let rate = Fixed.rate(config.resumePointsPerMinute)
            let capAt = suspendedAt + Int64((config.resumeGrowthCap * 1000).rounded())
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

/// Where a task stands in the order at one instant: emergencies first (earliest first),
/// then highest score, then earliest created, then lowest id — so the order is total and
/// never depends on the order tasks were handed in.
struct RankKey: Comparable {
    var isEmergency: Bool
    var score: Int64
    var createdAt: Int64
    var id: Int64

    /// `<` means "goes first".
    static func < (a: RankKey, b: RankKey) -> Bool {
        if a.isEmergency != b.isEmergency { return a.isEmergency }
        if !a.isEmergency, a.score != b.score { return a.score > b.score }
        if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
        return a.id < b.id
    }
}
