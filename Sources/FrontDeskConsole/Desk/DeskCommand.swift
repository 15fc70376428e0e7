import FrontDeskCore
import TerminalUI

/// What a desk key asks for. Each part of the desk lists the bindings it owns; the desk
/// merges them into one table that dispatch, footer and help all read.
public enum DeskCommand: Equatable, Sendable {
    // the desk as a whole
    case answer, endCall, takeNext, completeActive, back, emergency, completeCheckIn
    case focusNext, focusPrevious, help, quit
    // patients and their visits beyond the task in hand (`DeskSheet`)
    case readiness, findPatient
    // the focused pane
    case selectUp, selectDown, open, checkIn, find, filterProvider, filterStatus, cycleSort
}

extension DeskState {
    /// Whether the main pane shows the active Check-In task instead of the board.
    var isCheckInShown: Bool { activeTask?.kind == .checkIn && focus == .waitingRoom }

    /// The desk's keys now, each enabled by what makes sense now: the desk's own and the
    /// focused pane's, in footer order.
    public var keymap: Keymap<DeskCommand> {
        let onCall = activeCall != nil
        let formShown = isCheckInShown
        let pane: [KeyBinding<DeskCommand>]
        switch focus {
        case .waitingRoom: pane = board.bindings(formShown: formShown, hasVisits: boardHasVisits)
        case .phoneQueue: pane = phone.bindings(hasCalls: !phoneRows.isEmpty)
        case .nextUp: pane = nextUp.bindings(hasWork: hasWork)
        }
        func paneKey(_ c: DeskCommand) -> [KeyBinding<DeskCommand>] { pane.filter { $0.message == c } }
        let desk: [KeyBinding<DeskCommand>] = [
            KeyBinding([.char("a")], .answer, label: "answer", help: "answer the longest-waiting call; the active task is put aside",
                       isEnabled: !waitingCalls.isEmpty),
            KeyBinding([.char("e")], .endCall, label: "end call", help: "end the current call and record its outcome",
                       isEnabled: onCall),
        ] + paneKey(.checkIn) + [
            KeyBinding([.char("n")], .takeNext, label: "next", help: "take the task the library ranks next", isEnabled: hasWork),
            KeyBinding([.char("d")], .completeActive, label: "done", help: "mark the active task done", isEnabled: activeTask != nil),
            KeyBinding([.function(10), .ctrl("s")], .completeCheckIn, label: "complete", help: "complete the Check-In (required fields valid)",
                       isEnabled: formShown),
        ] + paneKey(.open) + [
            KeyBinding([.escape], .back, label: activeTask != nil && board.findQuery.isEmpty ? "suspend" : "back",
                       help: "clear the find filter, else suspend the active task (optional note), else dismiss banners",
                       isEnabled: activeTask != nil || !board.findQuery.isEmpty || !banners.isEmpty),
            KeyBinding([.tab], .focusNext, label: "pane", help: "next pane"),
            KeyBinding([.backTab], .focusPrevious, label: "pane", help: "previous pane", inFooter: false),
        ] + pane.filter { ![.checkIn, .open].contains($0.message) } + [
            KeyBinding([.char("i")], .readiness, label: "items", help: "the selected visit's readiness items, after check-in: tick a document that arrived late",
                       isEnabled: canOpenReadiness),
            KeyBinding([.char("f")], .findPatient, label: "patients", help: "find any patient (past and future visits), open the record read-only, register a new one"),
            KeyBinding([.char("!")], .emergency, label: "emergency", help: "raise an emergency at this desk (asks to confirm)"),
            KeyBinding([.char("?")], .help, label: "help", help: "every key of this screen"),
            KeyBinding([.char("q"), .ctrl("c")], .quit, label: "quit", help: "quit; an active task is suspended first"),
        ]
        return Keymap(title: "Desk: \(focus.title)", desk)
    }
}
