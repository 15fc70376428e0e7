import Foundation
import FrontDeskCore
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What a restore did.
public struct RestoreResult: Sendable {
    public var backup: BackupSummary
    public var target: String
    /// The database that was replaced, kept as it was (`<db>.before-restore-<stamp>`); nil
    /// when there was none.
    public var kept: String?
    /// The replaced database's last audit row, when it could be read.
    public var replacedAuditHead: Int64?
    /// The restored chain's head: the backup's rows, then the restore's own row.
    public var restoredHead: (id: Int64, hash: String)
    /// Schema versions the open applied to an older backup.
    public var migrated: [String]
}

/// The database a restore would replace, as read from the file (read-only, any schema).
public struct DatabaseOnDisk: Sendable {
    public var users: [String: Role]
    /// Desks whose lease runs past a minute ago, named with their user.
    public var activeDesks: [String]
    public var auditHead: Int64?
}

extension ClinicStore {
    // MARK: the database a restore replaces

    /// The database at `path` as a restore sees it, read-only and whatever its schema: nil when
    /// there is no file; throws `BackupError.targetUnreadable` when it cannot be read.
    public static func lookAtDatabase(path: String, now: Date, config: StoreConfig = .default) throws -> DatabaseOnDisk? {
        guard FileIdentity(path: path) != nil else { return nil }
        var c = Configuration()
        c.readonly = true
        c.busyMode = .timeout(config.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: c)
            defer { try? queue.close() }
            return try queue.read { db in
                var users: [String: Role] = [:]
                for r in try Row.fetchAll(db, sql: "SELECT login, role FROM \"user\"") {
                    if let role = Role(rawValue: r["role"]) { users[r["login"]] = role }
                }
                let desks = try Row.fetchAll(db, sql: "SELECT name, \"user\" FROM desk WHERE lease_until > ? ORDER BY name",
                                             arguments: [now.timeIntervalSince1970 - 60]).map { r -> String in
                    let name: String = r["name"], user: String? = r["user"]
                    return user.map { "\(name) (\($0))" } ?? name
                }
                return DatabaseOnDisk(users: users, activeDesks: desks, auditHead: try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit"))
            }
        } catch {
            throw BackupError.targetUnreadable(path, reason: "\(opening(path, error))")
        }
    }

    // MARK: restoring

    /// Replaces the database at `target` with the backup at `backupPath`. In order, stopping at
    /// the first refusal with nothing changed: the backup is inspected (`inspectBackup`); the
    /// heads recorded for `target` since its last restore must be rows of the backup wherever
    /// its chain reaches that far (else it is another database's copy — `force` overrides);
    /// no desk may hold a lease on `target` from the last minute, and an unreadable `target`
    /// counts as in use (`force` overrides both). Then the backup is copied with the SQLite
    /// backup API into a temporary beside `target` and checked; `target`'s WAL is folded in
    /// and the file kept as `<target>.before-restore-<stamp>` (a hard link: the very file,
    /// never deleted); the copy is synced and renamed over `target`; the result must open
    /// with `open` (an older backup is migrated there) and records `backup.restored` in its
    /// audit trail, whose new head goes to the heads log as a restore marker. If it will not
    /// open, the replaced database is put back.
    public static func restore(from backupPath: String, to target: String, by actor: Actor, force: Bool, now: Date,
                               config: StoreConfig = .default) throws -> RestoreResult {
        let summary = try inspectBackup(path: backupPath, config: config)
        if isDatabaseFile(backupPath, of: target) { throw BackupError.sameFile(backupPath) }
        let backup = try BackupSource(backupPath, config: config)
        defer { backup.close() }
        let source = backup.queue

        let log = AuditHeadLog(databasePath: target)
        if !force, let problem = try lineageProblem(log: log, backup: ClinicStore(writer: source, path: nil, config: config),
                                                     backupHead: summary.audit.head?.id ?? 0) {
            throw BackupError.otherLineage(backupPath, problem: problem)
        }

        var replacedHead: Int64?
        let dir = AtomicFile.folder(of: target)
        let exists = FileIdentity(path: target) != nil
        if exists {
            let disk: DatabaseOnDisk?
            do { disk = try lookAtDatabase(path: target, now: now, config: config) } catch {
                if !force { throw error }
                disk = nil
            }
            if let disk, !disk.activeDesks.isEmpty, !force { throw BackupError.consolesActive(disk.activeDesks) }
            replacedHead = disk?.auditHead
        } else {
            try io { try AtomicFile.ensureFolder(dir) }
        }

        // The copy first, beside the target: until the swap the target is untouched.
        let (temp, fd) = try io { try AtomicFile.temporary(in: dir, prefix: "." + (target as NSString).lastPathComponent + ".restore") }
        close(fd)
        var installed = false
        defer { if !installed { removeDatabaseFiles(temp) } }
        do {
            let copy = try DatabaseQueue(path: temp)
            try source.backup(to: copy)
            try leaveWAL(copy)
            let verdict = try copy.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(5)") }
            try copy.close()
            guard verdict == ["ok"] else { throw BackupError.damaged(temp, reason: verdict.joined(separator: "; ")) }
        } catch let e as BackupError { throw e } catch {
            throw BackupError.io("cannot copy \(backupPath) beside \(target): \(error)")
        }

        // The swap. The replaced file is kept under its new name first (its WAL folded in, or
        // moved beside it when it could not be), so the restored file never meets a WAL that
        // is not its own; a failed rename puts the WAL back and drops the extra name.
        var kept: String?
        if exists {
            let walEmpty = foldWAL(target, config: config)
            let name = try keep(target, stamp: BackupNames.stamp(now))
            if !walEmpty, size(of: target + "-wal") > 0, rename(target + "-wal", name + "-wal") != 0 {
                unlink(name)
                throw BackupError.io("cannot keep \(target)-wal beside \(name): \(String(cString: strerror(errno))); nothing was changed")
            }
            kept = name
        }
        unlink(target + "-wal"); unlink(target + "-shm")
        do { try AtomicFile.install(temp, at: target, replacing: true) } catch {
            if let kept {
                if FileIdentity(path: kept + "-wal") != nil { rename(kept + "-wal", target + "-wal") }
                unlink(kept)
            }
            throw BackupError.io("\(error); nothing was changed")
        }
        installed = true

        do {
            let before = Set(summary.schema)
            let store = try ClinicStore.open(path: target, config: config)
            let migrated = try store.schemaVersions().applied.filter { !before.contains($0) }
            let keptName = kept.map { ($0 as NSString).lastPathComponent } ?? "none"
            try store.write(actor, now: now) { tx in
                try tx.audit("backup.restored", detail: "from=\((backupPath as NSString).lastPathComponent) backup-head=\(summary.audit.head?.id ?? 0) "
                             + "replaced-head=\(replacedHead.map(String.init) ?? "unknown") kept=\(keptName)")
            }
            guard let head = try store.auditHead() else { throw StoreError.invalid("no audit row after the restore") }
            try log.appendRestore(id: head.id, hash: head.hash, at: now)
            return RestoreResult(backup: summary, target: target, kept: kept, replacedAuditHead: replacedHead,
                                 restoredHead: head, migrated: migrated)
        } catch {
            let putBack = kept.map { putBackKept($0, at: target) } ?? false
            throw BackupError.restoredWillNotOpen(target, reason: "\(error)", putBack: putBack)
        }
    }

