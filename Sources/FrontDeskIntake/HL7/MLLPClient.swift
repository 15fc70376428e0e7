import Foundation

/// Sends HL7 messages over one MLLP connection and waits for each reply.
///
/// The connection is opened on first use and kept. Before each send a kept
/// connection the peer has closed (an idle timeout on their side) is noticed and
/// replaced, so nothing is written into a dead socket, and stray bytes waiting
/// on it are dropped, so the reply read is the reply to this message. A failure during an
/// exchange closes the connection and throws; the next `send` reconnects. The
/// message is never resent automatically: the peer may have applied it before
/// the failure, and only the caller knows whether resending is safe.
/// Not thread-safe: use one client per sending thread.
public final class MLLPClient {
    public let host: String
    public let port: UInt16
    public let connectTimeout: TimeInterval
    public let replyTimeout: TimeInterval
    public let maxReplyBytes: Int
    private var fd: Int32?

    public init(host: String, port: UInt16, connectTimeout: TimeInterval = 5, replyTimeout: TimeInterval = 30,
                maxReplyBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.maxReplyBytes = maxReplyBytes
    }

    deinit { close() }

    public var isConnected: Bool { fd != nil }

    /// Frames `message`, sends it, and returns the text of the framed reply (the ACK).
    public func send(_ message: String) throws -> String {
        let connection = try openConnection()
        do {
            try MLLPSocket.writeAll(connection, MLLPEncoder.frame(message), timeout: replyTimeout)
            return try awaitReply(on: connection)
        } catch {
            close()
            throw error
        }
    }

    public func close() {
        if let fd { MLLPSocket.close(fd) }
        fd = nil
    }

    private func openConnection() throws -> Int32 {
        if let fd, MLLPSocket.drainIdleConnection(fd) { return fd }
        close()
        let connection = try MLLPSocket.connect(host: host, port: port, timeout: connectTimeout)
        fd = connection
        return connection
    }

    private func awaitReply(on connection: Int32) throws -> String {
        var decoder = MLLPDecoder(maxFrameBytes: maxReplyBytes)
        let deadline = ProcessInfo.processInfo.systemUptime + replyTimeout
        while true {
            let remaining = deadline - ProcessInfo.processInfo.systemUptime
            guard remaining > 0 else { throw MLLPError.timedOut("waiting \(replyTimeout) s for the reply") }
            switch try MLLPSocket.read(connection, timeout: remaining) {
            case .timedOut:
                if decoder.isAwaitingFinalCarriageReturn, let reply = text(of: decoder.finishFrameAwaitingCarriageReturn()) {
                    return reply
                }
            case .closed:
                throw MLLPError.connectionClosed
            case .bytes(let bytes):
                let events = decoder.feed(bytes)
                if events.contains(where: { if case .tooLarge = $0 { true } else { false } }) {
                    throw MLLPError.replyTooLarge(limit: maxReplyBytes)
                }
                if let reply = text(of: events) { return reply }
            }
        }
    }

    private func text(of events: [MLLPDecoder.Event]) -> String? {
        for case .frame(let bytes) in events { return HL7TextDecoding.string(from: bytes) }
        return nil
    }
}
