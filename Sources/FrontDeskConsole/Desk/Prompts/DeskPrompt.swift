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

    /// What a key did: the prompt stays open, closes, or closes with something to do.
    enum Outcome: Equatable {
        case stays, closed
        case endCall(callID: String, CallOutcome, note: String)
        case raiseEmergency(note: String?)
        case suspend(taskID: Int64, note: String, then: PendingSwitch)
    }

    /// One key: the prompt's own keys first, the text field gets the rest.
    mutating func handle(_ key: Key) -> Outcome {
        // ↑ and ↓ share one footer entry but move opposite ways.
        var command = keymap.message(for: key)
        if command == .down, key == .up { command = .up }
        if command == .cancel { return .closed }
        switch self {
        case .callOutcome(let callID, let selected, var note):
            let last = CallOutcome.allCases.count - 1
            switch command {
            case .up?: self = .callOutcome(callID: callID, selected: max(0, selected - 1), note: note)
            case .down?: self = .callOutcome(callID: callID, selected: min(last, selected + 1), note: note)
            case .confirm?: return .endCall(callID: callID, CallOutcome.allCases[selected], note: note.text)
            default: note.handle(key); self = .callOutcome(callID: callID, selected: selected, note: note)
            }
        case .emergency(var note):
            if command == .confirm { return .raiseEmergency(note: note.text.isEmpty ? nil : note.text) }
            note.handle(key); self = .emergency(note: note)
        case .suspendNote(var field, let taskID, let pending):
            if command == .confirm { return .suspend(taskID: taskID, note: field.text, then: pending) }
            field.handle(key); self = .suspendNote(field: field, taskID: taskID, then: pending)
        }
        return .stays
    }

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

