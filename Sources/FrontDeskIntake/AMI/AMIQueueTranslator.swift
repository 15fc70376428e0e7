import Foundation
import FrontDeskCore

/// Turns app_queue's manager events into the domain's call events. Pure: packets and
/// the time in, events out, so every transcript can be replayed in a test.
///
/// The life of a queued call as Asterisk reports it (read class `agent`):
/// - `QueueCallerJoin` — the caller is waiting (Uniqueid is the call id).
/// - `AgentCalled`, `AgentRingNoAnswer`, `AgentDump` — a desk phone rang, was not
///   picked up, or hung up during the agent announcement: the caller keeps waiting.
/// - `QueueCallerLeave` then `AgentConnect` — answered. app_queue takes the caller out
///   of the queue just before it publishes the connect, so a leave alone is not an end.
/// - `AgentComplete` — the conversation ended (HoldTime/TalkTime are seconds).
/// - `QueueCallerAbandon` then `QueueCallerLeave` — the caller hung up while waiting.
/// - `QueueCallerLeave` with nothing after it — the queue timed out (or the caller
///   pressed an exit key) and the dialplan moved on. Asterisk does not count that as
///   abandoned; we do (after `leaveSettleTime`), because the caller was never served
///   and the desk owes them a callback.
public struct AMIQueueTranslator {
    enum Phase: Equatable {
        case waiting
        /// Left the queue at that time with no answer or abandon seen yet.
        case leftQueue(Date)
        case answered(member: String?, interface: String?)
    }

    /// Queues to follow; empty follows them all.
    public var queues: Set<String>
    public var deskMap: DeskMap
    /// How long a caller who left the queue may wait for its `AgentConnect` before
    /// we decide the queue timed out. Asterisk sends the two back to back; the margin
    /// covers a slow agent-side macro.
    public var leaveSettleTime: TimeInterval

    private(set) var calls: [String: Phase] = [:]
    /// Calls this process closed: a late or repeated event never reopens or recounts them.
    private(set) var closed: Set<String> = []

    public init(queues: Set<String> = [], deskMap: DeskMap = DeskMap(), leaveSettleTime: TimeInterval = 5) {
        self.queues = queues; self.deskMap = deskMap; self.leaveSettleTime = leaveSettleTime
    }

    /// Calls this translator believes are open, for status lines and tests.
    public var openCallCount: Int { calls.count }

    func follows(_ packet: AMIPacket) -> Bool {
        guard !queues.isEmpty else { return true }
        return packet["Queue"].map(queues.contains) ?? false
    }

    /// The events `translate` acts on (the names its switch knows); the rest — AgentCalled,
    /// AgentRingNoAnswer, VarSet… — change nothing, so a resynchronisation need not hold them.
    static let translated: Set<String> = ["queuecallerjoin", "join", "queuecallerleave", "leave", "agentconnect",
                                          "agentcomplete", "queuecallerabandon", "abandon"]

    public static func actsOn(_ packet: AMIPacket) -> Bool {
        packet.event.map { translated.contains($0.lowercased()) } ?? false
    }

    /// The events one live packet means.
    public mutating func translate(_ packet: AMIPacket, now: Date) -> [TimedEvent] {
        guard let name = packet.event, let id = packet["Uniqueid"], !id.isEmpty else { return [] }
        let at = packet.timestamp ?? now
        switch name.lowercased() {
        case "queuecallerjoin", "join":
            guard follows(packet), !closed.contains(id) else { return [] }
            if calls[id] != nil {
                // Moved on to another queue we follow after leaving one: still the same call.
                if case .leftQueue = calls[id] { calls[id] = .waiting }
                return []
            }
            calls[id] = .waiting
            return [TimedEvent(ringing(id, packet), at: at)]

        case "queuecallerleave", "leave":
            if calls[id] == .waiting { calls[id] = .leftQueue(now) }
            return []

        case "agentconnect":
            guard !closed.contains(id), calls[id] != nil || follows(packet) else { return [] }
            var events = catchUp(id, packet, arrivedAt: at.addingTimeInterval(-seconds(packet["HoldTime"])))
            if case .answered = calls[id] { return events }
            let member = packet["MemberName"], interface = packet["Interface"] ?? packet["Member"]
            calls[id] = .answered(member: member, interface: interface)
            events.append(TimedEvent(.callAnswered(call: id, desk: deskMap.desk(memberName: member, interface: interface)), at: at))
            return events

        case "agentcomplete":
            guard !closed.contains(id), calls[id] != nil || follows(packet) else { return [] }
            let talk = seconds(packet["TalkTime"])
            let answeredAt = at.addingTimeInterval(-talk)
            var events = catchUp(id, packet, arrivedAt: answeredAt.addingTimeInterval(-seconds(packet["HoldTime"])))
            if case .answered = calls[id] {} else {
                let member = packet["MemberName"], interface = packet["Interface"] ?? packet["Member"]
                events.append(TimedEvent(.callAnswered(call: id, desk: deskMap.desk(memberName: member, interface: interface)), at: answeredAt))
            }
            events.append(TimedEvent(.callEnded(call: id, reason: nil), at: at))
            close(id)
            return events

        case "queuecallerabandon", "abandon":
            guard !closed.contains(id), calls[id] != nil || follows(packet) else { return [] }
            if case .answered = calls[id] { return [] }   // cannot abandon a call in conversation
            var events = catchUp(id, packet, arrivedAt: at.addingTimeInterval(-seconds(packet["HoldTime"])))
            events.append(TimedEvent(.callAbandoned(call: id), at: at))
            close(id)
            return events

        default:
            return []   // AgentCalled, AgentRingNoAnswer, AgentDump…: the caller keeps waiting
        }
    }

