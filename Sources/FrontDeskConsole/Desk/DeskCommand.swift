import FrontDeskCore
import TerminalUI

/// What a desk key asks for. Each part of the desk lists the bindings it owns; the desk
/// merges them into one table that dispatch, footer and help all read.
public enum DeskCommand: Equatable, Sendable {
    // the desk as a whole
    case answer, endCall, takeNext, completeActive, back, emergency, completeCheckIn
    case focusNext, focusPrevious, help, quit, choosePIN
    // patients and their visits beyond the task in hand (`DeskSheet`)
    case readiness, findPatient
    /// The Schedule screen, with the caller (or the selected visit's patient) ready to book.
    case schedule
    // the focused pane
    case selectUp, selectDown, open, checkIn, find, filterProvider, filterStatus, cycleSort
    /// The Waiting Room's menu of moves on the selected visit (no-show, arrived late, left, room).
    case moves

    var isVisitMove: Bool { self == .moves }
}

extension DeskState {
    /// Whether the main pane shows the active Check-In task instead of the board.
    var isCheckInShown: Bool { activeTask?.kind == .checkIn && focus == .waitingRoom }

    /// The desk's keys now, each enabled by what makes sense now: the desk's own and the
    /// focused pane's, in footer order.
    public var keymap: Keymap<DeskCommand> {
        let onCall = activeCall != nil
        let formShown = isCheckInShown
        // What the rules would refuse is not offered: a masked step or an emergency in hand
        // takes no other work (an emergency still passes a mask: `!` stays).
        let canSwitch = !(activeTask?.masked ?? false) && activeTask?.kind != .emergency
        let switchRefusal: String? = {
            guard let a = activeTask else { return nil }
            if a.kind == .emergency { return WorkRefusal.emergencyInHand(desk: deskName).description }
            if a.masked { return WorkRefusal.maskedStep(a.kind).description }
            return nil
        }()
        let answerRefusal = activeCall.map { "Already on a call with \(callerLabel($0)) — e ends it first" }
            ?? switchRefusal ?? "no call is waiting"
        let pane: [KeyBinding<DeskCommand>]
        switch focus {
        case .waitingRoom: pane = board.bindings(formShown: formShown, selected: board.selected(context), now: now)
        case .phoneQueue: pane = phone.bindings(hasCalls: !phoneRows.isEmpty)
        case .nextUp: pane = nextUp.bindings(hasWork: hasWork, formOpen: checkInInHand)
        }
        func paneKey(_ c: DeskCommand) -> [KeyBinding<DeskCommand>] { pane.filter { $0.message == c } }
        let desk: [KeyBinding<DeskCommand>] = [
            KeyBinding([.char("a")], .answer, label: "answer", help: "answer the longest-waiting call; the active task is put aside",
                       isEnabled: !waitingCalls.isEmpty && canSwitch && !onCall, whyDisabled: answerRefusal),
            KeyBinding([.char("e")], .endCall, label: "end call", help: "end the current call and record its outcome",
                       isEnabled: onCall),
        ] + paneKey(.checkIn) + pane.filter(\.message.isVisitMove) + [
            KeyBinding([.char("n")], .takeNext, label: "next", help: "take the task the library ranks next", isEnabled: hasWork && canSwitch, whyDisabled: switchRefusal ?? "nothing is waiting"),
            KeyBinding([.char("d")], .completeActive, label: doneLabel,
                       help: "finish the task in hand (emergency: note; callback: result)",
                       isEnabled: activeTask != nil),
            KeyBinding([.function(10), .ctrl("s")], .completeCheckIn, label: "complete", help: "complete the Check-In (required fields valid)",
                       isEnabled: formShown),
        ] + paneKey(.open) + [
            KeyBinding([.escape], .back, label: activeTask != nil && board.findQuery.isEmpty ? "suspend" : "back",
                       help: "clear the find filter, else suspend the active task (optional note), else dismiss banners",
                       isEnabled: activeTask != nil || !board.findQuery.isEmpty || !banners.isEmpty),
            KeyBinding([.tab], .focusNext, label: "pane", help: "next pane"),
            KeyBinding([.backTab], .focusPrevious, label: "pane", help: "previous pane", inFooter: false),
        ] + pane.filter { ![.checkIn, .open].contains($0.message) && !$0.message.isVisitMove } + [
            KeyBinding([.char("i")], .readiness, label: "items", help: "tick a late document in the selected visit's items",
                       isEnabled: readinessRefusal == nil, whyDisabled: readinessRefusal),
            KeyBinding([.char("f")], .findPatient, label: "patients", help: "find any patient (all visits), view the record, register one"),
            KeyBinding([.char("S")], .schedule, label: "schedule",
                       help: "the Schedule screen, the caller ready to book", inFooter: false),
            KeyBinding([.char("!")], .emergency, label: "emergency", help: "raise an emergency at this desk (asks to confirm)"),
            KeyBinding([.char("?")], .help, label: "help", help: "every key of this screen", pinned: true),
            KeyBinding([.char("q"), .ctrl("c")], .quit, label: "quit", help: "quit; an active task is suspended first", pinned: true),
        ]
        // First use only: the PIN the idle lock will ask for.
        let pin = needsPIN ? [KeyBinding<DeskCommand>([.char("P")], .choosePIN, label: "set PIN",
                                                       help: "set your unlock PIN (6–12 digits, asked twice)", inFooter: false)] : []
        return Keymap(title: "Desk: \(focus.title)", pin + desk)
    }

    /// A check-in is the task in hand and its form is open (shown or not).
    var checkInInHand: Bool { activeTask?.kind == .checkIn && checkIn?.taskID == activeTask?.id }

    /// What `d` does to the task in hand, in a word.
    var doneLabel: String {
        switch activeTask?.kind {
        case .emergency?: return "close"
        case .callback?, .waitlistOffer?: return "result"
        case .checkIn?: return "complete"
        default: return "done"
        }
    }
}
