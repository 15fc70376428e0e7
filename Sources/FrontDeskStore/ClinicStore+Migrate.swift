import Foundation
import FrontDeskCore

/// What `copyClinic` did, table by table, and what it checked after.
public struct ClinicCopy: Sendable {
    /// Rows per table, as read from the source and as counted on the target afterwards.
    public var tables: [(name: String, source: Int, target: Int)]
    /// The source's audit head, and the target's chain once the copy's own row was added.
    public var sourceHead: (id: Int64, hash: String)?
    public var targetVerification: AuditVerification
}

extension ClinicStore {
    /// Every table of a clinic, in the order they are copied (the schema's own order).
    static let clinicTables = [
        "patient", "visit", "readiness", "call", "desk", "journal", "audit", "unlock_grant", "console_lock",
        "pin_attempt", "\"user\"", "room", "visit_copay", "schedule_calendar", "waitlist", "task", "waitlist_offer",
        "hl7_message", "patient_identifier", "hl7_appointment", "practice_link", "hl7_outbox", "practice_setup", "flow_event",
        "site", "phone_queue_site", "provider_site", "user_site",
    ]
    /// Tables whose key the database numbers, and that key's column.
    static let numberedTables = [("patient", "id"), ("visit", "id"), ("journal", "seq"), ("audit", "id"), ("unlock_grant", "id"),
                                 ("waitlist", "id"), ("task", "id"), ("hl7_outbox", "id"), ("flow_event", "id")]

    /// Copies this clinic (a SQLite file), every row of every table — the journal, the audit
    /// trail and the flow log included — into `target`, an empty PostgreSQL clinic, in one
    /// transaction there, read from one snapshot here; then checks every table's count and the
    /// audit chain on the target, which continues with a `clinic.migrated` row. Nothing is
    /// kept on the target when any of it fails.
    public func copyClinic(to target: ClinicStore, by actor: Actor, now: Date) throws -> ClinicCopy {
        guard case .sqlite = engine else { throw StoreError.invalid("the clinic to copy is a SQLite file") }
        guard case .postgres(let server) = target.engine else { throw StoreError.invalid("the copy goes to a PostgreSQL database") }
        if try target.read({ db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? 0 }) > 0 {
            throw StoreError.invalid("\(target.location) already holds a clinic (its audit trail has rows); copy into an empty database")
        }
        let head = try auditHead()
        var counts: [(String, Int)] = []
        try read { source in
            try server.transaction(isolation: .readCommitted) { db in
                try db.execute(sql: "SET CONSTRAINTS ALL DEFERRED", arguments: [])
                for table in Self.clinicTables {
                    var n = 0
                    var batch: [SQLRow] = []
                    // Many rows to a statement (within PostgreSQL's 65,535 parameters): a round
                    // trip per row would make a year's clinic a long copy.
                    func flush() throws {
                        guard let first = batch.first else { return }
                        let columns = first.columns.map { $0 == "user" ? "\"user\"" : $0 }
                        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
                        try db.execute(sql: "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
                                           + Array(repeating: tuple, count: batch.count).joined(separator: ", "),
                                       arguments: SQLArguments(batch.flatMap(\.values)))
                        n += batch.count
                        batch.removeAll(keepingCapacity: true)
                    }
                    try source.forEachRow(sql: "SELECT * FROM \(table)", arguments: []) { row in
                        batch.append(row)
                        if batch.count >= min(500, 60_000 / max(1, row.values.count)) { try flush() }
                    }
                    try flush()
                    // The visit trigger logged each copied visit's status again: the copied flow log stands.
                    if table == "visit" { try db.execute(sql: "DELETE FROM flow_event", arguments: []) }
                    counts.append((table, n))
                }
                for (table, key) in Self.numberedTables {
                    try db.execute(sql: "SELECT setval(pg_get_serial_sequence('\(table)', '\(key)'), coalesce(max(\(key)), 0) + 1, false) FROM \(table)",
                                   arguments: [])
                }
            }
        }
        try target.write(actor, now: now) { tx in
            try tx.audit("clinic.migrated", detail: "from \(path.map { ($0 as NSString).lastPathComponent } ?? "a SQLite file"): \(counts.map(\.1).reduce(0, +)) rows")
        }
        var tables: [(name: String, source: Int, target: Int)] = []
        for (table, n) in counts {
            let there = try target.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
            // The copy's own audit row is the one row more.
            tables.append((table.replacingOccurrences(of: "\"", with: ""), n, table == "audit" ? there - 1 : there))
        }
        return ClinicCopy(tables: tables, sourceHead: head, targetVerification: try target.verifyAuditChain())
    }
}
