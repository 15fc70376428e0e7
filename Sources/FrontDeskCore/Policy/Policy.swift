import Foundation

/// One named part of a score, e.g. ("waited 7 min", 7).
public struct ScorePart: Equatable, Sendable {
    public var label: String
    public var points: Double
    public init(_ label: String, _ points: Double) { self.label = label; self.points = points }
}

/// Why a task ranks where it does.
public struct Explanation: Equatable, Sendable {
    public var isEmergency: Bool
    public var parts: [ScorePart]
    public init(isEmergency: Bool, parts: [ScorePart]) { self.isEmergency = isEmergency; self.parts = parts }
    public var total: Double { parts.reduce(0) { $0 + $1.points } }
    /// "waited 7 min +7 · patient at window +8 · resumed bonus +3"
    public var text: String {
        let body = parts.map { "\($0.label) \($0.points >= 0 ? "+" : "")\(Int($0.points.rounded()))" }
            .joined(separator: " · ")
        return isEmergency ? (body.isEmpty ? "emergency: above everything" : "emergency: above everything · " + body) : body
    }
}

public enum InterruptionVerdict: String, Sendable, Equatable {
    case interruptNow = "interrupt now"
    case offerAtNextBreak = "at the next break"
    case queue = "queued"
}

public struct Decision: Equatable, Sendable {
    public var verdict: InterruptionVerdict
    public var reason: String
    public init(_ verdict: InterruptionVerdict, _ reason: String) { self.verdict = verdict; self.reason = reason }
}

/// The explainable ranking and interruption policy.
///
/// - Emergency is a tier above everything: first in every ranking, interrupts any task,
///   passes masks and the suspend cap.
/// - Every other task scores: points for its kind + aging at its kind's `pointsPerMinute`
///   (since creation, or since it was suspended; fast kinds slow to the slowest rate once
///   they have gained `fastAgingCap` more than it) + a deadline ramp (from `deadlineLead` before
///   `dueAt` until due, then flat) + for suspended tasks a resume bonus that grows while they
///   wait (capped) + a supervisor's bump. Highest first; ties by creation time, then id.
public struct RankingPolicy: Equatable, Sendable {
    public var config: PolicyConfig
    public init(config: PolicyConfig = .default) { self.config = config }

    public func explain(_ task: DeskTask, at now: Date) -> Explanation {
        let tick = Fixed.tick(now)
        var parts: [ScorePart] = []
        let waited = max(0, tick - Fixed.tick(task.waitingSince))
        parts.append(ScorePart("waited \(Self.minutes(waited)) min",
                               Fixed.points(agingUnits(task.kind, waited: waited))))
        if task.kind != .emergency, config.points(for: task.kind) != 0 {
            parts.append(ScorePart(Self.kindReason(task.kind), config.points(for: task.kind)))
        }
        if let dueAt = task.dueAt {
            let due = Fixed.tick(dueAt)
            let rampStart = due - Int64((config.deadlineLead * 1000).rounded())
            let rate = Fixed.rate(config.deadlinePointsPerMinute)
            if tick >= due {
                parts.append(ScorePart("overdue \(Self.minutes(tick - due)) min", Fixed.points(rate &* (due - rampStart))))
            } else if tick >= rampStart {
                parts.append(ScorePart("due in \(Self.minutesUp(due - tick)) min", Fixed.points(rate &* (tick - rampStart))))
            }
        }
        if task.state == .suspended, let context = task.context {
            let away = max(0, tick - Fixed.tick(context.suspendedAt))
            let growing = min(away, Int64((config.resumeGrowthCap * 1000).rounded()))
            let bonus = Fixed.units(config.resumeBonus) + Fixed.rate(config.resumePointsPerMinute) &* growing
            parts.append(ScorePart("resumed bonus", Fixed.points(bonus)))
        }
        if task.bump != 0 { parts.append(ScorePart("bumped by supervisor", task.bump)) }
        return Explanation(isEmergency: task.kind == .emergency, parts: parts)
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
    /// another desk, and tasks another desk suspended.
    public func next(for desk: String, among tasks: [DeskTask], at now: Date) -> DeskTask? {
        tasks.filter { Self.isEligible($0, for: desk) }.min { key($0, at: now) < key($1, at: now) }
    }

    /// What to do with `arriving` while `active` is being worked on and `stackDepth` tasks
    /// are already suspended at this desk.
    ///
    /// Once a desk is on a task its waiting has ended, so the active task holds its place with
    /// its *stake*: kind points, deadline and bump, without the minutes it waited. The arriving
    /// task interrupts only with `interruptMargin` points more than that stake. Pass
    /// `queueHead` (the best task already waiting for this desk) to keep the starvation bound:
    /// a newcomer never jumps ahead of a task that outranks it.
    public func decide(active: DeskTask?, arriving: DeskTask, stackDepth: Int, at now: Date,
                       queueHead: DeskTask? = nil) -> Decision {
        if arriving.kind == .emergency {
            var reason = "emergency: above everything"
            if active?.masked == true { reason += " (passes the mask)" }
            if let active, stackDepth >= config.suspendCap, active.kind != .emergency { reason += " (passes the suspend cap)" }
            return Decision(.interruptNow, reason)
        }
        if let head = queueHead, head.id != arriving.id, precedes(head, arriving, at: now) {
            return Decision(.queue, "\(head.kind.label) waiting ranks higher")
        }
        guard let active else { return Decision(.interruptNow, "desk is free") }
        if active.kind == .emergency { return Decision(.queue, "an emergency is in progress") }
        if stackDepth >= config.suspendCap {
            return Decision(.queue, "already \(stackDepth) tasks suspended (cap \(config.suspendCap)); only an emergency interrupts")
        }
        let incoming = Fixed.points(exactScore(arriving, at: now))
        let stake = Fixed.points(stakeScore(active, at: now))
        let scores = "\(arriving.kind.label) \(Int(incoming.rounded())) vs \(active.kind.label) in progress \(Int(stake.rounded()))"
        let margin = Int(config.interruptMargin.rounded())
        guard incoming >= stake + config.interruptMargin else {
            return Decision(.queue, "\(scores): not \(margin) points ahead")
        }
        if active.masked {
            return Decision(.offerAtNextBreak, "\(active.kind.label) is in a masked step; \(scores), offered at the next break")
        }
        return Decision(.interruptNow, "\(scores): ahead by \(margin) or more")
    }

    /// The active task's score without its waiting: kind, deadline, bump.
    func stakeScore(_ active: DeskTask, at now: Date) -> Int64 {
        var held = active
        held.createdAt = now
        held.context = nil
        held.state = .active
        return exactScore(held, at: now)
    }

    // MARK: helpers shared with TaskQueue

    func key(_ task: DeskTask, at now: Date) -> RankKey {
        RankKey(isEmergency: task.kind == .emergency,
                score: task.kind == .emergency ? 0 : exactScore(task, at: now),
                createdAt: Fixed.tick(task.createdAt), id: task.id)
    }

    /// Queued tasks are open to every desk unless reassigned; a suspended task belongs to the
    /// desk that put it aside (its context lives there); an active task is already held.
    public static func isEligible(_ task: DeskTask, for desk: String) -> Bool {
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
        }
    }

    private static func minutes(_ ms: Int64) -> Int64 { ms / 60_000 }
    private static func minutesUp(_ ms: Int64) -> Int64 { (ms + 59_999) / 60_000 }
}
