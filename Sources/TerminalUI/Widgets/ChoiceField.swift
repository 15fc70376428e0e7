/// One value out of a few, picked from the keyboard: a pick-list where free text would let
/// anything in. ← → step through the choices, Space moves to the next (round), letters pick
/// by their start ("c" cash, "c" again card, or "car" card), Backspace/Del/Ctrl-U clear. Any
/// other character is refused: nothing but a choice is ever the value.
public struct ChoiceField: Equatable, Sendable {
    public let choices: [String]
    /// The choice picked, or nil when none is.
    public private(set) var selected: Int?
    /// Letters typed one after another, matched against the choices' starts (cleared by any
    /// other key, and by leaving the field).
    public private(set) var typed: String

    public init(choices: [String], value: String, typed: String = "") {
        self.choices = choices
        selected = choices.firstIndex { $0.lowercased() == value.lowercased() }
        self.typed = typed
    }

    public var value: String { selected.map { choices[$0] } ?? "" }

    /// Applies a key; false when it is not one of the field's keys (the screen handles it).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        guard !choices.isEmpty else { return false }
        if case .char(let c) = key, c != " " {
            pick(typing: c)
            return true
        }
        typed = ""
        switch key {
        case .right: selected = min(choices.count - 1, (selected ?? -1) + 1)
        case .left: selected = max(0, (selected ?? choices.count) - 1)
        case .char(" "): selected = ((selected ?? -1) + 1) % choices.count
        case .home: selected = 0
        case .end: selected = choices.count - 1
        case .backspace, .delete, .ctrl("u"), .ctrl("k"): selected = nil
        default: return false
        }
        return true
    }

    /// Type-ahead: letters typed in a row continue a word ("ca" cash, "car" card); a first
    /// letter, or the same one again, moves to the next choice that starts with it (round).
    private mutating func pick(typing c: Character) {
        let letter = String(c).lowercased()
        let word = typed + letter
        if !typed.isEmpty, let i = choices.firstIndex(where: { $0.lowercased().hasPrefix(word) }) {
            selected = i; typed = word
            return
        }
        let starting = choices.indices.filter { choices[$0].lowercased().hasPrefix(letter) }
        guard !starting.isEmpty else { return }   // no choice starts so: refused, nothing changes
        if let current = selected, starting.contains(current) {
            selected = starting.first { $0 > current } ?? starting[0]
        } else {
            selected = starting[0]
        }
        typed = letter
    }

    /// Focused: every choice, the picked one in brackets (a mark as well as a colour). At rest:
    /// the value alone, or the placeholder.
    public func render(in rect: Rect, into grid: inout Grid, isFocused: Bool = true, placeholder: String = "–") {
        guard !rect.isEmpty else { return }
        let role: StyleRole = isFocused ? .inputFocused : .input
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: Cell(" ", role: role))
        guard isFocused else {
            grid.put(selected == nil ? SafeText(placeholder) : SafeText(value), x: rect.x, y: rect.y,
                     role: selected == nil ? .muted : role, maxWidth: rect.width)
            return
        }
        var x = rect.x
        for (i, choice) in choices.enumerated() {
            let text = i == selected ? "[\(choice)]" : " \(choice) "
            let need = DisplayWidth.of(text)
            if x + need > rect.maxX { break }
            x += grid.put(SafeText(text), x: x, y: rect.y, role: i == selected ? .selected : role)
            if x < rect.maxX { x += 1 }
        }
    }

    /// Where the terminal cursor goes: on the picked choice, else the field's start.
    public func cursorPosition(in rect: Rect) -> (x: Int, y: Int) {
        var x = rect.x
        for (i, choice) in choices.enumerated() {
            if i == selected { return (min(x + 1, rect.maxX - 1), rect.y) }
            x += DisplayWidth.of(choice) + 3
        }
        return (rect.x, rect.y)
    }
}
