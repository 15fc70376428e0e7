import Foundation

/// One Asterisk Manager Interface packet: `Key: Value` lines ended by a blank line.
/// Keys repeat in real packets (e.g. `ChanVariable`), so fields keep their order and
/// duplicates; look-ups are case-insensitive because Asterisk versions disagree on
/// spelling (`Holdtime` in 1.x, `HoldTime` from 12 on).
public struct AMIPacket: Equatable, Sendable, CustomStringConvertible {
    public struct Field: Equatable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    /// Builds a packet from pairs, in order: `AMIPacket(["Event": …])` loses order, this does not.
    public init(_ pairs: KeyValuePairs<String, String>) {
        self.fields = pairs.map { Field($0.key, $0.value) }
    }

    /// The first value of `name`, ignoring case; nil when absent.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    public var event: String? { self["Event"] }
    public var response: String? { self["Response"] }
    public var actionID: String? { self["ActionID"] }

    /// Seconds-since-epoch stamp that Asterisk adds when `timestampevents = yes`.
    public var timestamp: Date? {
        guard let text = self["Timestamp"], let seconds = Double(text) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// The wire form, CRLF line ends and the closing blank line.
    public var encoded: String {
        fields.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
    }

    /// Names only: values carry caller ids, which are patient data and stay out of logs.
    public var description: String {
        "AMIPacket(\(fields.map(\.name).joined(separator: ",")))"
    }
}

/// What the parser hands on: the one-line greeting that opens a connection, or a packet.
public enum AMIMessage: Equatable, Sendable {
    case banner(String)
    case packet(AMIPacket)
}
