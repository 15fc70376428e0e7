import Foundation
import FrontDeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Heads of the audit chain recorded outside the database, so a truncated tail is found: if
/// the database no longer holds a row it once showed `verify`, rows were cut off. Written to a
/// file beside the database (appended, synced; owned by whoever owns the database) and to the
/// system log (LOG_AUTHPRIV), which the database's owner cannot rewrite.
///
/// A restore from a backup legitimately takes the chain back to an earlier row, so every head
/// recorded before it describes the database that was replaced (kept beside it as
/// `<db>.before-restore-<stamp>`). `restore` appends a line ending in ` restore` with the
/// restored chain's head: `verify` holds the database against that line and every head after
/// it, and names the restore instead of calling the rewind tampering. The marker is in the
/// system log too, so a marker nobody logged there is itself a finding.
public struct AuditHeadLog: Sendable {
    public struct Entry: Equatable, Sendable {
        public var at: Date
        public var id: Int64
        public var hash: String
        /// This head was recorded by a restore: the chain starts again from here.
        public var restore: Bool = false
    }

    public let path: String
    public init(databasePath: String) { path = databasePath + ".audit-heads" }

    /// Every head recorded, oldest first; a line that cannot be read is an error, not skipped.
    public func entries() throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { n, line in
            let parts = line.split(separator: " ")
            guard parts.count == 3 || (parts.count == 4 && parts[3] == "restore"),
                  let at = ISOTime.parse(String(parts[0])), let id = Int64(parts[1]), parts[2].count == 64 else {
                throw StoreError.invalid("\(path):\(n + 1): not a head record (time id sha256 [restore])")
            }
            return Entry(at: at, id: id, hash: String(parts[2]), restore: parts.count == 4)
        }
    }

    /// The heads that describe the database at this path now: those from the last restore on
    /// (all of them when it was never restored), and that restore's entry.
    public func currentEntries() throws -> (entries: [Entry], restore: Entry?) {
        let all = try entries()
        guard let i = all.lastIndex(where: \.restore) else { return (all, nil) }
        return (Array(all[i...]), all[i])
    }

    /// Records that the database was replaced by a restore whose chain now ends at `id`/`hash`.
    public func appendRestore(id: Int64, hash: String, at now: Date) throws {
        try appendLine("\(ISOTime.string(now)) \(id) \(hash) restore\n")
        Self.systemLog("audit restore: chain restarts at head \(id) \(hash) of \(path)")
    }

    /// Appends a head (created 0600 if new), synced to disk, and says it to the system log.
    public func append(id: Int64, hash: String, at now: Date) throws {
        try appendLine("\(ISOTime.string(now)) \(id) \(hash)\n")
        Self.systemLog("audit head \(id) \(hash) of \(path)")
    }

    private func appendLine(_ line: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.invalid("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == line.utf8.count, fsync(fd) == 0 else { throw StoreError.invalid("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    static func systemLog(_ message: String) {
        openlog("frontdesk", LOG_PID, LOG_AUTHPRIV)
        withVaList([message]) { vsyslog(LOG_INFO, "%s", $0) }
        closelog()
    }
}

extension ClinicStore {
    /// The chain walked end to end, then held against every head recorded outside since the
    /// last restore (that restore's own head included): a recorded row the database no longer
    /// holds (or holds changed) means rows were cut off or rewritten. The head found is
    /// recorded in turn. A restore is named in `restoredAt`, never taken for tampering.
    public func verifyAudit(against log: AuditHeadLog, now: Date) throws -> AuditVerification {
        var result = try verifyAuditChain()
        if result.problem == nil {
            let last = result.head?.id ?? 0
            let (entries, restore) = try log.currentEntries()
            result.restoredAt = restore?.at
            for entry in entries where try !auditHasRow(id: entry.id, hash: entry.hash) {
                result.problem = entry.id > last
                    ? "the audit trail was cut short: \(log.path) recorded row \(entry.id) on \(ISOTime.string(entry.at)), the database ends at row \(last)"
                    : "audit row \(entry.id) is not the row \(log.path) recorded on \(ISOTime.string(entry.at))"
                break
            }
        }
        if result.problem == nil, let head = result.head { try log.append(id: head.id, hash: head.hash, at: now) }
        return result
    }

    /// Records the head if the last record is older than `interval` (consoles call this as they
    /// run, so a head is written at least daily even when nobody runs `verify`).
    @discardableResult
    public func recordAuditHeadIfDue(_ log: AuditHeadLog, now: Date, interval: TimeInterval = 86_400) throws -> Bool {
        if let last = try log.entries().last, now.timeIntervalSince(last.at) < interval { return false }
        guard let head = try auditHead() else { return false }
        try log.append(id: head.id, hash: head.hash, at: now)
        return true
    }
}
