import Foundation
import TOMLKit

/// A problem in a theme file, located for the person editing it: `file:line: message`.
public struct ThemeFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var message: String
    public init(file: String, line: Int, message: String) { self.file = file; self.line = line; self.message = message }
    public var description: String { "\(file):\(line): \(message)" }
}

/// Theme files are TOML, read by TOMLKit — the project's one TOML reader (the site configuration
/// and the clinic's calendar use it too). A syntax error names the line TOMLKit found it on; the
/// entries carry the line of their key, found in the text, so every later check names its line.
enum ThemeTOML {
    indirect enum Value: Equatable {
        case string(String), integer(Int), bool(Bool)
        case table([(key: String, value: Value)])

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.string(x), .string(y)): return x == y
            case let (.integer(x), .integer(y)): return x == y
            case let (.bool(x), .bool(y)): return x == y
            case let (.table(x), .table(y)): return x.map(\.key) == y.map(\.key) && zip(x, y).allSatisfy { $0.value == $1.value }
            default: return false
            }
        }
    }

    struct Entry { var section: String; var key: String; var value: Value; var line: Int }
    struct Document { var entries: [Entry] = []; var sectionLines: [String: Int] = [:] }

    static func parse(_ text: String, file: String) throws -> Document {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            // toml++'s words, plus the one slip theme editors make most: a colour name without quotes.
            let hint = e.description.contains("could not determine value type") ? " (strings need quotes: fg = \"red\")" : ""
            throw ThemeFileError(file: file, line: max(1, e.source.begin.line), message: e.description + hint)
        }
        let lines = KeyLines(text)
        var doc = Document()
        doc.sectionLines = lines.sections
        func convert(_ v: TOMLValueConvertible, key: String, line: Int) throws -> Value {
            if let s = v.string { return .string(s) }
            if let b = v.bool { return .bool(b) }
            if let n = v.int { return .integer(n) }
            if let t = v.table {
                return .table(try t.keys.sorted().map { k in (k, try convert(t[k]!, key: k, line: line)) })
            }
            throw ThemeFileError(file: file, line: line, message: "\(key) must be a string, a whole number, true or false, or { … }")
        }
        for key in table.keys {
            guard let value = table[key] else { continue }
            if let section = value.table, lines.sections[key] != nil {
                for k in section.keys {
                    let line = lines.line(section: key, key: k) ?? lines.sections[key] ?? 1
                    doc.entries.append(Entry(section: key, key: k, value: try convert(section[k]!, key: k, line: line), line: line))
                }
            } else {
                let line = lines.line(section: "", key: key) ?? 1
                doc.entries.append(Entry(section: "", key: key, value: try convert(value, key: key, line: line), line: line))
            }
        }
        doc.entries.sort { $0.line < $1.line }
        return doc
    }

    /// Where each `[section]` and each `key =` stands in the text.
    struct KeyLines {
        var sections: [String: Int] = [:]
        var keys: [String: Int] = [:]

        init(_ text: String) {
            var section = ""
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("#") || line.isEmpty { continue }
                if line.hasPrefix("[") {
                    section = String(line.dropFirst().prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                    if sections[section] == nil { sections[section] = n + 1 }
                    continue
                }
                guard let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if keys["\(section)\u{0}\(key)"] == nil { keys["\(section)\u{0}\(key)"] = n + 1 }
            }
        }

        func line(section: String, key: String) -> Int? { keys["\(section)\u{0}\(key)"] }
    }
}
