import Foundation
import Testing
import GRDB
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk backup` and `frontdesk restore` as an admin runs them: the real binary on a
/// database file that another process is writing to, SQLite's own `sqlite3` as the
/// independent judge of the copies, and the original file compared byte for byte whenever a
/// restore must change nothing.
@Suite("Contingency: backup and restore", .serialized)
struct BackupRestoreTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fd-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func sqlite3(_ path: String, _ sql: String) throws -> Spawn.Result {
        try Spawn.run("/usr/bin/sqlite3", [path, sql])
    }

    /// Rows per table, as sqlite3 counts them.
    static func counts(_ path: String, _ tables: [String]) throws -> [String: Int] {
        let sql = tables.map { "SELECT '\($0)', count(*) FROM \"\($0)\"" }.joined(separator: " UNION ALL ") + ";"
        let r = try sqlite3(path, sql)
        var out: [String: Int] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2, let n = Int(parts[1]) { out[String(parts[0])] = n }
        }
        return out
    }

    /// What `backup` printed: the file and the rows per table.
    static func report(_ stdout: String) throws -> (path: String, rows: [String: Int]) {
        let first = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("backup written: ") })
        let path = String(first.dropFirst("backup written: ".count).prefix { $0 != " " })
        var rows: [String: Int] = [:]
        var inRows = false
        for line in stdout.split(separator: "\n") {
            if line == "rows:" { inRows = true; continue }
            guard inRows, line.hasPrefix("  ") else { inRows = false; continue }
            let parts = line.split(separator: " ")
            if parts.count == 2, let n = Int(parts[1]) { rows[String(parts[0])] = n }
        }
        return (path, rows)
    }

    /// A clinic file whose admin (or `role`) is the login the tests run as, with the fixture's
    /// patients and appointments; the store is released before this returns.
    static func clinic(in dir: URL, role: Role = .admin) throws -> String {
        let db = dir.appendingPathComponent("clinic.sqlite").path
        let store = try ClinicStore.create(path: db)
        let admin = Actor(login: "setup", desk: "test", role: .admin)
        try store.addUser(login: Spawn.login, role: role, by: admin, now: Date())
        _ = try Fixture.clinic(store)
        return db
    }

    /// The folder's files, leaving out SQLite's own -wal and -shm (an open makes and removes them).
    static func files(in dir: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o777 : 0
    }

    @Test("a backup taken while a feed writes is integrity-ok with a verifying chain, and restore brings back exactly the rows it reported; audit verify then names the restore")
    func backupUnderLoadRestoresExactly() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let feed = try StoreProcessTests.startFeed(db: db, lines: (1...30_000).map { StoreProcessTests.ringing("bk-\($0)") },
                                                   dir: dir, name: "writer", extra: ["--ack"])
        var feedRunning = true
        defer { if feedRunning { kill(feed.pid, SIGKILL); Spawn.wait(feed.pid) } }
        func acked() -> Int {
            ((try? String(contentsOfFile: feed.out, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.hasPrefix("ok ") }.count
        }
        #expect(eventually(timeout: 60) { acked() >= 100 })
        let before = acked()
        let taken = try Spawn.frontdesk(["backup", "--db", db])
        let after = acked()
        #expect(taken.status == 0, "\(taken.stderr)")
        // The writer was still going when the backup finished, and kept committing through it.
        var status: Int32 = 0
        #expect(waitpid(feed.pid, &status, WNOHANG) == 0, "the feed ran through the whole backup")
        #expect(after > before)
        let (backup, reported) = try Self.report(taken.stdout)
        let calls = try #require(reported["call"])
        // Let the live database go on past the backup before the writer stops.
        #expect(eventually(timeout: 60) { acked() > calls + 20 })
        kill(feed.pid, SIGKILL); Spawn.wait(feed.pid); feedRunning = false

        #expect((backup as NSString).deletingLastPathComponent == dir.appendingPathComponent("backups").path)
        #expect((backup as NSString).lastPathComponent.range(of: #"^frontdesk-\d{8}-\d{6}\.sqlite$"#, options: .regularExpression) != nil)
        #expect(Self.mode(backup) == 0o600)
        #expect(try Self.files(in: dir.appendingPathComponent("backups")) == [(backup as NSString).lastPathComponent], "no temporary left beside it")
        // SQLite's own tool is the judge of the copy, and the project's chain walk of its trail.
        #expect(try Self.sqlite3(backup, "PRAGMA integrity_check;").stdout == "ok\n")
        #expect(try Self.sqlite3(backup, "PRAGMA journal_mode;").stdout == "delete\n", "one self-contained file")
        let chain = try ClinicStore.openReadOnly(path: backup).verifyAuditChain()
        #expect(chain.problem == nil && chain.rows == reported["audit"])
        // Consistent: everything acknowledged before the backup started is in it, and what it
        // printed is what it holds.
        #expect(calls >= before && calls <= after + 1, "\(before) ≤ \(calls) ≤ \(after)")
        let tables = BackupSummary.mainTables
        #expect(try Self.counts(backup, tables) == reported)
        #expect(try Self.sqlite3(db, "SELECT detail FROM audit WHERE action = 'backup.taken';").stdout
                    .hasPrefix("file=\((backup as NSString).lastPathComponent) audit-head="), "backup.taken names the file")

        // The live database went on; its head is recorded outside it, past the backup's.
        #expect(try Spawn.frontdesk(["audit", "verify", "--db", db]).status == 0)
        let liveCalls = try #require(try Self.counts(db, ["call"])["call"])
        #expect(liveCalls > calls)

        let restored = try Spawn.frontdesk(["restore", "--from", backup, "--db", db])
        #expect(restored.status == 0, "\(restored.stderr)")
        var expected = reported
        expected["audit"] = reported["audit"]! + 1   // the restore's own row
        #expect(try Self.counts(db, tables) == expected)
        #expect(try Self.sqlite3(db, "SELECT action FROM audit ORDER BY id DESC LIMIT 1;").stdout == "backup.restored\n")
        #expect(try ClinicStore.open(path: db).snapshot().calls.count == calls)
        #expect(Self.mode(db) == 0o600)
        // The replaced database is kept whole, with everything written after the backup.
        let kept = try #require(try Self.files(in: dir).first { $0.hasPrefix("clinic.sqlite.before-restore-") })
        #expect(try Self.counts(dir.appendingPathComponent(kept).path, ["call"])["call"] == liveCalls)
        #expect(restored.stdout.contains("the replaced database is kept as \(dir.appendingPathComponent(kept).path)"))
        #expect(!(try Self.files(in: dir)).contains { $0.hasSuffix(".tmp") })

        // The chain went back to the backup's head: verify says restored, not cut short.
        let verify = try Spawn.frontdesk(["audit", "verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("restored from a backup on"), "\(verify.stdout)")
        // …and a tail cut off after the restore is still found.
        #expect(try Spawn.frontdesk(["feed", "--db", db], input: StoreProcessTests.ringing("after") + "\n").status == 0)
        #expect(try Spawn.frontdesk(["audit", "verify", "--db", db]).status == 0)
        _ = try Self.sqlite3(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);")
        let cut = try Spawn.frontdesk(["audit", "verify", "--db", db])
        #expect(cut.status == 65 && cut.stderr.contains("cut short"), "\(cut.stderr)")

        // Undoing the restore: the kept file goes back (its trail is not the restored one's,
        // hence --force), and reading it — a WAL-mode file — leaves nothing beside it.
        let keptPath = dir.appendingPathComponent(kept).path
        let undo = try Spawn.frontdesk(["restore", "--from", keptPath, "--db", db, "--force"])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: keptPath + "-wal") && !FileManager.default.fileExists(atPath: keptPath + "-shm"))
        #expect(try Self.counts(db, ["call"])["call"] == liveCalls)
    }

    @Test("restore refuses a missing file, a non-SQLite file, a damaged copy, a broken audit chain and a newer schema; the database stays byte-identical")
    func restoreRefusesBadInputAndChangesNothing() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let taken = try Spawn.frontdesk(["backup", "--db", db])
        #expect(taken.status == 0, "\(taken.stderr)")
        let good = try Self.report(taken.stdout).path
        let goodBytes = try Data(contentsOf: URL(fileURLWithPath: good))

        func bad(_ name: String, _ make: (String) throws -> Void) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try make(path)
            return path
        }
        let notSQLite = try bad("notes.sqlite") { try String(repeating: "this is not a database\n", count: 200).write(toFile: $0, atomically: true, encoding: .utf8) }
        let damaged = try bad("damaged.sqlite") { path in
            // Page 1 (the schema) kept; every page after it overwritten.
            var bytes = goodBytes
            let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
            for i in pageSize..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        let edited = try bad("edited.sqlite") { path in
            try goodBytes.write(to: URL(fileURLWithPath: path))
            _ = try Self.sqlite3(path, "DROP TRIGGER audit_no_update; UPDATE audit SET login = 'mallory' WHERE id = 3;")
        }
        let newer = try bad("newer.sqlite") { path in
            try goodBytes.write(to: URL(fileURLWithPath: path))
            _ = try Self.sqlite3(path, "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future');")
        }
        let cases: [(file: String, status: Int32, says: String)] = [
            (dir.appendingPathComponent("missing.sqlite").path, 66, "no backup at"),
            (notSQLite, 65, "is not a FrontDesk backup: no SQLite header"),
            (damaged, 65, "is damaged"),
            (edited, 65, "does not verify (audit row 3 was changed after it was written"),
            (newer, 65, "was written by a newer FrontDesk (schema v99-from-the-future)"),
            (db, 64, "is the database itself"),
        ]
        let original = try Data(contentsOf: URL(fileURLWithPath: db))
        let listing = try Self.files(in: dir)
        for c in cases {
            let r = try Spawn.frontdesk(["restore", "--from", c.file, "--db", db, "--force"])
            #expect(r.status == c.status, "\(c.file): \(r.stderr)")
            #expect(r.stderr.contains(c.says), "\(c.file): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == original, "\(c.file) changed the database")
            #expect(try Self.files(in: dir) == listing, "\(c.file) left a file behind")
        }
        // The good one still restores.
        #expect(try Spawn.frontdesk(["restore", "--from", good, "--db", db]).status == 0)
    }

    @Test("restore waits while a console holds a lease on the database, and --force goes ahead")
    func restoreRefusesWhileAConsoleIsOpen() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let backup = try Self.report(try Spawn.frontdesk(["backup", "--db", db]).stdout).path
        try ClinicStore.open(path: db).registerDesk(name: "Front 1", user: "ana", now: Date())
        let original = try Data(contentsOf: URL(fileURLWithPath: db))
        let listing = try Self.files(in: dir)
        let refused = try Spawn.frontdesk(["restore", "--from", backup, "--db", db])
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("consoles are using the database (Front 1 (ana)"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == original && (try Self.files(in: dir)) == listing)
        let forced = try Spawn.frontdesk(["restore", "--from", backup, "--db", db, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.counts(db, ["desk"])["desk"] == 0, "the backup's desks, taken before the console signed in")
    }

    @Test("a backup of another database's trail is refused against the recorded heads unless forced")
    func restoreRefusesAnotherDatabasesBackup() throws {
        let dir = try Self.tempDir(), other = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let foreign = try Self.clinic(in: other)
        // Same shape, different history: one more row in the foreign trail, made earlier.
        try ClinicStore.open(path: foreign).addRooms(["Room 9"], by: Actor(login: Spawn.login, desk: "x", role: .admin), now: Date())
        let copy = try Self.report(try Spawn.frontdesk(["backup", "--db", foreign]).stdout).path
        try ClinicStore.open(path: db).addRooms(["Room 1"], by: Actor(login: Spawn.login, desk: "x", role: .admin), now: Date())
        #expect(try Spawn.frontdesk(["audit", "verify", "--db", db]).status == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: db))
        let refused = try Spawn.frontdesk(["restore", "--from", copy, "--db", db])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("is not a copy of this database's audit trail"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == original)
        #expect(try Spawn.frontdesk(["restore", "--from", copy, "--db", db, "--force"]).status == 0)
        #expect(try ClinicStore.open(path: db).rooms() == ["Room 9"])
        // A forced restore starts a new epoch in the heads: verify holds the new trail only.
        let verify = try Spawn.frontdesk(["audit", "verify", "--db", db])
        #expect(verify.status == 0 && verify.stdout.contains("restored from a backup"), "\(verify.stderr)")
    }

    @Test("an older backup restores onto a machine with no database and is migrated; its own admin may do it")
    func anOlderBackupRestoresWhereThereIsNoDatabase() throws {
        let dir = try Self.tempDir()
        let old = dir.appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: old)
            try Schema.migrator.migrate(queue, upTo: "v10-follow-up-request")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO user(login, role, created_at) VALUES (?, 'admin', 0)", arguments: [Spawn.login])
            }
            try queue.close()
        }
        let target = dir.appendingPathComponent("new/clinic.sqlite").path
        let r = try Spawn.frontdesk(["restore", "--from", old, "--db", target])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("migrated to this frontdesk's schema: v11-outbox-patients"), "\(r.stdout)")
        let store = try ClinicStore.open(path: target)
        let versions = try store.schemaVersions()
        #expect(Set(versions.known) == Set(versions.applied))
        #expect(try store.auditTrail().first?.action == "backup.restored")
        #expect(Self.mode(target) == 0o600)
    }

    @Test("backup and restore are an admin's: a supervisor is refused (exit 77) and no file is written; --to the database itself is refused")
    func onlyAdmins() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir, role: .supervisor)
        let b = try Spawn.frontdesk(["backup", "--db", db])
        #expect(b.status == 77 && b.stderr.contains("a supervisor may not back up the clinic's database (needs the admin role)"), "\(b.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("backups").path))
        let r = try Spawn.frontdesk(["restore", "--from", db, "--db", db])
        #expect(r.status == 77 && r.stderr.contains("may not restore the clinic's database from a backup"), "\(r.stderr)")

        let adminDir = try Self.tempDir()
        let adminDB = try Self.clinic(in: adminDir)
        let itself = try Spawn.frontdesk(["backup", "--db", adminDB, "--to", adminDB])
        #expect(itself.status == 64 && itself.stderr.contains("is the database itself"), "\(itself.stderr)")
        // --to FILE replaces an existing file whole.
        let file = adminDir.appendingPathComponent("nightly.sqlite").path
        try "yesterday".write(toFile: file, atomically: true, encoding: .utf8)
        let to = try Spawn.frontdesk(["backup", "--db", adminDB, "--to", file])
        #expect(to.status == 0, "\(to.stderr)")
        #expect(try Self.sqlite3(file, "PRAGMA integrity_check;").stdout == "ok\n" && Self.mode(file) == 0o600)
    }

    @Test("through the service account: backups and the downtime copy land in the guarded folders as the account's, 0600; a path a person names is refused (the copy goes to their stdout instead)")
    func throughTheBoundary() throws {
        let f: BoundaryFixture
        do { f = try BoundaryFixture.make() } catch { Issue.record("the boundary test cannot run: \(error)"); return }
        defer { f.remove() }
        let admin = BoundaryFixture.supervisor, desk = BoundaryFixture.receptionist
        for (login, role) in [(admin, "admin"), (desk, "receptionist")] {
            #expect(try f.asRoot(["users", "add", login, "--role", role]).status == 0)
        }
        let state = (f.database as NSString).deletingLastPathComponent
        let svc = try #require(getpwnam(BoundaryFixture.serviceAccount)).pointee.pw_uid
        func owner(_ path: String) -> (uid: uid_t, mode: mode_t)? {
            var st = stat()
            return stat(path, &st) == 0 ? (st.st_uid, st.st_mode & 0o777) : nil
        }

        let taken = try f.run(as: admin, ["backup"])
        #expect(taken.status == 0, "\(taken.stderr)")
        let backup = try Self.report(taken.stdout).path
        #expect((backup as NSString).deletingLastPathComponent == state + "/backups")
        #expect(owner(backup).map { $0.uid == svc && $0.mode == 0o600 } == true)
        #expect(try f.run(as: admin, ["doctor"]).stdout.contains("ok    backup: last backup in \(state)/backups is 0 h old"))
        let elsewhere = try f.run(as: admin, ["backup", "--to", "/tmp/fd-copy-\(UUID().uuidString).sqlite"])
        #expect(elsewhere.status == 64 && elsewhere.stderr.contains("backup --to is not available through the service account"), "\(elsewhere.stderr)")
        #expect(try f.run(as: desk, ["backup"]).status == 77)

        let copy = try f.run(as: desk, ["downtime"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(owner(state + "/downtime/downtime-latest.html").map { $0.uid == svc && $0.mode == 0o600 } == true)
        let mine = try f.run(as: desk, ["downtime", "--out", "/home/\(desk)/downtime.html"])
        #expect(mine.status == 64 && mine.stderr.contains("use --out - > FILE"), "\(mine.stderr)")
        let stdout = try f.run(as: desk, ["downtime", "--out", "-"])
        #expect(stdout.status == 0 && stdout.stdout.hasPrefix("<!DOCTYPE html>") && stdout.stdout.hasSuffix("</html>\n"), "\(stdout.stderr)")

        // Restore reads only the backups folder: not a file the person points the account at.
        let outside = try f.run(as: admin, ["restore", "--from", "/etc/passwd"])
        #expect(outside.status == 77 && outside.stderr.contains("restore reads only backups in \(state)/backups"), "\(outside.stderr)")
        let restored = try f.run(as: admin, ["restore", "--from", backup])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(owner(f.database).map { $0.uid == svc && $0.mode == 0o600 } == true)
        let verify = try f.run(as: admin, ["audit", "verify"])
        #expect(verify.status == 0 && verify.stdout.contains("restored from a backup"), "\(verify.stderr)")
    }
}
