import Foundation
import FrontDeskCore

extension DeskState {
    /// What this desk could take next, best first: queued tasks no other desk was given,
    /// this desk's suspended tasks (the library adds a resume bonus), and waiting calls.
    /// A call without a task in the store stands in as a call task with a negative id.
    public var rankedWork: [DeskTask] {
        let waitingCallIDs = Set(waitingCalls.map(\.id))
        var pool = clinic.tasks.filter { t in
            switch t.state {
            case .queued:
                if let d = t.assignedDesk, d != deskName { return false }
                if t.kind == .call, let c = t.callID { return waitingCallIDs.contains(c) }
                return true
            case .suspended: return t.desk == deskName
            default: return false
            }
        }
        let callsWithTasks = Set(clinic.tasks.compactMap(\.callID))
        for (i, call) in clinic.calls.enumerated() where call.state.isWaiting && !callsWithTasks.contains(call.id) {
            pool.append(DeskTask(id: -Int64(i + 1), kind: .call, title: "Call from \(callerLabel(call))",
                                 createdAt: call.arrivedAt, patientID: call.patientID, callID: call.id))
        }
        return policy.rank(pool, at: now)
    }

    /// Whether anything could be taken next, without ranking it all (the keymap asks every frame).
    var hasWork: Bool {
        !waitingCalls.isEmpty || clinic.tasks.contains { t in
            (t.state == .queued && (t.assignedDesk == nil || t.assignedDesk == deskName) && t.kind != .call)
                || (t.state == .suspended && t.desk == deskName)
        }
    }

    /// The caller as the desk names them: the matched patient, else the caller id name, else the number.
    func callerLabel(_ call: Call) -> String {
        if let p = clinic.patient(call.patientID) { return p.displayName }
        if let n = call.callerName, !n.isEmpty { return n }
        return call.from
    }

    /// The task as the desk would start it: answer a call, resume a suspended task, claim the rest.
    func takeEffect(for task: DeskTask) -> DeskEffect {
        if task.kind == .call, let call = task.callID { return .claimCall(call) }
        if task.state == .suspended { return .resume(task.id) }
        return .claimTask(task.id)
    }

    var selectedVisit: Visit? { selectedVisit(in: boardVisits) }

    func selectedVisit(in visits: [Visit]) -> Visit? {
        visits.first { $0.id == selectedVisitID } ?? visits.first
    }

    var selectedCall: Call? { selectedCall(in: phoneRows) }
    func selectedCall(in calls: [Call]) -> Call? { calls.first { $0.id == selectedCallID } ?? calls.first }

    var selectedTask: DeskTask? { selectedTask(in: rankedWork) }
    func selectedTask(in tasks: [DeskTask]) -> DeskTask? { tasks.first { $0.id == selectedTaskID } ?? tasks.first }

    /// The calls the Phone Queue lists: this desk's call on top, then the queue oldest first.
    var phoneRows: [Call] {
        let mine = clinic.calls.filter { $0.state == .answered && $0.desk == deskName }
        return mine + waitingCalls
    }

    /// Callback tasks still owed, soonest due first.
    var callbacksDue: [DeskTask] {
        clinic.tasks.filter { $0.kind == .callback && $0.state.isOpen }
            .sorted { ($0.dueAt ?? .distantFuture, $0.id) < ($1.dueAt ?? .distantFuture, $1.id) }
    }

    /// The context a task is put aside with: the check-in form's draft and place, or the
    /// step it was already at, plus the note.
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
                           timesSuspended: (previous?.timesSuspended ?? 0) + 1)
    }
}
