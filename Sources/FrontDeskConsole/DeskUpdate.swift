import Foundation
import FrontDeskCore
import TerminalUI

/// The desk screen's whole behaviour: given the state and one message, change the state
/// and say what the store should do. Pure — no clock, no I/O — so every flow is a test.
public func update(_ state: inout DeskState, _ message: DeskMessage) -> [DeskEffect] {
    // A console started on a desk whose check-in was already active (after a crash or
    // kill -9) opens its form from the saved draft at the first message.
    var opening: [DeskEffect] = []
    if state.checkIn == nil, let task = state.activeTask, task.kind == .checkIn { opening = state.openForm(for: task) }
    return opening + updateOnce(&state, message)
}

func updateOnce(_ state: inout DeskState, _ message: DeskMessage) -> [DeskEffect] {
    switch message {
    case .tick(let now):
        state.now = now
        state.banners.removeAll { now.timeIntervalSince($0.shownAt) > Banner.lifetime }
        return []
    case .resize(let w, let h):
        state.width = w; state.height = h
        return []
    case .effectFailed(let effect, let failure):
        state.pendingEffects = 0
        state.show(.error, "\(effect.verb) failed: \(failure)")
        return []
    case .snapshot(let clinic):
        return state.receive(clinic)
    case .key(let key):
        let effects = state.handle(key)
        state.pendingEffects += effects.filter { $0 != .quit }.count
        return effects
    }
}

extension DeskEffect {
    /// How the banner names a refused effect ("Answering the call failed: …").
    var verb: String {
        switch self {
        case .claimCall: return "Answering the call"
        case .endCall: return "Ending the call"
        case .claimTask: return "Taking the task"
        case .suspend: return "Suspending the task"
        case .resume: return "Resuming the task"
        case .complete: return "Completing the task"
        case .raiseEmergency: return "Raising the emergency"
        case .openCheckIn: return "Opening the check-in"
        case .saveDraft: return "Saving the form"
        case .setMasked: return "Masking interruptions"
        case .recordView: return "Opening the record"
        case .assignPatient: return "Choosing the patient"
        case .registerPatient: return "Creating the patient"
        case .completeCheckIn: return "Completing the check-in"
        case .quit: return "Quitting"
        }
    }
}

extension DeskState {
    mutating func show(_ kind: Banner.Kind, _ text: String) {
        banners.removeAll { $0.text == text }
        banners.append(Banner(kind, text, at: now))
        if banners.count > 5 { banners.removeFirst(banners.count - 5) }
    }

    /// A new clinic from the store: notice arriving calls, a task coming back, the desk
    /// falling free, and keep the Check-In draft in step with the active task.
    @discardableResult
    mutating func receive(_ new: ClinicSnapshot) -> [DeskEffect] {
        let oldWaiting = Set(waitingCalls.map(\.id))
        let wasBusy = activeTask != nil || activeCall != nil
        let oldActiveID = activeTask?.id
        var effects: [DeskEffect] = []
        clinic = new
        pendingEffects = 0

        for call in waitingCalls where !oldWaiting.contains(call.id) { announce(call) }

        let active = activeTask
        if active?.id != oldActiveID {
            resumeCue = nil
            checkIn = nil
            if let t = active, let ctx = t.context, ctx.timesSuspended > 0 {
                resumeCue = ResumeCue(taskID: t.id, step: ctx.step, note: ctx.note,
                                      away: max(0, now.timeIntervalSince(ctx.suspendedAt)), progress: ctx.progress)
            }
            if let t = active, t.kind == .checkIn {
                effects += openForm(for: t)
                focus = .waitingRoom
            }
        }
        effects += followRecord()
        if wasBusy, active == nil, activeCall == nil, let next = rankedWork.first {
            let verb = next.state == .suspended ? "Resume" : "Next up"
            show(.info, "\(verb): \(next.title) — \(policy.explain(next, at: now).text) · n takes it")
        }
        return effects
    }

    /// The banner for a call that just started ringing: what the library decided and why.
    mutating func announce(_ call: Call) {
        let who = callerLabel(call)
        guard let active = activeTask else {
            show(.interruption, "☎ Call from \(who) — desk is free · a answers")
            return
        }
        let arriving = clinic.tasks.first { $0.callID == call.id }
            ?? DeskTask(id: 0, kind: .call, title: "Call from \(who)", createdAt: call.arrivedAt, callID: call.id)
        // The queue's head too: a newcomer never jumps work that outranks it (the starvation bound).
        let head = rankedWork.first { $0.id != arriving.id && $0.callID != call.id }
        let d = policy.decide(active: active, arriving: arriving, stackDepth: suspendedTasks.count, at: now, queueHead: head)
        show(.interruption, "☎ Call from \(who) — \(d.verdict.rawValue): \(d.reason)")
    }
}
