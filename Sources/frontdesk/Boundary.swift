import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The access boundary on one machine (docs/security.md). When `/etc/frontdesk.conf` names a
/// service account, the database belongs to that account alone (folder 0700, files 0600) and
/// the people at the desks reach it only by running this binary as that account, through the
/// sudo rule `init` writes:
///
///     %frontdesk-users ALL=(frontdesk) NOPASSWD: /usr/local/bin/frontdesk --config /etc/frontdesk.conf *
///
/// A receptionist's `sqlite3` on the file is refused by the kernel; their `frontdesk desk`
/// re-runs itself through that rule. Who they are is what sudo guarantees (SUDO_USER, held
/// against SUDO_UID), and everything they pass — arguments, environment, file paths — is
/// treated as hostile by the process running as the service account.
enum Boundary {
    enum Mode: Equatable {
        /// Running as oneself: no site configuration, root, or a database named with --db.
        case direct
        /// Running as the service account on behalf of `invoker` (through the sudo rule).
        case serviceAccount(invoker: String, uid: uid_t)
    }

    /// Set once by `start`, before any command runs.
    nonisolated(unsafe) private(set) static var config: SiteConfig?
    nonisolated(unsafe) private(set) static var mode: Mode = .direct

    /// Commands that never open the clinic database, so never need the service account.
    static let withoutDatabase: Set<String> = ["themes", "simulate", "demo", "help", "-h", "--help", "--version",
                                                "--generate-completion-script"]

    struct Refusal: Error, CustomStringConvertible {
        let message: String
        let code: Int32
        var description: String { message }
    }

    /// How a theme file is read: nil (plain reading) when direct; under the service account,
    /// only files the person may read themselves.
    static var themeReader: ((String) throws -> String)? {
        guard forAnotherPerson else { return nil }
        return { path in
            guard let text = String(data: try readInputFile(path, limit: 1 << 20), encoding: .utf8) else {
                throw Refusal(message: "not UTF-8 text", code: 65)
            }
            return text
        }
    }

    /// Reads `--config`, decides the mode, and — for a person whose database is behind the
    /// service account — replaces this process with the same command through sudo (never
    /// returns then). Returns the arguments for the command parser, `--config` removed.
    static func start(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        do {
            return try prepare(arguments, environment: environment)
        } catch let r as Refusal {
            StoreCommand.warn("frontdesk: \(r.message)")
            exit(r.code)
        } catch {
            StoreCommand.warn("frontdesk: \(error)")
            exit(78)
        }
    }

    static func prepare(_ arguments: [String], environment env: [String: String]) throws -> [String] {
        var args: [String] = []
        var configPaths: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { args += arguments[i...]; break }
            if a == "--config" {
                guard i + 1 < arguments.count else { throw Refusal(message: "--config needs a file", code: 64) }
                configPaths.append(arguments[i + 1]); i += 2; continue
            }
            if a.hasPrefix("--config=") { configPaths.append(String(a.dropFirst("--config=".count))); i += 1; continue }
            args.append(a); i += 1
        }
        if configPaths.count > 1 { throw Refusal(message: "--config given more than once", code: 64) }

        let underSudo = env["SUDO_USER"] != nil && getuid() == geteuid() && geteuid() != 0
        let explicit = configPaths.first
        let configPath = explicit ?? (underSudo ? nil : env["FRONTDESK_CONFIG"].flatMap { $0.isEmpty ? nil : $0 })
            ?? (FileManager.default.fileExists(atPath: SiteConfig.defaultPath) ? SiteConfig.defaultPath : nil)

        guard let configPath else { return args }   // no site configuration: each user's own database
        let config: SiteConfig
        do { config = try SiteConfig.load(path: configPath) } catch { throw Refusal(message: "\(error)", code: 78) }
        guard let account = getpwnam(config.serviceAccount) else {
            throw Refusal(message: "\(configPath) names the service account \(config.serviceAccount), which does not exist (run `frontdesk init --service-account \(config.serviceAccount)` as root)", code: 78)
        }
        let svcUID = account.pointee.pw_uid, svcGID = account.pointee.pw_gid

