import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The fixture the supervisor-over-SSH test stands on: a real sshd, a real login with a pty,
/// the built `frontdesk` runnable by the supervisor, and a database directory both can write.
@Suite("SSH fixture", .serialized)
struct SSHFixtureTests {
    /// Starts the fixture, or records why it cannot (not root, no OpenSSH) — never a silent pass.
    private func startFixture() -> SSHFixture? {
        do {
            return try SSHFixture.start()
        } catch {
            Issue.record("the supervisor-over-SSH tests cannot run: \(error)")
            return nil
        }
    }

    /// What came back over a pty, with the pty's CR LF line ends made plain.
    private func text(_ result: Spawn.Result) -> String {
        result.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test("frontdesk --help comes back over SSH from the installed binary")
    func helpOverSSH() throws {
        guard let ssh = startFixture() else { return }
        defer { ssh.stop() }
        let binary = try ssh.installBinary(Spawn.frontdesk)
        let result = try ssh.run([binary, "--help"])
        let output = text(result)
        #expect(result.status == 0, "ssh exited \(result.status): \(output) \(result.stderr)")
        #expect(output.contains("USAGE: frontdesk"), "no help text over SSH: \(output)")
        #expect(output.contains("SUBCOMMANDS"), "no subcommands in the help over SSH: \(output)")
    }

    @Test("the supervisor logs in with a pty and is in the frontdesk group")
    func supervisorIdentity() throws {
        guard let ssh = startFixture() else { return }
        defer { ssh.stop() }
        let result = try ssh.run(["sh", "-c", "id -un; id -nG; tty"])
        let lines = text(result).split(separator: "\n").map(String.init)
        #expect(result.status == 0, "ssh exited \(result.status): \(lines) \(result.stderr)")
        #expect(lines.first == "fdsuper", "logged in as \(lines.first ?? "nobody")")
        #expect(lines.count > 1 && lines[1].split(separator: " ").contains("frontdesk"),
                "groups over SSH lack frontdesk: \(lines)")
        #expect(lines.last?.hasPrefix("/dev/pts/") == true, "no pty over ssh -tt: \(lines)")
    }

    /// The recipe in docs/ssh.md: root's process makes the WAL database 660 in the setgid
    /// directory; the supervisor, over SSH, writes to it; root sees the write.
    @Test("a WAL database in the shared directory is writable by the supervisor over SSH")
    func sharedDatabase() throws {
        guard let ssh = startFixture() else { return }
        defer { ssh.stop() }
        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite) else {
            Issue.record("sqlite3 is not installed (scripts/test installs it)")
            return
        }
        let dir = try ssh.sharedDirectory("db")
        let db = dir + "/clinic.sqlite"
        let create = try Spawn.run(sqlite, [db, "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);"])
        #expect(create.status == 0, "root could not create the database: \(create.stderr)")
        #expect(chmod(db, 0o660) == 0)

        let write = try ssh.run([sqlite, db, "INSERT INTO t VALUES (2); SELECT count(*) FROM t;"])
        #expect(write.status == 0, "the supervisor could not write: \(text(write))")
        #expect(text(write).contains("2"), "the supervisor did not see its own write: \(text(write))")

        let read = try Spawn.run(sqlite, [db, "SELECT count(*) FROM t;"])
        #expect(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2",
                "root did not see the supervisor's write: \(read.stdout) \(read.stderr)")
        var info = stat()
        #expect(stat(dir, &info) == 0 && info.st_mode & 0o7777 == 0o2770, "shared dir mode is not 2770")
    }

    @Test("start twice keeps the same server; stop closes it")
    func startTwiceThenStop() throws {
        guard let first = startFixture() else { return }
        var stopped = false
        defer { if !stopped { first.stop() } }
        let second = try SSHFixture.start(directory: first.directory)
        #expect(second.port == first.port, "a second start moved the server: \(first.port) → \(second.port)")
        #expect(try first.run(["true"]).status == 0)

        first.stop()
        stopped = true
        // A plain TCP connect: ssh itself would fail anyway once stop removed the keys.
        let probe = try Spawn.run("/bin/bash", ["-c", "exec 3<>/dev/tcp/127.0.0.1/\(first.port)"])
        #expect(probe.status != 0, "something still listens on \(first.port) after stop")
    }
}
