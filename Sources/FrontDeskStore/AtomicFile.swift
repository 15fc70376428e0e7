import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file that appears whole or not at all: written to a new temporary file in the same
/// folder (owner-only, never following a link), synced, then renamed into place and the
/// folder synced. A reader of the path sees the old file or the new one, never a part; a
/// crash leaves at most a dot-named temporary beside it. Backups, restores and the downtime
/// copy all go through here, since each is as sensitive as the database.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// The errno behind it (EEXIST: the name is taken).
        public let code: Int32
        init(_ what: String, _ path: String, errno code: Int32 = errno) {
            self.code = code
            description = "cannot \(what) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// Writes `data` to `path` whole, replacing what is there (mode `mode`, 0600 by default).
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws {
        let dir = folder(of: path)
        let (temp, fd) = try temporary(in: dir, prefix: "." + (path as NSString).lastPathComponent, mode: mode)
        var ok = false
        defer { if !ok { close(fd); unlink(temp) } }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; throw Failure("write", temp) }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw Failure("sync", temp) }
        close(fd)
        ok = true
        do { try install(temp, at: path, replacing: true) } catch { unlink(temp); throw error }
    }

    /// A new, empty file in `dir` that nobody else can have opened: O_EXCL, owner-only.
    /// Its name starts with `prefix` and ends `.tmp`, so it never passes for the real thing.
    public static func temporary(in dir: String, prefix: String, mode: mode_t = 0o600) throws -> (path: String, fd: Int32) {
        for _ in 0..<16 {
            let path = "\(dir)/\(prefix).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 {
                // The umask may have narrowed the mode; it may never widen it, but be exact.
                guard fchmod(fd, mode) == 0 else { close(fd); unlink(path); throw Failure("set the mode of", path) }
                return (path, fd)
            }
            if errno != EEXIST { throw Failure("create a file in", dir) }
        }
        throw Failure("create a file in", dir, errno: EEXIST)
    }

    /// Puts the finished temporary `temp` at `path`: synced, then renamed over what is there
    /// (`replacing`), or linked only where nothing is (else `Failure` with EEXIST, `temp` kept
    /// for the caller to remove). The folder is synced so the new name survives a power cut.
    public static func install(_ temp: String, at path: String, replacing: Bool) throws {
        try sync(temp)
        if replacing {
            guard rename(temp, path) == 0 else { throw Failure("rename into place", path) }
        } else {
            guard link(temp, path) == 0 else { throw Failure("create", path) }
            unlink(temp)
        }
        syncFolder(folder(of: path))
    }

    /// fsync(2) of the file at `path` (opened read-only: syncing needs no write access).
    public static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw Failure("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure("sync", path) }
    }

    /// Best effort: some filesystems refuse fsync on a folder, and the rename stands anyway.
    public static func syncFolder(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    /// Creates `dir` owner-only when it is missing (as `init` makes the state folder).
    public static func ensureFolder(_ dir: String) throws {
        var st = stat()
        if stat(dir, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw Failure("use the folder", dir, errno: ENOTDIR) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch { throw Failure("create the folder", dir) }
    }

    public static func folder(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }
}
