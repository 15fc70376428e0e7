import Foundation
import FrontDeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Why the store refused something. Every case leaves the database unchanged.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// Only `frontdesk init` creates a database; every other command opens one that exists.
    case noDatabase(path: String)
    /// SQLite found a damaged page or index (quick_check, or SQLITE_CORRUPT on a read).
    case damaged(path: String?, reason: String)
    /// The file was deleted (or moved) while this process had it open.
    case fileVanished(path: String)
    /// Another file now stands at the path this process opened.
    case fileReplaced(path: String)
    case newerSchema(unknown: [String])
    case unknownAppointment(String)
    case unknownPatient(String)
    case unknownVisit(Int64)
    case unknownTask(Int64)
    case unknownCall(String)
    case unknownDesk(String)
    case taskNotInState(Int64, expected: String, actual: String)
    case suspendCapReached(desk: String, cap: Int)
    case deskBusy(desk: String, activeTask: Int64)
    case notAllowed(String)
    case invalid(String)
    /// A desk-work rule said no (another desk won, the cap, a masked step…).
    case refused(WorkRefusal)
    /// Something from outside broke an intake rule (a time out of the window, an id with a
    /// control character, a field too long, events out of order…).
    case intake(IntakeRefusal)
    /// Another process held the database for longer than the busy timeout (SQLITE_BUSY);
    /// nothing was written, and the same write can be tried again.
    case busy

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "cannot open database \(path): \(reason)"
        case let .noDatabase(path): return "no database at \(path) — run `frontdesk init` (or `frontdesk demo`)"
        case let .damaged(path, reason):
            return "the database is damaged (\(reason)); nothing was written — restore \(path ?? "it") from the last backup"
        case let .fileVanished(path):
            return "the database file was deleted or moved; nothing was written — restart once \(path) is back"
        case let .fileReplaced(path):
            return "the database file was replaced by another; nothing was written — restart to open \(path)"
        case let .newerSchema(unknown):
            return "this database was written by a newer FrontDesk (schema \(unknown.joined(separator: ", "))); upgrade frontdesk to use it"
        case let .unknownAppointment(ref): return "no appointment with id \(ref)"
        case let .unknownPatient(mrn): return "no patient with MRN \(mrn)"
        case let .unknownVisit(id): return "no visit \(id)"
        case let .unknownTask(id): return "no task \(id)"
        case let .unknownCall(id): return "no call \(id)"
        case let .unknownDesk(name): return "no desk named \(name)"
        case let .taskNotInState(id, expected, actual): return "task \(id) is \(actual), not \(expected)"
        case let .suspendCapReached(desk, cap): return "desk \(desk) already has \(cap) suspended tasks (the cap)"
        case let .deskBusy(desk, task): return "desk \(desk) is busy with task \(task); suspend or finish it first"
        case let .notAllowed(why): return "not allowed: \(why)"
        case let .invalid(why): return why
        case let .refused(why): return why.description
        case let .intake(why): return why.description
        case .busy: return "the database is busy (another process holds it); nothing was written"
        }
    }

    /// Runs one of the domain's rule checks, turning its refusal into a store error.
    static func checking<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let refusal as WorkRefusal { throw StoreError.refused(refusal) }
    }

    /// Runs one of the intake rules, turning its refusal into a store error.
    static func admitting<T>(_ body: () throws(IntakeRefusal) -> T) throws -> T {
        do { return try body() } catch { throw StoreError.intake(error) }
    }
}

/// Someone else saved the record first; `current` is what is stored now, to show the user.
public struct ConcurrentChange: Error, Equatable, CustomStringConvertible {
    public let current: Patient
    public var description: String {
        "the record was changed by someone else (now version \(current.version)); review and save again"
    }
}

/// Database files are patient data: owner and group only (HIPAA §164.312(a)(1)).
enum FilePermissions {
    /// Owner only: the consoles reach the file as its owner (the service account behind the
    /// sudo rule, docs/security.md), so no group or other bit is needed.
    static let mode: mode_t = 0o600

    /// Warnings for an existing database file that others can read.
    static func check(databasePath path: String) throws -> [String] {
        var st = stat()
        var warnings: [String] = []
        for p in [path, path + "-wal", path + "-shm"] where stat(p, &st) == 0 && st.st_mode & 0o007 != 0 {
            warnings.append("warning: \(p) is accessible to all users (mode \(String(st.st_mode & 0o777, radix: 8))); run chmod 600 on it")
        }
        return warnings
    }

    /// Creates the file with mode 0660 if missing (SQLite gives -wal and -shm the main
    /// file's mode), and returns warnings for an existing file that others can read.
    static func prepare(databasePath path: String) throws -> [String] {
        var st = stat()
        if stat(path, &st) == 0 { return try check(databasePath: path) }
        let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY, mode)
        if fd < 0 && errno != EEXIST {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if fd >= 0 { fchmod(fd, mode); close(fd) }   // the umask may have narrowed or widened it
        return []
    }
}

/// A file's device and inode: which file a path named when it was opened.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64, inode: UInt64
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev); inode = UInt64(st.st_ino)
    }
}
