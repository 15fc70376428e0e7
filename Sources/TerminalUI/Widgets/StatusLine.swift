/// One full-width line of segments, left-aligned ones then right-aligned ones;
/// when space runs out the right side gives way first, then the left is cut with "…".
public struct StatusLine {
    public struct Segment {
        public var text: SafeText
        public var role: StyleRole
        public init(_ text: SafeText, role: StyleRole = .statusLine) { self.text = text; self.role = role }
    }

    public var left: [Segment]
    public var right: [Segment]
    public var separator: SafeText

    public init(left: [Segment], right: [Segment] = [], separator: SafeText = " │ ") {
        self.left = left; self.right = right; self.separator = separator
    }

    public func render(in rect: Rect, into grid: inout Grid) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: Cell(" ", role: .statusLine))
        let rightWidth = width(of: right)
        let leftWidth = width(of: left)
        var x = rect.x + 1
        let leftRoom = rect.width - 2
        draw(left, x: &x, y: rect.y, limit: rect.x + 1 + leftRoom, into: &grid)
        // Right segments only when they fit beside the left ones in full.
        if !right.isEmpty, leftWidth + rightWidth + 3 <= rect.width {
            var rx = rect.maxX - 1 - rightWidth
            draw(right, x: &rx, y: rect.y, limit: rect.maxX - 1, into: &grid)
        }
    }

    private func width(of segments: [Segment]) -> Int {
        let sep = DisplayWidth.of(separator.value)
        return segments.reduce(0) { $0 + DisplayWidth.of($1.text.value) } + max(0, segments.count - 1) * sep
    }

    private func draw(_ segments: [Segment], x: inout Int, y: Int, limit: Int, into grid: inout Grid) {
        for (i, s) in segments.enumerated() {
            if i > 0 { x += grid.put(separator, x: x, y: y, role: .statusLine, maxWidth: max(0, limit - x)) }
            guard x < limit else { return }
            x += grid.put(s.text, x: x, y: y, role: s.role, maxWidth: limit - x)
        }
    }
}
