import Foundation
import FrontDeskCore
import TerminalUI

/// The Phone Queue pane: which call is selected (by id).
public struct PhoneQueue: Equatable, Sendable {
    public var selectedCallID: String?

    func bindings(hasCalls: Bool) -> [KeyBinding<DeskCommand>] {
        [
            KeyBinding([.enter], .open, label: "open", help: "answer the selected call, or end the call you are on", isEnabled: hasCalls),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the call above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the call below", inFooter: false),
        ]
    }
}

extension DeskState {
    /// The calls the Phone Queue lists: this desk's call on top, then the queue oldest first.
    var phoneRows: [Call] {
        let mine = clinic.calls.filter { $0.state == .answered && $0.desk == deskName }
        return mine + waitingCalls
    }

    var selectedCall: Call? { selectedCall(in: phoneRows) }
    func selectedCall(in calls: [Call]) -> Call? { calls.first { $0.id == phone.selectedCallID } ?? calls.first }

    mutating func phoneCommand(_ command: DeskCommand) -> [DeskEffect] {
        switch command {
        case .selectUp, .selectDown:
            phone.selectedCallID = Self.step(phoneRows.map(\.id), selectedCall?.id, by: command == .selectUp ? -1 : 1)
        case .open:
            guard let call = selectedCall else { return [] }
            if call.state == .answered { return deskCommand(.endCall) }
            return switchWork(to: .answer(callID: call.id))
        default: break
        }
        return []
    }
}
