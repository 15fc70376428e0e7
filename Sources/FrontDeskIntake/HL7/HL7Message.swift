import Foundation

/// A parsed HL7 v2 message: its delimiters and its segments in the order sent.
///
/// Only `HL7Parser` makes one, so the first segment is always a valid MSH.
/// Segments are not checked against a message structure: senders reorder,
/// omit optional segments and add Z-segments, and extraction looks segments
/// up by name rather than by position.
public struct HL7Message: Sendable, Equatable {
    public let separators: HL7Separators
    public let segments: [HL7Segment]

    init(separators: HL7Separators, segments: [HL7Segment]) {
        precondition(segments.first?.name == "MSH", "a message starts with MSH")
        self.separators = separators
        self.segments = segments
    }

    public var header: HL7MessageHeader { HL7MessageHeader(segment: segments[0]) }

    /// Every segment with that name, in message order.
    public func segments(named name: String) -> [HL7Segment] {
        segments.filter { $0.name == name }
    }

    /// The `occurrence`-th segment with that name (1-based), if sent.
    public func segment(_ name: String, occurrence: Int = 1) -> HL7Segment? {
        guard occurrence >= 1 else { return nil }
        return segments(named: name).dropFirst(occurrence - 1).first
    }

    /// `message["PID", 3]`: field 3 of the first PID; empty when there is no PID.
    public subscript(_ name: String, _ field: Int) -> HL7Field {
        segment(name)?.field(field) ?? .absent(separators)
    }

    /// The message as it travels: segments each ended by CR.
    public var encoded: String {
        segments.map { $0.encoded + "\r" }.joined()
    }
}
