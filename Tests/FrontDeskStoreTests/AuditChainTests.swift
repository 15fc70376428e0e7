import Foundation
import Testing
import GRDB
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore

/// The audit trail as a hash chain: someone who gets past the append-only triggers (with the
/// sqlite3 shell, as the tester did) still cannot edit, delete, reorder or cut off a row
/// without `verify` naming it.
@Suite("Audit trail: tamper-evident")
struct AuditChainTests {
    func sqlite3(_ path: String, _ sql: String) throws -> Spawn.Result { try Spawn.run("/usr/bin/sqlite3", [path, sql]) }

    /// A clinic with a morning's worth of audited actions, on disk.
    func clinic() throws -> (ClinicStore, String) {
        let store = try Fixture.diskClinic()
        for i in 0..<5 {
            try Fixture.ring(store, "c\(i)", at: Double(i))
            try store.start(.answer(callID: "c\(i)"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(Double(i) + 0.5))
            try store.endCall(id: "c\(i)", outcome: .informationGiven, note: nil, by: Fixture.desk1, now: Fixture.at(Double(i) + 0.9))
        }
        return (store, try #require(store.path))
    }

    @Test("an untouched trail verifies, and every row carries a hash linked to the one before")
    func intact() throws {
        let (store, path) = try clinic()
        let v = try store.verifyAuditChain()
        #expect(v.problem == nil && v.rows > 20)
        let rows = try sqlite3(path, "SELECT count(*) FROM audit WHERE length(hash) = 64 AND (id = 1 OR prev_hash = (SELECT hash FROM audit a WHERE a.id = audit.id - 1));")
        #expect(rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(v.rows))
    }

    @Test("an edited row is named", arguments: ["login = 'mallory'", "detail = 'nothing happened'", "at = at + 60", "action = 'task.done'"])
    func edited(_ change: String) throws {
        let (store, path) = try clinic()
        let r = try sqlite3(path, "DROP TRIGGER audit_no_update; UPDATE audit SET \(change) WHERE id = 7;")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try store.verifyAuditChain().problem == "audit row 7 was changed after it was written (its hash does not match)")
    }

    @Test("a deleted row breaks the next row's link")
    func deleted() throws {
        let (store, path) = try clinic()
        #expect(try sqlite3(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 9;").status == 0)
        #expect(try store.verifyAuditChain().problem?.hasPrefix("audit row 10 does not follow row 8") == true)
    }

    @Test("two rows swapped are found")
    func reordered() throws {
        let (store, path) = try clinic()
        let swap = "DROP TRIGGER audit_no_update; UPDATE audit SET id = -1 WHERE id = 5; UPDATE audit SET id = 5 WHERE id = 6; UPDATE audit SET id = 6 WHERE id = -1;"
        #expect(try sqlite3(path, swap).status == 0)
        #expect(try store.verifyAuditChain().problem != nil)
    }

    @Test("a tail cut off is found against the heads recorded outside the database")
    func truncated() throws {
        let (store, path) = try clinic()
        let log = AuditHeadLog(databasePath: path)
        #expect(try store.verifyAudit(against: log, now: Fixture.at(10)).problem == nil)
        let recorded = try #require(try log.entries().last)
        // A clean chain, cut short: the walk alone finds nothing wrong.
        #expect(try sqlite3(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > \(recorded.id - 3);").status == 0)
        #expect(try store.verifyAuditChain().problem == nil)
        let v = try store.verifyAudit(against: log, now: Fixture.at(11))
        #expect(v.problem?.contains("the audit trail was cut short") == true && v.problem?.contains("row \(recorded.id)") == true)
    }

    @Test("frontdesk audit verify exits 65 naming the row, 0 when intact, and records the head")
    func command() throws {
        let (store, path) = try clinic()
        try store.addUser(login: Spawn.login, role: .admin, by: Actor(login: Spawn.login, desk: "d", role: .admin), now: Fixture.at(0))
        let ok = try Spawn.frontdesk(["audit", "verify", "--db", path])
        #expect(ok.status == 0 && ok.stdout.contains("audit trail intact"), "\(ok.stderr)")
        #expect(try AuditHeadLog(databasePath: path).entries().count == 1)
        _ = try sqlite3(path, "DROP TRIGGER audit_no_update; UPDATE audit SET login = 'mallory' WHERE id = 3;")
        let bad = try Spawn.frontdesk(["audit", "verify", "--db", path])
        #expect(bad.status == 65 && bad.stderr.contains("audit row 3 was changed"))
    }

    @Test("rows written before the chain existed are chained by the migration")
    func migration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("old.sqlite").path
        let pool = try DatabasePool(path: path)
        try Schema.migrator.migrate(pool, upTo: "v2-unlock-grants")
        try pool.write { db in
            for i in 1...4 {
                try db.execute(sql: "INSERT INTO audit(at, login, desk, action) VALUES (?, 'ana', 'desk-1', 'old.\(i)')", arguments: [Double(i)])
            }
        }
        try pool.close()
        let store = try ClinicStore.open(path: path)
        let v = try store.verifyAuditChain()
        #expect(v.problem == nil && v.rows == 4)
        try Fixture.ring(store, "new")
        #expect(try store.verifyAuditChain().problem == nil)
    }
}
