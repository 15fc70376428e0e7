import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// The live state as scripts read it (`frontdesk status --json`). Ids, states and times only:
/// no names, phone numbers or reasons, so the output is safe to hand to a wallboard script.
/// Absent values are written as `null`, never left out, so scripts always find every key.
struct StatusReport: Encodable {
    struct VisitRow: Encodable {
        var id: Int64, ticket: String, patientID: Int64, appointment: String?, provider: String, status: String
        var appointmentAt: String?, arrivedAt: String?, secondsInStatus: Int, openReadiness: [String]
        /// A clinic group's: the visit's site (absent in a clinic without sites).
        var site: String?
    }
    struct CallRow: Encodable {
        var id: String, state: String, waitSeconds: Int, desk: String?, patientID: Int64?, queue: String?
        /// The sites its queue rang for (absent: every site).
        var sites: [String]?
    }
    struct TaskRow: Encodable {
        var id: Int64, kind: String, state: String, owner: String?, why: String, rank: Int, dueAt: String?
        var patientID: Int64?, visitID: Int64?, callID: String?
        /// The sites whose desks may take it (absent: every site).
        var sites: [String]?
    }
    struct Metrics: Encodable {
        var callsWaiting: Int, longestCallWaitSeconds: Int, averageSpeedOfAnswerSeconds: Int?, serviceLevel: Double?
        var abandonRate: Double?, callsAnswered: Int, callsAbandoned: Int, shortAbandons: Int
        var lobbyWaiting: Int, longestLobbyWaitSeconds: Int, longestWaitAnyChannelSeconds: Int
        var visitsByStatus: [String: Int], openTasks: Int, callbacksOverdue: Int, sequence: Int64
    }

    /// The load estimate the ranking below was made under, with its inputs.
    struct LoadRow: Encodable {
        struct Kind: Encodable {
            var kind: String, arrivals: Int, perHour: Double, waiting: Int, meanWorkSeconds: Double, learnedFrom: Int, offered: Double
        }
        var spanSeconds: Int, staffedDesks: Int, offered: Double, utilization: Double?, overloaded: Bool, summary: String
        var kinds: [Kind]
    }

    /// The HL7 outbox: how far behind the practice system is.
    struct OutboxRow: Encodable {
        var outbound = false, depth = 0, oldestUnsentAt: String?, oldestUnsentSeconds: Int?, refused = 0, lastSentAt: String?, lastError: String?
        init() {}
        init(_ o: OutboxStatus, now: Date) {
            outbound = o.outbound; depth = o.depth; oldestUnsentAt = o.oldestUnsentAt.map(ISOTime.string)
            oldestUnsentSeconds = o.oldestUnsentAt.map { max(0, Int(now.timeIntervalSince($0).rounded(.down))) }
            refused = o.refused; lastSentAt = o.lastSentAt.map(ISOTime.string); lastError = o.lastError
        }
    }

    var visits: [VisitRow]
    var calls: [CallRow]
    var tasks: [TaskRow]
    var metrics: Metrics
    var load: LoadRow
    var outbox = OutboxRow()

    /// Calls answered within this many seconds count towards the service level.
    static let serviceTarget: TimeInterval = 30

