import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskIntake
import AMIPeer

/// The adapter over real sockets against the scripted peer on 127.0.0.1.
@Suite("AMI adapter against a scripted peer")
struct AMIAdapterTests {
    typealias T = AMITranscript

    /// Runs an adapter on its own thread; `finish()` stops it and returns its statuses. Its mutable state is behind `lock`.
    final class Running: @unchecked Sendable {
        let adapter: AMIAdapter
        let sink: ReferenceCallSink
        private let lock = NSLock()
        private var _statuses: [AMIStatus] = []
        private let done = DispatchSemaphore(value: 0)
        private var _error: Error?
        var error: Error? { lock.lock(); defer { lock.unlock() }; return _error }

        init(port: UInt16, secret: String = "s3cret", login: AMIConfiguration.LoginMethod = .challengeMD5,
             sink: ReferenceCallSink = ReferenceCallSink(), limits: AMILimits = AMILimits()) {
            var config = AMIConfiguration(host: "127.0.0.1", port: port, username: "frontdesk", secret: secret,
                                          deskMap: DeskMap(["Front 1": "desk-1", "PJSIP/202": "desk-2"]), login: login,
                                          backoff: ReconnectBackoff(initial: 0.01, maximum: 0.05))
            config.leaveSettleTime = 0.1
            config.limits = limits
            self.sink = sink
            var statuses: (AMIStatus) -> Void = { _ in }
            adapter = AMIAdapter(configuration: config, sink: sink, report: { statuses($0) })
            statuses = { [unowned self] s in lock.lock(); _statuses.append(s); lock.unlock() }
            Thread.detachNewThread { [self] in
                do { try adapter.run() } catch { lock.lock(); _error = error; lock.unlock() }
                done.signal()
            }
        }

        var statuses: [AMIStatus] { lock.lock(); defer { lock.unlock() }; return _statuses }

        func finish() { adapter.stop(); done.wait() }
    }

