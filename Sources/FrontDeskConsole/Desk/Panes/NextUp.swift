import Foundation
import FrontDeskCore
import TerminalUI

/// The Next Up pane: which queued task is selected (by id, so a re-rank never moves it).
public struct NextUp: Equatable, Sendable {
    public var selectedTaskID: Int64?

    func bindings(hasWork: Bool) -> [KeyBinding<DeskCommand>] {
        [
            KeyBinding([.enter], .open, label: "take", help: "take the selected task (a suspended one resumes with its cue)", isEnabled: hasWork),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the task above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the task below", inFooter: false),
        ]
    }
}

extension DeskState {
    var selectedTask: DeskTask? { selectedTask(in: rankedWork) }
    func selectedTask(in tasks: [DeskTask]) -> DeskTask? { tasks.first { $0.id == nextUp.selectedTaskID } ?? tasks.first }

    mutating func nextUpCommand(_ command: DeskCommand) -> [DeskEffect] {
        switch command {
        case .selectUp, .selectDown:
            nextUp.selectedTaskID = Self.step(rankedWork.map(\.id), selectedTask?.id, by: command == .selectUp ? -1 : 1)
        case .open:
            guard let task = selectedTask else { return [] }
            return take(task)
        default: break
        }
        return []
    }
}
