import Foundation
import FrontDeskCore
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What a backup file holds, read from the file itself (never from what was meant to be in it).
public struct BackupSummary: Sendable {
    public struct TableRows: Equatable, Sendable {
        public var table: String
        public var rows: Int
    }

    public var path: String
    public var bytes: Int64
    /// Rows in each of the clinic's main tables present in the file, in a fixed order.
    public var tables: [TableRows]
    /// The copy's audit chain, walked end to end (rows, head).
    public var audit: AuditVerification
    /// The newest audit row's time: about when the copy was taken.
    public var lastAuditAt: Date?
    /// Schema versions applied to the file.
    public var schema: [String]
    /// Older than this build: opening the restored file migrates it.
    public var olderSchema: Bool
    /// Who the copy's clinic knows, and as what (logins only; no patient data).
    public var users: [String: Role]

    public func rows(_ table: String) -> Int? { tables.first { $0.table == table }?.rows }

    /// The tables a summary counts: the clinic's records, its work, its people and its audit.
    public static let mainTables = ["patient", "visit", "readiness", "call", "task", "desk", "user", "room",
                                    "waitlist", "hl7_outbox", "audit"]
}

/// Why a backup or a restore was refused or failed. Each case leaves the target as it was
/// (a restore that fails after the swap puts the replaced database back first).
public enum BackupError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case notADatabase(String, reason: String)
    case damaged(String, reason: String)
    case newerSchema(String, unknown: [String])
    case auditBroken(String, problem: String)
    /// The heads recorded for the database being replaced disagree with the backup's chain.
    case otherLineage(String, problem: String)
    /// A desk renewed its lease on the database being replaced within the last minute.
    case consolesActive([String])
    case targetUnreadable(String, reason: String)
    case sameFile(String)
    case io(String)
    case restoredWillNotOpen(String, reason: String, putBack: Bool)

    public var description: String {
        switch self {
        case let .missing(p): return "no backup at \(p)"
        case let .notADatabase(p, reason): return "\(p) is not a FrontDesk backup: \(reason)"
        case let .damaged(p, reason): return "\(p) is damaged (integrity_check: \(reason)); nothing was changed"
        case let .newerSchema(p, unknown):
            return "\(p) was written by a newer FrontDesk (schema \(unknown.joined(separator: ", "))); upgrade frontdesk first; nothing was changed"
        case let .auditBroken(p, problem): return "the audit trail in \(p) does not verify (\(problem)); nothing was changed"
        case let .otherLineage(p, problem):
            return "\(p) is not a copy of this database's audit trail (\(problem)); restore it anyway with --force if that is meant"
        case let .consolesActive(desks):
            return "consoles are using the database (\(desks.joined(separator: ", ")) renewed a lease within the last minute): "
                + "quit them first, or pass --force; nothing was changed"
        case let .targetUnreadable(p, reason):
            return "cannot read \(p) (\(reason)), so cannot tell whether a console has it open: stop every console, then pass --force; nothing was changed"
        case let .sameFile(p): return "\(p) is the database itself; name another file"
        case let .io(what): return what
        case let .restoredWillNotOpen(p, reason, putBack):
            return "the restored database would not open (\(reason)); " + (putBack ? "the previous database is back at \(p)" : "\(p) may need attention")
        }
    }
}

public enum BackupNames {
    /// `20260302-101500`: UTC, sorts as time does.
    public static func stamp(_ date: Date) -> String {
        let iso = ISOTime.string(date)   // 2026-03-02T10:15:00Z
        return iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: "T", with: "-").replacingOccurrences(of: "Z", with: "")
    }

    /// `frontdesk-20260302-101500.sqlite`, the name `backup` gives in the backups folder.
    public static func backupFile(at date: Date) -> String { "frontdesk-\(stamp(date)).sqlite" }
}

extension ClinicStore {
    // MARK: taking a backup

