import Foundation
import Testing
import TestSupport

/// The idle lock in the real binary and a real terminal: job control and quit keys do
/// nothing at the lock screen, a restarted console comes back locked, and only the user's
/// PIN opens it — audited.
@Suite("Idle lock in a real terminal", .serialized)
struct LockEndToEndTests {
    @Test func theLockHoldsAgainstQuitKeysAndARestart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lock-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("clinic.sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        let pin = try Spawn.frontdesk(["users", "pin", "--pin-stdin", "--db", db], input: "314159\n")
        #expect(pin.status == 0, "\(pin.stderr)")
        // A lock after 0.02 minutes (1.2 s) of no key.
        let command = [Spawn.frontdesk, "desk", "--db", db, "--desk", "Front L", "--lock-after", "0.02"]
        var tmux = try Tmux(width: 90, height: 26, command: command, environment: ["TERM": "xterm-256color"])
        defer { tmux.kill() }
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())")
        #expect(tmux.waitFor("LOCKED", timeout: 10), "\(tmux.capture())")
        // Ctrl-Z, Ctrl-C, Ctrl-\ and q: still the lock screen, still running.
        for key in ["C-z", "C-c", "C-\\", "q"] {
            tmux.sendKeys(key)
            tmux.type("0")   // a digit after each, so we know the key before it was read
        }
        #expect(tmux.waitFor("••••", timeout: 5), "\(tmux.capture())")
        #expect(tmux.capture().contains("LOCKED") && tmux.query("#{pane_dead}") != "1", "\(tmux.capture())")

        // Killed and restarted (even with locking off): it comes back locked.
        tmux.kill()
        tmux = try Tmux(width: 90, height: 26, command: [Spawn.frontdesk, "desk", "--db", db, "--desk", "Front L", "--lock-after", "0"],
                        environment: ["TERM": "xterm-256color"])
        #expect(tmux.waitFor("LOCKED", timeout: 20), "\(tmux.capture())")
        #expect(!tmux.capture().contains("Waiting Room"))
        tmux.type("271828"); tmux.sendKeys("Enter")
        #expect(tmux.waitFor("Wrong PIN", timeout: 10) && tmux.capture().contains("LOCKED"), "a wrong PIN opened it:\n\(tmux.capture())")
        tmux.type("314159"); tmux.sendKeys("Enter")
        #expect(tmux.waitFor("Waiting Room", timeout: 10), "\(tmux.capture())")
        let audit = try Spawn.frontdesk(["audit", "--db", db])
        #expect(audit.stdout.contains("lock.locked") && audit.stdout.contains("lock.unlocked\t-\tPIN"), "\(audit.stdout)")
        tmux.sendKeys("q")
    }
}
