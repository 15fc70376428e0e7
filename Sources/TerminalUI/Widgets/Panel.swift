/// A box with a title: the frame every pane sits in. The focused pane's border and
/// title use their own roles, and a marker says the same for monochrome terminals.
public struct Panel {
    public var title: SafeText
    public var isFocused: Bool

    public init(title: SafeText, isFocused: Bool = false) {
        self.title = title; self.isFocused = isFocused
    }

    /// The area inside the border.
    public static func inner(_ rect: Rect) -> Rect { rect.inset(1) }

    public func render(in rect: Rect, into grid: inout Grid) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let border: StyleRole = isFocused ? .borderFocused : .border
        let edge = isFocused ? ("┏", "━", "┓", "┃", "┗", "┛") : ("┌", "─", "┐", "│", "└", "┘")
        grid.fill(rect.inset(1))
        for x in rect.x + 1..<rect.maxX - 1 {
            grid[x, rect.y] = Cell(edge.1, role: border)
            grid[x, rect.maxY - 1] = Cell(edge.1, role: border)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            grid[rect.x, y] = Cell(edge.3, role: border)
            grid[rect.maxX - 1, y] = Cell(edge.3, role: border)
        }
        grid[rect.x, rect.y] = Cell(edge.0, role: border)
        grid[rect.maxX - 1, rect.y] = Cell(edge.2, role: border)
        grid[rect.x, rect.maxY - 1] = Cell(edge.4, role: border)
        grid[rect.maxX - 1, rect.maxY - 1] = Cell(edge.5, role: border)
        guard rect.width > 4 else { return }
        let titleRole: StyleRole = isFocused ? .titleFocused : .title
        grid.put(" " + title + " ", x: rect.x + 2, y: rect.y, role: titleRole, maxWidth: rect.width - 4)
    }
}
