import Foundation
import Testing
import FrontDeskCore
import FrontDeskIntake
import AMIPeer

/// Transcripts replayed through the pure translator into the reference sink.
@Suite("AMI queue translator")
struct AMIQueueTranslatorTests {
    typealias T = AMITranscript
    let start = Date(timeIntervalSince1970: 1_718_000_000)

    func replay(_ packets: [AMIPacket], map: DeskMap = DeskMap(["Front 1": "desk-1"]),
                settle: TimeInterval = 5) -> (ReferenceCallSink, AMIQueueTranslator) {
        let sink = ReferenceCallSink { start }
        var translator = AMIQueueTranslator(deskMap: map, leaveSettleTime: settle)
        for (n, packet) in packets.enumerated() {
            let now = start.addingTimeInterval(Double(n))
            for event in translator.translate(packet, now: now) { try? sink.apply(event) }
        }
        return (sink, translator)
    }

    @Test("answered: join, agent rang, leave, connect, complete → ended at the mapped desk")
    func answered() {
        let (sink, _) = replay([T.join("c1", "5551234", "Ada Lovelace"), T.called("c1"), T.leave("c1"),
                                T.connect("c1"), T.complete("c1")])
        let call = sink.calls["c1"]
        #expect(call?.state == .ended)
        #expect(call?.desk == "desk-1")
        #expect(call?.from == "5551234" && call?.callerName == "Ada Lovelace" && call?.queue == "frontdesk")
        #expect(call?.answeredAt == start.addingTimeInterval(3))
        #expect(sink.ringingCount("c1") == 1 && sink.violations.isEmpty)
    }

    @Test("abandoned: the caller hung up while waiting, with a withheld caller id")
    func abandoned() {
        let (sink, _) = replay([T.join("c2", "<unknown>", "<unknown>"), T.abandon("c2"), T.leave("c2")])
        #expect(sink.state("c2") == .abandoned)
        #expect(sink.calls["c2"]?.callerName == nil && sink.calls["c2"]?.from == "unknown")
        #expect(sink.violations.isEmpty)
    }

    @Test("leave alone does not end a call; the queue timing out does, after the settle time")
    func timedOut() {
        var (sink, translator) = replay([T.join("c3", "5550003", "Bo"), T.leave("c3")], settle: 5)
        #expect(sink.state("c3") == .waiting)
        for e in translator.settleLeaves(now: start.addingTimeInterval(4)) { try? sink.apply(e) }
        #expect(sink.state("c3") == .waiting)
        for e in translator.settleLeaves(now: start.addingTimeInterval(7)) { try? sink.apply(e) }
        #expect(sink.state("c3") == .abandoned)
        #expect(sink.calls["c3"]?.endedAt == start.addingTimeInterval(1))
    }

    @Test("agent did not answer, agent hung up before connect: the caller keeps waiting")
    func agentMisses() {
        let (sink, _) = replay([T.join("c4", "5550004", "Cy"), T.called("c4"), T.ringNoAnswer("c4"),
                                T.called("c4"), T.dump("c4")])
        #expect(sink.state("c4") == .waiting)
        let (later, _) = replay([T.join("c4", "5550004", "Cy"), T.ringNoAnswer("c4"), T.dump("c4"),
                                 T.leave("c4"), T.connect("c4", member: "Front 3", interface: "PJSIP/203")])
        #expect(later.state("c4") == .answered)
        #expect(later.calls["c4"]?.desk == "Front 3", "an unmapped agent keeps its member name")
    }

    @Test("repeated events never count a call twice nor reopen it")
    func repeats() {
        let (sink, _) = replay([T.join("c5", "1", "A"), T.join("c5", "1", "A"), T.abandon("c5"),
                                T.abandon("c5"), T.join("c5", "1", "A"), T.connect("c5")])
        #expect(sink.ringingCount("c5") == 1)
        #expect(sink.state("c5") == .abandoned)
        #expect(sink.violations.isEmpty)
    }

    @Test("a connect or complete whose join was missed records the whole call from its hold time")
    func missedJoin() {
        let (sink, _) = replay([T.complete("c6", hold: 30, talk: 60)])
        let call = sink.calls["c6"]
        #expect(call?.state == .ended)
        #expect(call?.arrivedAt == start.addingTimeInterval(-90))
        #expect(call?.answeredAt == start.addingTimeInterval(-60))
        #expect(sink.violations.isEmpty)
    }

    @Test("only the queues asked for are followed")
    func queueFilter() {
        let sink = ReferenceCallSink { start }
        var translator = AMIQueueTranslator(queues: ["frontdesk"])
        for p in [T.join("in", "1", "A"), T.join("out", "2", "B", queue: "billing"),
                  T.abandon("out", queue: "billing")] {
            for e in translator.translate(p, now: start) { try? sink.apply(e) }
        }
        #expect(Set(sink.calls.keys) == ["in"])
    }

    @Test("resynchronising: new callers ring with their wait, vanished ones close, busy agents keep theirs")
    func resynchronise() {
        let sink = ReferenceCallSink { start }
        var translator = AMIQueueTranslator()
        for p in [T.join("stay", "1", "A"), T.join("gone", "2", "B"), T.join("talk", "3", "C"), T.leave("talk"),
                  T.connect("talk"), T.join("done", "4", "D"), T.leave("done"), T.connect("done", member: "Front 2", interface: "PJSIP/202")] {
            for e in translator.translate(p, now: start) { try? sink.apply(e) }
        }
        let events = translator.resynchronise(
            entries: [T.entry("stay", "1", wait: 20), T.entry("new", "5", wait: 45)],
            members: [T.member("Front 1", interface: "PJSIP/201", inCall: true),
                      T.member("Front 2", interface: "PJSIP/202", inCall: false)],
            openInStore: try! sink.openCallIDs(), now: start.addingTimeInterval(60))
        for e in events { try? sink.apply(e) }
        #expect(sink.state("stay") == .waiting && sink.ringingCount("stay") == 1)
        #expect(sink.state("new") == .waiting)
        #expect(sink.calls["new"]?.arrivedAt == start.addingTimeInterval(15))
        #expect(sink.state("gone") == .ended && sink.calls["gone"]?.reason == "gone after reconnect")
        #expect(sink.state("talk") == .answered)
        #expect(sink.state("done") == .ended)
        #expect(sink.violations.isEmpty)
    }

    @Test("after a restart, open calls in the store that are still listed are not rung again")
    func restart() {
        let sink = ReferenceCallSink(clock: { start }, calls: [Call(id: "old", from: "1", arrivedAt: start),
                                                               Call(id: "stale", from: "2", arrivedAt: start)])
        var translator = AMIQueueTranslator()
        let events = translator.resynchronise(entries: [T.entry("old", "1", wait: 5)], members: [],
                                              openInStore: try! sink.openCallIDs(), now: start)
        for e in events { try? sink.apply(e) }
        #expect(sink.ringingCount("old") == 0 && sink.state("old") == .waiting)
        #expect(sink.state("stale") == .ended)
        for e in translator.translate(T.abandon("old"), now: start) { try? sink.apply(e) }
        #expect(sink.state("old") == .abandoned && sink.violations.isEmpty)
    }
}
