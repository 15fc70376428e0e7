import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskIntake

/// The listener and the client over real sockets on 127.0.0.1.
/// Serialized: the machine is small and timeouts are part of what is tested.
@Suite("MLLP over TCP", .serialized)
struct HL7MLLPNetworkTests {
    typealias F = HL7Fixture

    /// What the handler applied, collected across connection threads.
    final class Applied: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [HL7Event] = []
        func append(_ event: HL7Event) { lock.lock(); events.append(event); lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return events.count }
    }

    func startListener(maxFrameBytes: Int = 1 << 20, idleTimeout: TimeInterval = 10, frameTimeout: TimeInterval = 5,
                       maxConnections: Int = 8, applied: Applied = Applied()) throws -> MLLPListener {
        let listener = try MLLPListener(bind: "127.0.0.1", port: 0, maxFrameBytes: maxFrameBytes,
                                        idleTimeout: idleTimeout, frameTimeout: frameTimeout,
                                        maxConnections: maxConnections) { inbound in
            F.responder.respond(to: inbound) { event, _ in applied.append(event) }
        }
        listener.start()
        return listener
    }

    func booking(_ control: String) -> String {
        F.message(F.msh("SIU^S12", control: control, version: "2.5"),
                  F.segment("SCH", [2: "FL-\(control)", 11: "^^M15^202110091000"]))
    }

    /// MSA-1 and MSA-2 of an ACK.
    func acknowledgment(_ text: String) throws -> (code: String?, control: String?, message: HL7Message) {
        let ack = try F.parse(text)
        return (ack["MSA", 1].text(), ack["MSA", 2].text(), ack)
    }

    /// The first framed reply on a raw socket, or nil if the peer closed or nothing came in time.
    func reply(on fd: Int32, within timeout: TimeInterval) throws -> String? {
        var decoder = MLLPDecoder()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            switch try MLLPSocket.read(fd, timeout: deadline.timeIntervalSinceNow) {
            case .bytes(let bytes):
                for case .frame(let frame) in decoder.feed(bytes) { return HL7TextDecoding.string(from: frame) }
            case .closed: return nil
            case .timedOut: continue
            }
        }
        return nil
    }

    @Test func severalMessagesPerConnectionAndConnectionsInParallel() throws {
        let applied = Applied()
        let listener = try startListener(applied: applied)
        defer { listener.stop() }

        let client = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 5)
        for n in 1...3 {
            let ack = try acknowledgment(try client.send(booking("SEQ-\(n)")))
            #expect(ack.code == "AA")
            #expect(ack.control == "SEQ-\(n)")
        }
        #expect(listener.statistics.connectionsAccepted == 1)

        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            let parallel = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 5)
            for n in 1...3 {
                let control = "PAR-\(lane)-\(n)"
                results.add(control, Result { try parallel.send(booking(control)) })
            }
        }
        #expect(results.all.count == 6)
        for (control, outcome) in results.all {
            let ack = try acknowledgment(try outcome.get())
            #expect(ack.code == "AA")
            #expect(ack.control == control)
        }
        #expect(applied.count == 9)
        #expect(listener.statistics.connectionsAccepted == 3)
        #expect(listener.statistics.framesAnswered == 9)
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [(String, Result<String, Error>)] = []
        func add(_ control: String, _ result: Result<String, Error>) { lock.lock(); results.append((control, result)); lock.unlock() }
        var all: [(String, Result<String, Error>)] { lock.lock(); defer { lock.unlock() }; return results }
    }

    @Test func aPeerThatStallsMidFrameIsClosedAfterTheFrameTimeout() throws {
        let listener = try startListener(idleTimeout: 30, frameTimeout: 0.4)
        defer { listener.stop() }
        let fd = try MLLPSocket.connect(host: "127.0.0.1", port: listener.port, timeout: 2)
        defer { MLLPSocket.close(fd) }
        try MLLPSocket.writeAll(fd, [0x0B] + Array("MSH|^~\\&|STALL|".utf8), timeout: 2)
        let started = Date()
        #expect(try reply(on: fd, within: 5) == nil)
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.3 && waited < 4, "closed after \(waited) s")
        #expect(listener.statistics.stalledPeersClosed == 1)
        #expect(listener.statistics.framesAnswered == 0)
    }

    @Test func anIdlePeerIsClosedAfterTheIdleTimeoutAndTheClientReconnects() throws {
        let listener = try startListener(idleTimeout: 0.3)
        defer { listener.stop() }
        let client = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 5)
        #expect(try acknowledgment(try client.send(booking("IDLE-1"))).code == "AA")
        Thread.sleep(forTimeInterval: 0.8)
        #expect(listener.statistics.idlePeersClosed == 1)
        #expect(try acknowledgment(try client.send(booking("IDLE-2"))).control == "IDLE-2")
        #expect(listener.statistics.connectionsAccepted == 2)
    }

    @Test func anOversizeFrameIsRefusedWithoutBeingHeldInMemory() throws {
        let applied = Applied()
        let listener = try startListener(maxFrameBytes: 4_096, applied: applied)
        defer { listener.stop() }
        let client = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 20)
        let huge = booking("HUGE-1") + "NTE|1||" + String(repeating: "x", count: 3 << 20) + "\r"
        let refused = try acknowledgment(try client.send(huge))
        #expect(refused.code == "AR")
        #expect(refused.control == "HUGE-1")
        #expect(refused.message["ERR", 8].text()?.contains("frame over 4096 bytes") == true)
        #expect(listener.statistics.oversizeFrames == 1)
        #expect(listener.statistics.peakFrameBufferBytes <= 4_096)
        #expect(applied.count == 0)
        // The connection stays usable for the next message.
        #expect(try acknowledgment(try client.send(booking("AFTER-1"))).code == "AA")
        #expect(listener.statistics.connectionsAccepted == 1)
    }

    @Test func garbageFramesEachGetAnAnswer() throws {
        let listener = try startListener()
        defer { listener.stop() }
        let fd = try MLLPSocket.connect(host: "127.0.0.1", port: listener.port, timeout: 2)
        defer { MLLPSocket.close(fd) }
        var generator = SeededGenerator(seed: 42)
        let truncated = Array(booking("TRUNC-1").utf8.prefix(40))
        // Frame content cannot hold the block markers themselves; everything else goes.
        let noise = (0..<500).map { _ in generator.byte() }.filter { $0 != MLLP.startBlock && $0 != MLLP.endBlock }
        let frames: [[UInt8]] = [[], Array("hello".utf8), noise, truncated,
                                 Array("MSH|^~\\&|A\rPID".utf8), [0xFF, 0xFE, 0x00, 0x0D]]
        for content in frames {
            try MLLPSocket.writeAll(fd, [0x0B] + content + [0x1C, 0x0D], timeout: 2)
            let ack = try acknowledgment(try #require(try reply(on: fd, within: 5)))
            #expect(ack.code == "AE" || ack.code == "AR")
        }
        #expect(listener.statistics.framesAnswered == frames.count)
    }

    @Test func aPeerStreamingNoiseOutsideFramesIsClosedAsIdle() throws {
        let listener = try startListener(idleTimeout: 0.4)
        defer { listener.stop() }
        let fd = try MLLPSocket.connect(host: "127.0.0.1", port: listener.port, timeout: 2)
        defer { MLLPSocket.close(fd) }
        let started = Date()
        var closed = false
        while !closed, Date().timeIntervalSince(started) < 5 {
            do {
                try MLLPSocket.writeAll(fd, Array("noise\r\n".utf8), timeout: 1)
                closed = try MLLPSocket.read(fd, timeout: 0.05) == .closed
            } catch {
                closed = true
            }
        }
        #expect(closed)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(listener.statistics.idlePeersClosed == 1)
    }

    @Test func theClientDropsStrayBytesBeforeTheNextExchange() throws {
        let peer = try MLLPSocket.listen(host: "127.0.0.1", port: 0, backlog: 4)
        defer { MLLPSocket.close(peer.fd) }
        // A scripted peer: answers the first message, then sends a stray frame late.
        let script = Thread { [self] in
            guard MLLPSocket.waitReadable(peer.fd, timeout: 5), let (fd, _) = MLLPSocket.accept(peer.fd) else { return }
            defer { MLLPSocket.close(fd) }
            for answer in ["MSA|AA|ONE", "MSA|AA|TWO"] {
                guard (try? reply(on: fd, within: 5)) != nil else { return }
                try? MLLPSocket.writeAll(fd, MLLPEncoder.frame(answer), timeout: 2)
                if answer.hasSuffix("ONE") {
                    Thread.sleep(forTimeInterval: 0.1)
                    try? MLLPSocket.writeAll(fd, MLLPEncoder.frame("MSA|AA|STALE"), timeout: 2)
                }
            }
        }
        script.start()
        let client = MLLPClient(host: "127.0.0.1", port: peer.port, replyTimeout: 5)
        #expect(try client.send(booking("ONE")) == "MSA|AA|ONE")
        Thread.sleep(forTimeInterval: 0.4)
        #expect(try client.send(booking("TWO")) == "MSA|AA|TWO")
    }

    @Test func theClientTimesOutWhenNoReplyComes() throws {
        let silent = try MLLPSocket.listen(host: "127.0.0.1", port: 0, backlog: 4)
        defer { MLLPSocket.close(silent.fd) }
        let client = MLLPClient(host: "127.0.0.1", port: silent.port, replyTimeout: 0.3)
        #expect(throws: MLLPError.timedOut("waiting 0.3 s for the reply")) { try client.send(booking("SILENT")) }
        #expect(!client.isConnected)
    }

    @Test func connectionsBeyondTheLimitWaitForAFreeSlot() throws {
        let listener = try startListener(maxConnections: 1)
        defer { listener.stop() }
        let first = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 5)
        #expect(try acknowledgment(try first.send(booking("SLOT-1"))).code == "AA")
        let second = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 0.5)
        #expect(throws: MLLPError.self) { try second.send(booking("SLOT-2")) }
        first.close()
        let patient = MLLPClient(host: "127.0.0.1", port: listener.port, replyTimeout: 5)
        #expect(try acknowledgment(try patient.send(booking("SLOT-3"))).control == "SLOT-3")
    }

    @Test func stopClosesConnectionsAndRefusesNewOnes() throws {
        let listener = try startListener()
        let client = MLLPClient(host: "127.0.0.1", port: listener.port, connectTimeout: 1, replyTimeout: 2)
        #expect(try acknowledgment(try client.send(booking("STOP-1"))).code == "AA")
        listener.stop()
        #expect(listener.statistics.openConnections == 0)
        #expect(throws: MLLPError.self) { try client.send(booking("STOP-2")) }
    }
}
