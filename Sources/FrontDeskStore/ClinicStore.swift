import Foundation
import FrontDeskCore
import GRDB

/// Tunables of the live store. Defaults suit one clinic on one machine.
public struct StoreConfig: Sendable {
    /// How long the promised-callback window of an abandoned call is.
    public var callbackWindow: TimeInterval = 30 * 60
    /// A console that has not renewed its lease for this long is presumed dead.
    public var leaseDuration: TimeInterval = 30
    /// How long a writer waits for another process's transaction before giving up.
    public var busyTimeout: TimeInterval = 10
    /// The ranking the consoles run: callbacks are promises (`PolicyConfig.withPromises`).
    public var policy: PolicyConfig = .withPromises
    /// What every event and imported record from outside must satisfy (window, limits…).
    public var intake: IntakeRules = .default
    public init() {}
    public static let `default` = StoreConfig()
}

/// The one live state every console, feed and adapter on a machine shares: a SQLite file
/// in WAL mode. Every write is one short IMMEDIATE transaction that also appends to the
/// change journal (so other processes learn what changed) and to the audit trail.
///
/// Durability: `synchronous = FULL`. Each committed event is fsynced before the feed
/// acknowledges it, so a power cut loses nothing acknowledged; NORMAL would survive a
/// killed process but not a power cut, and a clinic's check-ins are worth a few ms.
///
/// Safe to share between threads: it holds nothing mutable of its own, and every read and
/// write goes through GRDB's `DatabaseWriter`, which serialises them.
public final class ClinicStore: @unchecked Sendable {
    /// Where the rows live: a SQLite file (or memory) through GRDB, or a PostgreSQL database.
    enum Engine {
        case sqlite(any DatabaseWriter)
        case postgres(PostgresServer)
    }
    let engine: Engine
    public let config: StoreConfig
    /// The file behind the store; nil for an in-memory store.
    public let path: String?
    /// Things the operator should know, e.g. a world-readable database file.
    public let warnings: [String]

    /// Which file `path` was when the store opened it (device and inode): a file deleted or
    /// replaced under a running console is noticed on the next read or write.
    let identity: FileIdentity?

    init(writer: any DatabaseWriter, path: String?, config: StoreConfig, warnings: [String] = [], identity: FileIdentity? = nil) {
        self.engine = .sqlite(writer); self.path = path; self.config = config; self.warnings = warnings; self.identity = identity
    }

    init(postgres server: PostgresServer, config: StoreConfig) {
        self.engine = .postgres(server); self.path = nil; self.config = config; self.warnings = []; self.identity = nil
    }

    /// The SQLite database, for what only SQLite has (its file's backup, integrity check,
    /// watcher); on PostgreSQL those are the server's own tools, and asking says so.
    func sqlite(for feature: String) throws -> any DatabaseWriter {
        switch engine {
        case .sqlite(let writer): return writer
        case .postgres: throw StoreError.invalid("\(feature) is for a SQLite database; on PostgreSQL use the server's own tools (see docs/deploy.md)")
        }
    }

    /// Which engine holds the rows: "sqlite" or "postgres".
    public var engineName: String {
        switch engine {
        case .sqlite: return "sqlite"
        case .postgres: return "postgres"
        }
    }

    /// Where the rows are, for messages: the file, or the PostgreSQL URL without its password.
    public var location: String {
        switch engine {
        case .sqlite: return path ?? ":memory:"
        case .postgres(let server): return server.url.description
        }
    }

    /// Opens the existing database at `path`, migrating it if this build is newer, after a
    /// quick integrity check. Only `create` makes a database: a mistyped path is an error,
    /// never a new empty clinic. Throws `StoreError.noDatabase`, `.damaged`, `.newerSchema`.
    public static func open(path: String, config: StoreConfig = .default) throws -> ClinicStore {
        guard FileIdentity(path: path) != nil else { throw StoreError.noDatabase(path: path) }
        return try openPool(path: path, config: config, warnings: try FilePermissions.check(databasePath: path))
    }

    /// Creates the database at `path` (its folder too, owner-only) or opens and migrates the
    /// one there: `frontdesk init`, the demo and tests.
    public static func create(path: String, config: StoreConfig = .default) throws -> ClinicStore {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let warnings = try FilePermissions.prepare(databasePath: path)
        return try openPool(path: path, config: config, warnings: warnings)
    }

