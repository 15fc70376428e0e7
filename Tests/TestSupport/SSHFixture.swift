import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH server on 127.0.0.1, started by `scripts/ssh-fixture`, with a supervisor
/// login (`fdsuper`, in the `frontdesk` group) that only this fixture's key can reach.
///
///     let ssh = try SSHFixture.start()
///     defer { ssh.stop() }
///     let bin = try ssh.installBinary(Spawn.frontdesk)
///     let db = try ssh.sharedDirectory("db")          // root:frontdesk 2770
///     let line = ssh.commandLine(remoteCommand: [bin, "supervise", "--database", db + "/clinic.sqlite"])
///     // tmux new-session -d … line
///
/// Each fixture has its own state directory (keys, config, port), so suites running in
/// parallel do not stop each other's server; the user and group are shared and idempotent.
public struct SSHFixture {
    public let port: Int
    public let user: String
    /// The client's private key (root-only).
    public let keyPath: String
    public let knownHostsPath: String
    /// The state directory: `keys/` (root only), `bin/` and `authorized_keys/` (readable).
    public let directory: String
    /// The OpenSSH client used by `run` and `commandLine`.
    public static let sshPath = "/usr/bin/ssh"

    /// `scripts/ssh-fixture` in this source tree (or `FRONTDESK_SSH_FIXTURE`).
    public static var scriptPath: String {
        if let path = ProcessInfo.processInfo.environment["FRONTDESK_SSH_FIXTURE"] { return path }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/ssh-fixture").path
    }

    /// Starts sshd (keys, user and group are made on first use). Throws, saying why, when the
    /// process is not root, sshd is not installed, or the server does not come up.
    public static func start(directory: String? = nil) throws -> SSHFixture {
        guard geteuid() == 0 else {
            throw SSHFixtureError("the SSH fixture needs root (it adds the user fdsuper and starts sshd); "
                                  + "run the tests as root, as CI does (scripts/test)")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"),
              FileManager.default.isExecutableFile(atPath: sshPath) else {
            throw SSHFixtureError("OpenSSH is not installed: apt-get install -y openssh-server openssh-client "
                                  + "(scripts/test does this)")
        }
        let dir = directory ?? "/tmp/frontdesk-ssh-\(getpid())-\(UUID().uuidString.prefix(8))"
        let output = try runScript(["start"], directory: dir)
        return try SSHFixture(parsing: output, directory: dir)
    }

    init(parsing output: String, directory: String) throws {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard let port = values["SSH_PORT"].flatMap(Int.init), let user = values["SSH_USER"],
              let key = values["SSH_KEY"], let known = values["SSH_KNOWN_HOSTS"] else {
            throw SSHFixtureError("ssh-fixture start printed no SSH_PORT/SSH_USER/SSH_KEY/SSH_KNOWN_HOSTS:\n\(output)")
        }
        self.port = port
        self.user = user
        self.keyPath = key
        self.knownHostsPath = known
        self.directory = values["SSH_DIR"] ?? directory
    }

    /// Arguments for `ssh` (without the program itself): a forced pty (`-tt`), only this
    /// fixture's key and host key, never a prompt. Each element of `remoteCommand` is one
    /// argument on the far side (quoted for the remote shell); for shell syntax pass
    /// `["sh", "-c", "…"]`.
    public func sshArguments(remoteCommand: [String]) -> [String] {
        ["-F", "/dev/null", "-tt", "-p", String(port), "-i", keyPath,
         "-o", "IdentitiesOnly=yes",
         "-o", "UserKnownHostsFile=\(knownHostsPath)", "-o", "StrictHostKeyChecking=yes",
         "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
         "\(user)@127.0.0.1"] + remoteCommand.map(SSHFixture.shellQuoted)
    }

    /// The whole `ssh …` invocation as one shell command line, for `tmux new-session`.
    public func commandLine(remoteCommand: [String], environment: [String: String] = [:]) -> String {
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let prefix = env.isEmpty ? [] : ["env"] + env
        return (prefix + [SSHFixture.sshPath] + sshArguments(remoteCommand: remoteCommand))
            .map(SSHFixture.shellQuoted).joined(separator: " ")
    }

    /// Runs `remoteCommand` over SSH to completion. With `-tt` the remote side's stdout and
    /// stderr both arrive on stdout, with CR LF line ends.
    public func run(_ remoteCommand: [String]) throws -> Spawn.Result {
        try Spawn.run(SSHFixture.sshPath, sshArguments(remoteCommand: remoteCommand))
    }

    /// Copies an executable where the supervisor can run it (`<dir>/bin`, mode 755), along with
    /// any Swift runtime library the supervisor could not load from the toolchain; returns its path.
    public func installBinary(_ path: String) throws -> String {
        let out = try SSHFixture.runScript(["install", path], directory: directory)
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a database directory the supervisor shares with root's processes: root:frontdesk,
    /// mode 2770. A relative path is taken inside the fixture's directory. Returns the path.
    /// The store must still create the database file itself with mode 660 (see docs/ssh.md).
    public func sharedDirectory(_ path: String) throws -> String {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        let out = try SSHFixture.runScript(["shared-dir", full], directory: directory)
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops sshd and removes the state directory (keys, copied binaries, shared dirs in it).
    public func stop() {
        _ = try? SSHFixture.runScript(["stop"], directory: directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func runScript(_ args: [String], directory: String) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_SSH_DIR"] = directory
        let result = try Spawn.run("/bin/bash", [scriptPath] + args, environment: env)
        guard result.status == 0 else {
            throw SSHFixtureError("ssh-fixture \(args.joined(separator: " ")) failed (\(result.status)): "
                                  + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.stdout
    }

    /// Quotes for a POSIX shell when needed: plain words stay as they are, so logs stay readable.
    public static func shellQuoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")
        if !word.isEmpty && word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

public struct SSHFixtureError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