    /// A consistent copy of the live database at `path`, through SQLite's online backup (one
    /// read transaction: desks go on writing meanwhile). Written to a temporary file in the
    /// target folder, checked there (`integrity_check`, the audit chain), switched out of WAL
    /// so it is one self-contained file, synced, mode 0600, then put in place — renamed over
    /// `path` when `replacing`, else only where nothing is (`-2`, `-3`… appended on a clash).
    /// Audited as `backup.taken` with the file's name. Any failure leaves no file behind.
    public func takeBackup(to path: String, replacing: Bool, by actor: Actor, now: Date) throws -> BackupSummary {
        try checkFile()
        let writer = try sqlite(for: "`frontdesk backup`")
        if let live = self.path, Self.isDatabaseFile(path, of: live) { throw BackupError.sameFile(path) }
        let dir = AtomicFile.folder(of: path)
        let (temp, fd) = try Self.io { try AtomicFile.temporary(in: dir, prefix: ".frontdesk-backup") }
        close(fd)
        var placed: String?
        defer { if placed == nil { Self.removeDatabaseFiles(temp) } }
        var summary: BackupSummary
        do {
            let copy = try DatabaseQueue(path: temp)
            try Self.busyAware { try writer.backup(to: copy) }
            try Self.leaveWAL(copy)
            summary = try Self.summary(of: copy, path: temp)
            try copy.close()
        } catch let e as BackupError { throw e } catch let e as StoreError { throw e } catch {
            throw BackupError.io("cannot copy the database to \(dir): \(error)")
        }
        summary.path = path
        try Self.check(summary)
        placed = try Self.place(temp, at: path, replacing: replacing)
        summary.path = placed!
        summary.bytes = Self.size(of: placed!)
        let name = (placed! as NSString).lastPathComponent
        do {
            try write(actor, now: now) { tx in
                try tx.audit("backup.taken", detail: "file=\(name) audit-head=\(summary.audit.head?.id ?? 0)")
            }
        } catch {
            // Unaudited, it did not happen: the copy goes too.
            unlink(placed!)
            throw error
        }
        return summary
    }

    /// Renames (or links, when not replacing) the finished temporary into place; the name it got.
    static func place(_ temp: String, at path: String, replacing: Bool) throws -> String {
        if replacing {
            try io { try AtomicFile.install(temp, at: path, replacing: true) }
            return path
        }
        let base = (path as NSString).deletingPathExtension, ext = (path as NSString).pathExtension
        for n in 1...99 {
            let candidate = n == 1 ? path : "\(base)-\(n)" + (ext.isEmpty ? "" : ".\(ext)")
            do { try AtomicFile.install(temp, at: candidate, replacing: false); return candidate } catch {
                if (error as? AtomicFile.Failure)?.code == EEXIST { continue }
                throw BackupError.io("\(error)")
            }
        }
        throw BackupError.io("cannot find a free name beside \(path)")
    }

    // MARK: reading a backup

    /// Reads the backup at `path` without changing it: a SQLite file (by its header), opened
    /// read-only, `integrity_check` ok, a FrontDesk schema no newer than this build's, an audit
    /// chain that verifies. Throws `BackupError` naming what is wrong.
    public static func inspectBackup(path: String, config: StoreConfig = .default) throws -> BackupSummary {
        let source = try BackupSource(path, config: config)
        defer { source.close() }
        let summary = try summary(of: source.queue, path: path)
        try check(summary)
        return summary
    }

