import Foundation

/// Theme files: a palette of named colours, then one style per role.
///
/// ```toml
/// name = "default"
/// description = "Dark background, the shipped default"
/// [palette]
/// amber = 214            # a 256-colour index, a basic name, "#rrggbb" or "default"
/// [roles]
/// boardRowAmber = { fg = "amber", bold = true }
/// ```
extension Theme {
    /// Reads a theme file's text. Throws the first problem found, with its line; a theme
    /// that parses has a style for every `StyleRole`.
    public static func parse(_ text: String, file: String) throws -> Theme {
        let doc = try ThemeTOML.parse(text, file: file)
        func fail(_ line: Int, _ message: String) -> ThemeFileError { ThemeFileError(file: file, line: line, message: message) }

        var name = (file as NSString).lastPathComponent.replacingOccurrences(of: ".toml", with: "")
        var description = ""
        var palette: [String: TerminalColor] = [:]
        var styles: [StyleRole: Style] = [:]

        for entry in doc.entries where entry.section == "" {
            guard case .string(let s) = entry.value else { throw fail(entry.line, "\(entry.key) must be a string") }
            switch entry.key {
            case "name": name = s
            case "description": description = s
            default: throw fail(entry.line, "unknown setting `\(entry.key)` (expected name, description, [palette], [roles])")
            }
        }
        for section in doc.sectionLines.keys where section != "palette" && section != "roles" {
            throw fail(doc.sectionLines[section]!, "unknown section [\(section)] (expected [palette] or [roles])")
        }
        for entry in doc.entries where entry.section == "palette" {
            if TerminalColor.BasicColor.allCases.contains(where: { $0.name == entry.key }) || entry.key == "default" {
                throw fail(entry.line, "palette name `\(entry.key)` would hide the basic colour of that name")
            }
            palette[entry.key] = try color(entry.value, palette: [:], line: entry.line, file: file)
        }
        for entry in doc.entries where entry.section == "roles" {
            guard let role = StyleRole(rawValue: entry.key) else {
                throw fail(entry.line, "unknown role `\(entry.key)`\(suggestion(for: entry.key))")
            }
            guard case .table(let fields) = entry.value else {
                throw fail(entry.line, "role \(entry.key) needs a table like { fg = \"red\", bold = true }")
            }
            var style = Style()
            for (key, value) in fields {
                switch key {
                case "fg": style.foreground = try color(value, palette: palette, line: entry.line, file: file)
                case "bg": style.background = try color(value, palette: palette, line: entry.line, file: file)
                case "bold", "underline", "reverse", "dim":
                    guard case .bool(let on) = value else { throw fail(entry.line, "\(key) must be true or false") }
                    switch key {
                    case "bold": style.bold = on
                    case "underline": style.underline = on
                    case "reverse": style.reverse = on
                    default: style.dim = on
                    }
                default:
                    throw fail(entry.line, "unknown style key `\(key)` in \(entry.key) (expected fg, bg, bold, underline, reverse, dim)")
                }
            }
            styles[role] = style
        }
        let missing = StyleRole.allCases.filter { styles[$0] == nil }.map(\.rawValue)
        if !missing.isEmpty {
            let line = doc.sectionLines["roles"] ?? max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count)
            throw fail(line, "missing role\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", "))")
        }
        return Theme(name: name, description: description, styles: styles)
    }

    static func color(_ value: ThemeTOML.Value, palette: [String: TerminalColor], line: Int, file: String) throws -> TerminalColor {
        func fail(_ message: String) -> ThemeFileError { ThemeFileError(file: file, line: line, message: message) }
        switch value {
        case .integer(let n):
            guard (0...255).contains(n) else { throw fail("colour \(n) is outside 0–255") }
            return .indexed(UInt8(n))
        case .string(let s):
            if s == "default" { return .terminalDefault }
            if let basic = TerminalColor.BasicColor.allCases.first(where: { $0.name == s }) { return .basic(basic) }
            if let named = palette[s] { return named }
            if s.hasPrefix("#"), s.count == 7, let rgb = Int(s.dropFirst(), radix: 16) {
                return .indexed(TerminalColor.nearestIndex(red: rgb >> 16, green: (rgb >> 8) & 0xFF, blue: rgb & 0xFF))
            }
            throw fail("bad colour \"\(s)\" (expected a palette name, a basic colour, 0–255, \"#rrggbb\" or \"default\")")
        default:
            throw fail("a colour must be a name in quotes or a number 0–255")
        }
    }

    /// " (did you mean `x`?)" when a role name is one or two edits away from a real one.
    static func suggestion(for key: String) -> String {
        let close = StyleRole.allCases.map(\.rawValue).min { editDistance($0, key) < editDistance($1, key) }
        guard let close, editDistance(close, key) <= 2 else { return "" }
        return " (did you mean `\(close)`?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let kept = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = kept
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
