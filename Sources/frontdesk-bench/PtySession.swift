import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running on a real pseudo-terminal, as a user's terminal would run it: its own
/// session with the pty as controlling terminal, a window size, an empty signal mask. Every
/// byte it writes is read on a thread and stamped with the monotonic clock, so the figures
/// are "when did the terminal receive it", not "when did the program think it drew".
final class PtySession {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let pid: pid_t
    let master: Int32
    let startedAt: UInt64
    let output = PtyOutput()
    private var reader: Thread?
    private(set) var exitStatus: Int32?

    /// glibc's flag for posix_spawn to call setsid() in the child before its file actions
    /// (glibc ≥ 2.26); Swift's Glibc module does not export it.
    private static let spawnSetsid: Int32 = 0x80

    init(executable: String, arguments: [String], environment: [String: String], columns: Int, rows: Int) throws {
        var m: Int32 = -1, s: Int32 = -1
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &size) == 0 else { throw Failure(description: "openpty: \(String(cString: strerror(errno)))") }
        defer { Glibc.close(s) }
        guard let slaveName = ttyname(s).map({ String(cString: $0) }) else {
            Glibc.close(m); throw Failure(description: "ttyname of the pty slave failed")
        }
        // Neither end may leak into the child: it opens the slave by name (below).
        _ = fcntl(m, F_SETFD, FD_CLOEXEC)
        _ = fcntl(s, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid() by a session leader without a terminal, the slave becomes
        // the controlling terminal: job control, SIGWINCH and /dev/tty work as in a shell.
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD, SIGQUIT] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | Self.spawnSetsid))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var child: pid_t = 0
        let start = PtyClock.now()
        let rc = posix_spawn(&child, executable, &actions, &attr, argv, envp)
        guard rc == 0 else { Glibc.close(m); throw Failure(description: "cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
        master = m
        startedAt = start
        let thread = Thread { [output, m] in PtySession.readLoop(fd: m, into: output) }
        thread.name = "pty-reader"
        reader = thread
        thread.start()
    }

    private static func readLoop(fd: Int32, into output: PtyOutput) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(buffer[0..<n], at: PtyClock.now())
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                // EIO: every holder of the slave closed it, i.e. the program (and its children) ended.
                output.finish()
                return
            }
        }
    }

    /// Writes bytes as if typed; returns the monotonic time just before the write.
    @discardableResult
    func type(_ text: String) -> UInt64 {
        let bytes = Array(text.utf8)
        let t = PtyClock.now()
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        return t
    }

    /// Resident memory from /proc: (VmRSS, VmHWM) in kB.
    func memory() -> (rss: Int, peak: Int)? {
        guard let m = memoryParts() else { return nil }
        return (m.rss, m.peak)
    }

    /// VmRSS, VmHWM and RssAnon (the heap and other private pages: what data costs, as opposed
    /// to the shared libraries' code pages) in kB.
    func memoryParts() -> (rss: Int, peak: Int, anon: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        guard let rss = field("VmRSS"), let hwm = field("VmHWM"), let anon = field("RssAnon") else { return nil }
        return (rss, hwm, anon)
    }

    /// CPU time the program has used so far, all threads, in ns (from each thread's
    /// schedstat): on a loaded machine the steadier figure beside wall-clock latencies.
    func cpuNanoseconds() -> UInt64? {
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        var total: UInt64 = 0
        for thread in threads {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/schedstat", encoding: .utf8),
                  let onCPU = text.split(separator: " ").first.flatMap({ UInt64($0) }) else { continue }
            total += onCPU
        }
        return total
    }

    /// Waits up to `timeout` for the child to exit; returns its status (128 + signal when killed).
    func waitForExit(timeout: TimeInterval) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = PtyClock.now() + UInt64(timeout * 1e9)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            if r < 0 { return nil }
            if PtyClock.now() > deadline { return nil }
            usleep(2_000)   // polling for a fact (the exit), bounded by the deadline
        }
    }

    /// Ends the child if it is still running (after a failed measurement), then reaps it.
    func end() {
        if exitStatus == nil, waitForExit(timeout: 0) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
        output.waitFinished(timeout: 2)
        Glibc.close(master)
    }
}

enum PtyClock {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
