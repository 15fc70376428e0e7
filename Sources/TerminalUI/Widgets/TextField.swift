/// One line of editable text with a cursor, and the usual line-editing keys
/// (readline's Ctrl-A/E/U/K/W). The cursor counts graphemes, so a wide character
/// or an accented letter moves as one.
///
/// Cost: the text is kept as graphemes, so an edit never re-splits the whole text into
/// graphemes, and drawing walks only what fits in the field (back from the cursor, then
/// forward): a long value costs what is visible, not what is stored.
public struct TextField: Equatable, Sendable {
    private var chars: [Character]
    /// Graphemes before the cursor.
    public private(set) var cursor: Int
    public var placeholder: String
    /// Longest text accepted, in graphemes. A character beyond it is refused and counted in
    /// `refused`, so the screen can say so: nothing is dropped without a word.
    public var maxLength: Int
    /// Characters refused for want of room since the text last changed (a paste of 20,000
    /// into a 200-character field: 19,800). Any change that fits clears it.
    public var refused = 0

    public init(_ text: String = "", placeholder: String = "", maxLength: Int = 200) {
        chars = Array(text); cursor = chars.count; self.placeholder = placeholder; self.maxLength = maxLength
    }

    /// A field with its cursor at `cursor` graphemes (clamped), without replaying keys.
    public init(_ text: String, cursor: Int, placeholder: String = "", maxLength: Int = 200, refused: Int = 0) {
        self.init(text, placeholder: placeholder, maxLength: maxLength)
        self.cursor = min(max(0, cursor), chars.count)
        self.refused = refused
    }

    public var text: String { String(chars) }
    public var isEmpty: Bool { chars.isEmpty }

    /// Applies an editing key; false when the key is not an editing key (the screen handles it).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        let before = chars.count
        defer { if chars.count != before { refused = 0 } }
        switch key {
        case .char(let c):
            // Control characters never enter a field, whatever the terminal sent.
            guard !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return true }
            guard chars.count < maxLength else { refused += 1; return true }
            chars.insert(c, at: cursor); cursor += 1
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(chars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = chars.count
        case .backspace:
            guard cursor > 0 else { return true }
            chars.remove(at: cursor - 1); cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return true }
            chars.remove(at: cursor)
        case .ctrl("u"):
            chars.removeSubrange(0..<cursor); cursor = 0
        case .ctrl("k"):
            chars.removeSubrange(cursor..<chars.count)
        case .ctrl("w"):
            // Back over spaces, then over the word before them.
            var start = cursor
            while start > 0, chars[start - 1] == " " { start -= 1 }
            while start > 0, chars[start - 1] != " " { start -= 1 }
            chars.removeSubrange(start..<cursor); cursor = start
        default:
            return false
        }
        return true
    }

    /// The first grapheme shown when the field is `width` columns wide: scrolled just
    /// enough that the cursor (and one cell after it) stays visible. Walks back from the
    /// cursor only as far as the field is wide.
    func firstVisible(width: Int) -> Int {
        var start = cursor
        var used = 1   // the cell after the cursor
        while start > 0 {
            let w = DisplayWidth.of(chars[start - 1])
            if used + w > width { break }
            used += w; start -= 1
        }
        return start
    }

    /// The cursor's screen position when the field is drawn in `rect` (for `Terminal.draw`).
    public func cursorPosition(in rect: Rect) -> (x: Int, y: Int) {
        let start = firstVisible(width: rect.width)
        let col = chars[start..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        return (rect.x + min(col, max(0, rect.width - 1)), rect.y)
    }

    public func render(in rect: Rect, into grid: inout Grid, isFocused: Bool = true) {
        guard !rect.isEmpty else { return }
        let role: StyleRole = isFocused ? .inputFocused : .input
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: Cell(" ", role: role))
        if chars.isEmpty {
            grid.put(SafeText(placeholder), x: rect.x, y: rect.y, role: .muted, maxWidth: rect.width)
            return
        }
        // Being edited, the field scrolls to its cursor and is cut without an ellipsis (the end
        // of a field being typed is not an omission). At rest it shows its start — what a
        // reader looks for — with an ellipsis when there is more.
        var used = 0
        var shown = ""
        let start = isFocused ? firstVisible(width: rect.width) : 0
        var cut = false
        for g in chars[start...] {
            let w = DisplayWidth.of(g)
            if used + w > rect.width { cut = true; break }
            shown.append(g); used += w
        }
        if cut && !isFocused {
            grid.put(SafeText(String(chars.prefix(rect.width + 1))), x: rect.x, y: rect.y, role: role, maxWidth: rect.width)
            return
        }
        grid.put(SafeText(shown), x: rect.x, y: rect.y, role: role, maxWidth: rect.width)
    }
}