    /// The summary of the database behind `queue` (a backup or a copy being made), with
    /// every check's verdict: `check` turns a bad one into its error.
    static func summary(of queue: DatabaseQueue, path: String) throws -> BackupSummary {
        do {
            let (integrity, tables, schema, users, lastAt) = try queue.read { db -> ([String], [BackupSummary.TableRows], [String], [String: Role], Double?) in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
                let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                guard present.contains("audit"), present.contains("grdb_migrations"), present.contains("user") else {
                    throw BackupError.notADatabase(path, reason: "a SQLite file without FrontDesk's tables")
                }
                var tables: [BackupSummary.TableRows] = []
                for t in BackupSummary.mainTables where present.contains(t) {
                    tables.append(.init(table: t, rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(t)\"") ?? 0))
                }
                let schema = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                var users: [String: Role] = [:]
                for r in try Row.fetchAll(db, sql: "SELECT login, role FROM \"user\"") {
                    if let role = Role(rawValue: r["role"]) { users[r["login"]] = role }
                }
                return (integrity, tables, schema, users, try Double.fetchOne(db, sql: "SELECT max(at) FROM audit"))
            }
            guard integrity == ["ok"] else { throw BackupError.damaged(path, reason: integrity.prefix(3).joined(separator: "; ")) }
            let audit = try ClinicStore(writer: queue, path: nil, config: .default).verifyAuditChain()
            let order = Schema.migrator.migrations, known = Set(order)
            // In the migrator's order (what this build would apply next), unknown ones last.
            let ordered = order.filter(Set(schema).contains) + schema.filter { !known.contains($0) }
            return BackupSummary(path: path, bytes: size(of: path), tables: tables, audit: audit,
                                 lastAuditAt: lastAt.map(Date.init(timeIntervalSince1970:)), schema: ordered,
                                 olderSchema: !known.isSubset(of: Set(schema)), users: users)
        } catch let e as BackupError { throw e } catch {
            throw opening(path, error).asBackupError(path)
        }
    }

    static func check(_ s: BackupSummary) throws {
        let unknown = Set(s.schema).subtracting(Schema.migrator.migrations)
        if !unknown.isEmpty { throw BackupError.newerSchema(s.path, unknown: unknown.sorted()) }
        if let problem = s.audit.problem { throw BackupError.auditBroken(s.path, problem: problem) }
    }

    // MARK: the downtime copy

    /// The paper copy holds two days of patients' names and numbers: who wrote one, where, and
    /// on what schedule is audited (once per run, not per rewrite).
    public func recordDowntimeCopy(file: String, every: TimeInterval?, by actor: Actor, now: Date) throws {
        try AccessPolicy.require(actor.role, .viewPatients)
        try write(actor, now: now) { tx in
            try tx.audit("downtime.written", detail: "file=\(file)" + (every.map { " every=\(Int($0))s" } ?? ""))
        }
    }

    // MARK: helpers

    /// A backup is one file: out of WAL (which the online backup copies from a WAL database).
    static func leaveWAL(_ queue: DatabaseQueue) throws {
        let mode = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        guard mode?.lowercased() == "delete" else { throw BackupError.io("cannot take the copy out of WAL mode (\(mode ?? "?"))") }
    }

    /// Whether `path` is the database `live` or one of its own files.
    static func isDatabaseFile(_ path: String, of live: String) -> Bool {
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.path, db = URL(fileURLWithPath: live).standardizedFileURL.path
        if [db, db + "-wal", db + "-shm", db + "-journal", db + ".audit-heads"].contains(resolved) { return true }
        guard let a = FileIdentity(path: path) else { return false }
        return [live, live + "-wal", live + "-shm", live + ".audit-heads"].contains { FileIdentity(path: $0) == a }
    }

    static func removeDatabaseFiles(_ path: String, keepMain: Bool = false) {
        if !keepMain { unlink(path) }
        for s in ["-journal", "-wal", "-shm"] { unlink(path + s) }
    }

    static func size(of path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : -1
    }

    static func io<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as BackupError { throw e } catch { throw BackupError.io("\(error)") }
    }
}

/// A backup file as SQLite reads it. FrontDesk's own backups are rollback-journal files,
/// opened where they are, read-only, which creates nothing beside them. A WAL-mode file (a
/// kept `before-restore` database, a raw copy of a live one) would make SQLite create `-shm`
/// and `-wal` files beside it even read-only, so it is read from a private copy instead (its
/// `-wal` too, when there is one), removed when done: reading a backup never changes its folder.
final class BackupSource {
    let queue: DatabaseQueue
    private let staged: String?

    init(_ path: String, config: StoreConfig) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { throw BackupError.missing(path) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw BackupError.notADatabase(path, reason: "not a regular file") }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BackupError.io("cannot read \(path): \(String(cString: strerror(errno)))") }
        var header = [UInt8](repeating: 0, count: 20)
        let n = Glibc.read(fd, &header, 20)
        Glibc.close(fd)
        guard n == 20, Array(header[0..<16]) == Array("SQLite format 3\0".utf8) else {
            throw BackupError.notADatabase(path, reason: "no SQLite header")
        }
        var file = path
        if header[18] == 2 || header[19] == 2 {
            var template = Array((FileManager.default.temporaryDirectory.path + "/frontdesk-restore-XXXXXX").utf8CString)
            guard let dir = mkdtemp(&template) else { throw BackupError.io("cannot make a private folder: \(String(cString: strerror(errno)))") }
            staged = String(cString: dir)
            file = staged! + "/backup.sqlite"
            do {
                try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: path)), to: file)
                if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")), !wal.isEmpty { try AtomicFile.write(wal, to: file + "-wal") }
            } catch {
                try? FileManager.default.removeItem(atPath: staged!)
                throw BackupError.io("cannot read \(path): \(error)")
            }
        } else {
            staged = nil
        }
        var c = Configuration()
        c.readonly = true
        c.busyMode = .timeout(config.busyTimeout)
        do { queue = try DatabaseQueue(path: file, configuration: c) } catch {
            if let staged { try? FileManager.default.removeItem(atPath: staged) }
            throw ClinicStore.opening(path, error).asBackupError(path)
        }
    }

    func close() {
        try? queue.close()
        if let staged { try? FileManager.default.removeItem(atPath: staged) }
    }
}

extension StoreError {
    func asBackupError(_ path: String) -> BackupError {
        switch self {
        case let .damaged(_, reason):
            return reason.contains("not a database") ? .notADatabase(path, reason: reason) : .damaged(path, reason: reason)
        case let .cannotOpen(_, reason): return .notADatabase(path, reason: reason)
        default: return .io("\(self)")
        }
    }
}
