import Foundation

/// The delimiters a message declares for itself in MSH-1 and MSH-2.
///
/// Every message may choose its own; nothing in the parser assumes `|^~\&`.
/// Delimiters are kept as ASCII bytes because splitting on bytes cannot be
/// fooled by grapheme clusters (a CR LF pair, or an accent combining with a `|`).
public struct HL7Separators: Sendable, Equatable {
    public let field: UInt8
    public let component: UInt8
    public let repetition: UInt8
    public let escape: UInt8
    public let subComponent: UInt8
    /// v2.7+ truncation character (MSH-2 position 5), when the sender declared one.
    public let truncation: UInt8?

    /// `|^~\&`, what almost every sender uses and what we write when we have no message to follow.
    public static let standard = HL7Separators(field: 0x7C, component: 0x5E, repetition: 0x7E,
                                               escape: 0x5C, subComponent: 0x26, truncation: nil)

    public init(field: UInt8, component: UInt8, repetition: UInt8, escape: UInt8,
                subComponent: UInt8, truncation: UInt8? = nil) {
        self.field = field
        self.component = component
        self.repetition = repetition
        self.escape = escape
        self.subComponent = subComponent
        self.truncation = truncation
    }

    /// Reads MSH-1 (`field`) and MSH-2 (`encodingCharacters`, 4 or 5 characters).
    static func declared(field: UInt8, encodingCharacters: ArraySlice<UInt8>) throws(HL7ParseError) -> HL7Separators {
        func invalid(_ position: Int, _ reason: String) -> HL7ParseError {
            HL7ParseError(.dataTypeError, HL7ErrorLocation(segment: "MSH", field: position), reason)
        }
        guard isUsableDelimiter(field) else {
            throw invalid(1, "MSH-1 field separator invalid: must be a printable, non-alphanumeric ASCII character")
        }
        let chars = Array(encodingCharacters)
        guard chars.count == 4 || chars.count == 5 else {
            throw invalid(2, "MSH-2 encoding characters invalid: expected 4 or 5 characters, found \(chars.count)")
        }
        guard chars.allSatisfy(isUsableDelimiter) else {
            throw invalid(2, "MSH-2 encoding characters invalid: each must be a printable, non-alphanumeric ASCII character")
        }
        guard Set(chars + [field]).count == chars.count + 1 else {
            throw invalid(2, "MSH-2 encoding characters invalid: the delimiters must all differ")
        }
        return HL7Separators(field: field, component: chars[0], repetition: chars[1], escape: chars[2],
                             subComponent: chars[3], truncation: chars.count == 5 ? chars[4] : nil)
    }

    /// Letters and digits would collide with data; space and controls with layout.
    private static func isUsableDelimiter(_ byte: UInt8) -> Bool {
        let isPrintable = byte > 0x20 && byte < 0x7F
        let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        return isPrintable && !isAlphanumeric
    }

    /// MSH-2 as it is written: component, repetition, escape, sub-component[, truncation].
    public var encodingCharacters: String {
        var bytes = [component, repetition, escape, subComponent]
        if let truncation { bytes.append(truncation) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same delimiters without the truncation character, for versions before 2.7
    /// where a fifth MSH-2 character would be read as part of MSH-2's value.
    var withoutTruncation: HL7Separators {
        HL7Separators(field: field, component: component, repetition: repetition,
                      escape: escape, subComponent: subComponent, truncation: nil)
    }

    func character(_ byte: UInt8) -> Character { Character(Unicode.Scalar(byte)) }
}
