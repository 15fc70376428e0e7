/// A value-type frame of cells. Screens draw the whole frame from state into a grid
/// (immediate mode); a terminal shows it by writing only the cells that changed.
///
/// Invariant kept by every write: a double-width grapheme is always a leading cell followed
/// by a continuation cell (`""`). Overwriting either half blanks the other, so the terminal
/// never receives half a wide character.
public struct Grid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Reading outside the grid gives a blank; writing outside is ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get { (x >= 0 && y >= 0 && x < width && y < height) ? cells[y * width + x] : .blank }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            breakWideNeighbours(x: x, y: y, keepingContinuation: newValue.isContinuation)
            cells[y * width + x] = newValue
        }
    }

    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        guard y0 < y1, x0 < x1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { self[x, y] = cell }
        }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns (default: to the right edge),
    /// ending in "…" when it does not fit. Never splits a grapheme. Returns columns used.
    /// Placeholders that `SafeText` substituted are drawn in `.inert` so they stand out.
    @discardableResult
    public mutating func put(_ text: SafeText, x: Int, y: Int, role: StyleRole = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        let fitted = Grid.truncate(text.value, to: limit)
        var col = x
        for g in fitted {
            let w = DisplayWidth.of(g)
            if w == 0 {
                // A lone combining mark (no base in this string) stays on the cell to its left.
                // (Onto the leading cell when the left neighbour is the right half of a wide one.)
                var base = col - 1
                if base >= 0, base < width, cells[y * width + base].isContinuation { base -= 1 }
                if col > x, base >= 0, base < width { cells[y * width + base].text.append(g) }
                continue
            }
            if col >= 0 {
                let cellRole = SafeText.isPlaceholder(g) ? .inert : role
                self[col, y] = Cell(String(g), role: cellRole)
                if w == 2 { self[col + 1, y] = Cell("", role: cellRole) }
            } else if w == 2 && col == -1 {
                self[0, y] = Cell(" ", role: role)   // right half of a wide char cut by the left edge
            }
            col += w
        }
        return col - x
    }

    /// `s` cut to `columns`, with an ellipsis when anything was dropped. Cuts between
    /// graphemes only, so a wide character that would straddle the edge is dropped whole.
    public static func truncate(_ s: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        var used = 0
        var fits = true
        for g in s {
            used += DisplayWidth.of(g)
            if used > columns { fits = false; break }
        }
        if fits { return s }
        var out = ""
        used = 0
        for g in s {
            let w = DisplayWidth.of(g)
            if used + w > columns - 1 { break }
            out.append(g); used += w
        }
        return out + "…"
    }

    /// The cells that differ from `old`, row by row; everything if the size changed.
    public func changes(since old: Grid?) -> [(x: Int, y: Int, cell: Cell)] {
        var out: [(x: Int, y: Int, cell: Cell)] = []
        guard let old, old.width == width, old.height == height else {
            out.reserveCapacity(cells.count)
            for y in 0..<height { for x in 0..<width { out.append((x, y, cells[y * width + x])) } }
            return out
        }
        for i in cells.indices where old.cells[i] != cells[i] {
            out.append((i % width, i / width, cells[i]))
        }
        return out
    }

    /// The frame as plain text, one line per row (for snapshots and tests).
    public var text: String {
        (0..<height).map { row(at: $0) }.joined(separator: "\n")
    }

    /// One row as text with trailing blanks removed; continuation cells add nothing.
    public func row(at y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var line = ""
        for x in 0..<width { line += cells[y * width + x].text }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// Keeps the wide-character invariant before (x, y) is overwritten.
    private mutating func breakWideNeighbours(x: Int, y: Int, keepingContinuation: Bool) {
        let i = y * width + x
        // Overwriting the right half: the left half loses its partner.
        if cells[i].isContinuation, !keepingContinuation, x > 0 {
            cells[i - 1] = Cell(" ", role: cells[i - 1].role)
        }
        // Overwriting the left half: the orphaned continuation becomes a blank.
        if !cells[i].isContinuation, x + 1 < width, cells[i + 1].isContinuation,
           DisplayWidth.of(cells[i].text) == 2 {
            cells[i + 1] = Cell(" ", role: cells[i + 1].role)
        }
    }
}
