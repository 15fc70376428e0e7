import Foundation

/// A connected socket with its parser: sends actions and hands back whole packets.
final class AMILink {
    let socket: AMISocket
    private var parser: AMIPacketParser
    private var inbox: [AMIMessage] = []
    private var lastByteAt = Date.distantPast
    /// Most bytes the parser held at once (an unfinished line and packet, a read not yet parsed).
    var peakParserBytes: Int { parser.peakBytes }

    init(socket: AMISocket, limits: AMILimits = AMILimits()) {
        self.socket = socket
        parser = AMIPacketParser(limits: limits)
    }

    func send(_ headers: [String: String]) throws {
        // Action first: Asterisk reads it to decide how to parse the rest.
        var text = "Action: \(headers["Action"] ?? "")\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) where name != "Action" {
            text += "\(name): \(value)\r\n"
        }
        try socket.send(text + "\r\n")
    }

    func heardSince(_ time: Date) -> Bool { lastByteAt > time }

    private func fill(timeout: TimeInterval) throws {
        let bytes = try socket.receive(timeout: timeout)
        if !bytes.isEmpty { lastByteAt = Date() }
        inbox += try parser.feed(bytes)
    }

    /// The greeting line that opens the connection.
    func banner(timeout: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let first = inbox.first {
                inbox.removeFirst()
                if case let .banner(text) = first { return text }
                throw AMIError.protocolViolation("a packet before the greeting")
            }
            try fill(timeout: min(0.2, max(0, deadline.timeIntervalSinceNow)))
        }
        throw AMIError.linkLost("no greeting within \(Int(timeout)) s")
    }

    /// Packets available within `timeout` (possibly none).
    func packets(timeout: TimeInterval) throws -> [AMIPacket] {
        if inbox.isEmpty { try fill(timeout: timeout) }
        defer { inbox.removeAll() }
        return inbox.compactMap { if case let .packet(p) = $0 { return p } else { return nil } }
    }

    /// Waits for the `Response` carrying `actionID`; everything else goes to `otherwise`.
    func response(to actionID: String, timeout: TimeInterval,
                  otherwise: (AMIPacket) throws -> Void) throws -> AMIPacket {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while !inbox.isEmpty {
                let message = inbox.removeFirst()
                guard case let .packet(packet) = message else { continue }
                if packet.response != nil && packet.actionID == actionID {
                    return packet
                }
                try otherwise(packet)
            }
            guard Date() < deadline else { throw AMIError.linkLost("no reply to \(actionID) within \(Int(timeout)) s") }
            try fill(timeout: min(0.2, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
