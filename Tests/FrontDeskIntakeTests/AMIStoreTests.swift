import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskIntake
import AMIPeer
import FrontDeskStore

/// The same transcripts as `AMIAdapterTests`, applied to the real clinic store through
/// `StoreCallSink`: what the desks would see.
@Suite("AMI adapter into the clinic store")
struct AMIStoreTests {
    typealias T = AMITranscript

    func run(_ scripts: [ScriptedAMIPeer.Script], splitSeed: UInt64? = nil,
             until done: @escaping (ClinicSnapshot) -> Bool) throws -> ClinicStore {
        let store = try ClinicStore.temporary()
        let sink = StoreCallSink(store: store, actor: Actor(login: "pbx", desk: "ami", role: .receptionist))
        let peer = try (splitSeed.map { try ScriptedAMIPeer(scripts, splitSeed: $0) } ?? ScriptedAMIPeer(scripts))
        defer { peer.stop() }
        var config = AMIConfiguration(host: "127.0.0.1", port: peer.port, username: "frontdesk", secret: "s3cret",
                                      deskMap: DeskMap(["Front 1": "desk-1"]), login: .challengeMD5,
                                      backoff: ReconnectBackoff(initial: 0.01, maximum: 0.05))
        config.leaveSettleTime = 0.1
        let adapter = AMIAdapter(configuration: config, sink: sink, report: { _ in })
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread { _ = try? adapter.run(); finished.signal() }
        #expect(eventually { (try? store.snapshot()).map(done) ?? false }, "the store never reached the expected state")
        adapter.stop(); finished.wait()
        return store
    }

    func state(_ s: ClinicSnapshot, _ id: String) -> CallState? { s.calls.first { $0.id == id }?.state }

    @Test("a day's transcript: answered, abandoned (→ callback), timed out, still waiting; no duplicates")
    func day() throws {
        let store = try run([.init(listed: [T.params], live: AMIAdapterTests.dayTranscript)], splitSeed: 4) { s in
            self.state(s, "c1") == .ended && self.state(s, "c3") == .abandoned
        }
        let s = try store.snapshot()
        #expect(s.calls.count == 4)
        #expect(Set(s.calls.map(\.id)).count == 4)
        #expect(state(s, "c2") == .abandoned)
        #expect(state(s, "c4") == .waiting)
        #expect(s.calls.first { $0.id == "c1" }?.desk == "desk-1")
        // Each abandon left a callback owed; the waiting caller still has a call task in the queue.
        #expect(s.tasks.filter { $0.kind == .callback && $0.state == .queued }.count == 2)
        #expect(s.tasks.contains { $0.kind == .call && $0.callID == "c4" && $0.state == .queued })
        // Figures come from these calls, not from Asterisk's averages.
        let figures = WallboardFigures.compute(calls: s.calls, at: Date())
        #expect(figures.callsWaiting == 1)
        // Replayed in milliseconds, both hang-ups fall under the short-abandon threshold.
        #expect(figures.abandoned + figures.shortAbandons == 2)
    }

    @Test("dropped mid-packet: reconnect and resync close the vanished call and count nothing twice")
    func dropAndReconnect() throws {
        let store = try run(AMIAdapterTests.dropScripts, splitSeed: 9) { s in self.state(s, "a") == .ended && self.state(s, "d") == .waiting }
        let s = try store.snapshot()
        #expect(s.calls.map(\.id).sorted() == ["a", "b", "c", "d"])
        #expect(state(s, "b") == .ended)
        #expect(state(s, "c") == .waiting)
        #expect(s.tasks.filter { $0.kind == .call && $0.callID == "c" }.count == 1)
        #expect(try store.openCallIDs() == ["c", "d"])
    }
}
