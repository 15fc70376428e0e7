import Foundation
import FrontDeskCore

/// The store on PostgreSQL: the same operations, through the same `Tx`, on a database a
/// clinic group runs. Each write is one SERIALIZABLE transaction, run again from the start
/// when PostgreSQL cannot place it in a serial order (40001) or breaks a deadlock (40P01): the
/// checks a write makes (a claim unheld, a room free, a version unchanged) and its writes stay
/// true together across every machine. A read is one REPEATABLE READ READ ONLY transaction,
/// so a snapshot is read at one instant.
extension ClinicStore {
    /// Opens the clinic in the PostgreSQL database at `url`, migrating it if this build is
    /// newer. Only `create` makes the schema: an empty database is an error, never a new clinic.
    public static func open(postgres url: String, config: StoreConfig = .default) throws -> ClinicStore {
        let store = try connect(url, config: config)
        let versions = try store.reaching { try store.postgresSchemaVersions() }
        let (known, applied) = versions
        if applied.isEmpty {
            throw StoreError.cannotOpen(path: store.location, reason: "it holds no FrontDesk clinic yet — run `frontdesk init --db \(store.location)`")
        }
        try store.migratePostgres(versions)
        return store
    }

    /// Creates the schema in the PostgreSQL database at `url` (which must exist), or opens and
    /// migrates the clinic already there: `frontdesk init --db postgres://…`.
    public static func create(postgres url: String, config: StoreConfig = .default) throws -> ClinicStore {
        let store = try connect(url, config: config)
        try store.migratePostgres(try store.reaching { try store.postgresSchemaVersions() })
        return store
    }

    /// The clinic at `location`, a file's path or a PostgreSQL URL (`open(path:)`, `open(postgres:)`).
    public static func open(at location: String, config: StoreConfig = .default) throws -> ClinicStore {
        isPostgresURL(location) ? try open(postgres: location, config: config) : try open(path: location, config: config)
    }

    /// Creates (or opens and migrates) the clinic at `location`, a file's path or a PostgreSQL URL.
    public static func create(at location: String, config: StoreConfig = .default) throws -> ClinicStore {
        isPostgresURL(location) ? try create(postgres: location, config: config) : try create(path: location, config: config)
    }

    /// Whether `location` names a PostgreSQL database rather than a file.
    public static func isPostgresURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    private static func connect(_ url: String, config: StoreConfig) throws -> ClinicStore {
        let server: PostgresServer
        do { server = try PostgresServer(url: url) } catch let e as PostgresURL.ParseError {
            throw StoreError.invalid(e.description)
        }
        return ClinicStore(postgres: server, config: config)
    }

    /// The first read of a store just connected: a server that cannot be reached (or refuses
    /// the role, or has no such database) is a cannot-open with the server's reason, here
    /// rather than at the first write.
    private func reaching<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as StoreError { throw e } catch {
            throw StoreError.cannotOpen(path: location, reason: "\(error)")
        }
    }

    /// The migrations this build knows and those the database has, by id.
    func postgresSchemaVersions() throws -> (known: [String], applied: [String]) {
        guard case .postgres(let server) = engine else { return ([], []) }
        let known = PostgresSchema.migrations.map(\.id)
        let applied = try server.transaction(isolation: .readCommitted) { db -> [String] in
            guard try Bool.fetchOne(db, sql: "SELECT to_regclass('frontdesk_migration') IS NOT NULL") == true else { return [] }
            return try String.fetchAll(db, sql: "SELECT id FROM frontdesk_migration ORDER BY id")
        }
        return (known, applied)
    }

    /// Runs the migrations not yet applied, in order, each in its own transaction, holding an
    /// advisory lock so that two processes starting at once never run one twice.
    func migratePostgres(_ versions: (known: [String], applied: [String])? = nil) throws {
        guard case .postgres(let server) = engine else { return }
        let (known, applied) = try versions ?? postgresSchemaVersions()
        let unknown = Set(applied).subtracting(known)
        if !unknown.isEmpty { throw StoreError.newerSchema(unknown: unknown.sorted()) }
        for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
            try server.transaction(isolation: .readCommitted) { db in
                try db.execute(sql: "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", arguments: [])
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS frontdesk_migration (id TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)
                    """, arguments: [])
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM frontdesk_migration WHERE id = ?", arguments: [migration.id]) == true { return }
                for statement in PostgresSchema.statements(migration.sql) { try db.execute(sql: statement, arguments: []) }
                try db.execute(sql: "INSERT INTO frontdesk_migration(id, applied_at) VALUES (?, ?)",
                               arguments: [migration.id, Date().timeIntervalSince1970])
            }
        }
    }

    /// Gives `role` (an existing PostgreSQL role, the one every console connects as) what a
    /// console needs and no more: the live tables to read and write, and only INSERT and
    /// SELECT on the audit trail and the flow log (their triggers refuse changes too; without
    /// the privilege even a trigger dropped by mistake leaves them append-only). Run as the
    /// schema's owner, after `init` and after an upgrade that adds tables.
    public func grantApplicationRole(_ role: String) throws {
        guard case .postgres(let server) = engine else {
            throw StoreError.invalid("--app-role is for a PostgreSQL database; a SQLite file's boundary is its owner and mode (docs/security.md)")
        }
        guard role.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw StoreError.invalid("a role name is lower-case letters, digits and _ (got \(role.debugDescription))")
        }
        let appendOnly = "audit, flow_event, frontdesk_migration"
        try server.transaction(isolation: .readCommitted) { db in
            for statement in [
                "GRANT USAGE ON SCHEMA public TO \(role)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)",
                "REVOKE UPDATE, DELETE, TRUNCATE ON \(appendOnly) FROM \(role)",
                "REVOKE INSERT ON frontdesk_migration FROM \(role)",
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role)",
            ] { try db.execute(sql: statement, arguments: []) }
        }
    }

    func writePostgres<T>(_ actor: Actor?, now: Date, rollback: Bool, _ body: (Tx) throws -> T) throws -> T {
        guard case .postgres(let server) = engine else { preconditionFailure("not a PostgreSQL store") }
        var undone: T?
        do {
            return try server.transaction(isolation: .serializable) { db in
                let result = try body(Tx(db: db, actor: actor, now: now))
                if rollback { undone = result; throw RollbackRequested() }
                return result
            }
        } catch is RollbackRequested {
            return undone!
        }
    }

    func readPostgres<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        guard case .postgres(let server) = engine else { preconditionFailure("not a PostgreSQL store") }
        return try server.transaction(isolation: .repeatableRead) { db in
            try db.execute(sql: "SET TRANSACTION READ ONLY", arguments: [])
            return try body(db)
        }
    }

    /// A write asked to be undone (`rollback:`): thrown so the transaction rolls back.
    private struct RollbackRequested: Error {}
}

extension PostgresSchema {
    /// The advisory lock migrations hold ("FD" in its high bytes).
    static let migrationLock: Int64 = 0x4644_0000_0001

    /// A migration's SQL as single statements (the extended protocol takes one at a time):
    /// split at semicolons ending a line, except inside a `$$ … $$` function body.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { out.append(String(statement.dropLast())) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }
}
