import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// Where the contingency files live (HIPAA §164.308(a)(7)): backups in the site configuration's
/// `backups` folder, else `backups/` beside the database — the folder `doctor` reads the last
/// backup's age from — and the downtime copy in `downtime/` beside that folder.
enum Contingency {
    static func backupsFolder(database: String) -> String {
        Boundary.config?.backups ?? (database as NSString).deletingLastPathComponent + "/backups"
    }

    static func downtimeFolder(database: String) -> String {
        (backupsFolder(database: database) as NSString).deletingLastPathComponent + "/downtime"
    }

    /// A store refusal or failure as the command's exit: sysexits-style, as elsewhere.
    static func failure(_ error: Error) -> ExitCode {
        if let e = error as? ExitCode { return e }
        let code: Int32
        switch error as? BackupError {
        case .missing?: code = 66
        case .notADatabase?, .damaged?, .newerSchema?, .auditBroken?, .otherLineage?: code = 65
        case .consolesActive?, .targetUnreadable?: code = 75
        case .sameFile?: code = 64
        case .io?: code = 73
        case .restoredWillNotOpen?: code = 70
        case nil: code = error is AtomicFile.Failure ? 73 : (error as? StoreError) == .busy ? 75 : 1
        }
        return StoreCommand.failure("\(error)", code: code)
    }

    static func attempt<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw failure(error) }
    }

    /// A person's path given to the service account (the sudo rule) is refused: the account
    /// would write, or read, wherever they point it.
    static func refuseThroughBoundary(_ what: String) throws {
        do { try Boundary.requireDirect(what) } catch let r as Boundary.Refusal { throw StoreCommand.failure(r.message, code: r.code) }
    }

    static func isFolder(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// What the copy holds, as `backup` and `restore` print it.
    static func describe(_ s: BackupSummary) -> [String] {
        let head = s.audit.head.map { "head row \($0.id) \($0.hash.prefix(16))…" } ?? "no rows"
        var lines = ["checked: integrity_check ok; audit chain intact (\(s.audit.rows) rows, \(head)); schema \(s.schema.last ?? "none")"
                     + (s.olderSchema ? " (older than this frontdesk: migrated when opened)" : "")]
        lines.append("rows:")
        lines += s.tables.map { "  \($0.table) \($0.rows)" }
        return lines
    }
}

