import Foundation

/// The explainable ranking and interruption policy.
///
/// - Emergency is a tier above everything: first in every ranking, interrupts any task,
///   passes masks and the suspend cap.
/// - Every other task scores: points for its kind + aging at its kind's `pointsPerMinute`
///   (since creation, or since it was suspended; fast kinds slow to the slowest rate once
///   they have gained `fastAgingCap` more than it) + a deadline ramp (from `deadlineLead` before
///   `dueAt` until due, then flat) + for suspended tasks a resume bonus that grows while they
///   wait (capped) + a supervisor's bump. Highest first; ties by creation time, then id.
/// - Tiers come before scores (`RankTier`): a callback near its due time is a promise kept
///   before anything but an emergency; a task suspended `resumeLimit` comes back before new
///   work; and while the desk is overloaded (`overload`, from `LoadEstimate`) work that cannot
///   abandon is deferred behind callers and patients at the window.
public struct RankingPolicy: Equatable, Sendable {
    public var config: PolicyConfig
    /// Set while the desk is overloaded (`LoadEstimate.overload`); nil otherwise.
    public var overload: Overload?

    public init(config: PolicyConfig = .default, overload: Overload? = nil) {
        self.config = config; self.overload = overload
    }

    /// Whether `other` puts every set of tasks in the same order at every instant: the same
    /// settings, overloaded or not (the figure in "2.6× capacity" is only words).
    public func ordersLike(_ other: RankingPolicy) -> Bool {
        config == other.config && (overload == nil) == (other.overload == nil)
    }

    static let emergencyHeadline = "emergency: above everything"

    public func explain(_ task: DeskTask, at now: Date) -> Explanation {
        let tick = Fixed.tick(now)
        let place = placement(task, at: tick)
        var parts: [ScorePart] = []
        let waited = max(0, tick - place.agingFrom)
        let waitedLabel = place.deferredFor.map { "waited \(Self.minutes(waited)) min after \(Self.minutes($0)) min deferred" }
            ?? "waited \(Self.minutes(waited)) min"
        parts.append(ScorePart(waitedLabel, Fixed.points(agingUnits(task.kind, waited: waited))))
        if task.kind != .emergency, config.points(for: task.kind) != 0 {
            parts.append(ScorePart(Self.kindReason(task.kind), config.points(for: task.kind)))
        }
        if let dueAt = task.dueAt, place.deferredFor == nil {
            let due = Fixed.tick(dueAt)
            let rampStart = due - Fixed.ms(config.deadlineLead)
            let rate = Fixed.rate(config.deadlinePointsPerMinute)
            if tick >= due {
                parts.append(ScorePart("overdue \(Self.minutes(tick - due)) min", Fixed.points(rate &* (due - rampStart))))
            } else if tick >= rampStart {
                parts.append(ScorePart("due in \(Self.minutesUp(due - tick)) min", Fixed.points(rate &* (tick - rampStart))))
            }
        }
        if task.state == .suspended, let context = task.context {
            let away = max(0, tick - Fixed.tick(context.suspendedAt))
            let growing = min(away, Fixed.ms(config.resumeGrowthCap))
            let bonus = Fixed.units(config.resumeBonus) + Fixed.rate(config.resumePointsPerMinute) &* growing
            parts.append(ScorePart("resumed bonus", Fixed.points(bonus)))
        }
        if overloadPoints(task) != 0, let overload {
            parts.append(ScorePart("may hang up: \(overload.reason)", overloadPoints(task)))
        }
        if task.bump != 0 { parts.append(ScorePart("bumped by supervisor", task.bump)) }
        return Explanation(tier: place.tier, headline: headline(place.tier, task, at: tick), parts: parts)
    }

    /// The reason for a tier, in the words the console shows.
    func headline(_ tier: RankTier, _ task: DeskTask, at tick: Int64) -> String? {
        switch tier {
        case .emergency: return Self.emergencyHeadline
        case .promise: return "callback due: a promise, kept first"
        case .resume:
            let away = task.context.map { tick - Fixed.tick($0.suspendedAt) } ?? 0
            return "suspended \(Self.minutes(away)) min: back before new work"
        case .scored: return nil
        case .deferred: return "deferred: " + (overload?.reason ?? "desk overloaded")
        }
    }

    /// Best first. A strict total order: the same set in any input order gives the same list.
    public func rank(_ tasks: [DeskTask], at now: Date) -> [DeskTask] {
        tasks.map { ($0, key($0, at: now)) }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// `true` when `a` goes before `b` at `now`.
    public func precedes(_ a: DeskTask, _ b: DeskTask, at now: Date) -> Bool {
        key(a, at: now) < key(b, at: now)
    }

    /// The task `desk` should take next from `tasks` (a full scan; `TaskQueue` does it in
    /// O(log n) for a live set). Skips tasks held by a desk, closed ones, tasks reassigned to
    /// another desk, tasks another desk suspended, and work of other sites than `site` (`SiteRule`);
    /// finishes before starting (`finishingFirst`).
    public func next(for desk: String, site: String? = nil, among tasks: [DeskTask], at now: Date) -> DeskTask? {
        let eligible = tasks.filter { Self.isEligible($0, for: desk, site: site) }
        guard let best = eligible.min(by: { key($0, at: now) < key($1, at: now) }) else { return nil }
        return finishingFirst(best, setAside: eligible, for: desk, at: now)
    }

    // MARK: helpers shared with TaskQueue

    func key(_ task: DeskTask, at now: Date) -> RankKey {
        let tick = Fixed.tick(now)
        let seg = segment(task, at: tick)
        return RankKey(tier: seg.tier, score: seg.score(at: tick), createdAt: Fixed.tick(task.createdAt), id: task.id)
    }

    /// Queued tasks are open to every desk unless reassigned; a suspended task belongs to the
    /// desk that put it aside (its context lives there); an active task is already held.
    public static func isEligible(_ task: DeskTask, for desk: String, site: String? = nil) -> Bool {
        if task.assignedDesk == nil, !SiteRule.serves(deskSite: site, task.sites) { return false }
        switch task.state {
        case .queued: return task.assignedDesk == nil || task.assignedDesk == desk
        case .suspended:
            if let assigned = task.assignedDesk { return assigned == desk }
            return task.desk == nil || task.desk == desk
        case .active, .done, .cancelled: return false
        }
    }

    static func kindReason(_ kind: TaskKind) -> String {
        switch kind {
        case .emergency: return "emergency"
        case .call: return "caller on the line"
        case .checkIn: return "patient at window"
        case .callback: return "callback owed"
        case .providerRequest: return "provider asked"
        case .insuranceVerification: return "insurance to verify"
        case .missingDocuments: return "documents missing"
        case .waitlistOffer: return "slot to offer"
        }
    }

    static func minutes(_ ms: Int64) -> Int64 { ms / 60_000 }
    static func minutesUp(_ ms: Int64) -> Int64 { (ms + 59_999) / 60_000 }
}
