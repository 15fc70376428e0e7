import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// Starting other work: the screen refuses early what the rules will refuse anyway (a masked
/// step, the cap) so the receptionist is told at once, asks for an optional note on the task
/// being put aside, then hands the store ONE effect that sets aside and starts together.
extension DeskState {
    mutating func switchWork(to pending: PendingSwitch) -> [DeskEffect] {
        if case .answer = pending, let call = activeCall {
            show(.error, "Already on a call with \(callerLabel(call)) — e ends it first", about: .callAtDesk(call.id))
            return []
        }
        guard let active = activeTask else { return begin(pending, settingAside: nil, suspending: nil) }
        if isSameWork(pending, as: active) { return [] }
        if active.kind == .emergency {
            show(.error, WorkRefusal.emergencyInHand(desk: deskName).description, about: .task(active.id, .active))
            return []
        }
        if active.masked {
            show(.error, "\(active.kind.label) is in a masked step — finish that step first", about: .task(active.id, .active))
            return []
        }
        let resumingOwn: Bool = {
            if case .take(let id) = pending { return suspendedTasks.contains { $0.id == id } }
            return false
        }()
        let cap = policy.config.suspendCap
        if suspendedTasks.count >= cap, !resumingOwn {
            show(.error, "Already \(suspendedTasks.count) tasks suspended (cap \(cap)) — finish or resume one first")
            return []
        }
        prompt = .suspendNote(field: TextField(placeholder: "note for when you come back (optional)", maxLength: 120),
                              taskID: active.id, then: pending)
        return []
    }

    func isSameWork(_ pending: PendingSwitch, as active: DeskTask) -> Bool {
        switch pending {
        case .openCheckIn(let v): return active.kind == .checkIn && active.visitID == v
        case .take(let id): return active.id == id
        case .answer(let c): return active.callID == c
        case .suspendOnly: return false
        }
    }

    /// One key for the open prompt; the desk does what the prompt's outcome asks.
    mutating func promptKey(_ key: Key) -> [DeskEffect] {
        guard var open = prompt else { return [] }
        let outcome = open.handle(key)
        prompt = outcome == .stays ? open : nil
        switch outcome {
        case .passThrough:
            return self.key(key)
        case .setPIN(let pin):
            return [.setPIN(pin)]
        case .stays, .closed:
            return []
        case let .endCall(call, result, note):
            return [.endCall(call, result, note: note)]
        case let .resolveEmergency(taskID, note):
            return [.closeEmergency(taskID, resolution: note)]
        case let .callbackResult(taskID, result, note):
            return [.callbackAttempt(taskID, result, note: note)]
        case let .waitlistOffer(taskID, accepted):
            return [.answerOffer(taskID, accepted: accepted)]
        case .raiseEmergency(let note):
            // An emergency passes every mask and cap: the active task is put aside as it is.
            let aside = activeTask.map { suspensionContext(for: $0, note: "emergency") }
            resumeCue = nil
            return [.start(.emergency(note: note), settingAside: aside)]
        case let .suspend(taskID, note, pending):
            guard let task = clinic.task(taskID), task.state == .active else { return [] }
            resumeCue = nil
            return begin(pending, settingAside: suspensionContext(for: task, note: note), suspending: task)
        }
    }

    /// The one effect that starts `pending`, setting aside `suspending` with `context`.
    mutating func begin(_ pending: PendingSwitch, settingAside context: TaskContext?, suspending: DeskTask?) -> [DeskEffect] {
        switch pending {
        case .answer(let call): return [.start(.answer(callID: call), settingAside: context)]
        case .openCheckIn(let visit): return [.start(.openCheckIn(visitID: visit), settingAside: context)]
        case .take(let id): return [.start(.take(taskID: id), settingAside: context)]
        case .suspendOnly:
            guard let task = suspending, let context else { return [] }
            return [.suspend(task.id, context, closing: false)]
        }
    }

    /// The task as the desk would start it: answer a call, open a check-in, take or resume the rest.
    mutating func take(_ task: DeskTask) -> [DeskEffect] {
        if task.kind == .call, let call = task.callID { return switchWork(to: .answer(callID: call)) }
        if task.kind == .checkIn, task.state == .queued, let v = task.visitID { return switchWork(to: .openCheckIn(visitID: v)) }
        return switchWork(to: .take(taskID: task.id))
    }
}
