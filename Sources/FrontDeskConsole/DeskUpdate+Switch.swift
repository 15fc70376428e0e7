import Foundation
import FrontDeskCore
import TerminalUI

extension DeskState {
    /// Starting other work while a task is active: refuse what the library forbids
    /// (a masked step, the suspend cap), else ask for an optional note and then put the
    /// task aside with its context before starting the new work.
    mutating func switchWork(to pending: PendingSwitch) -> [DeskEffect] {
        if case .answer = pending, let call = activeCall {
            show(.error, "Already on a call with \(callerLabel(call)) — e ends it first")
            return []
        }
        guard let active = activeTask else { return start(pending) }
        if isSameWork(pending, as: active) { return [] }
        if active.masked {
            show(.error, "\(active.kind.label) is in a masked step — finish that step first")
            return []
        }
        let resumingAnother: Bool = {
            if case .take(let id) = pending { return clinic.task(id)?.state == .suspended }
            return false
        }()
        let cap = policy.config.suspendCap
        if suspendedTasks.count >= cap, !resumingAnother {
            show(.error, "Already \(suspendedTasks.count) tasks suspended (cap \(cap)) — finish or resume one first")
            return []
        }
        modal = .suspendNote(field: TextField(placeholder: "note for when you come back (optional)", maxLength: 120),
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

    /// The effects that begin `pending` on a free desk.
    mutating func start(_ pending: PendingSwitch) -> [DeskEffect] {
        switch pending {
        case .answer(let call): return [.claimCall(call)]
        case .openCheckIn(let visit): return [.openCheckIn(visitID: visit)]
        case .suspendOnly: return []
        case .take(let id):
            guard let task = rankedWork.first(where: { $0.id == id }) ?? clinic.task(id) else {
                show(.error, "That task is no longer there")
                return []
            }
            return [takeEffect(for: task)]
        }
    }

    /// Keys while a prompt is open: its own keymap first, the text field gets the rest.
    mutating func handleModal(_ key: Key) -> [DeskEffect] {
        guard let current = modal else { return [] }
        let command = promptKeymap.message(for: key)
        switch current {
        case .help:
            if command == .cancel { modal = nil }
            return []
        case .callOutcome(let callID, let selected, var note):
            let outcomes = CallOutcome.allCases
            switch command {
            case .up: modal = .callOutcome(callID: callID, selected: max(0, selected - 1), note: note)
            case .down: modal = .callOutcome(callID: callID, selected: min(outcomes.count - 1, selected + 1), note: note)
            case .cancel: modal = nil
            case .confirm:
                modal = nil
                return [.endCall(callID, outcomes[selected], note: note.text)]
            case nil:
                note.handle(key); modal = .callOutcome(callID: callID, selected: selected, note: note)
            }
            return []
        case .emergency(var note):
            switch command {
            case .cancel: modal = nil
            case .confirm:
                modal = nil
                var effects: [DeskEffect] = []
                // An emergency passes every mask and cap: the active task is put aside as it is.
                if let active = activeTask, active.kind != .emergency {
                    effects.append(.suspend(active.id, suspensionContext(for: active, note: "emergency")))
                }
                return effects + [.raiseEmergency(note: note.text)]
            default:
                note.handle(key); modal = .emergency(note: note)
            }
            return []
        case .suspendNote(var field, let taskID, let pending):
            switch command {
            case .cancel: modal = nil
            case .confirm:
                modal = nil
                guard let task = clinic.task(taskID) else { return [] }
                let suspend = DeskEffect.suspend(taskID, suspensionContext(for: task, note: field.text))
                resumeCue = nil
                return [suspend] + start(pending)
            default:
                field.handle(key); modal = .suspendNote(field: field, taskID: taskID, then: pending)
            }
            return []
        }
    }
}
