import Foundation
import Testing
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore

/// Several real `frontdesk` processes on one database file at once.
@Suite("Store: several processes", .serialized)
struct StoreProcessTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fd-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Starts `frontdesk feed` on `lines`, stdout and stderr to files in `dir`.
    static func startFeed(db: String, lines: [String], dir: URL, name: String, extra: [String] = []) throws -> (pid: pid_t, out: String, err: String) {
        let input = dir.appendingPathComponent("\(name).in").path
        let out = dir.appendingPathComponent("\(name).out").path
        let err = dir.appendingPathComponent("\(name).err").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: false, encoding: .utf8)
        let i = open(input, O_RDONLY), o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o600), e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(i); close(o); close(e) }
        let pid = try Spawn.start(Spawn.frontdesk, ["feed", "--db", db, "--desk", name] + extra, stdin: i, stdout: o, stderr: e)
        return (pid, out, err)
    }

    static func ringing(_ id: String) -> String { #"{"type":"call.ringing","call":"\#(id)","from":"555-0142"}"# }

    @Test func twoFeedsIntoOneDatabaseLoseNothingAndNeverSeeBusy() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("f.sqlite").path
        _ = try Fixture.fileClinic(db)
        let a = try Self.startFeed(db: db, lines: (0..<400).map { Self.ringing("a-\($0)") }, dir: dir, name: "a")
        let b = try Self.startFeed(db: db, lines: (0..<400).map { Self.ringing("b-\($0)") }, dir: dir, name: "b")
        #expect(Spawn.wait(a.pid) == 0)
        #expect(Spawn.wait(b.pid) == 0)
        #expect(try String(contentsOfFile: a.err, encoding: .utf8) == "")
        #expect(try String(contentsOfFile: b.err, encoding: .utf8) == "")
        let s = try ClinicStore.open(path: db).snapshot()
        #expect(s.calls.count == 800)
        #expect(s.openTasks.filter { $0.kind == .call }.count == 800)
    }

    @Test func manyProcessesAnswerOneCallAndExactlyOneWins() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("r.sqlite").path
        try Self.eightFeedsRaceForOneCall(db: db, store: try Fixture.fileClinic(db))
    }

    /// Eight `frontdesk feed` processes answer one call at once, on the clinic at `db` (a file
    /// or a PostgreSQL database): one feed's line applies; every other is told which desk won
    /// (exit 65), as a console would be.
    static func eightFeedsRaceForOneCall(db: String, store: ClinicStore) throws {
        let dir = try tempDir()
        try Fixture.ring(store, "race")
        let pids = try (0..<8).map { n in
            try startFeed(db: db, lines: [#"{"type":"call.answered","call":"race","desk":"desk-\#(n)"}"#], dir: dir, name: "desk-\(n)").pid
        }
        let statuses = pids.map { Spawn.wait($0) }
        #expect(statuses.filter { $0 == 0 }.count == 1 && statuses.filter { $0 == 65 }.count == 7, "\(statuses)")
        let winners = try store.auditTrail().filter { $0.action == "call.answered" }
        #expect(winners.count == 1)
        let call = try #require(try store.call(id: "race"))
        #expect(call.state == .answered && call.desk == winners.first?.detail)
        #expect(try store.snapshot().tasks.filter { $0.state == .active }.map(\.desk) == [call.desk])
        #expect(try store.verifyAuditChain().problem == nil)
    }

    @Test func killDuringAFeedKeepsEveryAcknowledgedLineAndAnIntactFile() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("k.sqlite").path
        _ = try Fixture.fileClinic(db)
        let feed = try Self.startFeed(db: db, lines: (1...10_000).map { Self.ringing("k-\($0)") }, dir: dir, name: "k", extra: ["--ack"])
        func acked() -> [Int] {
            ((try? String(contentsOfFile: feed.out, encoding: .utf8)) ?? "").split(separator: "\n")
                .compactMap { $0.hasPrefix("ok ") ? Int($0.dropFirst(3)) : nil }
        }
        #expect(eventually(timeout: 60) { acked().count >= 200 })
        kill(feed.pid, SIGKILL)
        #expect(Spawn.wait(feed.pid) == 128 + SIGKILL)
        let lines = acked()
        #expect(try Spawn.run("/usr/bin/sqlite3", [db, "PRAGMA integrity_check;"]).stdout == "ok\n")
        let ids = try ClinicStore.open(path: db).openCallIDs()
        let missing = lines.filter { !ids.contains("k-\($0)") }
        #expect(missing.isEmpty, "acknowledged but missing: \(missing.prefix(5))")
        #expect(ids.count < 10_000)   // the kill really landed mid-feed
    }

    @Test(arguments: [ChangeWatcher.Mode.default, .polling(interval: 0.01)])
    func aWatcherSeesAnotherProcessCommit(mode: ChangeWatcher.Mode) throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("w.sqlite").path
        let store = try Fixture.fileClinic(db)
        let seen = Locked<Int64>(0)
        let watcher = try ChangeWatcher(store: store, mode: mode) { seq in seen.mutate { $0 = seq } }
        defer { watcher.stop() }
        let r = try Spawn.frontdesk(["feed", "--db", db], input: Self.ringing("w-1") + "\n")
        #expect(r.status == 0)
        #expect(eventually(timeout: 10) { seen.value > 0 })
        #expect(try store.changes(since: 0).contains { $0.kind == .call && $0.id == "w-1" })
    }

    @Test func statusJSONCarriesVisitsCallsTasksAndMetrics() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("s.sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        #expect(try Spawn.frontdesk(["feed", "--db", db], input: Self.ringing("s-1") + "\n").status == 0)
        let r = try Spawn.frontdesk(["status", "--json", "--db", db])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(json.keys).isSuperset(of: ["visits", "calls", "tasks", "metrics"]))
        let call = try #require((json["calls"] as? [[String: Any]])?.first)
        #expect(call["id"] as? String == "s-1" && call["state"] as? String == "waiting" && call["waitSeconds"] is Int)
        let task = try #require((json["tasks"] as? [[String: Any]])?.first)
        #expect(task["kind"] as? String == "call" && (task["why"] as? String)?.contains("caller on the line") == true)
        #expect(task.keys.contains("owner") && task["state"] as? String == "queued")
        #expect((json["metrics"] as? [String: Any])?["callsWaiting"] as? Int == 1)
    }

    /// Thirty calls in a minute at one staffed desk: the load estimate says overloaded, says
    /// what it rests on, and the ranking in the same report is the overloaded one.
    @Test func statusJSONCarriesTheLoadEstimateAndRanksUnderIt() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("l.sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        try ClinicStore.open(path: db).registerDesk(name: "Front 1", user: Spawn.login, now: Date())
        let lines = (0..<30).map { Self.ringing("l-\($0)") }.joined(separator: "\n") + "\n"
        #expect(try Spawn.frontdesk(["feed", "--db", db], input: lines).status == 0)
        let r = try Spawn.frontdesk(["status", "--json", "--db", db])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let load = try #require(json["load"] as? [String: Any])
        #expect(load["overloaded"] as? Bool == true && load["staffedDesks"] as? Int == 1, "\(load)")
        #expect((load["utilization"] as? Double ?? 0) > 1 && (load["summary"] as? String)?.hasPrefix("overloaded") == true)
        let kinds = try #require(load["kinds"] as? [[String: Any]])
        let calls = try #require(kinds.first { $0["kind"] as? String == "call" })
        #expect(calls["arrivals"] as? Int == 30 && calls["waiting"] as? Int == 30 && calls["meanWorkSeconds"] as? Double == 150)
        let why = try #require((json["tasks"] as? [[String: Any]])?.first?["why"] as? String)
        #expect(why.contains("may hang up"), "\(why)")
        let text = try Spawn.frontdesk(["status", "--db", db])
        #expect(text.stdout.contains("load: overloaded"), "\(text.stdout)")
    }

    @Test func initMakesTheLoginAnAdminAndIsRepeatable() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("i.sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        let again = try Spawn.frontdesk(["init", "--db", db])
        #expect(again.status == 0 && again.stdout.contains("database ready"))
        let users = try ClinicStore.open(path: db).listUsers()
        #expect(users.count == 1 && users[0].role == .admin)
    }

    @Test func initDemoLoadsTheSeedClinicAndAnArrivalFindsItsAppointment() throws {
        let dir = try Self.tempDir()
        let db = dir.appendingPathComponent("d.sqlite").path
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds").path
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_SEEDS"] = seeds
        let r = try Spawn.frontdesk(["init", "--demo", "--db", db], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let store = try ClinicStore.open(path: db)
        let s = try store.snapshot()
        #expect(s.visits.count >= 60 && Set(s.visits.map(\.provider)).count >= 4)
        let first = try #require(s.visits.first?.appointmentRef)
        #expect(try Spawn.frontdesk(["feed", "--db", db], input: #"{"type":"patient.arrived","appointment":"\#(first)"}"# + "\n").status == 0)
        #expect(try store.snapshot().visits.first { $0.appointmentRef == first }?.status == .arrived)
    }
}
