import Foundation
import Testing
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore

// The store on PostgreSQL with several real `frontdesk` processes, in the same serialized
// suite as the connection tests (one of which restarts the server, and so does one here).

extension TestPostgres {
    /// A new, empty database on the test server, and its URL.
    static func freshDatabase() throws -> String {
        let url = try PostgresURL(parsing: try #require(urlText, "FRONTDESK_TEST_POSTGRES is not set"))
        let name = "fdp_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresServer(url: url).connect()
        defer { admin.close() }
        try admin.execute(sql: "CREATE DATABASE \(name)", arguments: [])
        return "postgres://\(url.user)@\(url.host):\(url.port)/\(name)"
    }

    /// A clinic in a new database whose admin is the login the tests run as, as after
    /// `frontdesk init --db postgres://…`, with four patients and two appointments.
    static func clinic() throws -> (url: String, store: ClinicStore) {
        let url = try freshDatabase()
        let store = try ClinicStore.create(postgres: url)
        let me = Actor(login: Spawn.login, desk: "test", role: .admin)
        try store.addUser(login: me.login, role: .admin, by: me, now: Date())
        return (url, try Fixture.clinic(store))
    }
}

extension PostgresConnectionTests {
    @Test("eight feed processes answer one call on PostgreSQL: exactly one wins, the others are told who did")
    func processesRaceForOneCall() throws {
        let (url, store) = try TestPostgres.clinic()
        try StoreProcessTests.eightFeedsRaceForOneCall(db: url, store: store)
    }

