import Foundation

/// How much a PBX may make the adapter hold. AMI packets are small (an app_queue event is a
/// few hundred bytes, a `QueueStatus` list of a clinic's queues a few kilobytes): anything
/// far beyond these is a broken or hostile peer, refused with a clear error and a reconnect
/// instead of growing memory without end.
public struct AMILimits: Equatable, Sendable {
    /// One `Key: Value` line.
    public var lineBytes = 8 * 1024
    public var fieldsPerPacket = 256
    /// One packet, all its lines together.
    public var packetBytes = 64 * 1024
    /// The `QueueStatus` reply and the live events that arrive while it is coming (they are
    /// held back and applied after it): past this, the list is abandoned and the link made
    /// again, since a list that cannot finish is a list we cannot trust.
    public var syncBytes = 2 * 1024 * 1024
    public init() {}

    /// `2 MiB`, `64 KiB`, `300 bytes`: a bound as an operator reads it.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

/// Turns the bytes of an AMI connection into messages, however the reads split them:
/// in the middle of a line, between CR and LF, or a byte at a time. Pure: no I/O, so
/// every split point can be tested.
///
/// Accepts CRLF and bare LF line ends, headers without a value (`Key:`), and lines
/// without a colon (kept with an empty name so nothing is silently dropped). The first
/// line of a connection is Asterisk's banner and is not followed by a blank line.
/// Holds at most one line and one packet (`AMILimits`).
public struct AMIPacketParser: Sendable {
    /// A single line longer than this is not AMI: the peer is broken or hostile.
    public static let maxLineBytes = AMILimits().lineBytes
    /// Packets with more fields than this are refused for the same reason.
    public static let maxFieldsPerPacket = AMILimits().fieldsPerPacket

    public let limits: AMILimits
    private var pending: [UInt8] = []
    private var fields: [AMIPacket.Field] = []
    private var packetBytes = 0
    private var awaitingBanner: Bool

    /// `expectBanner`: true for a fresh connection (the first line is the greeting).
    public init(expectBanner: Bool = true, limits: AMILimits = AMILimits()) {
        awaitingBanner = expectBanner
        self.limits = limits
    }

    /// Bytes held now: the unfinished line and the unfinished packet.
    public var bufferedBytes: Int { pending.count + packetBytes }
    /// The most bytes held at once so far (a fed chunk counts until its lines are parsed).
    public private(set) var peakBytes = 0

    /// Feeds bytes in; returns the messages they complete, in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws -> [AMIMessage] where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        peakBytes = max(peakBytes, bufferedBytes)
        var out: [AMIMessage] = []
        var start = 0
        let newline = UInt8(ascii: "\n")
        while let end = pending.withUnsafeBufferPointer({ buffer in
            buffer[start...].firstIndex(of: newline)
        }) {
            var stop = end
            if stop > start, pending[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            if let message = try take(line: pending[start..<stop]) { out.append(message) }
            start = end + 1
        }
        pending.removeFirst(start)
        if pending.count > limits.lineBytes {
            throw AMIError.protocolViolation("a line longer than \(limits.lineBytes) bytes")
        }
        return out
    }

    private mutating func take(line bytes: ArraySlice<UInt8>) throws -> AMIMessage? {
        if bytes.count > limits.lineBytes { throw AMIError.protocolViolation("a line longer than \(limits.lineBytes) bytes") }
        if awaitingBanner {
            awaitingBanner = false
            // Some proxies send nothing before the first packet; a `Key: Value` line is then
            // the start of a packet, not a greeting.
            let line = String(decoding: bytes, as: UTF8.self)
            if !line.hasPrefix("Response:") && !line.hasPrefix("Event:") && !line.isEmpty {
                return .banner(line)
            }
        }
        if bytes.isEmpty {
            guard !fields.isEmpty else { return nil }   // blank lines between packets
            defer { fields = []; packetBytes = 0 }
            return .packet(AMIPacket(fields))
        }
        guard fields.count < limits.fieldsPerPacket else {
            throw AMIError.protocolViolation("a packet with more than \(limits.fieldsPerPacket) fields")
        }
        packetBytes += bytes.count + 2
        guard packetBytes <= limits.packetBytes else {
            throw AMIError.protocolViolation("a packet larger than \(AMILimits.size(limits.packetBytes))")
        }
        // Found on the bytes: a colon is ASCII, and decoding the whole line first only to
        // search it by grapheme cost more than the rest of the parse.
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            fields.append(.init(Self.trimmed(bytes[..<colon]), Self.trimmed(bytes[(colon + 1)...])))
        } else {
            fields.append(.init("", String(decoding: bytes, as: UTF8.self)))
        }
        return nil
    }

    /// Without the spaces and tabs around it.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var lo = bytes.startIndex, hi = bytes.endIndex
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
