/// What every screen shows when the terminal is smaller than the console's minimum:
/// one centred line, nothing else, until the terminal grows. `CursesTerminal.draw` and
/// `MemoryTerminal.draw` substitute it by themselves, so a screen cannot get it wrong;
/// a screen loop may also check `isTooSmall` to skip rendering its own frame.
public enum TooSmallScreen {
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    public static let message: SafeText = "terminal too small (need 80×24)"

    public static func isTooSmall(width: Int, height: Int) -> Bool {
        width < minimumWidth || height < minimumHeight
    }

    /// A blank frame of the given size with the message centred (cut to fit if need be).
    public static func render(width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        guard width > 0, height > 0 else { return grid }
        let textWidth = min(DisplayWidth.of(message.value), width)
        let x = max(0, (width - textWidth) / 2)
        let y = max(0, (height - 1) / 2)
        grid.put(message, x: x, y: y, role: .warning, maxWidth: width)
        if height > 2 {
            let now: SafeText = "now \(width)×\(height) · keys ignored, q quits"
            grid.put(now, x: max(0, (width - DisplayWidth.of(now.value)) / 2), y: y + 1, role: .muted)
        }
        return grid
    }
}
