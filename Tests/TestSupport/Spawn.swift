import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs programs from tests. Foundation's `Process` hangs on children that leave
/// daemons behind (tmux) and passes on the test thread's blocked signals, so a spawned
/// console would ignore SIGWINCH and SIGTERM; this uses posix_spawn with an empty mask.
public enum Spawn {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The directory holding the built products (`frontdesk`) next to the test bundle.
    public static var productsDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["FRONTDESK_BIN_DIR"] { return URL(fileURLWithPath: env) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("frontdesk").path) { return url }
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }

    /// Path of the built `frontdesk` executable.
    /// The OS login the tests run as (what `frontdesk` sees as its user).
    public static var login: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "root"
    }

    public static var frontdesk: String { productsDirectory.appendingPathComponent("frontdesk").path }

    /// Starts `path args…` with stdin/stdout/stderr from the given descriptors (or /dev/null).
    public static func start(_ path: String, _ args: [String], environment: [String: String]? = nil,
                             stdin: Int32? = nil, stdout: Int32? = nil, stderr: Int32? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let devnull = "/dev/null"
        if let fd = stdin { posix_spawn_file_actions_adddup2(&actions, fd, 0) } else { posix_spawn_file_actions_addopen(&actions, 0, devnull, O_RDONLY, 0) }
        if let fd = stdout { posix_spawn_file_actions_adddup2(&actions, fd, 1) } else { posix_spawn_file_actions_addopen(&actions, 1, devnull, O_WRONLY, 0) }
        if let fd = stderr { posix_spawn_file_actions_adddup2(&actions, fd, 2) } else { posix_spawn_file_actions_addopen(&actions, 2, devnull, O_WRONLY, 0) }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var dfl = sigset_t()
        sigemptyset(&dfl)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD] { sigaddset(&dfl, s) }
        posix_spawnattr_setsigdefault(&attr, &dfl)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        if rc != 0 { throw SpawnError(message: "cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid` and returns its exit status (128 + signal when killed).
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Runs to completion, feeding `input` on stdin and collecting both outputs.
    public static func run(_ path: String, _ args: [String], input: String? = nil,
                           environment: [String: String]? = nil) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inPath = dir.appendingPathComponent("in").path
        let outPath = dir.appendingPathComponent("out").path
        let errPath = dir.appendingPathComponent("err").path
        try (input ?? "").write(toFile: inPath, atomically: false, encoding: .utf8)
        let i = open(inPath, O_RDONLY)
        let o = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let e = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(i); close(o); close(e) }
        let pid = try start(path, args, environment: environment, stdin: i, stdout: o, stderr: e)
        let status = wait(pid)
        return Result(status: status,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs `frontdesk args…`.
    public static func frontdesk(_ args: [String], input: String? = nil, environment: [String: String]? = nil) throws -> Result {
        try run(frontdesk, args, input: input, environment: environment)
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Polls `condition` until it holds or `timeout` passes: waiting on a fact, not sleeping for luck.
public func eventually(timeout: TimeInterval = 10, poll: TimeInterval = 0.02, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    repeat {
        if try condition() { return true }
        usleep(useconds_t(poll * 1_000_000))
    } while Date() < deadline
    return try condition()
}
