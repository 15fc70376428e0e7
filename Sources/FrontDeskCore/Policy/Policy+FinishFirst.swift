import Foundation

/// Finish before starting: a desk that set a piece of paperwork aside picks it back up before
/// it starts another of the same kind.
///
/// The ranking compares every open task by tier and score, and a task set aside ages from its
/// suspension, so a desk coming back from a call could start the next insurance verification
/// in the pile while the one it put down waits behind it: two half-done tasks where there was
/// one, a second resumption cost later, and the set-aside one left longest of all (the
/// resumption lag grows with the time away, Altmann & Trafton). For work nobody is waiting on
/// in person (`PolicyConfig.deferrableKinds`: no caller on the line, no patient at the window)
/// the two are interchangeable to everyone but the desk, so the desk finishes what it holds.
///
/// The rule changes which task of the pick's own kind is taken, never the kind: an emergency,
/// a promise, a caller or a patient that ranks first is still taken first, and a set-aside
/// task goes ahead of new work of its kind only. So it adds at most the remaining work of the
/// desk's set-aside tasks (`suspendCap` of them) to the starvation bound of that kind.
extension RankingPolicy {
    /// Whether a desk whose best pick is `pick` takes a set-aside task of the same kind instead:
    /// `pick` is new (queued) work of a kind nobody waits on in person, in the scored or the
    /// deferred tier.
    func yieldsToSetAside(_ pick: DeskTask, at tick: Int64) -> Bool {
        guard config.finishBeforeStarting, pick.state == .queued, config.deferrableKinds.contains(pick.kind) else { return false }
        let tier = placement(pick, at: tick).tier
        return tier == .scored || tier == .deferred
    }

    /// What `desk` takes when its best pick is `pick` and `setAside` are tasks it may take:
    /// the best of its own set-aside tasks of `pick`'s kind when the rule applies, else `pick`.
    public func finishingFirst(_ pick: DeskTask, setAside: [DeskTask], for desk: String, at now: Date) -> DeskTask {
        let tick = Fixed.tick(now)
        guard yieldsToSetAside(pick, at: tick) else { return pick }
        let own = setAside.filter { $0.setAsideFor == desk && $0.kind == pick.kind }
        return own.min { key($0, at: now) < key($1, at: now) } ?? pick
    }

    /// A desk's own work list in the order it should be taken: `rank`, except that a set-aside
    /// task of a kind nobody waits on in person moves up to just ahead of the first new task
    /// of its kind that would start before it. Its first element is what `next` picks.
    public func rankForDesk(_ tasks: [DeskTask], desk: String, at now: Date) -> [DeskTask] {
        let ranked = rank(tasks, at: now)
        guard config.finishBeforeStarting else { return ranked }
        let tick = Fixed.tick(now)
        var setAside: [TaskKind: [DeskTask]] = [:]
        for task in ranked where task.setAsideFor == desk && config.deferrableKinds.contains(task.kind) {
            setAside[task.kind, default: []].append(task)
        }
        guard !setAside.isEmpty else { return ranked }
        var placed: Set<Int64> = []
        var out: [DeskTask] = []
        out.reserveCapacity(ranked.count)
        for task in ranked where !placed.contains(task.id) {
            // Set-aside tasks that already rank ahead are in `placed` and stay where they are.
            if yieldsToSetAside(task, at: tick), let held = setAside.removeValue(forKey: task.kind) {
                for aside in held where !placed.contains(aside.id) { out.append(aside); placed.insert(aside.id) }
            }
            out.append(task); placed.insert(task.id)
        }
        return out
    }

    /// The explanation a desk shows for `task` in its own list (`pool`, what it may take, in any order): the
    /// score's, headed by "finish before starting" when the rule, not the score, put it ahead
    /// of new work of its kind.
    public func deskReason(_ task: DeskTask, desk: String, among pool: [DeskTask], at now: Date) -> String {
        let text = explain(task, at: now).text
        guard config.finishBeforeStarting, task.setAsideFor == desk, config.deferrableKinds.contains(task.kind) else { return text }
        let tick = Fixed.tick(now), mine = key(task, at: now)
        let passes = pool.contains { $0.kind == task.kind && yieldsToSetAside($0, at: tick) && key($0, at: now) < mine }
        return passes ? "finish before starting: set aside here, ahead of new \(task.kind.label.lowercased()) · " + text : text
    }
}
