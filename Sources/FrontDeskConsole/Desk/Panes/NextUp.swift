import Foundation
import FrontDeskCore
import TerminalUI

/// The Next Up pane as a small program: which queued task is selected (by id, so a re-rank
/// never moves it), its keys, and the task it asks the desk to take.
public struct NextUp: Equatable, Sendable {
    public var selectedTaskID: Int64?

    enum Intent: Equatable { case take(DeskTask), backToForm }

    /// `formOpen`: a check-in is in hand, so Enter goes back into its form (taking other work
    /// is `n`, or Enter after Esc has put the check-in aside).
    func bindings(hasWork: Bool, formOpen: Bool = false) -> [KeyBinding<DeskCommand>] {
        [
            formOpen
                ? KeyBinding([.enter], .open, label: "back to form", help: "back into the Check-In form in hand")
                : KeyBinding([.enter], .open, label: "take", help: "take the selected task (a suspended one resumes with its cue)", isEnabled: hasWork),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the task above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the task below", inFooter: false),
        ]
    }

    func selected(in ranked: [DeskTask]) -> DeskTask? { ranked.first { $0.id == selectedTaskID } ?? ranked.first }

    mutating func handle(_ command: DeskCommand, ranked: [DeskTask], formOpen: Bool = false) -> Intent? {
        switch command {
        case .selectUp, .selectDown:
            selectedTaskID = DeskContext.step(ranked.map(\.id), selected(in: ranked)?.id, by: command == .selectUp ? -1 : 1)
        case .open:
            if formOpen { return .backToForm }
            return selected(in: ranked).map { .take($0) }
        default: break
        }
        return nil
    }
}
