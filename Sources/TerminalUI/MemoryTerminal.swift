/// A terminal that keeps the last frame in memory: what screen tests draw into.
public final class MemoryTerminal: Terminal {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var frame: Grid
    public private(set) var cursor: (x: Int, y: Int)?
    public private(set) var bells = 0
    /// Cells written by the last draw (what a real terminal would have sent).
    public private(set) var lastChangeCount = 0

    public init(width: Int = 80, height: Int = 24) {
        self.width = width; self.height = height
        frame = Grid(width: width, height: height)
    }

    public func resize(width: Int, height: Int) { self.width = width; self.height = height }

    /// Like the curses terminal, shows `TooSmallScreen` instead of `grid` below 80×24.
    public func draw(_ grid: Grid, cursor: (x: Int, y: Int)?) {
        let tooSmall = TooSmallScreen.isTooSmall(width: width, height: height)
        let shown = tooSmall ? TooSmallScreen.render(width: width, height: height) : grid
        lastChangeCount = shown.changes(since: frame).count
        frame = shown
        self.cursor = tooSmall ? nil : cursor
    }

    public func bell() { bells += 1 }

    public var text: String { frame.text }
}
