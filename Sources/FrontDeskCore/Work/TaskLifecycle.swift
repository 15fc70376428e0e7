import Foundation

/// The rules of desk work, once: taking a task (what the desk held is set aside first),
/// suspending with the cap, resuming, finishing, and handing a dead console's work back.
/// The store applies them inside one transaction per user action and the simulator runs the
/// very same functions, so a desk on screen and a desk in the simulator obey one rule set.
///
/// Every step returns the tasks it changed (in the order to write them) or throws a
/// `WorkRefusal`; the inputs are never modified.
public struct TaskLifecycle: Sendable {
    /// Most tasks a desk may hold suspended; only an emergency (or a closing console)
    /// pushes past it.
    public var suspendCap: Int

    public init(suspendCap: Int = PolicyConfig.default.suspendCap) { self.suspendCap = suspendCap }
    public init(policy: PolicyConfig) { self.init(suspendCap: policy.suspendCap) }

    /// Whether `desk` may take `task` at all: open, not held by another desk, not reassigned
    /// elsewhere, and work of the desk's site (`SiteRule`).
    public func checkEligible(_ task: DeskTask, for desk: String, site: String? = nil) throws(WorkRefusal) {
        switch task.state {
        case .done, .cancelled: throw .notOpen(task: task.id, state: task.state)
        case .active:
            if task.desk != desk { throw .heldElsewhere(task: task.id, desk: task.desk ?? "?") }
        case .suspended:
            if let holder = task.desk, holder != desk { throw .heldElsewhere(task: task.id, desk: holder) }
        case .queued: break
        }
        if let assigned = task.assignedDesk, assigned != desk { throw .assignedElsewhere(task: task.id, desk: assigned) }
        if task.assignedDesk == nil, !SiteRule.serves(deskSite: site, task.sites) {
            throw .otherSite(task: task.id, sites: task.sites, deskSite: site ?? "")
        }
    }

    /// `task` becomes the desk's active task. What the desk was working on is set aside first,
    /// with `aside` as its context when given (the form as typed, the receptionist's note),
    /// else with its last saved context. Refused when that would break a mask or the cap —
    /// except for an emergency, which passes both. There is no other way past them: a phone
    /// system reporting a pick-up at a desk obeys them too (the store records the call as
    /// answered there and leaves the desk's work in hand). Taking what is already active
    /// changes nothing.
    public func take(_ task: DeskTask, at holding: DeskHolding, settingAside aside: TaskContext? = nil,
                     now: Date) throws(WorkRefusal) -> [DeskTask] {
        try checkEligible(task, for: holding.desk, site: holding.site)
        if holding.active?.id == task.id { return [] }
        var changed: [DeskTask] = []
        if let active = holding.active {
            let urgent = task.kind == .emergency
            // An emergency in hand is never put aside for ordinary work (only for another emergency).
            if active.kind == .emergency && !urgent { throw .emergencyInHand(desk: holding.desk) }
            if active.masked && !urgent { throw .maskedStep(active.kind) }
            // Resuming one of this desk's own suspended tasks swaps places: the count stays.
            let swapping = holding.suspended.contains { $0.id == task.id }
            if !swapping && !urgent && holding.suspended.count >= suspendCap {
                throw .suspendCapReached(desk: holding.desk, cap: suspendCap)
            }
            changed.append(Self.setAside(active, context: aside, now: now))
        }
        var taken = task
        taken.state = .active
        taken.desk = holding.desk
        changed.append(taken)
        return changed
    }

    /// Puts the active task aside with `context`. Refused at the cap, unless `pastCap`
    /// (an emergency arriving, a console closing: work is never dropped for want of room).
    public func suspend(at holding: DeskHolding, context: TaskContext, now: Date,
                        pastCap: Bool = false) throws(WorkRefusal) -> DeskTask {
        guard let active = holding.active else { throw .nothingActive(desk: holding.desk) }
        if !pastCap && holding.suspended.count >= suspendCap {
            throw .suspendCapReached(desk: holding.desk, cap: suspendCap)
        }
        return Self.setAside(active, context: context, now: now)
    }

    /// Closes an open task as done (or cancelled). A task active at another desk is theirs to close.
    public func close(_ task: DeskTask, as state: TaskState = .done, by desk: String?) throws(WorkRefusal) -> DeskTask {
        guard task.state.isOpen else { throw .notOpen(task: task.id, state: task.state) }
        if task.state == .active, let holder = task.desk, let desk, holder != desk {
            throw .heldElsewhere(task: task.id, desk: holder)
        }
        var closed = task
        closed.state = state
        closed.masked = false
        return closed
    }

    /// A console stopped renewing its lease: its active task goes back as suspended with its
    /// draft, holder cleared so any desk can pick it up, and a note saying why.
    public func returnToQueue(_ task: DeskTask, from desk: String, now: Date) -> DeskTask {
        var context = task.context ?? TaskContext(suspendedAt: now, timesSuspended: 0)
        if context.note.isEmpty { context.note = "returned: desk \(desk) stopped responding" }
        var back = Self.setAside(task, context: context, now: now)
        back.desk = nil
        return back
    }

    /// Suspended with `context` (or what was last saved), stamped now. The mask stays with
    /// the task: it belongs to the step the task is at, and comes back with it on resume.
    static func setAside(_ task: DeskTask, context: TaskContext?, now: Date) -> DeskTask {
        var t = task
        var c = context ?? task.context ?? TaskContext(suspendedAt: now, timesSuspended: 0)
        c.suspendedAt = now
        c.timesSuspended = (task.context?.timesSuspended ?? 0) + 1
        t.context = c
        t.state = .suspended
        return t
    }
}