    init(snapshot s: ClinicSnapshot, now: Date, policy: RankingPolicy) {
        func iso(_ d: Date?) -> String? { d.map(ISOTime.string) }
        func secs(_ t: TimeInterval) -> Int { Int(t.rounded(.down)) }
        visits = s.visits.map {
            VisitRow(id: $0.id, ticket: $0.ticket, patientID: $0.patientID, appointment: $0.appointmentRef, provider: $0.provider,
                     status: $0.status.rawValue, appointmentAt: iso($0.appointmentAt), arrivedAt: iso($0.arrivedAt),
                     secondsInStatus: secs($0.timeInStatus(at: now)), openReadiness: $0.openReadiness.map(\.item.rawValue),
                     site: $0.site)
        }
        calls = s.calls.map {
            CallRow(id: $0.id, state: $0.state.rawValue, waitSeconds: secs($0.waitTime(at: now)), desk: $0.desk,
                    patientID: $0.patientID, queue: $0.queue, sites: $0.sites.isEmpty ? nil : $0.sites)
        }
        // The ranking as every console makes it: the store's settings under the estimate's overload.
        let estimate = LoadEstimate.estimate(s, at: now)
        let policy = RankingPolicy(config: policy.config, overload: estimate.overload)
        func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        load = LoadRow(spanSeconds: Int(estimate.span), staffedDesks: estimate.staffedDesks, offered: round3(estimate.offered),
                       utilization: estimate.utilization.map(round3), overloaded: estimate.overloaded, summary: estimate.summary,
                       kinds: estimate.kinds.map {
                           LoadRow.Kind(kind: $0.kind.rawValue, arrivals: $0.arrivals, perHour: round3($0.perHour), waiting: $0.waiting,
                                        meanWorkSeconds: round3($0.meanWork), learnedFrom: $0.learnedFrom, offered: round3($0.offered))
                       })
        tasks = policy.rank(s.openTasks, at: now).enumerated().map { rank, t in
            TaskRow(id: t.id, kind: t.kind.rawValue, state: t.state.rawValue, owner: t.desk, why: policy.explain(t, at: now).text,
                    rank: rank + 1, dueAt: iso(t.dueAt), patientID: t.patientID, visitID: t.visitID, callID: t.callID,
                    sites: t.sites.isEmpty ? nil : t.sites)
        }
        // The wallboard's and the lobby's figures, as the domain defines them.
        let phone = WallboardFigures.compute(calls: s.calls, at: now, serviceTarget: Self.serviceTarget)
        let lobby = LobbyFigures.compute(visits: s.visits, at: now)
        metrics = Metrics(
            callsWaiting: phone.callsWaiting, longestCallWaitSeconds: secs(phone.longestWait),
            averageSpeedOfAnswerSeconds: phone.averageSpeedOfAnswer.map(secs), serviceLevel: phone.serviceLevel,
            abandonRate: phone.abandonRate, callsAnswered: phone.answered, callsAbandoned: phone.abandoned,
            shortAbandons: phone.shortAbandons, lobbyWaiting: lobby.waiting, longestLobbyWaitSeconds: secs(lobby.longestWait),
            longestWaitAnyChannelSeconds: secs(LongestWait.anyChannel(phone: phone, lobby: lobby)?.seconds ?? 0),
            visitsByStatus: Dictionary(uniqueKeysWithValues: lobby.counts.map { ($0.key.rawValue, $0.value) }),
            openTasks: s.openTasks.count,
            callbacksOverdue: s.openTasks.filter { $0.kind == .callback && ($0.dueAt.map { $0 < now } ?? false) }.count,
            sequence: s.sequence)
        self.now = now
    }

    private let now: Date
    enum CodingKeys: String, CodingKey { case visits, calls, tasks, metrics, load, outbox }

    func jsonData() throws -> Data { try InertJSON.encode(self) }

    var text: String {
        let m = metrics
        var hl7: String = outbox.outbound ? "hl7 outbox: " : "hl7 outbox: off (no practice link), "
        hl7 += "\(outbox.depth) unsent"
        if let oldest = outbox.oldestUnsentSeconds { hl7 += ", oldest \(oldest) s" }
        if outbox.refused > 0 { hl7 += ", \(outbox.refused) refused" }
        var lines = ["FrontDesk status at \(ISOTime.string(now)) (journal seq \(m.sequence))",
                     "lobby: \(m.lobbyWaiting) waiting, longest \(m.longestLobbyWaitSeconds) s; calls: \(m.callsWaiting) waiting, longest \(m.longestCallWaitSeconds) s",
                     "visits: " + m.visitsByStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                     "load: \(load.summary)",
                     hl7,
                     "next tasks:"]
        for t in tasks.prefix(10) {
            lines.append("  #\(t.rank) task \(t.id) \(t.kind) [\(t.state)] owner \(t.owner.map { SafeText.inert($0) } ?? "-"): \(t.why)")
        }
        return lines.joined(separator: "\n")
    }
}

// Every optional is written as `null` (synthesised encoding would leave the key out).
extension StatusReport.LoadRow {
    enum CodingKeys: String, CodingKey { case spanSeconds, staffedDesks, offered, utilization, overloaded, summary, kinds }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(spanSeconds, forKey: .spanSeconds); try c.encode(staffedDesks, forKey: .staffedDesks)
        try c.encode(offered, forKey: .offered); try c.encodeOrNull(utilization, forKey: .utilization)
        try c.encode(overloaded, forKey: .overloaded); try c.encode(summary, forKey: .summary); try c.encode(kinds, forKey: .kinds)
    }
}

