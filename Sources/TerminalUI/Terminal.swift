/// What a screen loop draws through. `CursesTerminal` is the real one; `MemoryTerminal`
/// is the one tests use.
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Makes the screen show `grid`, writing only what differs from the last frame.
    func draw(_ grid: Grid, cursor: (x: Int, y: Int)?)
    func bell()
}
