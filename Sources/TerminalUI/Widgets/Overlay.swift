/// A centred box over the screen: help, prompts, confirmations. It clears what is
/// under it so nothing from the board shows through.
public struct Overlay {
    public struct Line {
        public var text: SafeText
        public var role: StyleRole
        public init(_ text: SafeText, role: StyleRole = .overlay) { self.text = text; self.role = role }
    }

    public var title: SafeText
    public var lines: [Line]
    /// Widest the box may be; it shrinks to the screen.
    public var maxWidth: Int
    /// A few words on the bottom border ("Esc closes this help"), taking no line of its own.
    public var closing: SafeText?

    public init(title: SafeText, lines: [Line], maxWidth: Int = 72, closing: SafeText? = nil) {
        self.title = title; self.lines = lines; self.maxWidth = maxWidth; self.closing = closing
    }

    /// Where the box goes inside `bounds`: wide enough for the longest line, centred.
    public func frame(in bounds: Rect) -> Rect {
        let longest = max(DisplayWidth.of(title.value) + 4, DisplayWidth.of(closing?.value ?? "") + 4,
                          lines.map { DisplayWidth.of($0.text.value) }.max() ?? 0)
        let w = min(bounds.width, min(maxWidth, longest + 4))
        let h = min(bounds.height, lines.count + 2)
        return Rect(x: bounds.x + (bounds.width - w) / 2, y: bounds.y + (bounds.height - h) / 2, width: w, height: h)
    }

    /// The first content line's rect (where a prompt's text field sits, for example).
    public func contentRect(in bounds: Rect) -> Rect {
        let f = frame(in: bounds)
        return Rect(x: f.x + 2, y: f.y + 1, width: f.width - 4, height: f.height - 2)
    }

    public func render(in bounds: Rect, into grid: inout Grid) {
        let f = frame(in: bounds)
        guard f.width >= 4, f.height >= 2 else { return }
        grid.fill(f, with: Cell(" ", role: .overlay))
        for x in f.x..<f.maxX {
            grid[x, f.y] = Cell("═", role: .overlay)
            grid[x, f.maxY - 1] = Cell("═", role: .overlay)
        }
        for y in f.y..<f.maxY {
            grid[f.x, y] = Cell("║", role: .overlay)
            grid[f.maxX - 1, y] = Cell("║", role: .overlay)
        }
        grid[f.x, f.y] = Cell("╔", role: .overlay); grid[f.maxX - 1, f.y] = Cell("╗", role: .overlay)
        grid[f.x, f.maxY - 1] = Cell("╚", role: .overlay); grid[f.maxX - 1, f.maxY - 1] = Cell("╝", role: .overlay)
        grid.put(" " + title + " ", x: f.x + 2, y: f.y, role: .overlayTitle, maxWidth: f.width - 4)
        if let closing, f.height >= 3 { grid.put(" " + closing + " ", x: f.x + 2, y: f.maxY - 1, role: .muted, maxWidth: f.width - 4) }
        let inner = contentRect(in: bounds)
        // A box taller than the screen says how many lines it could not show, never drops them silently.
        let cut = lines.count > inner.height
        for (i, line) in lines.prefix(cut ? inner.height - 1 : inner.height).enumerated() {
            grid.put(line.text, x: inner.x, y: inner.y + i, role: line.role, maxWidth: inner.width)
        }
        if cut, inner.height >= 1 {
            grid.put("… \(lines.count - inner.height + 1) more (a taller terminal shows them)", x: inner.x, y: inner.maxY - 1,
                     role: .muted, maxWidth: inner.width)
        }
    }
}

extension Overlay {
    /// The help box for a screen: every binding of its keymap, with a mark on the ones
    /// that do nothing right now. Built from the same table as the footer.
    public static func help<Message>(for keymap: Keymap<Message>) -> Overlay {
        let keyWidth = keymap.bindings.map { DisplayWidth.of($0.keyLabel) }.max() ?? 0
        // The screen's name in the title and the way out on the border: every line is a key.
        var lines: [Line] = []
        for b in keymap.bindings {
            let pad = String(repeating: " ", count: max(0, keyWidth - DisplayWidth.of(b.keyLabel)))
            let text = SafeText(b.keyLabel + pad + "  " + b.help + (b.isEnabled ? "" : " (not now)"))
            lines.append(Line(text, role: b.isEnabled ? .overlay : .muted))
        }
        return Overlay(title: "Help · " + SafeText(keymap.title), lines: lines, maxWidth: 78, closing: "Esc closes this help")
    }
}
