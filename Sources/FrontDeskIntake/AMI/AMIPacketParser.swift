import Foundation

/// Turns the bytes of an AMI connection into messages, however the reads split them:
/// in the middle of a line, between CR and LF, or a byte at a time. Pure: no I/O, so
/// every split point can be tested.
///
/// Accepts CRLF and bare LF line ends, headers without a value (`Key:`), and lines
/// without a colon (kept with an empty name so nothing is silently dropped). The first
/// line of a connection is Asterisk's banner and is not followed by a blank line.
public struct AMIPacketParser: Sendable {
    /// A single line longer than this is not AMI: the peer is broken or hostile.
    public static let maxLineBytes = 64 * 1024
    /// Packets with more fields than this are refused for the same reason.
    public static let maxFieldsPerPacket = 4096

    private var pending: [UInt8] = []
    private var fields: [AMIPacket.Field] = []
    private var awaitingBanner: Bool

    /// `expectBanner`: true for a fresh connection (the first line is the greeting).
    public init(expectBanner: Bool = true) { awaitingBanner = expectBanner }

    /// Feeds bytes in; returns the messages they complete, in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws -> [AMIMessage] where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var out: [AMIMessage] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if let message = try take(line: pending[start..<end]) { out.append(message) }
            start = newline + 1
        }
        pending.removeFirst(start)
        if pending.count > Self.maxLineBytes {
            throw AMIError.protocolViolation("a line longer than \(Self.maxLineBytes) bytes")
        }
        return out
    }

    private mutating func take(line bytes: ArraySlice<UInt8>) throws -> AMIMessage? {
        let line = String(decoding: bytes, as: UTF8.self)
        if awaitingBanner {
            awaitingBanner = false
            // Some proxies send nothing before the first packet; a `Key: Value` line is then
            // the start of a packet, not a greeting.
            if !line.hasPrefix("Response:") && !line.hasPrefix("Event:") && !line.isEmpty {
                return .banner(line)
            }
        }
        if line.isEmpty {
            guard !fields.isEmpty else { return nil }   // blank lines between packets
            defer { fields = [] }
            return .packet(AMIPacket(fields))
        }
        guard fields.count < Self.maxFieldsPerPacket else {
            throw AMIError.protocolViolation("a packet with more than \(Self.maxFieldsPerPacket) fields")
        }
        if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            fields.append(.init(name, value))
        } else {
            fields.append(.init("", line))
        }
        return nil
    }
}
