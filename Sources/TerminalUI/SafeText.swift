/// Text that is safe to put on a terminal. Outside text (names, caller ids, notes)
/// reaches a grid only through this type: control characters, escape sequences and
/// bidi overrides become visible placeholders, never bytes sent to the terminal.
///
/// String literals in code are trusted; interpolated values are made inert, so
/// `"Caller \(call.from)"` is safe by construction.
public struct SafeText: Equatable, Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) { value = SafeText.inert(raw) }
    public init(stringLiteral literal: String) { value = literal }
    public init(stringInterpolation: Interpolation) { value = stringInterpolation.output }

    public var description: String { value }
    public static let empty = SafeText(stringLiteral: "")

    public struct Interpolation: StringInterpolationProtocol {
        var output = ""
        public init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity) }
        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ value: SafeText) { output += value.value }
        public mutating func appendInterpolation<T>(_ value: T) { output += SafeText.inert(String(describing: value)) }
    }

    public static func + (a: SafeText, b: SafeText) -> SafeText { SafeText(trusted: a.value + b.value) }
    init(trusted: String) { value = trusted }

    /// Replaces every dangerous scalar with a visible placeholder.
    public static func inert(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        for s in raw.unicodeScalars {
            if let p = placeholder(for: s) { out.append(contentsOf: p.unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }

    /// nil when the scalar is safe to show as it is. Every class gets a one-column
    /// placeholder, so a hostile name cannot shift the columns after it either.
    /// - C0 controls and DEL: the matching Control Pictures symbol (␛ for ESC, ␊ for LF…),
    ///   which also defuses every ESC/CSI/OSC sequence, since its introducer is gone;
    /// - C1 controls (U+0080–U+009F, which include the 8-bit CSI U+009B): "�";
    /// - bidi embeddings, overrides, isolates and marks (U+202A–E, U+2066–9, U+200E/F,
    ///   U+061C), which could reorder what is drawn after them: "�";
    /// - line and paragraph separators (U+2028/9), which some terminals treat as breaks: "␤".
    static func placeholder(for s: Unicode.Scalar) -> String? {
        switch s.value {
        case 0x1B: return "␛"
        case 0x00...0x1F: return String(Unicode.Scalar(0x2400 + s.value)!)   // ␀…␟
        case 0x7F: return "␡"
        case 0x80...0x9F: return "�"
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return "�"
        case 0x2028, 0x2029: return "␤"
        default: return nil
        }
    }

    /// True for the symbols `placeholder(for:)` produces, so the grid can draw them in
    /// the `.inert` role and the reader sees that something was removed.
    public static func isPlaceholder(_ g: Character) -> Bool {
        guard g.unicodeScalars.count == 1, let v = g.unicodeScalars.first?.value else { return false }
        return (0x2400...0x2421).contains(v) || v == 0x2424 || v == 0xFFFD
    }
}
