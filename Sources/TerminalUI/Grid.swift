/// A value-type frame of cells. Screens draw the whole frame from state into a grid
/// (immediate mode); a terminal shows it by writing only the cells that changed.
public struct Grid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { guard x >= 0, y >= 0, x < width, y < height else { return }; cells[y * width + x] = newValue }
    }

    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y] = cell }
        }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns (default: to the right edge),
    /// ending in "…" when it does not fit. Never splits a grapheme. Returns columns used.
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
                // A combining mark stays on its base.
                if col > x { self[col - 1, y].text.append(g) }
                continue
            }
            if col >= 0 { self[col, y] = Cell(String(g), role: role) }
            if w == 2 { self[col + 1, y] = Cell("", role: role) }
            col += w
        }
        return col - x
    }

    /// `s` cut to `columns`, with an ellipsis when anything was dropped.
    public static func truncate(_ s: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.of(s) <= columns { return s }
        var out = ""
        var used = 0
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
        let sameSize = old.map { $0.width == width && $0.height == height } ?? false
        for y in 0..<height {
            for x in 0..<width {
                let c = cells[y * width + x]
                if !sameSize || old!.cells[y * width + x] != c { out.append((x, y, c)) }
            }
        }
        return out
    }

    /// The frame as plain text, one line per row (for snapshots and tests).
    public var text: String {
        (0..<height).map { row(at: $0) }.joined(separator: "\n")
    }

    public func row(at y: Int) -> String {
        var line = ""
        for x in 0..<width { line += cells[y * width + x].text }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
