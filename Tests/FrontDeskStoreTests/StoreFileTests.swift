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

    @Test func filesAreOwnerAndGroupOnly() throws {
        let store = try Fixture.diskClinic()
        let path = try #require(store.path)
        for p in [path, path + "-wal", path + "-shm"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int)
            #expect(mode & 0o007 == 0, "\(p) has mode \(String(mode, radix: 8))")
        }
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
