import Foundation

/// What MSH says about a message, read field by field on demand.
///
/// Every accessor tolerates absence: a header recovered from a message that
/// failed to parse is still good enough to address an ACK.
public struct HL7MessageHeader: Sendable, Equatable {
    /// The MSH segment, kept whole so an ACK can echo its fields exactly as sent.
    public let segment: HL7Segment

    public var separators: HL7Separators { segment.separators }

    /// MSH-3, MSH-4, MSH-5, MSH-6: the namespace id of each HD.
    public var sendingApplication: String? { segment.text(3) }
    public var sendingFacility: String? { segment.text(4) }
    public var receivingApplication: String? { segment.text(5) }
    public var receivingFacility: String? { segment.text(6) }

    /// MSH-7 as sent; parse it with `timestamp(defaultTimeZone:)`.
    public var dateTimeText: String? { segment.text(7) }

    public func timestamp(defaultTimeZone: TimeZone) -> HL7Timestamp? {
        dateTimeText.flatMap { try? HL7Timestamp.parse($0, defaultTimeZone: defaultTimeZone) }
    }

    /// MSH-9.1, e.g. `SIU`.
    public var messageType: String? { segment.text(9, component: 1)?.uppercased() }
    /// MSH-9.2, e.g. `S12`.
    public var triggerEvent: String? { segment.text(9, component: 2)?.uppercased() }
    /// MSH-9.3 (v2.3.1+), e.g. `SIU_S12`.
    public var messageStructure: String? { segment.text(9, component: 3)?.uppercased() }

    /// MSH-10, which MSA-2 of the ACK must echo.
    public var controlID: String? { segment.text(10) }
    /// MSH-11.1: P production, T training, D debugging.
    public var processingID: String? { segment.text(11) }
    /// MSH-12.1 as sent, e.g. `2.5.1`.
    public var versionText: String? { segment.text(12) }
    public var version: HL7Version? { versionText.flatMap(HL7Version.init) }

    /// MSH-18, informational only: bytes are decoded as UTF-8 with an ISO-8859-1 fallback
    /// whatever this says, because senders often leave it empty or get it wrong.
    public var characterSet: String? { segment.text(18) }
}

/// A version id such as `2.3`, `2.5.1` or `2.8.2`, comparable.
public struct HL7Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let revision: Int

    public init(_ major: Int, _ minor: Int, _ revision: Int = 0) {
        self.major = major
        self.minor = minor
        self.revision = revision
    }

    /// Reads `2.5`, `2.5.1`, and the `v2.4` some senders write; nil for anything else.
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.first == "v" || body.first == "V" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
        self.init(numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0)
    }

    public static func < (lhs: HL7Version, rhs: HL7Version) -> Bool {
        (lhs.major, lhs.minor, lhs.revision) < (rhs.major, rhs.minor, rhs.revision)
    }

    public var description: String {
        revision == 0 ? "\(major).\(minor)" : "\(major).\(minor).\(revision)"
    }

    public static let v2_3 = HL7Version(2, 3)
    public static let v2_3_1 = HL7Version(2, 3, 1)
    public static let v2_5 = HL7Version(2, 5)
    public static let v2_5_1 = HL7Version(2, 5, 1)
    public static let v2_7 = HL7Version(2, 7)
    /// The last release of 2.8 we know of is 2.8.2; any 2.8.x is accepted.
    public static let latestSupported = HL7Version(2, 8, 99)
}
