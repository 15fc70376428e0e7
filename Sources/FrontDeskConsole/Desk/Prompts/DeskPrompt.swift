import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// What the desk will start once the receptionist has (optionally) left a note on the task
/// being put aside.
public enum PendingSwitch: Equatable, Sendable {
    case answer(callID: String)
    case openCheckIn(visitID: Int64)
    case take(taskID: Int64)
    /// Plain Esc: put the active task aside and nothing else.
    case suspendOnly
}

/// A prompt over the desk; while one is open it receives every key.
public enum DeskPrompt: Equatable, Sendable {
    case suspendNote(field: TextField, taskID: Int64, then: PendingSwitch)
    /// The outcome list plus an optional one-line note (it goes on a callback task).
    case callOutcome(callID: String, selected: Int, note: TextField)
    case emergency(note: TextField)

    public enum Command: Equatable, Sendable { case confirm, cancel, up, down }

    /// The prompt's own keys; everything else edits its text field.
    var keymap: Keymap<Command> {
        switch self {
        case .callOutcome:
            return Keymap(title: "Call outcome (typing goes into the note)", [
                // Arrows only: letters go into the note.
                KeyBinding([.up, .down], .down, label: "↑↓ choose", help: "previous or next outcome (↑ and ↓)"),
                KeyBinding([.enter], .confirm, label: "end call", help: "end the call with this outcome"),
                KeyBinding([.escape], .cancel, label: "stay on call", help: "back to the call"),
            ])
        case .emergency:
            return Keymap(title: "Emergency", [
                KeyBinding([.enter], .confirm, label: "raise emergency", help: "raise it at this desk"),
                KeyBinding([.escape], .cancel, label: "cancel", help: "raise nothing"),
            ])
        case .suspendNote:
            return Keymap(title: "Suspend", [
                KeyBinding([.enter], .confirm, label: "suspend", help: "put the task aside with this note"),
                KeyBinding([.escape], .cancel, label: "cancel", help: "keep working on it"),
            ])
        }
    }
}

extension DeskState {
    /// One key for the open prompt: its keymap first, the text field gets the rest.
    mutating func promptKey(_ key: Key) -> [DeskEffect] {
        guard let current = prompt else { return [] }
        // ↑ and ↓ share one footer entry but move opposite ways.
        var command = current.keymap.message(for: key)
        if command == .down, key == .up { command = .up }
        switch current {
        case .callOutcome(let callID, let selected, var note):
            let outcomes = CallOutcome.allCases
            switch command {
            case .up?: prompt = .callOutcome(callID: callID, selected: max(0, selected - 1), note: note)
            case .down?: prompt = .callOutcome(callID: callID, selected: min(outcomes.count - 1, selected + 1), note: note)
            case .cancel?: prompt = nil
            case .confirm?:
                prompt = nil
                return [.endCall(callID, outcomes[selected], note: note.text)]
            case nil:
                note.handle(key); prompt = .callOutcome(callID: callID, selected: selected, note: note)
            }
        case .emergency(var note):
            switch command {
            case .cancel?: prompt = nil
            case .confirm?:
                prompt = nil
                // An emergency passes every mask and cap: the active task is put aside as it is.
                let aside = activeTask.map { suspensionContext(for: $0, note: "emergency") }
                resumeCue = nil
                return [.start(.emergency(note: note.text.isEmpty ? nil : note.text), settingAside: aside)]
            default:
                note.handle(key); prompt = .emergency(note: note)
            }
        case .suspendNote(var field, let taskID, let pending):
            switch command {
            case .cancel?: prompt = nil
            case .confirm?:
                prompt = nil
                guard let task = clinic.task(taskID), task.state == .active else { return [] }
                let context = suspensionContext(for: task, note: field.text)
                resumeCue = nil
                return begin(pending, settingAside: context, suspending: task)
            default:
                field.handle(key); prompt = .suspendNote(field: field, taskID: taskID, then: pending)
            }
        }
        return []
    }
}
