/// Rows under a sticky header, in columns that are fixed or share the leftover width.
/// The selected row is highlighted and marked with "▸" (a symbol as well as a colour),
/// and the rows scroll so the selection is always on screen.
public struct Table {
    public enum Width: Equatable {
        case fixed(Int)
        /// Shares what the fixed columns leave, in proportion to `weight`, never below `min`.
        case flex(min: Int, weight: Int = 1)
    }

    public enum Alignment: Sendable { case left, right }

    public struct Column {
        public var title: SafeText
        public var width: Width
        public var alignment: Alignment
        public init(_ title: SafeText, _ width: Width, _ alignment: Alignment = .left) {
            self.title = title; self.width = width; self.alignment = alignment
        }
    }

    /// One cell of a row. Written as a string literal or interpolation it is `SafeText`:
    /// interpolated outside text is made inert.
    public struct Item: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        public var text: SafeText
        /// nil: the row's role.
        public var role: StyleRole?
        public init(_ text: SafeText, role: StyleRole? = nil) { self.text = text; self.role = role }
        public init(stringLiteral value: String) { self.init(SafeText(stringLiteral: value)) }
        public init(stringInterpolation: SafeText.Interpolation) { self.init(SafeText(stringInterpolation: stringInterpolation)) }
    }

    public struct Row {
        public var items: [Item]
        public var role: StyleRole
        public init(_ items: [Item], role: StyleRole = .normal) { self.items = items; self.role = role }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var selected: Int?
    /// Whether the selection is drawn highlighted (the table's pane has focus).
    public var isFocused: Bool
    /// The first row wanted on top; moved as little as needed to show the selection.
    public var scrollOffset: Int
    public var showsHeader: Bool
    public var columnGap = 1

    public init(columns: [Column], rows: [Row], selected: Int? = nil, isFocused: Bool = true,
                scrollOffset: Int = 0, showsHeader: Bool = true) {
        self.columns = columns; self.rows = rows; self.selected = selected
        self.isFocused = isFocused; self.scrollOffset = scrollOffset; self.showsHeader = showsHeader
    }

    /// Column widths for `total` columns of room (one column is kept for the selection marker).
    public func columnWidths(total: Int) -> [Int] {
        let gaps = max(0, columns.count - 1) * columnGap
        let fixed = columns.reduce(0) { acc, c in
            if case .fixed(let n) = c.width { return acc + n }
            if case .flex(let m, _) = c.width { return acc + m }
            return acc
        }
        var spare = max(0, total - 1 - gaps - fixed)
        let weights = columns.reduce(0) { acc, c in
            if case .flex(_, let w) = c.width { return acc + max(0, w) }
            return acc
        }
        var widths: [Int] = []
        var lastFlex: Int?
        var given = 0
        for (i, c) in columns.enumerated() {
            switch c.width {
            case .fixed(let n): widths.append(n)
            case .flex(let m, let w):
                let share = weights > 0 ? spare * max(0, w) / weights : 0
                widths.append(m + share); given += share; lastFlex = i
            }
        }
        // Rounding leftovers go to the last flexible column so the table fills its rect.
        spare -= given
        if let i = lastFlex, spare > 0 { widths[i] += spare }
        return widths
    }

    /// The top row to draw so `selected` is visible in `visible` rows.
    public static func offset(keeping selected: Int?, visible: Int, from wanted: Int, count: Int) -> Int {
        guard visible > 0 else { return 0 }
        var top = max(0, min(wanted, count - visible))
        if let s = selected {
            if s < top { top = s }
            if s >= top + visible { top = s - visible + 1 }
        }
        return max(0, top)
    }

    public func render(in rect: Rect, into grid: inout Grid) {
        guard !rect.isEmpty else { return }
        let widths = columnWidths(total: rect.width)
        var y = rect.y
        if showsHeader {
            drawLine(columns.map { Item($0.title) }, widths: widths, x: rect.x, y: y, role: .header, marker: " ", width: rect.width, into: &grid)
            y += 1
        }
        let visible = rect.maxY - y
        let top = Table.offset(keeping: selected, visible: visible, from: scrollOffset, count: rows.count)
        for (i, row) in rows.enumerated().dropFirst(top).prefix(max(0, visible)) {
            let isSel = i == selected
            let role: StyleRole = isSel && isFocused ? .selected : row.role
            drawLine(row.items, widths: widths, x: rect.x, y: y, role: role, marker: isSel ? "▸" : " ",
                     width: rect.width, into: &grid, overrideItemRoles: isSel && isFocused)
            y += 1
        }
    }

    private func drawLine(_ items: [Item], widths: [Int], x: Int, y: Int, role: StyleRole, marker: SafeText,
                          width: Int, into grid: inout Grid, overrideItemRoles: Bool = true) {
        grid.fill(Rect(x: x, y: y, width: width, height: 1), with: Cell(" ", role: role))
        grid.put(marker, x: x, y: y, role: role, maxWidth: 1)
        var cx = x + 1
        let limit = x + width
        for (i, w) in widths.enumerated() where cx < limit {
            let room = min(w, limit - cx)
            if i < items.count, room > 0 {
                let item = items[i]
                let itemRole = overrideItemRoles ? role : (item.role ?? role)
                // Widths cost Unicode lookups; only right-aligned cells need theirs up front.
                let start = columns[i].alignment == .right ? cx + room - min(room, DisplayWidth.of(item.text.value)) : cx
                grid.put(item.text, x: start, y: y, role: itemRole, maxWidth: room)
            }
            cx += w + columnGap
        }
    }
}