    private static func openPool(path: String, config: StoreConfig, warnings: [String]) throws -> ClinicStore {
        var c = Configuration()
        c.busyMode = .timeout(config.busyTimeout)
        c.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do { pool = try DatabasePool(path: path, configuration: c) } catch {
            throw opening(path, error)
        }
        let store = ClinicStore(writer: pool, path: path, config: config, warnings: warnings, identity: FileIdentity(path: path))
        try store.checkIntegrity()
        do { try store.migrate() } catch let e as DatabaseError { throw opening(path, e) }
        return store
    }

    /// Opens an existing database for reading only (`status`, reports): one read-only
    /// connection, no migration. A file whose schema this build does not match exactly is
    /// refused with what to do.
    public static func openReadOnly(path: String, config: StoreConfig = .default) throws -> ClinicStore {
        guard FileIdentity(path: path) != nil else { throw StoreError.noDatabase(path: path) }
        var c = Configuration()
        c.readonly = true
        c.busyMode = .timeout(config.busyTimeout)
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path, configuration: c) } catch {
            throw opening(path, error)
        }
        let store = ClinicStore(writer: queue, path: path, config: config,
                                warnings: (try? FilePermissions.check(databasePath: path)) ?? [], identity: FileIdentity(path: path))
        try store.checkIntegrity()
        let (known, applied) = try store.schemaVersions()
        let unknown = Set(applied).subtracting(known)
        if !unknown.isEmpty { throw StoreError.newerSchema(unknown: unknown.sorted()) }
        if Set(known) != Set(applied) {
            throw StoreError.cannotOpen(path: path, reason: "its schema is older than this FrontDesk; run `frontdesk init --db \(path)` to upgrade it")
        }
        return store
    }

    /// SQLite's "not a database" and "malformed" codes say the file is damaged; anything else
    /// is a plain cannot-open with SQLite's reason.
    static func opening(_ path: String, _ error: Error) -> StoreError {
        if let e = error as? DatabaseError, e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB {
            return .damaged(path: path, reason: e.message ?? "\(e.resultCode)")
        }
        return .cannotOpen(path: path, reason: "\(error)")
    }

    /// `PRAGMA quick_check`: every page and index entry well-formed (O(pages), a few ms for a
    /// clinic's day). A damaged file is refused at open instead of showing an empty desk.
    func checkIntegrity() throws {
        guard let path, case .sqlite(let writer) = engine else { return }
        let verdict: String
        do { verdict = try writer.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check(1)") ?? "no answer" } }
        catch { throw Self.opening(path, error) }
        if verdict != "ok" { throw StoreError.damaged(path: path, reason: verdict) }
    }

    /// Throws when the file this store opened is gone from its path or another file stands
    /// there now; SQLite would go on writing to the unlinked file and lose every write.
    public func checkFile() throws {
        guard let path, let identity else { return }
        guard let now = FileIdentity(path: path) else { throw StoreError.fileVanished(path: path) }
        if now != identity { throw StoreError.fileReplaced(path: path) }
    }

    /// A private in-memory store for tests (no WAL, no other processes).
    public static func inMemory(config: StoreConfig = .default) throws -> ClinicStore {
        let store = ClinicStore(writer: try DatabaseQueue(), path: nil, config: config)
        try store.migrate()
        return store
    }

    /// A fresh on-disk store in a new temporary directory (tests that need WAL or processes).
    public static func temporary(config: StoreConfig = .default) throws -> ClinicStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontdesk-\(UUID().uuidString)")
        return try create(path: dir.appendingPathComponent("frontdesk.sqlite").path, config: config)
    }

    func migrate() throws {
        guard case .sqlite(let writer) = engine else { return try migratePostgres() }
        let migrator = Schema.migrator
        try writer.read { db in
            if try migrator.hasBeenSuperseded(db) {
                let known = Set(migrator.migrations)
                throw StoreError.newerSchema(unknown: try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted())
            }
        }
        try migrator.migrate(writer)
    }

    /// The schema versions this build knows, and those applied to the file.
    public func schemaVersions() throws -> (known: [String], applied: [String]) {
        guard case .sqlite(let writer) = engine else { return try postgresSchemaVersions() }
        return try writer.read { db in (Schema.migrator.migrations, try Schema.migrator.appliedIdentifiers(db).sorted()) }
    }

    // MARK: transactions

    /// One short IMMEDIATE write transaction: taking the write lock up front means a
    /// read-then-write never fails with SQLITE_BUSY_SNAPSHOT halfway through.
    /// `rollback`: everything is done and then undone, to say what a write would do.
    func write<T>(_ actor: Actor?, now: Date, rollback: Bool = false, _ body: (Tx) throws -> T) throws -> T {
        try checkFile()
        guard case .sqlite(let writer) = engine else { return try writePostgres(actor, now: now, rollback: rollback, body) }
        return try Self.busyAware {
            try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let tx = Tx(db: SQLiteConnection(db), actor: actor, now: now)
                    result = try body(tx)
                    return rollback ? .rollback : .commit
                }
                return result!
            }
        }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try checkFile()
        guard case .sqlite(let writer) = engine else { return try readPostgres(body) }
        return try Self.busyAware { try writer.read { db in try body(SQLiteConnection(db)) } }
    }

    /// SQLite's own result code says "busy" (or "locked"): that becomes `StoreError.busy`,
    /// which a console retries; no error text is ever matched.
    static func busyAware<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError
            where e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
            throw StoreError.busy
        } catch let e as DatabaseError where e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB {
            throw StoreError.damaged(path: nil, reason: e.message ?? "\(e.resultCode)")
        }
    }

    // MARK: change feed

    /// The journal's latest sequence number (0 for an empty journal).
    public func lastSequence() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0 }
    }

    /// What changed after `seq`, oldest first.
    public func changes(since seq: Int64, limit: Int = 10_000) throws -> [Change] {
        try read { db in
            try SQLRow.fetchAll(db, sql: "SELECT seq, kind, entity FROM journal WHERE seq > ? ORDER BY seq LIMIT ?",
                             arguments: [seq, limit]).map {
                Change(sequence: $0["seq"], kind: ChangeKind(rawValue: $0["kind"]) ?? .other, id: $0["entity"])
            }
        }
    }

    /// Drops journal rows written before `date` (watchers only need recent history), always
    /// keeping the newest so the last sequence never goes back. The audit trail is never pruned.
    @discardableResult
    public func pruneJournal(before date: Date) throws -> Int {
        try write(nil, now: date) { tx in
            try tx.db.execute(sql: "DELETE FROM journal WHERE at < ? AND seq < (SELECT max(seq) FROM journal)", arguments: [tx.t])
            return tx.changes
        }
    }

    /// The audit trail, newest first (for the supervisor and for tests).
    public func auditTrail(limit: Int = 1000) throws -> [AuditEntry] {
        try read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEntry(id: $0["id"], at: Date(timeIntervalSince1970: $0["at"]), login: $0["login"],
                           desk: $0["desk"], action: $0["action"], patientID: $0["patient_id"], detail: $0["detail"])
            }
        }
    }
}

