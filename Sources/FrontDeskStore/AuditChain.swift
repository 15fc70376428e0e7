import Crypto
import Foundation

/// One row of the audit trail as the chain sees it: its content and the previous row's hash.
/// The hash is SHA-256 over a length-prefixed encoding of every field (no separator can be
/// forged inside a value), the time as the stored double's exact bits.
struct AuditLink: Equatable {
    var id: Int64
    var at: Double
    var login: String
    var desk: String
    var action: String
    var patientID: Int64?
    var detail: String?
    var previousHash: String

    var hash: String {
        var bytes: [UInt8] = []
        func field(_ s: String) { let u = Array(s.utf8); bytes += Array(String(u.count).utf8) + [0x3A] + u + [0x1F] }
        field("frontdesk-audit-v1")
        field(String(id))
        field(String(at.bitPattern, radix: 16))
        field(login); field(desk); field(action)
        field(patientID.map(String.init) ?? "-")
        field(detail.map { "+" + $0 } ?? "-")
        field(previousHash)
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// What walking the chain found.
public struct AuditVerification: Equatable, Sendable {
    public var rows: Int
    /// The last row (id, hash): what `audit verify` records outside the database.
    public var head: (id: Int64, hash: String)?
    /// The first problem, in words, naming the row; nil when the chain holds.
    public var problem: String?
    /// When the database was last restored from a backup (heads before it describe the
    /// database that restore replaced); nil when it never was.
    public var restoredAt: Date?

    public static func == (a: Self, b: Self) -> Bool {
        a.rows == b.rows && a.head?.id == b.head?.id && a.head?.hash == b.head?.hash && a.problem == b.problem
            && a.restoredAt == b.restoredAt
    }
}

extension ClinicStore {
    /// Walks the audit trail in id order: every row's hash recomputed, every row's link to the
    /// one before checked. The first row that does not match is named (an edited row fails its
    /// own hash; a deleted or reordered one breaks the next row's link).
    public func verifyAuditChain() throws -> AuditVerification {
        try read { db in
            var previous = ""
            var count = 0
            var last: (Int64, String)?
            // In pages by id, so memory stays bounded however long the trail grows.
            var after = Int64.min
            while true {
            let page = try SQLRow.fetchAll(db, sql: "SELECT id, at, login, desk, action, patient_id, detail, prev_hash, hash FROM audit WHERE id > ? ORDER BY id LIMIT 1000",
                                           arguments: [after])
            if page.isEmpty { break }
            after = page.last![0]
            for r in page {
                count += 1
                let link = AuditLink(id: r[0], at: r[1], login: r[2], desk: r[3], action: r[4], patientID: r[5], detail: r[6],
                                     previousHash: r[7])
                let stored: String = r[8]
                if link.previousHash != previous {
                    return AuditVerification(rows: count, head: last, problem:
                        "audit row \(link.id) does not follow row \(last.map { String($0.0) } ?? "none"): a row before it was deleted, edited or moved")
                }
                if link.hash != stored {
                    return AuditVerification(rows: count, head: last, problem: "audit row \(link.id) was changed after it was written (its hash does not match)")
                }
                previous = stored
                last = (link.id, stored)
            }
            }
            return AuditVerification(rows: count, head: last, problem: nil)
        }
    }

    /// The last row of the chain, if any.
    public func auditHead() throws -> (id: Int64, hash: String)? {
        try read { db in
            try SQLRow.fetchOne(db, sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").map { ($0[0], $0[1]) }
        }
    }

    /// Whether the chain still holds the row `id` with `hash` (a head recorded outside).
    public func auditHasRow(id: Int64, hash: String) throws -> Bool {
        try read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit WHERE id = ?", arguments: [id]) == hash }
    }
}

extension Tx {
    /// Appends one row, chained to the last. Inside the IMMEDIATE transaction nobody can write
    /// between reading the last hash and inserting after it.
    func appendAudit(login: String, desk: String, action: String, patient: Int64?, detail: String?) throws {
        let last = try SQLRow.fetchOne(db, sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")
        let link = AuditLink(id: (last.map { $0[0] as Int64 } ?? 0) + 1, at: t, login: login, desk: desk, action: action,
                             patientID: patient, detail: detail, previousHash: last.map { $0[1] as String } ?? "")
        try db.execute(sql: """
            INSERT INTO audit(id, at, login, desk, action, patient_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [link.id, link.at, login, desk, action, patient, detail, link.previousHash, link.hash])
    }
}
