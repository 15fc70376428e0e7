import Foundation
import FrontDeskCore
import TerminalUI

/// The Phone Queue pane as a small program: which call is selected (by id), its keys, and
/// what it asks the desk for.
public struct PhoneQueue: Equatable, Sendable {
    public var selectedCallID: String?

    enum Intent: Equatable { case answer(callID: String), endCall }

    func bindings(hasCalls: Bool) -> [KeyBinding<DeskCommand>] {
        [
            KeyBinding([.enter], .open, label: "open", help: "answer the selected call, or end the call you are on", isEnabled: hasCalls),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the call above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the call below", inFooter: false),
        ]
    }

    /// The calls listed: this desk's call on top, then the queue oldest first.
    static func rows(_ c: DeskContext) -> [Call] {
        c.clinic.calls.filter { $0.state == .answered && $0.desk == c.desk }
            + c.clinic.calls.filter { $0.state.isWaiting }.sorted { ($0.arrivedAt, $0.id) < ($1.arrivedAt, $1.id) }
    }

    func selected(in calls: [Call]) -> Call? { calls.first { $0.id == selectedCallID } ?? calls.first }

    mutating func handle(_ command: DeskCommand, _ c: DeskContext) -> Intent? {
        let calls = Self.rows(c)
        switch command {
        case .selectUp, .selectDown:
            selectedCallID = DeskContext.step(calls.map(\.id), selected(in: calls)?.id, by: command == .selectUp ? -1 : 1)
        case .open:
            guard let call = selected(in: calls) else { return nil }
            return call.state == .answered ? .endCall : .answer(callID: call.id)
        default: break
        }
        return nil
    }
}