/// `frontdesk backup`: the live database copied through SQLite's online backup.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the live database into a checked, self-contained backup file (admins; audited).",
        discussion: """
        A consistent snapshot while desks go on working (SQLite's online backup API, one read \
        transaction), written to a temporary file in the target folder, checked there \
        (PRAGMA integrity_check must say ok; the audit chain must verify), switched out of WAL \
        so it is one file, synced, mode 0600, then renamed into place: a failure leaves no file. \
        Default: the site configuration's backups folder, else backups/ beside the database, as \
        frontdesk-YYYYMMDD-HHMMSS.sqlite (UTC), which `frontdesk doctor` reads the age of. \
        --to FILE replaces FILE atomically; --to FOLDER puts the default name there. The file \
        holds every patient's record: keep it as guarded as the database (docs/contingency.md). \
        Audited as backup.taken with the file's name. Exit 0, or non-zero with the reason.
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file (replaced atomically if it exists), or a folder for the default name.")
    var to: String?

    func run() throws {
        if to != nil { try Contingency.refuseThroughBoundary("backup --to") }
        let (store, actor) = try StoreCommand.session(database, .backUp).pair
        let now = Date()
        let target: String, replacing: Bool
        if let to, !Contingency.isFolder(to) {
            target = to; replacing = true
        } else {
            let folder = to ?? Contingency.backupsFolder(database: database.localPath)
            try Contingency.attempt { try AtomicFile.ensureFolder(folder) }
            target = folder + "/" + BackupNames.backupFile(at: now); replacing = false
        }
        let summary = try Contingency.attempt { try store.takeBackup(to: target, replacing: replacing, by: actor, now: now) }
        StoreCommand.say((["backup written: \(summary.path) (\(summary.bytes) bytes, mode 0600)"] + Contingency.describe(summary)
                          + ["audited as backup.taken by \(actor.login)"]).joined(separator: "\n"))
    }
}

/// `frontdesk restore --from FILE`: a backup checked, then put in the database's place.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Replace the database with a checked backup; the replaced one is kept (admins; audited).",
        discussion: """
        The backup is checked first and nothing changes if it fails: a SQLite file, opened \
        read-only, integrity_check ok, a schema no newer than this frontdesk's, an audit chain \
        that verifies, and — against the audit heads recorded for this database — a copy of this \
        database's own trail (else --force). A console that renewed its lease in the last minute \
        refuses the restore (quit them, or --force). The replaced database is kept, never \
        deleted, as DB.before-restore-YYYYMMDD-HHMMSS; the backup is copied with SQLite's backup \
        API into a temporary beside DB and renamed over it; the result must open (an older \
        backup is migrated). The restore is recorded in the restored audit trail \
        (backup.restored) and in DB.audit-heads, so `audit verify` names the restore instead \
        of reporting the rewound trail as tampering. Restart every console afterwards. Who may: \
        an admin of the database being replaced, or of the backup when that one is missing or \
        unreadable.
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to restore.") var from: String
    @Flag(help: "Restore even though a console renewed its lease in the last minute, the database being replaced cannot be read, or the backup is not a copy of this database's audit trail.")
    var force = false

    func run() throws {
        let now = Date()
        let target = database.path
        if ClinicStore.isPostgresURL(target) {
            throw StoreCommand.failure("restore replaces a SQLite file; a PostgreSQL clinic is restored with the server's own tools (pg_restore, or point-in-time recovery) — see docs/deploy.md", code: 64)
        }
        let source = try sourceFile()
        // The clinic being replaced decides who may replace it; a missing or unreadable one
        // cannot, and then the backup's own clinic does.
        let disk = (try? ClinicStore.lookAtDatabase(path: target, now: now)) ?? nil
        let users = try disk?.users ?? Contingency.attempt { try ClinicStore.inspectBackup(path: source).users }
        let login = Identity.login
        guard let role = users[login] else {
            let whose = disk == nil ? "the backup \(source)" : target
            throw StoreCommand.failure("the login \"\(login)\" is not a user of the clinic in \(whose)", code: 77)
        }
        let actor = Actor(login: login, desk: Identity.desk(nil), role: role)
        try StoreCommand.require(actor, .restoreBackup)
        let r = try Contingency.attempt { try ClinicStore.restore(from: source, to: target, by: actor, force: force, now: now) }

        var lines = ["restored \(r.target) from \(source)" + (r.backup.lastAuditAt.map { " (its last audit row: \(ISOTime.string($0)))" } ?? "")]
        lines += Contingency.describe(r.backup)
        if !r.migrated.isEmpty { lines.append("migrated to this frontdesk's schema: \(r.migrated.joined(separator: ", "))") }
        if let kept = r.kept {
            lines.append("the replaced database is kept as \(kept)" + (r.replacedAuditHead.map { " (its audit trail ends at row \($0))" } ?? ""))
        }
        let backupHead = r.backup.audit.head?.id ?? 0
        if let old = r.replacedAuditHead, old > backupHead {
            let rows = old == backupHead + 1 ? "row \(old) stays" : "rows \(backupHead + 1)…\(old) stay"
            lines.append("the audit trail goes back from row \(old) to row \(backupHead): \(rows) in the kept file")
        }
        lines.append("recorded as audit row \(r.restoredHead.id) (backup.restored) and as a restore in \(AuditHeadLog(databasePath: target).path)")
        lines.append("restart every console: they were working on the replaced file")
        StoreCommand.say(lines.joined(separator: "\n"))
    }

    /// The backup to read. Under the service account for someone else, only a file in the
    /// backups folder: the account must not read whatever a person points it at.
    func sourceFile() throws -> String {
        guard Boundary.forAnotherPerson else { return from }
        let folder = Contingency.backupsFolder(database: database.localPath)
        let resolved = URL(fileURLWithPath: from).resolvingSymlinksInPath().path
        var st = stat()
        guard (resolved as NSString).deletingLastPathComponent == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path,
              lstat(from, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw StoreCommand.failure("through the service account, restore reads only backups in \(folder); as root, put the file there first "
                                       + "(install -o \(Boundary.config?.serviceAccount ?? "frontdesk") -m 600 FILE \(folder)/)", code: 77)
        }
        return resolved
    }
}
