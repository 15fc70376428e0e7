import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk doctor`: what the machine shows about the safeguards — who owns the files and
/// with which modes, whether the boundary is in place, the audit chain, the last backup, and
/// whether the state folder sits on an encrypted volume. Exit 1 when anything fails.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the safeguards: owners and modes, the boundary, the audit chain, backups, encryption.")

    @OptionGroup var database: DatabaseOptions

    enum Verdict: String { case ok = "ok", warn = "WARN", fail = "FAIL" }
    struct Finding { var verdict: Verdict; var what: String; var detail: String }

    func run() throws {
        let (store, _) = try StoreCommand.session(database, .readAudit).pair
        let findings = Self.examine(store: store, path: database.localPath, config: Boundary.config, now: Date())
        // Findings name files and accounts: inert like every other line a command prints.
        for f in findings { StoreCommand.say("\(f.verdict.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) \(f.what): \(f.detail)") }
        let failed = findings.filter { $0.verdict == .fail }.count, warned = findings.filter { $0.verdict == .warn }.count
        print("\(findings.count) checks: \(failed) failed, \(warned) \(warned == 1 ? "warning" : "warnings")")
        if failed > 0 { throw ExitCode(1) }
    }

    static func examine(store: ClinicStore, path: String, config: SiteConfig?, now: Date) -> [Finding] {
        var out: [Finding] = []
        let state = (path as NSString).deletingLastPathComponent
        let owner: uid_t
        if let config {
            out.append(Trust.problem(config.path, what: "the site configuration").map { Finding(verdict: .fail, what: "site configuration", detail: $0) }
                ?? Finding(verdict: .ok, what: "site configuration", detail: "\(config.path), root's and not writable by others"))
            if let pw = getpwnam(config.serviceAccount), pw.pointee.pw_uid != 0 {
                owner = pw.pointee.pw_uid
                out.append(Finding(verdict: .ok, what: "service account", detail: "\(config.serviceAccount) (uid \(owner))"))
            } else {
                owner = 0
                out.append(Finding(verdict: .fail, what: "service account", detail: "\(config.serviceAccount) is missing or is root"))
            }
            out.append(trusted(config.binary, what: "binary", detail: "\(config.binary) can be changed only by root"))
            var st = stat()
            if lstat(config.sudoers, &st) == 0, st.st_uid == 0, st.st_mode & 0o777 == 0o440 {
                out.append(Finding(verdict: .ok, what: "sudo rule", detail: "\(config.sudoers) (root, 0440): members of \(config.usersGroup) run the binary as \(config.serviceAccount)"))
            } else {
                out.append(Finding(verdict: .fail, what: "sudo rule", detail: "\(config.sudoers) is missing or not root's with mode 0440"))
            }
        } else {
            owner = geteuid()
            out.append(Finding(verdict: .warn, what: "boundary", detail: "no site configuration (\(SiteConfig.defaultPath)): whoever can log in as the file's owner can read every patient — run `frontdesk init --service-account` as root"))
        }
        out.append(mode(of: state, owner: owner, expected: 0o700, what: "state folder"))
        for file in [path, path + "-wal", path + "-shm", path + ".audit-heads"] where FileManager.default.fileExists(atPath: file) {
            out.append(mode(of: file, owner: owner, expected: 0o600, what: "file"))
        }
        out.append(Finding(verdict: .ok, what: "integrity", detail: "quick_check found no damaged page"))
        do {
            let result = try store.verifyAudit(against: AuditHeadLog(databasePath: path), now: now)
            if let problem = result.problem { out.append(Finding(verdict: .fail, what: "audit chain", detail: problem)) }
            else {
                let restored = result.restoredAt.map { "; restored from a backup on \(ISOTime.string($0))" } ?? ""
                out.append(Finding(verdict: .ok, what: "audit chain", detail: "\(result.rows) \(result.rows == 1 ? "row" : "rows") intact, head recorded outside the database\(restored)"))
            }
        } catch { out.append(Finding(verdict: .fail, what: "audit chain", detail: "\(error)")) }
        out.append(backupAge(config?.backups ?? state + "/backups", now: now))
        out.append(encryption(of: state))
        return out
    }

    static func trusted(_ path: String, what: String, detail: String) -> Finding {
        Trust.problem(path, what: "the \(what)").map { Finding(verdict: .fail, what: what, detail: $0) } ?? Finding(verdict: .ok, what: what, detail: detail)
    }

    static func mode(of path: String, owner: uid_t, expected: mode_t, what: String) -> Finding {
        var st = stat()
        guard lstat(path, &st) == 0 else { return Finding(verdict: .fail, what: what, detail: "\(path) cannot be examined") }
        let mode = st.st_mode & 0o777
        let octal = String(mode, radix: 8)
        if st.st_uid != owner {
            let name = getpwuid(st.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(st.st_uid)"
            return Finding(verdict: .fail, what: what, detail: "\(path) belongs to \(name), not the account that alone should own it")
        }
        if mode & 0o077 != 0 { return Finding(verdict: .fail, what: what, detail: "\(path) is mode \(octal): others can reach it (want \(String(expected, radix: 8)))") }
        return Finding(verdict: .ok, what: what, detail: "\(path) mode \(octal), owner only")
    }

    /// The newest file in the backups folder; a day and a bit is the longest a clinic should go.
    /// A dot-file is a backup still being written (or one a crash left half done): not a backup.
    static func backupAge(_ dir: String, now: Date) -> Finding {
        let fm = FileManager.default
        let newest = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.compactMap { name -> Date? in
            (try? fm.attributesOfItem(atPath: dir + "/" + name))?[.modificationDate] as? Date
        }.max()
        guard let newest else { return Finding(verdict: .warn, what: "backup", detail: "no backup in \(dir)") }
        let hours = now.timeIntervalSince(newest) / 3600
        let detail = "last backup in \(dir) is \(Int(hours.rounded())) h old (\(ISOTime.string(newest)))"
        return Finding(verdict: hours > 26 ? .warn : .ok, what: "backup", detail: detail)
    }

    /// What the kernel says about the device under `path`: a dm-crypt (LUKS) mapping, directly
    /// or under LVM, or a stacked encrypting filesystem. Anything else is reported as seen.
    static func encryption(of path: String) -> Finding {
        var st = stat()
        guard stat(path, &st) == 0 else { return Finding(verdict: .warn, what: "encryption at rest", detail: "cannot examine \(path)") }
        let dev = UInt64(st.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & 0xfffff000), minor = (dev & 0xff) | ((dev >> 12) & 0xffffff00)
        let mount = MountTable.entry(device: "\(major):\(minor)", path: path)
        if let fs = mount?.fsType, ["ecryptfs", "fuse.gocryptfs", "fuse.encfs", "fuse.cryfs"].contains(fs) {
            return Finding(verdict: .ok, what: "encryption at rest", detail: "\(path) is on an encrypting filesystem (\(fs))")
        }
        let sys = "/sys/dev/block/\(major):\(minor)"
        if FileManager.default.fileExists(atPath: sys) {
            if let crypt = cryptMapping(sys) {
                return Finding(verdict: .ok, what: "encryption at rest", detail: "\(path) is on an encrypted volume (dm-crypt \(crypt))")
            }
            let source = mount?.source ?? sys
            return Finding(verdict: .warn, what: "encryption at rest",
                           detail: "\(path) is on \(source) (\(mount?.fsType ?? "?")), not an encrypted volume: put the state folder on a LUKS volume (docs/security.md)")
        }
        return Finding(verdict: .warn, what: "encryption at rest",
                       detail: "cannot tell: \(path) is on \(mount?.fsType ?? "a filesystem") with no block device behind it (a container or RAM); check the host's disk")
    }

    /// A dm-crypt mapping at `sys` (a /sys/dev/block/MAJ:MIN folder) or below it: LVM on
    /// LUKS shows as a dm device whose `slaves/` holds the CRYPT- one.
    static func cryptMapping(_ sys: String, classRoot: String = "/sys/class/block", depth: Int = 0) -> String? {
        if let uuid = try? String(contentsOfFile: sys + "/dm/uuid", encoding: .utf8), uuid.hasPrefix("CRYPT-") {
            let name = (try? String(contentsOfFile: sys + "/dm/name", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            return name ?? uuid.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard depth < 4, let slaves = try? FileManager.default.contentsOfDirectory(atPath: sys + "/slaves") else { return nil }
        for s in slaves.sorted() {
            if let found = cryptMapping(classRoot + "/" + s, classRoot: classRoot, depth: depth + 1) { return found }
        }
        return nil
    }
}

/// /proc/self/mountinfo, for the mount a path lives on.
enum MountTable {
    struct Entry { var device: String; var mountPoint: String; var fsType: String; var source: String }

    static func entry(device: String, path: String, mountinfo: String = "/proc/self/mountinfo") -> Entry? {
        guard let text = try? String(contentsOfFile: mountinfo, encoding: .utf8) else { return nil }
        var best: Entry?
        for line in text.split(separator: "\n") {
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2 else { continue }
            let left = halves[0].split(separator: " "), right = halves[1].split(separator: " ")
            guard left.count >= 5, right.count >= 2 else { continue }
            let e = Entry(device: String(left[2]), mountPoint: String(left[4]), fsType: String(right[0]), source: String(right[1]))
            let inside = e.mountPoint == "/" || path == e.mountPoint || path.hasPrefix(e.mountPoint + "/")
            guard e.device == device, inside else { continue }
            if best == nil || e.mountPoint.count > best!.mountPoint.count { best = e }
        }
        return best
    }
}