/// A write transaction in progress: every change it makes is journalled and audited.
struct Tx {
    let db: any SQLConnection
    let actor: Actor?
    let now: Date
    var t: Double { now.timeIntervalSince1970 }

    func journal(_ kind: ChangeKind, _ id: CustomStringConvertible) throws {
        try db.execute(sql: "INSERT INTO journal(at, kind, entity) VALUES (?, ?, ?)",
                       arguments: [t, kind.rawValue, id.description])
    }

    /// Who did what to which patient. `detail` never holds patient data beyond ids.
    func audit(_ action: String, patient: Int64? = nil, detail: String? = nil) throws {
        try appendAudit(login: actor?.login ?? "system", desk: actor?.desk ?? "", action: action, patient: patient, detail: detail)
    }

    func changed(_ kind: ChangeKind, _ id: CustomStringConvertible, action: String,
                 patient: Int64? = nil, detail: String? = nil) throws {
        try journal(kind, id)
        try audit(action, patient: patient, detail: detail)
    }

    var changes: Int { db.changesCount }
}

/// What a journal row says changed.
public enum ChangeKind: String, Sendable, Codable {
    case patient, visit, call, task, desk, user, room, site, other
}

public struct Change: Equatable, Sendable {
    public var sequence: Int64
    public var kind: ChangeKind
    /// The changed row's id (a call id, a task id, a desk name…).
    public var id: String
}

public struct AuditEntry: Equatable, Sendable {
    public var id: Int64
    public var at: Date
    public var login: String
    public var desk: String
    public var action: String
    public var patientID: Int64?
    public var detail: String?
}
