/// The screen `frontdesk themes --preview` shows: every role of a theme drawn in itself,
/// with its style spelled out, and the last key read (so an end-to-end test can see
/// keys decoded by the real terminal).
public enum ThemePreview {
    public static func render(theme: Theme, width: Int, height: Int, colorLevel: String, lastKey: String?) -> Grid {
        var grid = Grid(width: width, height: height)
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), with: Cell(" ", role: .statusLine))
        grid.put("Theme preview: \(theme.name) — \(theme.description)", x: 1, y: 0, role: .statusLine, maxWidth: width - 2)
        let keyText = lastKey.map { SafeText($0) } ?? "none"
        grid.put("colours: \(colorLevel) · size \(width)×\(height) · last key: \(keyText) · q quits", x: 1, y: 1, role: .muted)

        let roles = StyleRole.allCases
        let perColumn = (roles.count + 1) / 2
        let columnWidth = max(1, width / 2)
        for (i, role) in roles.enumerated() {
            let x = (i / perColumn) * columnWidth + 1
            let y = 3 + i % perColumn
            guard y < height - 3 else { continue }
            let used = grid.put(SafeText(role.rawValue), x: x, y: y, role: role, maxWidth: 18)
            grid.fill(Rect(x: x + used, y: y, width: 18 - used, height: 1), with: Cell(" ", role: role))
            grid.put(SafeText(describe(theme[role])), x: x + 19, y: y, role: .muted, maxWidth: columnWidth - 21)
        }
        let legendY = height - 3
        var x = 1
        x += grid.put("Never colour alone: ", x: x, y: legendY, role: .normal)
        for (text, role) in [("✓ ready ", StyleRole.good), ("⚠ 12 min ", .boardRowAmber),
                             ("✖ overdue 41 min ", .boardRowOverdue), ("‼ EMERGENCY", .emergency)] {
            x += grid.put(SafeText(text), x: x, y: legendY, role: role) + 1
        }
        grid.put("q", x: 1, y: height - 1, role: .footerKey)
        grid.put("Quit", x: 3, y: height - 1, role: .footerLabel)
        return grid
    }

    /// "fg 214 bg default bold", short enough for half an 80-column screen.
    static func describe(_ style: Style) -> String {
        func name(_ c: TerminalColor) -> String {
            switch c {
            case .terminalDefault: return "default"
            case .basic(let b): return b.name
            case .indexed(let i): return String(i)
            }
        }
        var parts = ["fg \(name(style.foreground))", "bg \(name(style.background))"]
        if style.bold { parts.append("bold") }
        if style.underline { parts.append("ul") }
        if style.reverse { parts.append("rev") }
        if style.dim { parts.append("dim") }
        return parts.joined(separator: " ")
    }
}