    @Test("a watcher on PostgreSQL hears another process's commit (LISTEN/NOTIFY) and reads what changed from the journal")
    func watcherSeesAnotherProcess() throws {
        let (url, store) = try TestPostgres.clinic()
        let seen = Locked<Int64>(0)
        let before = try store.lastSequence()
        let watcher = try ChangeWatcher(store: store) { seq in seen.mutate { $0 = max($0, seq) } }
        defer { watcher.stop() }
        let r = try Spawn.frontdesk(["feed", "--db", url], input: StoreProcessTests.ringing("w-1") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(eventually(timeout: 10) { seen.value > before })
        #expect(try store.changes(since: before).contains { $0.kind == .call && $0.id == "w-1" })
    }

    @Test("after the server restarts, a watcher catches up from the journal: a change made before it listens again is not missed")
    func watcherCatchesUpAfterRestart() throws {
        let (url, store) = try TestPostgres.clinic()
        let seen = Locked<Int64>(0)
        let watcher = try ChangeWatcher(store: store) { seq in seen.mutate { $0 = max($0, seq) } }
        defer { watcher.stop() }
        try TestPostgres.restart()
        // Written at once, while the watcher is still reconnecting: its NOTIFY reaches nobody.
        let writer = try ClinicStore.open(postgres: url)
        try Fixture.ring(writer, "after-restart", at: 1)
        let written = try writer.lastSequence()
        #expect(eventually(timeout: 30) { seen.value >= written }, "watcher at \(seen.value), journal at \(written)")
        #expect(try store.snapshot().calls.contains { $0.id == "after-restart" })
    }

    @Test("commands run on PostgreSQL: init makes the login an admin, feed and status --json read and write the same clinic")
    func commandsOnPostgres() throws {
        let url = try TestPostgres.freshDatabase()
        let initialised = try Spawn.frontdesk(["init", "--db", url])
        #expect(initialised.status == 0 && initialised.stdout.contains("pg-v12-live-state"), "\(initialised.stdout) \(initialised.stderr)")
        #expect(!initialised.stdout.contains("password"))
        #expect(try Spawn.frontdesk(["feed", "--db", url], input: StoreProcessTests.ringing("c-1") + "\n").status == 0)
        let status = try Spawn.frontdesk(["status", "--json", "--db", url])
        #expect(status.status == 0, "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let calls = json?["calls"] as? [[String: Any]]
        #expect(calls?.map { $0["id"] as? String } == ["c-1"])
        // SQLite-only tools say what to use instead, and change nothing.
        let backup = try Spawn.frontdesk(["backup", "--db", url])
        #expect(backup.status != 0 && backup.stderr.contains("server's own tools"), "\(backup.stderr)")
    }
}

extension PostgresConnectionTests {
    @Test("the consoles' role (init --app-role) works the clinic but may only add to and read the audit trail and the flow log")
    func applicationRoleIsAppendOnlyOnTheAudit() throws {
        let base = try PostgresURL(parsing: try #require(TestPostgres.urlText))
        let role = "fd_app_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        let admin = try PostgresServer(url: base).connect()
        defer { admin.close() }
        try admin.execute(sql: "CREATE ROLE \(role) LOGIN", arguments: [])
        let (url, owner) = try TestPostgres.clinic()
        try owner.grantApplicationRole(role)
        let name = try PostgresURL(parsing: url).database
        let appURL = "postgres://\(role)@\(base.host):\(base.port)/\(name)"

        // The consoles' work goes through: a call rung, answered, audited.
        let app = try ClinicStore.open(postgres: appURL)
        try Fixture.ring(app, "via-app")
        _ = try app.start(.answer(callID: "via-app"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1))
        #expect(try app.auditTrail(limit: 5).contains { $0.action == "call.answered" })

        // Changing or removing what was written is not the role's to do, whatever the triggers.
        let direct = try PostgresServer(url: appURL).connect()
        defer { direct.close() }
        for statement in ["UPDATE audit SET detail = 'edited'", "DELETE FROM audit", "TRUNCATE audit",
                          "DELETE FROM flow_event", "ALTER TABLE audit DISABLE TRIGGER ALL"] {
            var state: String?
            do { try direct.execute(sql: statement, arguments: []) } catch let e as PostgresSQLError { state = e.sqlState?.rawValue }
            #expect(state == "42501", "\(statement): \(state ?? "allowed")")
        }
        #expect(try owner.verifyAuditChain().problem == nil)
        // The schema stays the owner's: the role cannot record a migration.
        var migrated: String?
        do { try direct.execute(sql: "INSERT INTO frontdesk_migration(id, applied_at) VALUES ('x', 0)", arguments: []) }
        catch let e as PostgresSQLError { migrated = e.sqlState?.rawValue }
        #expect(migrated == "42501")
    }
}

extension PostgresConnectionTests {
    @Test("frontdesk migrate copies a clinic from its file to PostgreSQL — every row, the journal and the audit chain — and the clinic goes on there")
    func migrateMovesAClinic() throws {
        let dir = try StoreProcessTests.tempDir()
        let db = dir.appendingPathComponent("move.sqlite").path
        let file = try Fixture.clinic(try Fixture.fileClinic(db))
        try Fixture.ring(file, "before-move", at: 1)
        _ = try file.start(.answer(callID: "before-move"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(2))
        try Fixture.ring(file, "still-waiting", at: 3)
        let before = try file.snapshot()
        let url = try TestPostgres.freshDatabase()

        let moved = try Spawn.frontdesk(["migrate", "--from", "sqlite:" + db, "--to", url])
        #expect(moved.status == 0 && moved.stdout.contains("every count matches"), "\(moved.stdout) \(moved.stderr)")
        let server = try ClinicStore.open(postgres: url)
        let after = try server.snapshot()
        #expect(after.calls == before.calls && after.tasks == before.tasks && after.visits == before.visits)
        #expect(after.patients == before.patients && after.sequence == before.sequence)
        let chain = try server.verifyAuditChain()
        let fileRows = try file.auditTrail(limit: 100_000).count
        #expect(chain.problem == nil && chain.rows == fileRows + 1)
        #expect(try server.auditTrail(limit: 1).first?.action == "clinic.migrated")

        // The clinic goes on: new rows are numbered after the copied ones, and the journal moves on.
        try Fixture.ring(server, "after-move", at: 4)
        let newest = try #require(try server.snapshot().tasks.map(\.id).max())
        #expect(newest > (before.tasks.map(\.id).max() ?? 0))
        #expect(try server.lastSequence() > before.sequence)

        // A second copy into a database that holds a clinic is refused and changes nothing there.
        let again = try Spawn.frontdesk(["migrate", "--from", "sqlite:" + db, "--to", url])
        #expect(again.status != 0 && again.stderr.contains("already holds a clinic"), "\(again.stderr)")
        #expect(try server.snapshot().calls.count == after.calls.count + 1)
    }
}

extension PostgresConnectionTests {
    @Test("a desk at one site hears within a fraction of a second a call another site's process rings on the line both answer, and shows it; the other site's own line never reaches its screen")
    func aDeskAtOneSiteSeesAnotherSitesProcess() throws {
        let (url, store) = try TestPostgres.clinic()
        let admin = Actor(login: Spawn.login, desk: "test", role: .admin)
        try store.addSite(Site(id: "north", name: "North Street"), by: admin, now: Date())
        try store.addSite(Site(id: "south", name: "South Park"), by: admin, now: Date())
        try store.setDeskSite("north-1", site: "north", by: admin, now: Date())
        try store.setQueueSites("main", sites: ["north", "south"], by: admin, now: Date())
        try store.setQueueSites("south-line", sites: ["south"], by: admin, now: Date())

        // North's desk: its own connection, woken by the server (each wake-up noted with its
        // time), and its picture of the clinic brought up to date as a console does.
        let desk = try ClinicStore.open(postgres: url)
        var picture = try desk.snapshot()
        let heard = Locked<[(seq: Int64, at: Date)]>([])
        let watcher = try ChangeWatcher(store: desk) { seq in let at = Date(); heard.mutate { $0.append((seq, at)) } }
        defer { watcher.stop() }

        // South's process: the phone system's feed at the other building, one line at a time.
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        // Neither end leaks into the child beyond its stdin, or it would never see the end of input.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("south-feed-\(UUID().uuidString).err").path
        let e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let pid = try Spawn.start(Spawn.frontdesk, ["feed", "--db", url, "--desk", "south-phone"], stdin: fds[0], stderr: e)
        close(fds[0]); close(e)
        var latencies: [TimeInterval] = []
        var fromCommit = true
        for i in 0..<30 {
            let shared = i % 3 != 2
            let id = "site-\(i)"
            let line = #"{"type":"call.ringing","call":"\#(id)","from":"555-02\#(10 + i)","queue":"\#(shared ? "main" : "south-line")"}"# + "\n"
            _ = line.withCString { write(fds[1], $0, strlen($0)) }
            #expect(try eventually(timeout: 10, poll: 0.001) {
                picture = try desk.refresh(picture)
                return picture.calls.contains { $0.id == id }
            }, "north's handle never read \(id)")
            let onScreen = picture.seen(fromDesk: "north-1").calls.contains { $0.id == id }
            #expect(onScreen == shared, shared ? "north's desk does not show \(id), on the line both sites answer" : "south's own line reached north's desk")
            guard shared else { continue }
            // From the other process's commit to this desk's watcher hearing of it: the
            // propagation the goal is for. The commit's time is the server's own record of it
            // (track_commit_timestamp, which scripts/test's cluster turns on); without it, the
            // journal row's stamp, taken earlier in that transaction.
            let row = try store.read { db in
                try SQLRow.fetchOne(db, sql: "SELECT seq, at FROM journal WHERE kind = 'call' AND entity = ? ORDER BY seq LIMIT 1", arguments: [id])
            }
            let seq: Int64? = row?[0]
            let committed = try? store.read { db in
                try Double.fetchOne(db, sql: "SELECT extract(epoch FROM pg_xact_commit_timestamp(xmin))::float8 FROM journal WHERE seq = ?",
                                    arguments: [seq ?? -1])
            }
            if committed == nil { fromCommit = false }
            let written: Double? = (committed ?? nil) ?? row?[1]
            // This thread's own read may have run ahead of the server's notification: wait for it.
            _ = eventually(timeout: 10, poll: 0.001) { heard.value.contains { $0.seq >= (seq ?? .max) } }
            if let seq, let written, let first = heard.value.first(where: { $0.seq >= seq }) {
                latencies.append(first.at.timeIntervalSince1970 - written)
            } else {
                Issue.record("the watcher never heard of \(id)")
            }
        }
        close(fds[1])
        #expect(Spawn.wait(pid) == 0, "\((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        let sorted = latencies.sorted()
        let median = sorted.isEmpty ? .infinity : sorted[sorted.count / 2]
        // The goal (README): another process's commit reaches a watcher with p99 ≤ 25 ms — held
        // to it in a release build by the benchmark. Here, in a debug build with other suites
        // running at once, the median meets it and every one is within the product's "a
        // fraction of a second" (PRODUCT.md). Measured from the transaction's start instead
        // (no commit times), the median may take 100 ms: the other process's own commit is in it.
        #expect(median <= (fromCommit ? 0.025 : 0.1) && (sorted.last ?? .infinity) <= 0.5,
                "median \(Int(median * 1000)) ms, max \(Int((sorted.last ?? 0) * 1000)) ms over \(sorted.count), from \(fromCommit ? "commit" : "the transaction's start")")
        print("site propagation over PostgreSQL (from \(fromCommit ? "commit" : "the transaction's start")): median \(String(format: "%.1f", median * 1000)) ms, max \(String(format: "%.1f", (sorted.last ?? 0) * 1000)) ms, n=\(sorted.count)")
    }
}
