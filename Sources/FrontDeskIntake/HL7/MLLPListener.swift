import Foundation

/// Counters an operator (and a test) can read while the listener runs.
public struct MLLPListenerStatistics: Sendable, Equatable {
    public var connectionsAccepted = 0
    public var openConnections = 0
    public var framesAnswered = 0
    public var oversizeFrames = 0
    public var stalledPeersClosed = 0
    public var idlePeersClosed = 0
    /// The largest frame buffer any connection held; bounded by `maxFrameBytes`.
    public var peakFrameBufferBytes = 0
}

/// Receives HL7 over MLLP/TCP and answers every frame.
///
/// One thread per connection, at most `maxConnections` at once (further peers
/// wait in the listen backlog). Each connection may carry any number of messages;
/// each one is answered, in order, before the next is handed over. The handler
/// is called on connection threads, concurrently, and must be thread-safe; it
/// returns the ACK text, and must have made the message durable before it
/// returns, because the sender discards its copy once the AA arrives.
///
/// A frame over `maxFrameBytes` is answered (see `HL7Responder`) without being
/// held in memory. `frameTimeout` bounds the whole of one frame, from its start
/// block to its end, so a peer that stalls mid-frame, or trickles bytes to keep
/// a frame open forever, is closed. A connection idle between frames for
/// `idleTimeout` is closed.
public final class MLLPListener: @unchecked Sendable {
    public let port: UInt16
    public let maxFrameBytes: Int
    public let idleTimeout: TimeInterval
    public let frameTimeout: TimeInterval
    public let maxConnections: Int
    private let listenFD: Int32
    private let parser: HL7Parser
    private let handler: @Sendable (HL7Inbound) -> String
    private let slots: DispatchSemaphore
    private let running = DispatchGroup()
    private let lock = NSLock()
    private var stopping = false
    private var started = false
    private var connections: Set<Int32> = []
    private var stats = MLLPListenerStatistics()

    /// How long a quiet line after an end block without its CR is waited out before the frame is taken anyway.
    static let missingCarriageReturnGrace: TimeInterval = 0.2
    /// How often blocked threads look up to see whether `stop()` was called.
    static let stopCheckInterval: TimeInterval = 0.1

    /// Binds and listens at once (so `port` is known, 0 giving an ephemeral one); `start()` begins serving.
    public init(bind host: String = "127.0.0.1", port: UInt16, maxFrameBytes: Int = 1 << 20,
                idleTimeout: TimeInterval = 300, frameTimeout: TimeInterval = 30, maxConnections: Int = 32,
                parser: HL7Parser = HL7Parser(), handler: @escaping @Sendable (HL7Inbound) -> String) throws {
        let listening = try MLLPSocket.listen(host: host, port: port, backlog: 64)
        listenFD = listening.fd
        self.port = listening.port
        self.maxFrameBytes = maxFrameBytes
        self.idleTimeout = idleTimeout
        self.frameTimeout = frameTimeout
        self.maxConnections = max(1, maxConnections)
        self.parser = parser
        self.handler = handler
        slots = DispatchSemaphore(value: self.maxConnections)
    }

    deinit { stop() }

    public var statistics: MLLPListenerStatistics {
        lock.lock()
        defer { lock.unlock() }
        return stats
    }

    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !started, !stopping else { return }
        started = true
        running.enter()
        Thread.detachNewThread { [self] in
            acceptConnections()
            running.leave()
        }
    }

    /// Stops accepting, closes every connection and waits for the threads to finish
    /// (a handler still running is given up to `grace` seconds).
    public func stop(grace: TimeInterval = 5) {
        lock.lock()
        let alreadyStopping = stopping
        stopping = true
        connections.forEach(MLLPSocket.shutdown)
        lock.unlock()
        guard !alreadyStopping else { return }
        _ = running.wait(timeout: .now() + grace)
        MLLPSocket.close(listenFD)
    }

    /// Monotonic seconds, so a wall-clock change cannot fire or suppress a timeout.
    private static func uptime() -> TimeInterval { ProcessInfo.processInfo.systemUptime }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func update(_ change: (inout MLLPListenerStatistics) -> Void) {
        lock.lock()
        change(&stats)
        lock.unlock()
    }

    private func acceptConnections() {
        while !isStopping {
            guard slots.wait(timeout: .now() + Self.stopCheckInterval) == .success else { continue }
            guard MLLPSocket.waitReadable(listenFD, timeout: Self.stopCheckInterval),
                  let (fd, peer) = MLLPSocket.accept(listenFD) else {
                slots.signal()
                continue
            }
            lock.lock()
            let refused = stopping
            if !refused {
                connections.insert(fd)
                stats.connectionsAccepted += 1
                stats.openConnections += 1
                running.enter()
            }
            lock.unlock()
            if refused {
                MLLPSocket.close(fd)
                slots.signal()
                break
            }
            Thread.detachNewThread { [self] in
                serve(fd, peer: peer)
                lock.lock()
                connections.remove(fd)
                stats.openConnections -= 1
                lock.unlock()
                MLLPSocket.close(fd)
                slots.signal()
                running.leave()
            }
        }
    }

    /// Reads frames and answers each, until the peer leaves, times out, or we stop.
    private func serve(_ fd: Int32, peer: String) {
        var decoder = MLLPDecoder(maxFrameBytes: maxFrameBytes)
        var lastActivity = Self.uptime()
        var frameStarted: TimeInterval?
        while !isStopping {
            let now = Self.uptime()
            if let frameStarted, now - frameStarted >= frameTimeout {
                update { $0.stalledPeersClosed += 1 }
                return
            }
            if frameStarted == nil, now - lastActivity >= idleTimeout {
                update { $0.idlePeersClosed += 1 }
                return
            }
            let deadline = frameStarted.map { $0 + frameTimeout } ?? lastActivity + idleTimeout
            let wait = min(deadline - now, Self.stopCheckInterval)
            let result: MLLPSocket.ReadResult
            do { result = try MLLPSocket.read(fd, timeout: wait) } catch { return }
            var events: [MLLPDecoder.Event] = []
            switch result {
            case .closed:
                return
            case .timedOut:
                if decoder.isAwaitingFinalCarriageReturn,
                   Self.uptime() - lastActivity >= Self.missingCarriageReturnGrace {
                    events = decoder.finishFrameAwaitingCarriageReturn()
                }
            case .bytes(let bytes):
                events = decoder.feed(bytes)
                // Noise outside frames is not activity: a peer streaming junk is closed as idle.
                if decoder.isInsideFrame || !events.isEmpty { lastActivity = Self.uptime() }
            }
            if decoder.isInsideFrame {
                if frameStarted == nil || !events.isEmpty { frameStarted = Self.uptime() }
            } else {
                frameStarted = nil
            }
            let peak = decoder.peakBufferedBytes
            update { $0.peakFrameBufferBytes = max($0.peakFrameBufferBytes, peak) }
            for event in events {
                guard answer(event, on: fd, peer: peer) else { return }
            }
        }
    }

    /// Hands one frame to the handler and writes its ACK; false when the peer is gone.
    private func answer(_ event: MLLPDecoder.Event, on fd: Int32, peer: String) -> Bool {
        let inbound = HL7Inbound(event, peer: peer, parser: parser, receivedAt: Date())
        let ack = handler(inbound)
        let oversize = if case .tooLarge = event { 1 } else { 0 }
        update {
            $0.framesAnswered += 1
            $0.oversizeFrames += oversize
        }
        do {
            try MLLPSocket.writeAll(fd, MLLPEncoder.frame(ack), timeout: frameTimeout)
            return true
        } catch {
            return false
        }
    }
}
