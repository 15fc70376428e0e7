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
    /// Closing an emergency: what was done about it (required).
    case resolveEmergency(taskID: Int64, note: TextField)
    /// First use: the console locks when idle and this user has no PIN yet. Soft — only
    /// digits, Backspace, Enter and Esc stay here; any other key dismisses it and works as
    /// usual, so nobody is held up by it. `first` is the PIN typed once, awaiting its repeat.
    case choosePIN(field: TextField, first: String?)
    /// What dialling the callback came to, plus an optional note.
    case callbackResult(taskID: Int64, selected: Int, note: TextField)
    /// What the waitlisted patient said to the freed slot: 0 took it, 1 declined.
    case waitlistOffer(taskID: Int64, selected: Int)

    public enum Command: Equatable, Sendable { case confirm, cancel, up, down }

    /// What a key did: the prompt stays open, closes, or closes with something to do.
    enum Outcome: Equatable {
        case stays, closed
        case endCall(callID: String, CallOutcome, note: String)
        case raiseEmergency(note: String?)
        case resolveEmergency(taskID: Int64, note: String)
        case callbackResult(taskID: Int64, CallbackResult, note: String)
        case waitlistOffer(taskID: Int64, accepted: Bool)
        case setPIN(String)
        /// A key the soft prompt does not take: the prompt closes and the desk gets the key.
        case passThrough
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
        case .resolveEmergency(let taskID, var note):
            // Enter with nothing typed does nothing: the note is what the audit keeps.
            if command == .confirm {
                let text = note.text.trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? .stays : .resolveEmergency(taskID: taskID, note: text)
            }
            note.handle(key); self = .resolveEmergency(taskID: taskID, note: note)
        case .choosePIN(var field, let first):
            switch key {
            case .enter:
                let typed = field.text
                guard (6...12).contains(typed.count) else { return .stays }
                guard let first else { self = .choosePIN(field: Self.pinField(), first: typed); return .stays }
                if first == typed { return .setPIN(typed) }
                self = .choosePIN(field: Self.pinField(), first: nil)   // they differ: start again
            case .backspace: field.handle(key); self = .choosePIN(field: field, first: first)
            case .char(let c) where c.isASCII && c.isNumber: field.handle(key); self = .choosePIN(field: field, first: first)
            default: return .passThrough
            }
        case .callbackResult(let taskID, let selected, var note):
            let last = CallbackResult.allCases.count - 1
            switch command {
            case .up?: self = .callbackResult(taskID: taskID, selected: max(0, selected - 1), note: note)
            case .down?: self = .callbackResult(taskID: taskID, selected: min(last, selected + 1), note: note)
            case .confirm?: return .callbackResult(taskID: taskID, CallbackResult.allCases[selected], note: note.text)
            default: note.handle(key); self = .callbackResult(taskID: taskID, selected: selected, note: note)
            }
        case .waitlistOffer(let taskID, let selected):
            switch command {
            case .up?: self = .waitlistOffer(taskID: taskID, selected: 0)
            case .down?: self = .waitlistOffer(taskID: taskID, selected: 1)
            case .confirm?: return .waitlistOffer(taskID: taskID, accepted: selected == 0)
            default: break
            }
        case .suspendNote(var field, let taskID, let pending):
            if command == .confirm { return .suspend(taskID: taskID, note: field.text, then: pending) }
            field.handle(key); self = .suspendNote(field: field, taskID: taskID, then: pending)
        }
        return .stays
    }

    static func pinField() -> TextField { TextField(placeholder: "6–12 digits", maxLength: 12) }

    /// The prompt's own keys; everything else edits its text field.
    var keymap: Keymap<Command> {
        switch self {
        case .callOutcome:
            return Keymap(title: "Call outcome (typing goes into the note)", [
                // Arrows only: letters go into the note.
                KeyBinding([.up, .down], .down, label: "choose", help: "previous or next outcome (↑ and ↓)"),
                KeyBinding([.enter], .confirm, label: "end call", help: "end the call with this outcome"),
                KeyBinding([.escape], .cancel, label: "stay on call", help: "back to the call"),
            ])
        case .resolveEmergency(_, let note):
            return Keymap(title: "Close the emergency", [
                KeyBinding([.enter], .confirm, label: "close it", help: "close the emergency with this note (required; audited)",
                           isEnabled: !note.text.trimmingCharacters(in: .whitespaces).isEmpty),
                KeyBinding([.escape], .cancel, label: "keep it open", help: "back to the emergency"),
            ])
        case .choosePIN(_, let first):
            return Keymap(title: "Your unlock PIN", [
                KeyBinding([.enter], .confirm, label: first == nil ? "next" : "set PIN", help: "6 to 12 digits, then the same again"),
                KeyBinding([.escape], .cancel, label: "later", help: "not now (P sets it later; until then a locked console needs a supervisor)"),
            ])
        case .callbackResult:
            return Keymap(title: "Callback result (typing goes into the note)", [
                KeyBinding([.up, .down], .down, label: "choose", help: "previous or next result (↑ and ↓)"),
                KeyBinding([.enter], .confirm, label: "record", help: "record what the call came to"),
                KeyBinding([.escape], .cancel, label: "keep dialling", help: "back to the callback"),
            ])
        case .waitlistOffer:
            return Keymap(title: "Waitlist offer", [
                KeyBinding([.up, .down], .down, label: "choose", help: "took it, or declined (↑ and ↓)"),
                KeyBinding([.enter], .confirm, label: "record", help: "took it: booked now; declined: offered to the next patient"),
                KeyBinding([.escape], .cancel, label: "keep dialling", help: "back to the offer"),
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

