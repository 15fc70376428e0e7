import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Print the live state once (--json for scripts).")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "JSON: top-level visits, calls, tasks, metrics.") var json = false

    func run() throws {
        let store = try StoreCommand.open(database)
        let now = Date()
        let snap = try store.snapshot(since: Calendar.current.startOfDay(for: now))
        let report = StatusReport(snapshot: snap, now: now, policy: RankingPolicy(config: store.config.policy))
        if json {
            let data = try JSONSerialization.data(withJSONObject: report.json, options: [.prettyPrinted, .sortedKeys])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            print(report.text)
        }
    }
}

/// The live state as scripts read it. Ids, states and times only: no names, phone numbers
/// or reasons, so the output is safe to hand to a wallboard script.
struct StatusReport {
    let snapshot: ClinicSnapshot
    let now: Date
    let policy: RankingPolicy
    /// Calls answered within this many seconds count towards the service level.
    static let serviceTarget: TimeInterval = 30

    private func iso(_ d: Date?) -> Any { d.map { ISO8601DateFormatter().string(from: $0) } ?? NSNull() }
    private func secs(_ t: TimeInterval) -> Int { Int(t.rounded(.down)) }

    var visits: [[String: Any]] {
        snapshot.visits.map { v -> [String: Any] in
            ["id": v.id, "ticket": v.ticket, "patientID": v.patientID, "appointment": v.appointmentRef as Any? ?? NSNull(),
             "provider": v.provider, "status": v.status.rawValue, "appointmentAt": iso(v.appointmentAt),
             "arrivedAt": iso(v.arrivedAt), "secondsInStatus": secs(v.timeInStatus(at: now)),
             "openReadiness": v.openReadiness.map(\.item.rawValue)]
        }
    }

    var calls: [[String: Any]] {
        snapshot.calls.map { c -> [String: Any] in
            ["id": c.id, "state": c.state.rawValue, "waitSeconds": secs(c.waitTime(at: now)),
             "desk": c.desk as Any? ?? NSNull(), "patientID": c.patientID as Any? ?? NSNull(), "queue": c.queue as Any? ?? NSNull()]
        }
    }

    var tasks: [[String: Any]] {
        let open = policy.rank(snapshot.openTasks, at: now)
        return open.enumerated().map { rank, t -> [String: Any] in
            ["id": t.id, "kind": t.kind.rawValue, "state": t.state.rawValue, "owner": t.desk as Any? ?? NSNull(),
             "why": policy.explain(t, at: now).text, "rank": rank + 1, "dueAt": iso(t.dueAt),
             "patientID": t.patientID as Any? ?? NSNull(), "visitID": t.visitID as Any? ?? NSNull(), "callID": t.callID as Any? ?? NSNull()]
        }
    }

    /// The wallboard's and the lobby's figures, as the domain defines them
    /// (`WallboardFigures`, `LobbyFigures`), plus the open-work counts a supervisor watches.
    var metrics: [String: Any] {
        let phone = WallboardFigures.compute(calls: snapshot.calls, at: now, serviceTarget: Self.serviceTarget)
        let lobby = LobbyFigures.compute(visits: snapshot.visits, at: now)
        func orNull(_ v: Any?) -> Any { v ?? NSNull() }
        return [
            "callsWaiting": phone.callsWaiting,
            "longestCallWaitSeconds": secs(phone.longestWait),
            "averageSpeedOfAnswerSeconds": orNull(phone.averageSpeedOfAnswer.map(secs)),
            "serviceLevel": orNull(phone.serviceLevel),
            "abandonRate": orNull(phone.abandonRate),
            "callsAnswered": phone.answered,
            "callsAbandoned": phone.abandoned,
            "shortAbandons": phone.shortAbandons,
            "lobbyWaiting": lobby.waiting,
            "longestLobbyWaitSeconds": secs(lobby.longestWait),
            "longestWaitAnyChannelSeconds": secs(LongestWait.anyChannel(phone: phone, lobby: lobby)?.seconds ?? 0),
            "visitsByStatus": Dictionary(uniqueKeysWithValues: lobby.counts.map { ($0.key.rawValue, $0.value) }),
            "openTasks": snapshot.openTasks.count,
            "callbacksOverdue": snapshot.openTasks.filter { $0.kind == .callback && ($0.dueAt.map { $0 < now } ?? false) }.count,
            "sequence": snapshot.sequence,
        ]
    }

    var json: [String: Any] { ["visits": visits, "calls": calls, "tasks": tasks, "metrics": metrics] }

    var text: String {
        let m = metrics
        var lines = ["FrontDesk status at \(ISO8601DateFormatter().string(from: now)) (journal seq \(snapshot.sequence))",
                     "lobby: \(m["lobbyWaiting"]!) waiting, longest \(m["longestLobbyWaitSeconds"]!) s; calls: \(m["callsWaiting"]!) waiting, longest \(m["longestCallWaitSeconds"]!) s",
                     "visits: " + (m["visitsByStatus"] as! [String: Int]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                     "next tasks:"]
        for t in tasks.prefix(10) {
            lines.append("  #\(t["rank"]!) task \(t["id"]!) \(t["kind"]!) [\(t["state"]!)] owner \(t["owner"] is NSNull ? "-" : SafeText.inert("\(t["owner"]!)")): \(t["why"]!)")
        }
        return lines.joined(separator: "\n")
    }
}