    func expectNoDuplicates(_ sink: ReferenceCallSink) {
        for id in sink.calls.keys { #expect(sink.ringingCount(id) == 1, "call \(id) counted twice") }
        #expect(sink.violations.isEmpty)
    }

    static let dayTranscript: [AMIPacket] = [
        // answered
        T.join("c1", "5551234", "Ada Lovelace"), T.called("c1"), T.leave("c1"), T.connect("c1"),
        // abandoned, caller id withheld
        T.join("c2", "<unknown>", "<unknown>", position: 2), T.abandon("c2"), T.leave("c2"),
        // agent did not answer, then agent hung up before connect: still waiting
        T.join("c4", "5550004", "Cy", position: 2), T.called("c4"), T.ringNoAnswer("c4"), T.dump("c4"),
        // caller timed out of the queue
        T.join("c3", "5550003", "Bo", position: 3), T.leave("c3"),
        T.complete("c1"),
    ]

    func expectDayOutcome(_ sink: ReferenceCallSink) {
        #expect(sink.state("c1") == .ended && sink.calls["c1"]?.desk == "desk-1")
        #expect(sink.state("c2") == .abandoned)
        #expect(sink.state("c4") == .waiting)
        #expect(sink.state("c3") == .abandoned)
        expectNoDuplicates(sink)
    }

    @Test("a day's transcript ends in the right state (MD5 challenge login)")
    func transcript() throws {
        let peer = try ScriptedAMIPeer([.init(listed: [T.params], live: Self.dayTranscript)])
        defer { peer.stop() }
        let run = Running(port: peer.port)
        #expect(eventually { run.sink.state("c3") == .abandoned && run.sink.state("c1") == .ended })
        run.finish()
        expectDayOutcome(run.sink)
        #expect(peer.logins == ["md5"])
        #expect(run.statuses.contains(.loggedIn(user: "frontdesk", queues: [])))
        #expect(run.statuses.last == .stopped)
    }

    @Test("output cut at random byte boundaries gives the same outcome", arguments: [3 as UInt64, 11, 2024])
    func randomSplits(seed: UInt64) throws {
        let peer = try ScriptedAMIPeer([.init(listed: [T.params], live: Self.dayTranscript)], splitSeed: seed)
        defer { peer.stop() }
        let run = Running(port: peer.port, login: .plain)
        #expect(eventually { run.sink.state("c3") == .abandoned && run.sink.state("c1") == .ended })
        run.finish()
        expectDayOutcome(run.sink)
        #expect(peer.logins == ["plain"])
    }

    @Test("list replies mixed with live events: callers joining and leaving during QueueStatus")
    func listMixedWithEvents() throws {
        let peer = try ScriptedAMIPeer([.init(
            listed: [T.params, T.member("Front 1", interface: "PJSIP/201", inCall: false),
                     T.entry("w1", "5550101", wait: 30), T.entry("w2", "5550102", wait: 5)],
            duringList: [T.join("n1", "5550103", "New"), T.abandon("w1"), T.leave("w1")],
            live: [T.join("n2", "5550104", "Later", position: 3)])], splitSeed: 5)
        defer { peer.stop() }
        let run = Running(port: peer.port)
        #expect(eventually { run.sink.state("n2") == .waiting })
        run.finish()
        #expect(run.sink.state("w1") == .abandoned)
        #expect(run.sink.state("w2") == .waiting)
        #expect(run.sink.state("n1") == .waiting, "joined during the list: not closed as gone")
        expectNoDuplicates(run.sink)
    }

    /// Two connections: the first drops mid-packet; by the second, b hung up while we were
    /// away, d joined meanwhile, and a is still talking at desk-1.
    static let dropScripts: [ScriptedAMIPeer.Script] = [
        .init(listed: [T.params],
              live: [T.join("a", "5550001", "A"), T.join("b", "5550002", "B", position: 2),
                     T.join("c", "5550003", "C", position: 3), T.leave("a"), T.connect("a")],
              dropMidPacket: (T.abandon("b"), 37)),
        .init(listed: [T.params, T.member("Front 1", interface: "PJSIP/201", inCall: true),
                       T.entry("c", "5550003", wait: 20), T.entry("d", "5550004", wait: 3)],
              live: [T.complete("a")]),
    ]

    @Test("link dropped mid-packet: reconnect, resynchronise, no duplicates, the vanished call closed")
    func dropAndReconnect() throws {
        let peer = try ScriptedAMIPeer(Self.dropScripts, splitSeed: 9)
        defer { peer.stop() }
        let run = Running(port: peer.port)
        #expect(eventually { run.sink.state("a") == .ended && run.sink.state("d") == .waiting })
        run.finish()
        #expect(run.sink.state("b") == .ended && run.sink.calls["b"]?.reason == "gone after reconnect")
        #expect(run.sink.state("c") == .waiting)
        #expect(run.sink.calls["a"]?.desk == "desk-1")
        expectNoDuplicates(run.sink)
        #expect(peer.logins == ["md5", "md5"])
        #expect(run.statuses.contains { if case .linkLost = $0 { return true } else { return false } })
        #expect(run.statuses.contains(.synchronised(open: 3, closed: 1)))
    }

    @Test("a wrong secret is a clear error, once: no retry loop")
    func wrongSecret() throws {
        for login in [AMIConfiguration.LoginMethod.plain, .challengeMD5] {
            let peer = try ScriptedAMIPeer([.init()])
            let run = Running(port: peer.port, secret: "wrong", login: login)
            #expect(eventually { run.error != nil })
            run.finish()
            peer.stop()
            #expect(run.error as? AMIError == .authenticationFailed(user: "frontdesk", message: "Authentication failed"))
            #expect(peer.connections == 1 && peer.logins == ["refused"])
            #expect(!"\(run.error!)".contains("wrong"), "the secret never appears in an error")
        }
    }

    @Test("nothing listening: reported and retried with backoff until stopped")
    func nothingListening() throws {
        let peer = try ScriptedAMIPeer([.init()])
        let port = peer.port
        peer.stop()   // the port is now closed
        let run = Running(port: port)
        #expect(eventually { run.statuses.filter { if case .linkLost = $0 { return true } else { return false } }.count >= 3 })
        run.finish()
        #expect(run.error == nil)
    }

    @Test("a flood of events during the queue list: held within the bound, the link made again, the list trusted")
    func floodDuringTheListIsBounded() throws {
        var limits = AMILimits()
        limits.syncBytes = 64 * 1024
        let flood = (0..<2_000).map { T.join("f\($0)", "5550100", String(repeating: "n", count: 200), position: 2) }
        let listed = [T.params, T.entry("w1", "5550101", wait: 5)]
        let peer = try ScriptedAMIPeer([.init(listed: listed, duringList: flood), .init(listed: listed)])
        defer { peer.stop() }
        let run = Running(port: peer.port, limits: limits)
        #expect(eventually { peer.connections >= 2 && run.sink.state("w1") == .waiting })
        run.finish()
        let peak = run.adapter.peakBufferedBytes
        #expect(peak.sync <= limits.syncBytes, "held \(peak.sync) bytes")
        #expect(peak.parser <= limits.lineBytes + limits.packetBytes + 16 * 1024, "parser held \(peak.parser) bytes")
        #expect(run.statuses.contains { if case let .linkLost(reason, _) = $0 { return reason.contains("while the queue list was coming") }; return false })
        #expect(run.sink.calls["f1999"] == nil, "nothing of the abandoned list was applied")
        expectNoDuplicates(run.sink)
    }
}