    /// Callers who left the queue long enough ago with no answer: the queue timed out.
    public mutating func settleLeaves(now: Date) -> [TimedEvent] {
        var events: [TimedEvent] = []
        for (id, phase) in calls.sorted(by: { $0.key < $1.key }) {
            if case let .leftQueue(since) = phase, now.timeIntervalSince(since) >= leaveSettleTime {
                events.append(TimedEvent(.callAbandoned(call: id), at: since))
                close(id)
            }
        }
        return events
    }

    /// After (re)connecting: `entries` are the `QueueEntry` packets of a `QueueStatus`
    /// reply, `members` its `QueueMember` packets, `openInStore` what the store has open.
    /// Callers listed that the store does not know start ringing (arrived `Wait` seconds
    /// ago); open calls no longer listed ended while we were away and are closed as
    /// ended with a reason, since nothing tells us whether they were answered or not —
    /// except answered calls whose agent is still on a call, which stay open.
    public mutating func resynchronise(entries: [AMIPacket], members: [AMIPacket],
                                       openInStore: Set<String>, now: Date) -> [TimedEvent] {
        var events: [TimedEvent] = []
        var listed: Set<String> = []
        for entry in entries where follows(entry) {
            guard let id = entry["Uniqueid"], !id.isEmpty else { continue }
            listed.insert(id)
            switch calls[id] {
            case .answered?: continue
            case .waiting?, .leftQueue?: calls[id] = .waiting
            case nil:
                calls[id] = .waiting
                closed.remove(id)   // Asterisk says it is waiting: believe it
                if !openInStore.contains(id) {
                    events.append(TimedEvent(ringing(id, entry), at: now.addingTimeInterval(-seconds(entry["Wait"]))))
                }
            }
        }
        let busyAgents = Set(members.filter(Self.isOnCall).flatMap { member in
            [member["Name"] ?? member["MemberName"], member["Location"] ?? member["Interface"], member["StateInterface"]]
                .compactMap { $0?.lowercased() }
        })
        for id in openInStore.union(calls.keys).sorted() where !listed.contains(id) {
            if case let .answered(member, interface)? = calls[id],
               [member, interface].contains(where: { $0.map { busyAgents.contains($0.lowercased()) } ?? false }) {
                continue
            }
            if openInStore.contains(id) {
                events.append(TimedEvent(.callEnded(call: id, reason: "gone after reconnect"), at: now))
            }
            close(id)
        }
        return events
    }

    /// `InCall` (Asterisk 12+) or, before it, the device state: in use, busy, ringing
    /// while in use, on hold.
    static func isOnCall(_ member: AMIPacket) -> Bool {
        if let inCall = member["InCall"] { return inCall == "1" }
        return ["2", "3", "7", "8"].contains(member["Status"] ?? "")
    }

    private mutating func close(_ id: String) {
        calls[id] = nil
        closed.insert(id)
    }

    /// When the join was missed (it happened while the link was down), the later
    /// event still carries the caller and the hold time: record the call first.
    private mutating func catchUp(_ id: String, _ packet: AMIPacket, arrivedAt: Date) -> [TimedEvent] {
        guard calls[id] == nil else { return [] }
        calls[id] = .waiting
        return [TimedEvent(ringing(id, packet), at: arrivedAt)]
    }

    private func ringing(_ id: String, _ packet: AMIPacket) -> IntakeEvent {
        .callRinging(call: id, from: Self.known(packet["CallerIDNum"]) ?? "unknown",
                     name: Self.known(packet["CallerIDName"]), reason: nil, queue: packet["Queue"])
    }

    /// Asterisk writes `<unknown>` (or nothing) when the network withheld the field.
    static func known(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.lowercased() != "<unknown>" else { return nil }
        return value
    }

    private func seconds(_ text: String?) -> TimeInterval {
        text.flatMap(Double.init).map { max(0, $0) } ?? 0
    }
}
