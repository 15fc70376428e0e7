/// Text wrapped at word boundaries to a width, for messages that must be read whole.
public struct Paragraph {
    public var text: SafeText
    public var role: StyleRole

    public init(_ text: SafeText, role: StyleRole = .normal) { self.text = text; self.role = role }

    /// The lines `text` takes at `width` columns: broken at spaces, a word longer than the
    /// width broken where it must be.
    public func lines(width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = "", used = 0
        for word in text.value.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let w = DisplayWidth.of(word)
            if used > 0 && used + 1 + w <= width { line += " " + word; used += 1 + w; continue }
            if used > 0 { lines.append(line); line = ""; used = 0 }
            var rest = Substring(word)
            while DisplayWidth.of(String(rest)) > width {
                var piece = "", pw = 0
                while let g = rest.first, pw + DisplayWidth.of(g) <= width { piece.append(g); pw += DisplayWidth.of(g); rest.removeFirst() }
                if piece.isEmpty { break }
                lines.append(piece)
            }
            line = String(rest); used = DisplayWidth.of(line)
        }
        if used > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Draws as many lines as fit in `rect`; the last one shown ends in an ellipsis when text is left.
    /// Returns the number of rows used.
    @discardableResult
    public func render(in rect: Rect, into grid: inout Grid) -> Int {
        guard !rect.isEmpty else { return 0 }
        let all = lines(width: rect.width)
        let shown = Array(all.prefix(rect.height))
        for (i, line) in shown.enumerated() {
            let cut = i == shown.count - 1 && all.count > shown.count
            grid.put(SafeText(trusted: cut ? line + " …" : line), x: rect.x, y: rect.y + i, role: role,
                     maxWidth: rect.width)
        }
        return shown.count
    }
}
