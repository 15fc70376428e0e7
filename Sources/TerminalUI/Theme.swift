/// A terminal colour as a theme names it. Themes may use the 256-colour palette; a
/// terminal that has only 8 colours shows `nearestBasic`, one with none shows attributes.
public enum TerminalColor: Equatable, Hashable, Sendable {
    /// The terminal's own foreground or background (what `use_default_colors` gives).
    case terminalDefault
    case basic(BasicColor)
    /// An index into the xterm 256-colour palette (0–15 system colours, 16–231 cube, 232–255 greys).
    case indexed(UInt8)

    public enum BasicColor: Int, CaseIterable, Sendable {
        case black, red, green, yellow, blue, magenta, cyan, white
        public var name: String { String(describing: self) }
    }
}

/// How one role is drawn. Colour is never the only signal: screens pair a role with a
/// symbol or word, and the monochrome theme tells roles apart by attributes alone.
public struct Style: Equatable, Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(fg: TerminalColor = .terminalDefault, bg: TerminalColor = .terminalDefault,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        foreground = fg; background = bg
        self.bold = bold; self.underline = underline; self.reverse = reverse; self.dim = dim
    }

    public static let plain = Style()
}

/// A named set of styles, one per `StyleRole`.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var description: String
    /// Every role has a style; the loader refuses a file that leaves one out.
    public private(set) var styles: [StyleRole: Style]

    public init(name: String, description: String = "", styles: [StyleRole: Style]) {
        self.name = name; self.description = description; self.styles = styles
    }

    public func style(for role: StyleRole) -> Style { styles[role] ?? .plain }
    public subscript(role: StyleRole) -> Style { style(for: role) }

    /// True when no role uses a colour (the theme for `NO_COLOR` and colourless terminals).
    public var isMonochrome: Bool {
        styles.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault }
    }
}

extension TerminalColor {
    /// The closest of the 8 basic colours, for terminals that have no more.
    public var nearestBasic: TerminalColor {
        guard case .indexed(let i) = self else { return self }
        if i < 16 { return .basic(BasicColor(rawValue: Int(i % 8))!) }
        let (r, g, b) = TerminalColor.rgb(ofIndex: i)
        let corners: [(BasicColor, (Int, Int, Int))] = [
            (.black, (0, 0, 0)), (.red, (205, 0, 0)), (.green, (0, 205, 0)), (.yellow, (205, 205, 0)),
            (.blue, (0, 0, 238)), (.magenta, (205, 0, 205)), (.cyan, (0, 205, 205)), (.white, (229, 229, 229)),
        ]
        let best = corners.min { a, b2 in
            TerminalColor.distance(a.1, (r, g, b)) < TerminalColor.distance(b2.1, (r, g, b))
        }!
        return .basic(best.0)
    }

    /// xterm's RGB for palette entries 16–255.
    static func rgb(ofIndex i: UInt8) -> (Int, Int, Int) {
        if i >= 232 { let v = 8 + 10 * Int(i - 232); return (v, v, v) }
        let n = Int(i) - 16
        let level = { (c: Int) in c == 0 ? 0 : 55 + 40 * c }
        return (level(n / 36), level((n / 6) % 6), level(n % 6))
    }

    /// The cube entry nearest a `#rrggbb` colour (theme files may give hex for readability).
    static func nearestIndex(red: Int, green: Int, blue: Int) -> UInt8 {
        var best: UInt8 = 16, bestDistance = Int.max
        for i in 16...255 {
            let d = distance(rgb(ofIndex: UInt8(i)), (red, green, blue))
            if d < bestDistance { bestDistance = d; best = UInt8(i) }
        }
        return best
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }
}