extension StatusReport.VisitRow {
    enum CodingKeys: String, CodingKey {
        case id, ticket, patientID, appointment, provider, status, appointmentAt, arrivedAt, secondsInStatus, openReadiness
    }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(ticket, forKey: .ticket); try c.encodeOrNull(patientID, forKey: .patientID)
        try c.encodeOrNull(appointment, forKey: .appointment); try c.encode(provider, forKey: .provider)
        try c.encode(status, forKey: .status); try c.encodeOrNull(appointmentAt, forKey: .appointmentAt)
        try c.encodeOrNull(arrivedAt, forKey: .arrivedAt); try c.encode(secondsInStatus, forKey: .secondsInStatus)
        try c.encode(openReadiness, forKey: .openReadiness)
    }
}

extension StatusReport.CallRow {
    enum CodingKeys: String, CodingKey { case id, state, waitSeconds, desk, patientID, queue }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(state, forKey: .state); try c.encode(waitSeconds, forKey: .waitSeconds)
        try c.encodeOrNull(desk, forKey: .desk); try c.encodeOrNull(patientID, forKey: .patientID); try c.encodeOrNull(queue, forKey: .queue)
    }
}

extension StatusReport.TaskRow {
    enum CodingKeys: String, CodingKey { case id, kind, state, owner, why, rank, dueAt, patientID, visitID, callID }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(kind, forKey: .kind); try c.encode(state, forKey: .state)
        try c.encodeOrNull(owner, forKey: .owner); try c.encode(why, forKey: .why); try c.encode(rank, forKey: .rank)
        try c.encodeOrNull(dueAt, forKey: .dueAt); try c.encodeOrNull(patientID, forKey: .patientID)
        try c.encodeOrNull(visitID, forKey: .visitID); try c.encodeOrNull(callID, forKey: .callID)
    }
}

extension StatusReport.Metrics {
    enum CodingKeys: String, CodingKey {
        case callsWaiting, longestCallWaitSeconds, averageSpeedOfAnswerSeconds, serviceLevel, abandonRate, callsAnswered
        case callsAbandoned, shortAbandons, lobbyWaiting, longestLobbyWaitSeconds, longestWaitAnyChannelSeconds
        case visitsByStatus, openTasks, callbacksOverdue, sequence
    }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(callsWaiting, forKey: .callsWaiting); try c.encode(longestCallWaitSeconds, forKey: .longestCallWaitSeconds)
        try c.encodeOrNull(averageSpeedOfAnswerSeconds, forKey: .averageSpeedOfAnswerSeconds)
        try c.encodeOrNull(serviceLevel, forKey: .serviceLevel); try c.encodeOrNull(abandonRate, forKey: .abandonRate)
        try c.encode(callsAnswered, forKey: .callsAnswered); try c.encode(callsAbandoned, forKey: .callsAbandoned)
        try c.encode(shortAbandons, forKey: .shortAbandons); try c.encode(lobbyWaiting, forKey: .lobbyWaiting)
        try c.encode(longestLobbyWaitSeconds, forKey: .longestLobbyWaitSeconds)
        try c.encode(longestWaitAnyChannelSeconds, forKey: .longestWaitAnyChannelSeconds)
        try c.encode(SortedKeys(visitsByStatus), forKey: .visitsByStatus); try c.encode(openTasks, forKey: .openTasks)
        try c.encode(callbacksOverdue, forKey: .callbacksOverdue); try c.encode(sequence, forKey: .sequence)
    }
}

extension StatusReport.OutboxRow {
    enum CodingKeys: String, CodingKey { case outbound, depth, oldestUnsentAt, oldestUnsentSeconds, refused, lastSentAt, lastError }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outbound, forKey: .outbound)
        try c.encode(depth, forKey: .depth); try c.encodeOrNull(oldestUnsentAt, forKey: .oldestUnsentAt)
        try c.encodeOrNull(oldestUnsentSeconds, forKey: .oldestUnsentSeconds); try c.encode(refused, forKey: .refused)
        try c.encodeOrNull(lastSentAt, forKey: .lastSentAt); try c.encodeOrNull(lastError, forKey: .lastError)
    }
}
