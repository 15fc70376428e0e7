import Foundation

/// When an arriving task interrupts the one in hand, and which desk it interrupts.
extension RankingPolicy {
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
        let tick = Fixed.tick(now)
        let held = stakeTask(active, at: now)
        let incoming = segment(arriving, at: tick), stake = segment(held, at: tick)
        let scores = "\(arriving.kind.label) \(describe(arriving, incoming, at: tick)) vs "
            + "\(active.kind.label) in progress \(describe(held, stake, at: tick))"
        if incoming.tier > stake.tier { return Decision(.queue, scores) }
        let margin = Int(config.interruptMargin.rounded())
        let ahead: String
        if incoming.tier < stake.tier {
            ahead = "a tier ahead"
        } else {
            let gap = Fixed.points(incoming.score(at: tick) - stake.score(at: tick))
            guard gap >= config.interruptMargin else { return Decision(.queue, "\(scores): not \(margin) points ahead") }
            ahead = "ahead by \(margin) or more"
        }
        if active.masked {
            return Decision(.offerAtNextBreak, "\(active.kind.label) is in a masked step; \(scores), offered at the next break")
        }
        return Decision(.interruptNow, "\(scores): \(ahead)")
    }

    /// "90", or "2, deferred: desk overloaded, 1.3× capacity" when the task is outside the
    /// scored tier.
    private func describe(_ task: DeskTask, _ seg: ScoreSegment, at tick: Int64) -> String {
        let points = "\(Int(Fixed.points(seg.score(at: tick)).rounded()))"
        guard seg.tier != .scored, let why = headline(seg.tier, task, at: tick) else { return points }
        return points + ", " + why
    }

    /// The active task as it stands for `decide`: its waiting ended when a desk took it, so it
    /// holds its place with its kind, deadline and bump (and the tier those give) only.
    func stakeTask(_ active: DeskTask, at now: Date) -> DeskTask {
        var held = active
        held.createdAt = now
        held.context = nil
        held.state = .queued
        return held
    }

    /// The busy desks in the order an arriving task should try to interrupt them: the task in
    /// hand with the smallest stake first (lowest tier, then lowest score, then desk name).
    public func interruptionOrder(_ holdings: [DeskHolding], at now: Date) -> [DeskHolding] {
        let tick = Fixed.tick(now)
        func stake(_ h: DeskHolding) -> (RankTier, Int64) {
            guard let active = h.active else { return (.deferred, .min) }
            let seg = segment(stakeTask(active, at: now), at: tick)
            return (seg.tier, seg.score(at: tick))
        }
        return holdings.map { ($0, stake($0)) }.sorted { a, b in
            if a.1.0 != b.1.0 { return a.1.0 > b.1.0 }
            if a.1.1 != b.1.1 { return a.1.1 < b.1.1 }
            return a.0.desk < b.0.desk
        }.map(\.0)
    }
}
