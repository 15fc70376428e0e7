import Foundation
import FrontDeskCore

/// What the desk reads off the clinic: its own work, the calls, the queue as the library ranks it.
extension DeskState {
    public var activeTask: DeskTask? { holding.active }
    /// Most recently suspended last.
    public var suspendedTasks: [DeskTask] { holding.suspended }
    /// The call this desk is talking on, if any.
    public var activeCall: Call? { clinic.calls.first { $0.state == .answered && $0.desk == deskName } }
    public var waitingCalls: [Call] { clinic.calls.filter { $0.state.isWaiting }.sorted { ($0.arrivedAt, $0.id) < ($1.arrivedAt, $1.id) } }
    public var openEmergencies: [DeskTask] { clinic.tasks.filter { $0.kind == .emergency && $0.state.isOpen } }

    /// What this desk could take next, best first: queued tasks no other desk was given, this
    /// desk's suspended tasks (the library adds a resume bonus), and waiting calls' tasks.
    public var rankedWork: [DeskTask] {
        let waiting = Set(clinic.calls.filter { $0.state.isWaiting }.map(\.id))
        let pool = clinic.tasks.filter { t in
            guard RankingPolicy.isEligible(t, for: deskName, site: deskSite) else { return false }
            if t.kind == .call, let c = t.callID { return waiting.contains(c) }
            return true
        }
        return policy.rankForDesk(pool, desk: deskName, at: now)
    }

    /// Why `task` stands where it does in `ranked` (this desk's `rankedWork`), in words and points.
    func why(_ task: DeskTask, in ranked: [DeskTask]) -> String { policy.deskReason(task, desk: deskName, among: ranked, at: now) }

    /// Whether anything could be taken next, without ranking it all (the keymap asks every frame).
    var hasWork: Bool {
        clinic.calls.contains { $0.state.isWaiting } || clinic.tasks.contains { t in
            t.kind != .call && RankingPolicy.isEligible(t, for: deskName, site: deskSite)
        }
    }

    func callerLabel(_ call: Call) -> String { context.callerLabel(call) }

    // What the panes list, read through the panes themselves (one definition each).
    var boardVisits: [Visit] { board.visits(context) }
    var boardHasVisits: Bool { board.hasVisits(context) }
    var selectedVisit: Visit? { board.selected(in: boardVisits) }
    var phoneRows: [Call] { PhoneQueue.rows(context) }
    var selectedCall: Call? { phone.selected(in: phoneRows) }
    var selectedTask: DeskTask? { nextUp.selected(in: rankedWork) }

    /// Callback tasks still owed, soonest due first.
    var callbacksDue: [DeskTask] {
        clinic.tasks.filter { $0.kind == .callback && $0.state.isOpen }
            .sorted { ($0.dueAt ?? .distantFuture, $0.id) < ($1.dueAt ?? .distantFuture, $1.id) }
    }

    /// The context the active task is put aside with: the check-in form's draft and place, or
    /// the step it was already at, plus the note.
    func suspensionContext(for task: DeskTask, note: String) -> TaskContext {
        let previous = task.context
        var draft = previous?.draft ?? Data()
        var step = previous?.step ?? task.kind.label
        var progress = previous?.progress ?? 0
        if task.kind == .checkIn, let form = checkIn, form.taskID == task.id {
            draft = form.draft.encoded()
            step = form.draft.step
            progress = form.draft.progress(today: today)
        }
        return TaskContext(draft: draft, step: step, note: note, progress: progress, suspendedAt: now,
                           timesSuspended: previous?.timesSuspended ?? 0)
    }

    /// The civil date the form validates against, in the clinic's zone.
    var today: String { CivilDate(now, in: timeZone).iso }
}
