import FrontDeskCore
import TerminalUI

/// What a desk key asks for. The keymap maps keys to these; `update` acts on them.
public enum DeskCommand: Equatable, Sendable {
    case focusNext, focusPrevious, selectUp, selectDown, open
    case answer, endCall, checkIn, takeNext, completeActive, back, emergency
    case find, filterProvider, filterStatus, cycleSort, completeCheckIn
    case help, quit
}

/// What a prompt key asks for while a modal is open.
public enum PromptCommand: Equatable, Sendable {
    case confirm, cancel, up, down
}

extension DeskState {
    /// Whether the main pane shows the active Check-In task instead of the board.
    var isCheckInShown: Bool { activeTask?.kind == .checkIn && focus == .waitingRoom }

    /// The desk's keys, enabled by what makes sense now. Dispatch, footer and help all read this.
    public var keymap: Keymap<DeskCommand> {
        let onCall = activeCall != nil
        let checkInView = isCheckInShown
        let bindings: [KeyBinding<DeskCommand>] = [
            KeyBinding([.char("a")], .answer, label: "answer", help: "answer the longest-waiting call; the active task is put aside",
                       isEnabled: !waitingCalls.isEmpty),
            KeyBinding([.char("e")], .endCall, label: "end call", help: "end the current call and record its outcome",
                       isEnabled: onCall),
            KeyBinding([.char("c")], .checkIn, label: "check in", help: "check in the selected visit (opens its Check-In task)",
                       isEnabled: focus == .waitingRoom && !checkInView && boardHasVisits),
            KeyBinding([.char("n")], .takeNext, label: "next", help: "take the task the library ranks next",
                       isEnabled: hasWork),
            KeyBinding([.char("d")], .completeActive, label: "done", help: "mark the active task done",
                       isEnabled: activeTask != nil),
            KeyBinding([.function(10), .ctrl("s")], .completeCheckIn, label: "complete", help: "complete the Check-In (required fields valid)",
                       isEnabled: checkInView),
            KeyBinding([.enter], .open, label: checkInView ? "edit form" : "open",
                       help: "open the selected row (visit, call, task); back into the Check-In form"),
            KeyBinding([.escape], .back, label: "suspend", help: "suspend the active task (optional note), or go back",
                       isEnabled: activeTask != nil || findField != nil || !findQuery.isEmpty || !banners.isEmpty),
            KeyBinding([.tab], .focusNext, label: "pane", help: "next pane"),
            KeyBinding([.backTab], .focusPrevious, label: "pane", help: "previous pane", inFooter: false),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the row above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the row below", inFooter: false),
            KeyBinding([.char("/")], .find, label: "find", help: "find a patient, ticket or provider; Enter selects"),
            KeyBinding([.char("p")], .filterProvider, label: "provider", help: "filter the board by provider (cycles)", inFooter: false),
            KeyBinding([.char("s")], .filterStatus, label: "status", help: "filter the board by status (cycles)", inFooter: false),
            KeyBinding([.char("o")], .cycleSort, label: "sort", help: "sort the board: appointment, wait, ticket, patient", inFooter: false),
            KeyBinding([.char("!")], .emergency, label: "emergency", help: "raise an emergency at this desk (asks to confirm)"),
            KeyBinding([.char("?")], .help, label: "help", help: "this help"),
            KeyBinding([.char("q")], .quit, label: "quit", help: "quit; an active task is suspended first"),
        ]
        return Keymap(title: "Desk: Waiting Room, Phone Queue, Next Up", bindings)
    }

    /// The keys of the open prompt.
    var promptKeymap: Keymap<PromptCommand> {
        switch modal {
        case .help:
            return Keymap(title: "Help", [KeyBinding([.escape, .char("?")], .cancel, label: "close", help: "close help")])
        case .callOutcome:
            return Keymap(title: "Call outcome", [
                // Arrows only: letters go into the note.
                KeyBinding([.up], .up, label: "↑", help: "previous outcome"),
                KeyBinding([.down], .down, label: "↓", help: "next outcome"),
                KeyBinding([.enter], .confirm, label: "end call", help: "end the call with this outcome"),
                KeyBinding([.escape], .cancel, label: "stay on call", help: "back to the call"),
            ])
        case .emergency:
            return Keymap(title: "Emergency", [
                KeyBinding([.enter], .confirm, label: "raise emergency", help: "raise it at this desk"),
                KeyBinding([.escape], .cancel, label: "cancel", help: "raise nothing"),
            ])
        case .suspendNote, nil:
            return Keymap(title: "Suspend", [
                KeyBinding([.enter], .confirm, label: "suspend", help: "put the task aside with this note"),
                KeyBinding([.escape], .cancel, label: "cancel", help: "keep working on it"),
            ])
        }
    }
}
