import Foundation

/// Builds escaped field text for outgoing messages.
///
/// Plain text goes in, text safe to place between delimiters comes out: every
/// leaf is escaped, and trailing empty components are dropped so `Smith^John^^^`
/// is written `Smith^John`.
public struct HL7Encoder: Sendable {
    public let separators: HL7Separators

    public init(separators: HL7Separators = .standard) {
        self.separators = separators
    }

    /// One leaf value, escaped; nil is an empty value.
    public func leaf(_ text: String?) -> String {
        text.map { HL7Escaping.encode($0, with: separators) } ?? ""
    }

    /// A composite from plain-text components.
    public func components(_ parts: [String?]) -> String {
        joined(parts.map(leaf), by: separators.component)
    }

    /// A composite whose components are already encoded (some hold sub-components).
    public func composite(_ encodedParts: [String]) -> String {
        joined(encodedParts, by: separators.component)
    }

    /// Sub-components from plain text, for a type nested in a component (an HD in a CX).
    public func subComponents(_ parts: [String?]) -> String {
        joined(parts.map(leaf), by: separators.subComponent)
    }

    /// A repeating field from already encoded repetitions.
    public func repetitions(_ encoded: [String]) -> String {
        encoded.joined(separator: String(separators.character(separators.repetition)))
    }

    /// A field that may be sent empty, as `""` (clear it), or with a value.
    public func presence<T>(_ value: HL7Presence<T>, _ encode: (T) -> String) -> String {
        switch value {
        case .empty: ""
        case .null: HL7FieldValue.nullMarker
        case .value(let wrapped): encode(wrapped)
        }
    }

    private func joined(_ parts: [String], by delimiter: UInt8) -> String {
        var kept = parts
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.joined(separator: String(separators.character(delimiter)))
    }
}

/// One outgoing segment, filled field by field with encoded text.
public struct HL7SegmentWriter: Sendable {
    public let name: String
    private var fields: [String] = []

    public init(_ name: String) {
        self.name = name
    }

    /// Field `n` (1-based), already encoded. For MSH, fields 1 and 2 are written
    /// from the separators and anything set there is ignored.
    public subscript(_ n: Int) -> String {
        get { n >= 1 && n <= fields.count ? fields[n - 1] : "" }
        set {
            guard n >= 1 else { return }
            if fields.count < n { fields += Array(repeating: "", count: n - fields.count) }
            fields[n - 1] = newValue
        }
    }

    /// The segment's text, trailing empty fields dropped, no terminator.
    public func encoded(with separators: HL7Separators) -> String {
        var kept = fields
        while kept.last?.isEmpty == true { kept.removeLast() }
        let field = String(separators.character(separators.field))
        guard name == "MSH" else { return ([name] + kept).joined(separator: field) }
        let rest = kept.count > 2 ? Array(kept[2...]) : []
        return ([name + field + separators.encodingCharacters] + rest).joined(separator: field)
    }

    /// A whole message: each segment ended by CR, as the standard requires.
    public static func message(_ segments: [HL7SegmentWriter], separators: HL7Separators) -> String {
        segments.map { $0.encoded(with: separators) + "\r" }.joined()
    }
}