    /// The first head recorded for the target (since its last restore) that falls within the
    /// backup's chain and is not a row of it.
    static func lineageProblem(log: AuditHeadLog, backup: ClinicStore, backupHead: Int64) throws -> String? {
        for entry in try log.currentEntries().entries where entry.id <= backupHead {
            if try !backup.auditHasRow(id: entry.id, hash: entry.hash) {
                return "\(log.path) recorded audit row \(entry.id) on \(ISOTime.string(entry.at)), and the backup's row \(entry.id) differs"
            }
        }
        return nil
    }

    /// Checkpoints `path`'s WAL into the main file (TRUNCATE); true when nothing is left in it.
    static func foldWAL(_ path: String, config: StoreConfig) -> Bool {
        var c = Configuration()
        c.busyMode = .timeout(config.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: c)
            defer { try? queue.close() }
            let busy = try queue.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") ?? 1 }
            return busy == 0 && size(of: path + "-wal") == 0
        } catch {
            return size(of: path + "-wal") <= 0
        }
    }

    /// `path` kept under a new name as the very same file (a hard link; a synced copy where
    /// the filesystem has none).
    static func keep(_ path: String, stamp: String) throws -> String {
        for n in 1...99 {
            let kept = path + ".before-restore-" + stamp + (n == 1 ? "" : "-\(n)")
            if FileIdentity(path: kept) != nil { continue }
            if link(path, kept) != 0 {
                guard errno == EPERM || errno == EXDEV || errno == EMLINK else {
                    throw BackupError.io("cannot keep \(path) as \(kept): \(String(cString: strerror(errno))); nothing was changed")
                }
                try io { try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: path)), to: kept) }
            }
            AtomicFile.syncFolder(AtomicFile.folder(of: path))
            return kept
        }
        throw BackupError.io("cannot find a free name to keep \(path) under")
    }

    static func putBackKept(_ kept: String, at path: String) -> Bool {
        let temp = path + ".put-back-\(getpid())"
        unlink(temp)
        guard link(kept, temp) == 0 || (try? AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: kept)), to: temp)) != nil else {
            return false
        }
        removeDatabaseFiles(path, keepMain: true)
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: kept + "-wal")) { try? AtomicFile.write(wal, to: path + "-wal") }
        return rename(temp, path) == 0
    }

}
