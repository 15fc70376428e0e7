import Foundation

/// A value as HL7 sends it: not sent at all, sent as `""`, or sent.
///
/// The difference matters: an empty field means "no information, keep what you
/// have", while `""` is the explicit null that means "delete the value you hold".
public enum HL7Presence<Wrapped: Sendable & Equatable>: Sendable, Equatable {
    /// Nothing between the delimiters.
    case empty
    /// Exactly `""`: the sender asks the receiver to clear its value.
    case null
    case value(Wrapped)

    /// The value when one was sent; nil for both `.empty` and `.null`.
    public var value: Wrapped? {
        if case .value(let wrapped) = self { return wrapped }
        return nil
    }

    public var isEmpty: Bool { self == .empty }
    public var isNull: Bool { self == .null }

    /// Keeps empty and null as they are, transforms a value.
    public func map<Other>(_ transform: (Wrapped) throws -> Other) rethrows -> HL7Presence<Other> {
        switch self {
        case .empty: .empty
        case .null: .null
        case .value(let wrapped): .value(try transform(wrapped))
        }
    }

    /// Like `map`, but a transform returning nil turns the value into `.empty`.
    public func compactMap<Other>(_ transform: (Wrapped) throws -> Other?) rethrows -> HL7Presence<Other> {
        switch self {
        case .empty: .empty
        case .null: .null
        case .value(let wrapped): try transform(wrapped).map(HL7Presence<Other>.value) ?? .empty
        }
    }
}

/// One decoded leaf value of a message.
public typealias HL7FieldValue = HL7Presence<String>

extension HL7Presence where Wrapped == String {
    /// The HL7 explicit null as it appears on the wire.
    static let nullMarker = "\"\""

    /// Classifies a raw (still escaped) leaf and decodes it.
    init(raw: String, separators: HL7Separators, decodes: Bool = true) {
        if raw.isEmpty {
            self = .empty
        } else if raw == Self.nullMarker {
            self = .null
        } else {
            self = .value(decodes ? HL7Escaping.decode(raw, with: separators) : raw)
        }
    }
}
