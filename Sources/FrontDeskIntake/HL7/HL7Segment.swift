import Foundation

/// One segment: a three-character name and its fields, numbered from 1 as the
/// standard numbers them. For MSH, field 1 is the field separator itself and
/// field 2 the encoding characters, so `MSH-10` is `field(10)` like in the spec.
public struct HL7Segment: Sendable, Equatable {
    public let name: String
    /// `fields[0]` is field 1.
    public let fields: [HL7Field]
    public let separators: HL7Separators
    /// Which occurrence of this segment name this is (1 for the first PID, …);
    /// the "segment sequence" an ERR location reports.
    public let occurrence: Int

    init(name: String, fields: [HL7Field], separators: HL7Separators, occurrence: Int = 1) {
        self.name = name
        self.fields = fields
        self.separators = separators
        self.occurrence = occurrence
    }

    /// The highest field position that was sent.
    public var fieldCount: Int { fields.count }

    /// Field `n` (1-based); an empty field beyond the last one sent.
    public func field(_ n: Int) -> HL7Field {
        guard n >= 1, n <= fields.count else { return .absent(separators) }
        return fields[n - 1]
    }

    public subscript(_ n: Int) -> HL7Field { field(n) }

    public func value(_ n: Int, component: Int = 1, subComponent: Int = 1, repetition: Int = 1) -> HL7FieldValue {
        field(n).value(component: component, subComponent: subComponent, repetition: repetition)
    }

    /// Decoded text, nil when empty or null.
    public func text(_ n: Int, component: Int = 1, subComponent: Int = 1, repetition: Int = 1) -> String? {
        value(n, component: component, subComponent: subComponent, repetition: repetition).value
    }

    /// Where field `n` of this segment is, for an ERR segment.
    public func location(field n: Int? = nil, component: Int? = nil) -> HL7ErrorLocation {
        HL7ErrorLocation(segment: name, sequence: occurrence, field: n, component: component)
    }

    /// The segment as it travels, without its terminator.
    public var encoded: String {
        let field = String(separators.character(separators.field))
        if name == "MSH", fields.count >= 2 {
            return ([name + field + fields[1].raw] + fields.dropFirst(2).map(\.raw)).joined(separator: field)
        }
        return ([name] + fields.map(\.raw)).joined(separator: field)
    }
}
