import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `ssh -tt host frontdesk supervise` through a real sshd, a real login and a real pty: a
/// feed changes the state on the host, the supervisor's screen shows it; dropping the link
/// ends the remote console and leaves the database consistent.
@Suite("Supervisor over SSH", .serialized)
struct SuperviseSSHTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func aFeedChangeShowsOverSSHAndADroppedLinkLosesNothing() throws {
        let ssh: SSHFixture
        do { ssh = try SSHFixture.start() } catch {
            Issue.record("the supervisor-over-SSH test cannot run: \(error)"); return
        }
        defer { ssh.stop() }
        // The clinic behind the boundary; the SSH login is in its users group.
        let f: BoundaryFixture
        do { f = try BoundaryFixture.make(usersGroup: "frontdesk", members: [ssh.user]) } catch {
            Issue.record("the supervisor-over-SSH test cannot run: \(error)"); return
        }
        defer { f.remove() }
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_SEEDS"] = Self.root.appendingPathComponent("seeds").path
        let initialised = try f.asRoot(["init", "--demo"], environment: env)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        var info = stat()
        #expect(stat(f.database, &info) == 0 && info.st_mode & 0o777 == 0o600 && info.st_uid == getpwnam(BoundaryFixture.serviceAccount)!.pointee.pw_uid,
                "the database is not the service account's alone")
        let added = try f.asRoot(["users", "add", ssh.user, "--role", "supervisor"])
        #expect(added.status == 0, "\(added.stderr)")

        let line = ssh.commandLine(remoteCommand: ["env", "TERM=xterm-256color", f.binary, "--config", f.config, "supervise", "--no-bell"])
        let tmux = try Tmux(width: 140, height: 40, command: ["/bin/sh", "-c", line])
        var killed = false
        defer { if !killed { tmux.kill() } }
        #expect(tmux.waitFor("Queue across desks", timeout: 30), "\(tmux.capture())")
        #expect(tmux.capture().contains("Supervisor │ \(ssh.user)"), "\(tmux.capture())")

        // Another process on the host raises an emergency: it shows over the link, unprompted.
        let fed = try f.asRoot(["feed"], input: #"{"type":"emergency","desk":"Front 1","note":"SSH-E2E collapse"}"# + "\n")
        #expect(fed.status == 0, "\(fed.stderr)")
        #expect(tmux.waitFor("SSH-E2E collapse", timeout: 10), "\(tmux.capture())")
        #expect(tmux.capture().contains("Breaches"))

        // Drop the link: the tmux server (and with it the ssh client) goes away.
        tmux.kill()
        killed = true
        let gone = eventually(timeout: 15, poll: 0.1) {
            let r = try? Spawn.run("/usr/bin/pgrep", ["-f", "\(f.config) supervise"])
            return r?.status == 1
        }
        #expect(gone, "the supervisor's console still runs on the host after the link dropped")
        let check = try Spawn.run("/usr/bin/sqlite3", [f.database, "PRAGMA integrity_check;"])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.stdout) \(check.stderr)")
        // Nothing was lost: the emergency is still open for the desks.
        let status = try f.asRoot(["status", "--json"])
        #expect(status.stdout.contains("\"emergency\""), "\(status.stdout.prefix(400))")
    }
}
