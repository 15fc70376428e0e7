import Foundation

/// One field of a segment, kept as the escaped text that arrived.
///
/// Splitting and decoding happen on access: a field is split on repetitions,
/// components and sub-components first, and only the leaf is unescaped, so an
/// escaped delimiter (`\S\`) can never be mistaken for a real one.
/// Positions are 1-based, as the standard numbers them; asking beyond what was
/// sent gives an empty value, never a crash.
public struct HL7Field: Sendable, Equatable {
    /// The field's text exactly as received (still escaped).
    public let raw: String
    public let separators: HL7Separators
    /// MSH-1 and MSH-2 hold the delimiters themselves; they are never split or decoded.
    let isLiteral: Bool

    init(raw: String, separators: HL7Separators, isLiteral: Bool = false) {
        self.raw = raw
        self.separators = separators
        self.isLiteral = isLiteral
    }

    static func absent(_ separators: HL7Separators) -> HL7Field { HL7Field(raw: "", separators: separators) }

    /// Nothing was sent: "no information".
    public var isEmpty: Bool { raw.isEmpty }
    /// `""` was sent: "delete the value".
    public var isNull: Bool { raw == HL7FieldValue.nullMarker }

    /// Every repetition, in order; empty when the field is empty.
    public var repetitions: [HL7Repetition] {
        guard !raw.isEmpty else { return [] }
        if isLiteral { return [repetitionFrom(raw)] }
        return HL7Split.pieces(raw, on: separators.repetition).map(repetitionFrom)
    }

    /// Repetition `n` (1-based); empty beyond the last one.
    public func repetition(_ n: Int) -> HL7Repetition {
        if isLiteral { return n == 1 ? repetitionFrom(raw) : repetitionFrom("") }
        return repetitionFrom(HL7Split.piece(raw, on: separators.repetition, at: n - 1))
    }

    /// The first repetition, which is what a non-repeating field holds.
    public var first: HL7Repetition { repetition(1) }

    /// The first component's first sub-component: what a simple-typed field means,
    /// even when a sender added components the standard does not define.
    public var value: HL7FieldValue { first.value }

    public func value(component: Int, subComponent: Int = 1, repetition: Int = 1) -> HL7FieldValue {
        self.repetition(repetition).value(component: component, subComponent: subComponent)
    }

    /// Decoded text of a leaf, nil when empty or null.
    public func text(component: Int = 1, subComponent: Int = 1, repetition: Int = 1) -> String? {
        value(component: component, subComponent: subComponent, repetition: repetition).value
    }

    /// The whole field unescaped, delimiters left as written; for display and logs.
    public var decodedText: String {
        isLiteral ? raw : HL7Escaping.decode(raw, with: separators)
    }

    private func repetitionFrom(_ text: String) -> HL7Repetition {
        HL7Repetition(raw: text, separators: separators, isLiteral: isLiteral)
    }
}

/// One repetition of a field: a list of components.
public struct HL7Repetition: Sendable, Equatable {
    public let raw: String
    public let separators: HL7Separators
    let isLiteral: Bool

    public var isEmpty: Bool { raw.isEmpty }
    public var isNull: Bool { raw == HL7FieldValue.nullMarker }

    public var components: [HL7Component] {
        guard !raw.isEmpty else { return [] }
        if isLiteral { return [componentFrom(raw)] }
        return HL7Split.pieces(raw, on: separators.component).map(componentFrom)
    }

    /// Component `n` (1-based); empty beyond the last one.
    public func component(_ n: Int) -> HL7Component {
        if isLiteral { return componentFrom(n == 1 ? raw : "") }
        return componentFrom(HL7Split.piece(raw, on: separators.component, at: n - 1))
    }

    public var value: HL7FieldValue { component(1).value }

    /// The whole repetition unescaped, delimiters left as written: free text (FT)
    /// whose sender forgot to escape a `^` still reads whole.
    public var decodedText: String {
        isLiteral ? raw : HL7Escaping.decode(raw, with: separators)
    }

    public func value(component n: Int, subComponent: Int = 1) -> HL7FieldValue {
        component(n).subComponent(subComponent)
    }

    /// Decoded text of component `n`, sub-component `subComponent`; nil when empty or null.
    public func text(_ n: Int, _ subComponent: Int = 1) -> String? {
        value(component: n, subComponent: subComponent).value
    }

    private func componentFrom(_ text: String) -> HL7Component {
        HL7Component(raw: text, separators: separators, isLiteral: isLiteral)
    }
}

/// One component: a list of sub-components, each a leaf value.
public struct HL7Component: Sendable, Equatable {
    public let raw: String
    public let separators: HL7Separators
    let isLiteral: Bool

    public var isEmpty: Bool { raw.isEmpty }

    public var subComponents: [HL7FieldValue] {
        guard !raw.isEmpty else { return [] }
        if isLiteral { return [leaf(raw)] }
        return HL7Split.pieces(raw, on: separators.subComponent).map(leaf)
    }

    /// Sub-component `n` (1-based), decoded; `.empty` beyond the last one.
    public func subComponent(_ n: Int) -> HL7FieldValue {
        if isLiteral { return leaf(n == 1 ? raw : "") }
        return leaf(HL7Split.piece(raw, on: separators.subComponent, at: n - 1))
    }

    public var value: HL7FieldValue { subComponent(1) }

    private func leaf(_ text: String) -> HL7FieldValue {
        HL7FieldValue(raw: text, separators: separators, decodes: !isLiteral)
    }
}

/// Splitting on one ASCII delimiter byte. Cutting UTF-8 at an ASCII byte always
/// leaves valid UTF-8 on both sides, so no text is ever damaged.
enum HL7Split {
    static func pieces(_ raw: String, on delimiter: UInt8) -> [String] {
        raw.utf8.split(separator: delimiter, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Piece `index` (0-based) without splitting the rest; "" beyond the last.
    static func piece(_ raw: String, on delimiter: UInt8, at index: Int) -> String {
        guard index >= 0 else { return "" }
        var seen = 0
        var start = raw.utf8.startIndex
        var cursor = start
        while cursor < raw.utf8.endIndex {
            if raw.utf8[cursor] == delimiter {
                if seen == index { return String(decoding: raw.utf8[start..<cursor], as: UTF8.self) }
                seen += 1
                start = raw.utf8.index(after: cursor)
            }
            cursor = raw.utf8.index(after: cursor)
        }
        return seen == index ? String(decoding: raw.utf8[start...], as: UTF8.self) : ""
    }
}
