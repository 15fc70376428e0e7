import Foundation
import Testing
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore

@Suite("Store: the database file")
struct StoreFileTests {
    func sqlite3(_ path: String, _ sql: String) throws -> Spawn.Result {
        try Spawn.run("/usr/bin/sqlite3", [path, sql])
    }

    @Test func theAuditTrailRefusesUpdateAndDelete() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        let count = try store.auditTrail().count
        #expect(count > 0)
        let update = try sqlite3(path, "UPDATE audit SET login = 'mallory';")
        let delete = try sqlite3(path, "DELETE FROM audit;")
        #expect(update.status != 0 && update.stderr.contains("append-only"))
        #expect(delete.status != 0 && delete.stderr.contains("append-only"))
        #expect(try store.auditTrail().count == count)
        #expect(try store.auditTrail().allSatisfy { $0.login != "mallory" })
    }

    @Test func schemaConstraintsRefuseBadRows() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        #expect(try sqlite3(path, "INSERT INTO task(kind, state, title, created_at) VALUES ('nap', 'queued', 'x', 0);").status != 0)
        #expect(try sqlite3(path, "INSERT INTO visit(patient_id, provider, status, status_since) VALUES (999, 'p', 'scheduled', 0);").status != 0)
        #expect(try sqlite3(path, "PRAGMA foreign_keys=ON; INSERT INTO visit(patient_id, provider, walk_in, status, status_since) VALUES (999, 'p', 1, 'arrived', 0);").status != 0)
    }

    @Test func filesAndFolderAreOwnerOnly() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        for p in [path, path + "-wal", path + "-shm"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(p) has mode \(String(mode, radix: 8))")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int)
        #expect(mode == 0o700, "\(folder) has mode \(String(mode, radix: 8))")
    }

    @Test func openingAMissingFileIsAnErrorAndCreatesNothing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString)/clinic.sqlite").path
        #expect(throws: StoreError.noDatabase(path: path)) { try ClinicStore.open(path: path) }
        #expect(throws: StoreError.noDatabase(path: path)) { try ClinicStore.openReadOnly(path: path) }
        #expect(!FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent))
    }

    @Test("a PostgreSQL URL as --db or $FRONTDESK_DB selects the server (one not listening is a clear error); any other URL is refused; no folder named postgres: or sqlite: appears")
    func aDatabaseURLIsNotAFilePath() throws {
        // Port 9 on 127.0.0.1 (discard): nothing listens there, so the server cannot be reached.
        let cwd = FileManager.default.currentDirectoryPath
        let url = "postgres://root@127.0.0.1:9/fd"
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_DB"] = url
        for (args, environment) in [(["init", "--db", url], env), (["status"], env)] {
            let r = try Spawn.run(Spawn.frontdesk, args, environment: environment)
            #expect(r.status != 0 && r.stderr.contains("cannot open database postgres://root@127.0.0.1:9/fd"), "\(args): \(r.stderr)")
        }
        for bad in ["sqlite:/tmp/x.sqlite", "postgres:/nohost"] {
            let r = try Spawn.run(Spawn.frontdesk, ["init", "--db", bad], environment: env)
            #expect(r.status != 0 && (r.stderr.contains("looks like a URL") || r.stderr.contains("is not a PostgreSQL URL")), "\(bad): \(r.stderr)")
        }
        // Taken for a relative file path, each would have made a folder here.
        #expect(!FileManager.default.fileExists(atPath: cwd + "/postgres:") && !FileManager.default.fileExists(atPath: cwd + "/sqlite:"))
    }

    /// A page overwritten on disk (a failing disk, a stray write): open says so instead of
    /// showing an empty desk.
    @Test func aDamagedFileIsRefusedAtOpen() throws {
        let path: String
        do {
            let store = try Fixture.diskClinic()
            path = try #require(store.path)
            for n in 0..<200 { try Fixture.ring(store, "d-\(n)") }
        }
        // The store is closed (WAL checkpointed into the file); scribble over page 3 onwards.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 4096 * 2 + 100)
        handle.write(Data(repeating: 0xA5, count: 4096 * 3))
        try handle.close()
        var thrown: Error?
        do { _ = try ClinicStore.open(path: path) } catch { thrown = error }
        guard case .damaged(let p, _)? = thrown as? StoreError else { Issue.record("opened a damaged file: \(String(describing: thrown))"); return }
        #expect(p == path)
        #expect("\(thrown!)".contains("is damaged") && "\(thrown!)".contains("restore \(path) from the last backup"))
        var readOnly: Error?
        do { _ = try ClinicStore.openReadOnly(path: path) } catch { readOnly = error }
        #expect({ if case .damaged? = readOnly as? StoreError { return true }; return false }())
    }

    /// A file deleted under a running console: the next write is refused, not lost into the
    /// unlinked file, and every read says so.
    @Test func aDeletedFileIsNoticedOnTheNextReadAndWrite() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        try Fixture.ring(store, "before")
        unlink(path)
        #expect(throws: StoreError.fileVanished(path: path)) { try Fixture.ring(store, "after") }
        #expect(throws: StoreError.fileVanished(path: path)) { try store.snapshot() }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aReplacedFileIsNoticed() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        let other = try #require(try ClinicStore.temporary().path)
        #expect(rename(other, path) == 0)
        #expect(throws: StoreError.fileReplaced(path: path)) { try Fixture.ring(store, "after") }
        #expect(throws: StoreError.fileReplaced(path: path)) { try store.snapshot() }
    }

    @Test func aWorldReadableDatabaseGetsAWarning() throws {
        let path = try #require(try ClinicStore.temporary().path)
        chmod(path, 0o644)
        let again = try ClinicStore.open(path: path)
        #expect(again.warnings.contains { $0.contains("accessible to all users") })
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let path = try #require(try ClinicStore.temporary().path)
        #expect(try sqlite3(path, "INSERT INTO grdb_migrations VALUES ('v9-from-the-future');").status == 0)
        #expect(throws: StoreError.newerSchema(unknown: ["v9-from-the-future"])) { try ClinicStore.open(path: path) }
    }

    @Test func claimsRaceAcrossConnectionsAndExactlyOneWins() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        try Fixture.ring(store, "race")
        let stores = try (0..<6).map { _ in try ClinicStore.open(path: path) }
        let wins = Locked(0)
        DispatchQueue.concurrentPerform(iterations: stores.count) { i in
            let actor = Actor(login: "u\(i)", desk: "desk-\(i)", role: .receptionist)
            if (try? stores[i].start(.answer(callID: "race"), at: actor.desk, by: actor, now: Fixture.at(1))) != nil { wins.mutate { $0 += 1 } }
        }
        #expect(wins.value == 1)
        #expect(try store.auditTrail().filter { $0.action == "call.answered" }.count == 1)
    }
}

final class Locked<T>: @unchecked Sendable {
    private var v: T
    private let lock = NSLock()
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); f(&v); lock.unlock() }
}
