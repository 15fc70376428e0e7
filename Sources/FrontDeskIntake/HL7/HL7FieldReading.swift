import Foundation

/// Typed reads of one field, turning a malformed value into the AE it deserves.
extension HL7Segment {
    /// A TS / DTM at field `n` (component `component`); nil when empty or null.
    /// A v2.3 TS's degree-of-precision component is ignored.
    func timestamp(_ n: Int, component: Int = 1, what: String,
                   in zone: TimeZone) throws(HL7ContentError) -> HL7Timestamp? {
        guard let text = text(n, component: component) else { return nil }
        do {
            return try HL7Timestamp.parse(text, defaultTimeZone: zone)
        } catch {
            let location = self.location(field: n, component: component == 1 ? nil : component)
            throw HL7ContentError.malformed(location, "\(what): \(error.reason)")
        }
    }

    /// A field read with HL7's three states kept: empty, `""` (clear it), or a value.
    /// A value that does not make a `T` counts as empty.
    func presence<T>(_ n: Int, _ read: (HL7Field) throws(HL7ContentError) -> T?) throws(HL7ContentError) -> HL7Presence<T> {
        let field = self.field(n)
        if field.isEmpty { return .empty }
        if field.isNull { return .null }
        guard let value = try read(field) else { return .empty }
        return .value(value)
    }
}

extension HL7Message {
    /// The first segment with that name whose field `n` holds something, so a
    /// sender that repeats AIS/AIP/AIL for several resources is read at the first filled one.
    func firstSegment(_ name: String, filling n: Int) -> HL7Segment? {
        segments(named: name).first { !$0.field(n).isEmpty && !$0.field(n).isNull }
    }
}
