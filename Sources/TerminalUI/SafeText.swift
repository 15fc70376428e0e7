import TextSafety

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

    /// Replaces every dangerous scalar with a visible placeholder: `InertText`'s one rule
    /// (controls, escape introducers, C1, bidi controls, characters that draw nothing), so the
    /// screen, the command line and JSON output agree on what is dangerous.
    public static func inert(_ raw: String) -> String { InertText.inert(raw) }

    /// True for the symbols the rule produces, so the grid can draw them in the `.inert`
    /// role and the reader sees that something was removed.
    public static func isPlaceholder(_ g: Character) -> Bool {
        guard g.unicodeScalars.count == 1, let s = g.unicodeScalars.first else { return false }
        return InertText.isPlaceholder(s)
    }
}
