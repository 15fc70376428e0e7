/// A label in its column and a value after it: the one way a form lays out "label  value".
/// The label never runs into the value — a label too long for its column is cut with an
/// ellipsis and a space always follows it.
public struct FieldRow {
    public var label: SafeText
    public var labelWidth: Int
    public var role: StyleRole

    public init(_ label: SafeText, labelWidth: Int, role: StyleRole = .normal) {
        self.label = label; self.labelWidth = labelWidth; self.role = role
    }

    /// Draws the label on row `y` from `x`, and returns where the value goes (the rest of the
    /// row up to `maxX`).
    @discardableResult
    public func render(x: Int, y: Int, maxX: Int, into grid: inout Grid) -> Rect {
        let column = max(0, min(labelWidth, maxX - x))
        grid.put(label, x: x, y: y, role: role, maxWidth: max(0, column - 1))
        return Rect(x: x + column, y: y, width: max(0, maxX - x - column), height: 1)
    }

    /// The column that holds the widest of `labels` whole with its space, within `limit`.
    public static func width(fitting labels: [String], limit: Int) -> Int {
        min(limit, (labels.map { DisplayWidth.of($0) }.max() ?? 0) + 1)
    }
}
