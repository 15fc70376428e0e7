import Foundation

/// A problem in a theme file, located for the person editing it: `file:line: message`.
public struct ThemeFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var message: String
    public init(file: String, line: Int, message: String) { self.file = file; self.line = line; self.message = message }
    public var description: String { "\(file):\(line): \(message)" }
}

/// The small part of TOML that theme files use, parsed by hand so every error can name
/// its line: comments, `[section]` headers, and `key = value` where a value is a
/// "string", an integer, true/false, or a one-line inline table `{ key = value, … }`.
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
        var doc = Document()
        var section = ""
        var seen = Set<String>()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            func fail(_ message: String) -> ThemeFileError { ThemeFileError(file: file, line: lineNumber, message: message) }
            var cursor = Cursor(Array(rawLine))
            cursor.skipSpaces()
            if cursor.atEndOrComment { continue }
            if cursor.peek == "[" {
                cursor.advance()
                let name = cursor.bareKey()
                cursor.skipSpaces()
                guard !name.isEmpty, cursor.peek == "]" else { throw fail("expected a section header like [roles]") }
                cursor.advance(); cursor.skipSpaces()
                guard cursor.atEndOrComment else { throw fail("unexpected text after [\(name)]") }
                guard doc.sectionLines[name] == nil else { throw fail("section [\(name)] appears twice") }
                section = name
                doc.sectionLines[name] = lineNumber
                continue
            }
            let key = cursor.bareKey()
            guard !key.isEmpty else { throw fail("expected `key = value`") }
            cursor.skipSpaces()
            guard cursor.peek == "=" else { throw fail("expected `=` after \(key)") }
            cursor.advance(); cursor.skipSpaces()
            let value: Value
            do { value = try cursor.value() } catch let message as Cursor.Problem { throw fail(message.text) }
            cursor.skipSpaces()
            guard cursor.atEndOrComment else { throw fail("unexpected text after the value of \(key)") }
            let qualified = section + "." + key
            guard seen.insert(qualified).inserted else { throw fail("\(key) is given twice") }
            doc.entries.append(Entry(section: section, key: key, value: value, line: lineNumber))
        }
        return doc
    }

    /// Reads one line, character by character.
    struct Cursor {
        struct Problem: Error { var text: String }
        var chars: [Character]
        var at = 0
        init(_ chars: [Character]) { self.chars = chars }

        var peek: Character? { at < chars.count ? chars[at] : nil }
        var atEndOrComment: Bool { peek == nil || peek == "#" || peek == "\r" }
        mutating func advance() { at += 1 }
        mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" { at += 1 } }

        mutating func bareKey() -> String {
            var key = ""
            while let c = peek, c.isLetter || c.isNumber || c == "_" || c == "-" { key.append(c); at += 1 }
            return key
        }

        mutating func value() throws -> Value {
            guard let c = peek else { throw Problem(text: "a value is missing") }
            switch c {
            case "\"": return .string(try string())
            case "{": return try inlineTable()
            case "t", "f":
                let word = bareKey()
                if word == "true" { return .bool(true) }
                if word == "false" { return .bool(false) }
                throw Problem(text: "`\(word)` is not a value (strings need quotes)")
            default:
                var digits = ""
                while let d = peek, d.isNumber || d == "-" || d == "+" || d == "_" { digits.append(d); at += 1 }
                if let n = Int(digits.replacingOccurrences(of: "_", with: "")) { return .integer(n) }
                let rest = String(chars[at...]).trimmingCharacters(in: [" ", "\t", "\r"])
                throw Problem(text: "`\(digits)\(rest)` is not a value (strings need quotes)")
            }
        }

        mutating func string() throws -> String {
            advance()   // opening quote
            var out = ""
            while let c = peek {
                at += 1
                if c == "\"" { return out }
                if c == "\\" {
                    guard let e = peek else { break }
                    at += 1
                    switch e {
                    case "\"": out.append("\""); case "\\": out.append("\\")
                    case "n": out.append("\n"); case "t": out.append("\t")
                    default: throw Problem(text: "unknown escape \\\(e) in a string")
                    }
                } else {
                    out.append(c)
                }
            }
            throw Problem(text: "a string is not closed (missing \")")
        }

        mutating func inlineTable() throws -> Value {
            advance()   // {
            var items: [(key: String, value: Value)] = []
            skipSpaces()
            if peek == "}" { advance(); return .table(items) }
            while true {
                skipSpaces()
                let key = bareKey()
                guard !key.isEmpty else { throw Problem(text: "expected a key inside { }") }
                skipSpaces()
                guard peek == "=" else { throw Problem(text: "expected `=` after \(key)") }
                advance(); skipSpaces()
                if items.contains(where: { $0.key == key }) { throw Problem(text: "\(key) is given twice") }
                items.append((key, try value()))
                skipSpaces()
                if peek == "," { advance(); continue }
                if peek == "}" { advance(); return .table(items) }
                throw Problem(text: "expected `,` or `}` in an inline table")
            }
        }
    }
}
