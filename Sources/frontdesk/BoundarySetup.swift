import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk init --service-account …`, as root: everything the boundary needs, checked
/// before anything changes, and safe to run again (it repairs owners and modes).
struct BoundarySetup {
    var serviceAccount: String
    var usersGroup: String
    var database: String
    var siteConfig: String
    var sudoers: String
    var binary: String?
    var admin: String?

    func run() throws {
        guard geteuid() == 0 else {
            throw StoreCommand.failure("setting up the service account needs root: sudo frontdesk init --service-account \(serviceAccount) …", code: 77)
        }
        // 1. Everything checked first.
        for (what, name) in [("service account", serviceAccount), ("users group", usersGroup)] where !SiteConfig.isAccountName(name) {
            throw StoreCommand.failure("\(what) \"\(name)\" is not a user or group name (lower-case letters, digits, _ and -)", code: 64)
        }
        let binary = try resolvedBinary()
        for (what, path) in [("--db", database), ("--site-config", siteConfig), ("--sudoers", sudoers), ("--binary", binary)] {
            guard path.hasPrefix("/"), Self.plainPath(path), !path.split(separator: "/").contains("..") else {
                throw StoreCommand.failure("\(what) \(path): an absolute path of letters, digits and . _ - / only (it goes into a sudo rule)", code: 64)
            }
        }
        if let problem = Trust.problem(binary, what: "the frontdesk binary") {
            throw StoreCommand.failure("\(problem): a person who can change it could run anything as \(serviceAccount); install it with `install -m 755 -o root -g root` into /usr/local/bin", code: 77)
        }
        let state = (database as NSString).deletingLastPathComponent
        let above = (state as NSString).deletingLastPathComponent
        if FileManager.default.fileExists(atPath: above), let problem = Trust.problem(above, what: "the folder") {
            throw StoreCommand.failure("\(problem); the state folder must sit where only root can rename it", code: 77)
        }
        guard let visudo = Self.tool("visudo") else {
            throw StoreCommand.failure("sudo is not installed (apt-get install -y sudo); nothing changed", code: 69)
        }
        let firstAdmin = admin ?? ProcessInfo.processInfo.environment["SUDO_USER"]
        guard let firstAdmin, getpwnam(firstAdmin) != nil else {
            throw StoreCommand.failure("name the clinic's first admin, an existing OS login, with --admin LOGIN; nothing changed", code: 64)
        }
        let config = SiteConfig(path: siteConfig, database: database, serviceAccount: serviceAccount, usersGroup: usersGroup,
                                binary: binary, sudoers: sudoers, backups: state + "/backups")
        let rule = sudoRule(config)
        let check = NSTemporaryDirectory() + "frontdesk-sudoers-\(getpid())"
        try rule.write(toFile: check, atomically: true, encoding: .utf8)
        defer { unlink(check) }
        let verdict = try Self.runTool(visudo, ["-c", "-q", "-f", check])
        guard verdict.status == 0 else { throw StoreCommand.failure("visudo refused the rule: \(verdict.output); nothing changed", code: 70) }

        // 2. The group and the account.
        if getgrnam(usersGroup) == nil { try Self.must("groupadd", ["--system", usersGroup]) }
        if getpwnam(serviceAccount) == nil {
            try Self.must("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", state,
                                      "--shell", "/usr/sbin/nologin", "--comment", "FrontDesk service account", serviceAccount])
        }
        guard let pw = getpwnam(serviceAccount), pw.pointee.pw_uid != 0 else {
            throw StoreCommand.failure("the service account \(serviceAccount) must not be root", code: 77)
        }
        let uid = pw.pointee.pw_uid, gid = pw.pointee.pw_gid

        // 3. The folder and the files: the account's alone.
        for dir in [state, config.backups] {
            if !FileManager.default.fileExists(atPath: dir) { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            guard chown(dir, uid, gid) == 0, chmod(dir, 0o700) == 0 else {
                throw StoreCommand.failure("cannot give \(dir) to \(serviceAccount): \(String(cString: strerror(errno)))", code: 73)
            }
        }
        for file in [database, database + "-wal", database + "-shm", database + ".audit-heads"] where FileManager.default.fileExists(atPath: file) {
            _ = chown(file, uid, gid); _ = chmod(file, 0o600)
        }
        try Self.asUser(uid: uid, gid: gid) {
            let store = try ClinicStore.create(path: database)
            let now = Date()
            let setup = Actor(login: firstAdmin, desk: Identity.desk(nil), role: .admin)
            if try store.listUsers().isEmpty { try store.addUser(login: firstAdmin, role: .admin, by: setup, now: now) }
            try store.recordAuditHeadIfDue(AuditHeadLog(databasePath: database), now: now, interval: 0)
        }

        // 4. Root's configuration and the rule, each written whole.
        try Self.install(config.text, at: siteConfig, mode: 0o644)
        try Self.install(rule, at: sudoers, mode: 0o440)
        print("""
        boundary ready: \(database) belongs to \(serviceAccount) (folder 0700, file 0600)
        site configuration: \(siteConfig)
        sudo rule: \(sudoers) — members of \(usersGroup) run \(binary) as \(serviceAccount)
        first admin: \(firstAdmin)
        next, for each person at a desk: usermod -aG \(usersGroup) LOGIN && frontdesk users add LOGIN --role receptionist
        """)
    }

    /// The rule: only this binary, only with root's configuration, and only for the group.
    /// The environment it keeps holds names and choices, never a path to a database.
    func sudoRule(_ config: SiteConfig) -> String {
        let command = "\(config.binary) --config \(config.path)"
        return """
        # FrontDesk: the clinic's people reach its database only through this binary, as \(config.serviceAccount).
        # Written by `frontdesk init --service-account`; see docs/security.md.
        Defaults!\(config.binary) env_keep += "FRONTDESK_DESK FRONTDESK_THEME FRONTDESK_LOCK_AFTER NO_COLOR COLORTERM"
        %\(config.usersGroup) ALL=(\(config.serviceAccount)) NOPASSWD: \(command), \(command) *

        """
    }

    func resolvedBinary() throws -> String {
        if let binary { return binary }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { readlink("/proc/self/exe", $0.baseAddress!, $0.count - 1) }
        }
        guard n > 0 else { throw StoreCommand.failure("cannot tell where this binary is; pass --binary", code: 64) }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    static func plainPath(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "._-/".unicodeScalars.contains($0) }
    }

    /// Runs `body` with the service account's effective ids, so what it creates is the account's.
    static func asUser(uid: uid_t, gid: gid_t, _ body: () throws -> Void) throws {
        guard setegid(gid) == 0, seteuid(uid) == 0 else {
            throw StoreCommand.failure("cannot act as uid \(uid): \(String(cString: strerror(errno)))", code: 71)
        }
        defer { _ = seteuid(0); _ = setegid(0) }
        try body()
    }

    /// Writes a root file whole: a temporary beside it, synced, then renamed over.
    static func install(_ text: String, at path: String, mode: mode_t) throws {
        let tmp = path + ".new-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw StoreCommand.failure("cannot write \(tmp): \(String(cString: strerror(errno)))", code: 73) }
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) } == bytes.count && fchown(fd, 0, 0) == 0
            && fchmod(fd, mode) == 0 && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw StoreCommand.failure("cannot write \(path): \(String(cString: strerror(errno)))", code: 73)
        }
    }

    static func tool(_ name: String) -> String? {
        ["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    static func must(_ name: String, _ args: [String]) throws {
        guard let path = tool(name) else { throw StoreCommand.failure("\(name) not found", code: 69) }
        let r = try runTool(path, args)
        guard r.status == 0 else { throw StoreCommand.failure("\(name) \(args.joined(separator: " ")) failed: \(r.output)", code: 71) }
    }

    static func runTool(_ path: String, _ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe; p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