        if geteuid() == svcUID {
            // The service account: through the sudo rule (a person), or started as itself (a
            // systemd unit for an integration). Either way the configuration must be root's.
            if let problem = Trust.problem(config: configPath) { throw Refusal(message: problem, code: 78) }
            try refuseHostileArguments(args)
            if let sudoUser = env["SUDO_USER"] {
                guard let pw = getpwnam(sudoUser), let uidText = env["SUDO_UID"], let uid = uid_t(uidText), pw.pointee.pw_uid == uid else {
                    throw Refusal(message: "cannot tell who is running this (SUDO_USER and SUDO_UID disagree)", code: 77)
                }
                mode = .serviceAccount(invoker: sudoUser, uid: uid)
            }
            self.config = config
            return args
        }

        // Someone else. A database named on purpose (--db, FRONTDESK_DB) is their own file.
        let ownDatabase = args.contains { $0 == "--db" || $0.hasPrefix("--db=") } || (env["FRONTDESK_DB"].map { !$0.isEmpty } ?? false)
        if ownDatabase { return args }
        // Setting the boundary up (or again) is root's, as root.
        if args.first == "init", args.contains(where: { $0 == "--service-account" || $0.hasPrefix("--service-account=") }) { return args }
        if args.first.map(withoutDatabase.contains) == true { self.config = config; return args }
        self.config = config
        if geteuid() == 0 {
            // Root works on the clinic as the service account, so every file it creates (the
            // WAL, the audit heads) stays the account's; it is still root in the audit trail.
            try dropPrivileges(uid: svcUID, gid: svcGID, name: config.serviceAccount)
            mode = .serviceAccount(invoker: "root", uid: 0)
            return args
        }
        try reexecThroughSudo(args, config: config, configPath: configPath)
    }

    /// Under the service account the database and every file come from root's configuration.
    static func refuseHostileArguments(_ args: [String]) throws {
        if args.contains(where: { $0 == "--db" || $0.hasPrefix("--db=") }) {
            throw Refusal(message: "--db is refused here: the database is the one the site configuration names", code: 64)
        }
    }

    /// The one way a person reaches the guarded database: this binary, as the service account,
    /// through the rule `init` wrote. Checked first so the refusal says what to do.
    static func reexecThroughSudo(_ args: [String], config: SiteConfig, configPath: String) throws -> Never {
        let me = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(getuid())"
        guard let group = getgrnam(config.usersGroup) else {
            throw Refusal(message: "the group \(config.usersGroup) named in \(configPath) does not exist; ask IT to run `frontdesk init` again", code: 78)
        }
        let gid = group.pointee.gr_gid
        var groups = [gid_t](repeating: 0, count: Int(getgroups(0, nil)) + 1)
        let n = getgroups(Int32(groups.count), &groups)
        guard getegid() == gid || groups.prefix(max(0, Int(n))).contains(gid) else {
            throw Refusal(message: "\(me) is not in the \(config.usersGroup) group, so cannot reach the clinic database; ask IT to run `usermod -aG \(config.usersGroup) \(me)` (then log in again)", code: 77)
        }
        let candidates: [String] = ["/usr/bin/sudo", "/bin/sudo"]
        guard let sudo = candidates.first(where: { (path: String) in access(path, X_OK) == 0 }) else {
            throw Refusal(message: "the clinic database is reached through sudo, which is not installed (apt-get install sudo)", code: 69)
        }
        var command = args.isEmpty ? ["desk"] : args
        try handOverInputFile(&command)
        let argv = [sudo, "-n", "-u", config.serviceAccount, "--", config.binary, "--config", configPath] + command
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        execv(sudo, &cArgs)
        throw Refusal(message: "cannot run \(sudo): \(String(cString: strerror(errno)))", code: 71)
    }

    /// `import KIND FILE`: the person opens their own file here, with their own rights, and the
    /// service account reads it as standard input — it never opens a path the person named.
    static func handOverInputFile(_ command: inout [String]) throws {
        guard command.first == "import" else { return }
        let takesValue: Set<String> = ["--day", "--db", "--label"]
        var positional: [Int] = []
        var i = 1
        while i < command.count {
            if takesValue.contains(command[i]) { i += 2; continue }
            if !command[i].hasPrefix("-") || command[i] == "-" { positional.append(i) }
            i += 1
        }
        guard positional.count >= 2, command[positional[1]] != "-" else { return }
        let path = command[positional[1]]
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(message: "cannot read \(path): \(String(cString: strerror(errno)))", code: 66) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw Refusal(message: "\(path) is not a regular file", code: 66) }
        guard dup2(fd, 0) == 0 else { throw Refusal(message: "cannot hand \(path) over: \(String(cString: strerror(errno)))", code: 71) }
        close(fd)
        command[positional[1]] = "-"
        command.insert(contentsOf: ["--label", path], at: 1)
    }

    static func dropPrivileges(uid: uid_t, gid: gid_t, name: String) throws {
        guard initgroups(name, gid) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw Refusal(message: "cannot become the service account \(name): \(String(cString: strerror(errno)))", code: 71)
        }
    }

    /// The login behind this process: the person sudo ran us for, else the effective user.
    static var invoker: String? {
        if case let .serviceAccount(invoker, _) = mode { return invoker }
        return nil
    }

    static var isServiceAccount: Bool { mode != .direct }

    /// Running as the service account for someone other than root: their arguments and files
    /// are hostile. (Root works as the account only to keep the files the account's.)
    static var forAnotherPerson: Bool {
        if case let .serviceAccount(_, uid) = mode { return uid != 0 }
        return false
    }

    /// A refusal for something a person may not ask of the service account (a file written
    /// where they say, the demo's scratch database, seeds from their folder).
    static func requireDirect(_ what: String) throws {
        if forAnotherPerson { throw Refusal(message: "\(what) is not available through the service account; run it as yourself with --db", code: 64) }
    }

    /// Reads a file a person named (a CSV to import, a theme): as ourselves when direct; under
    /// the service account only a regular file the person owns, or one anyone may read, and
    /// never a symlink or one of the service account's own files.
    static func readInputFile(_ path: String, limit: Int = 64 << 20) throws -> Data {
        let fd = path == "-" ? dup(0) : open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Refusal(message: "cannot read \(path): \(String(cString: strerror(errno)))", code: 66) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, path == "-" || (st.st_mode & S_IFMT) == S_IFREG else {
            throw Refusal(message: "\(path) is not a regular file", code: 66)
        }
        // Standard input was opened by the person (or their shell), with their own rights.
        if path != "-", case let .serviceAccount(invoker, uid) = mode, uid != 0 {
            let readableByAll = st.st_mode & 0o004 != 0
            guard st.st_uid != geteuid(), st.st_uid == uid || readableByAll else {
                throw Refusal(message: "\(path) is not yours to read, \(invoker) (only your own files, or files anyone may read)", code: 77)
            }
        }
        guard path == "-" || st.st_size <= limit else { throw Refusal(message: "\(path) is larger than \(limit >> 20) MiB", code: 66) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; throw Refusal(message: "cannot read \(path): \(String(cString: strerror(errno)))", code: 66) }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if data.count > limit { throw Refusal(message: "\(path) is larger than \(limit >> 20) MiB", code: 66) }
        }
        return data
    }
}

/// Whether a path can be swapped or edited by someone other than root: the file and every
/// folder above it must be root's and not writable by group or others (a sticky folder such as
/// /tmp is fine: nobody can rename another's entry in it).
enum Trust {
    static func problem(config path: String) -> String? {
        problem(path, what: "the site configuration")
    }

    static func problem(_ path: String, what: String, owner: uid_t = 0) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "\(what) \(path) does not exist" }
        if (st.st_mode & S_IFMT) == S_IFLNK { return "\(what) \(path) is a symbolic link" }
        if st.st_uid != owner { return "\(what) \(path) is not owned by \(owner == 0 ? "root" : "uid \(owner)")" }
        if st.st_mode & 0o022 != 0 { return "\(what) \(path) is writable by others (mode \(String(st.st_mode & 0o777, radix: 8)))" }
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty {
            guard lstat(dir, &st) == 0 else { return "cannot check the folder \(dir)" }
            let sticky = st.st_mode & S_ISVTX != 0
            if st.st_uid != 0 || (st.st_mode & 0o022 != 0 && !sticky) {
                return "\(what) \(path) sits in \(dir), which someone other than root can change"
            }
            if dir == "/" { break }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }
}
