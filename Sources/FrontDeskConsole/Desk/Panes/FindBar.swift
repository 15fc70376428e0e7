import FrontDeskCore
import TerminalUI

/// The `/` find bar: what is typed filters the board at once, through the same patient matcher
/// as the Check-In form's search (plus ticket and provider); Enter keeps it, Esc clears it.
public struct FindBar: Equatable, Sendable {
    public enum Command: Equatable, Sendable { case keep, clear }
    public var field: TextField

    public init(_ text: String) { field = TextField(text, maxLength: 60) }

    static let keymap = Keymap<Command>(title: "Find (typing filters the board)", [
        KeyBinding([.enter], .keep, label: "select", help: "keep the filter and go to the first match"),
        KeyBinding([.escape], .clear, label: "clear", help: "clear the filter"),
    ])
}
