import Foundation
import Testing
import TestSupport

/// The Check-In form in the real binary: a call interrupting a half-filled form, and a
/// console killed with SIGKILL mid-form. What was typed must come back.
@Suite("Check-In form in tmux", .serialized)
struct CheckInTests {
    typealias H = ConsoleHarness

    func initDemo() throws -> String { try H.demoDB() }

    /// The desk console on `db` with the first visit's Check-In form open.
    func openCheckIn(_ db: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tmux {
        let tmux = try H.start("desk --db '\(db)' --desk 'Front 1'", width: 100, height: 30)
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())", sourceLocation: sourceLocation)
        tmux.sendKeys("c")
        #expect(tmux.waitFor("Check-In ·"), "\(tmux.capture())", sourceLocation: sourceLocation)
        return tmux
    }

    func status(_ db: String) throws -> [String: Any] {
        let r = try Spawn.frontdesk(["status", "--json", "--db", db])
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// Tab from the focused field `n` times, clear it and type `text`.
    func fill(_ tmux: Tmux, tabs n: Int, _ text: String) {
        for _ in 0..<n { tmux.sendKeys("Tab") }
        tmux.sendKeys("End"); tmux.sendKeys("C-u")
        tmux.type(text)
    }

    @Test func aCallInterruptsAHalfFilledFormWhichResumesAtTheSameFieldAndCompletes() throws {
        let db = try initDemo()
        let tmux = try openCheckIn(db)
        defer { tmux.kill() }
        let ticket = tmux.capture().components(separatedBy: "Check-In · ").dropFirst().first?.prefix(5).description ?? ""

        // Fill the required identity and contact fields, then part of the email.
        fill(tmux, tabs: 3, "1980-02-29")
        fill(tmux, tabs: 2, "(617) 555-0139")
        fill(tmux, tabs: 1, "pat@exa")
        #expect(tmux.waitFor("pat@exa"), "\(tmux.capture())")

        // A call is fed by another process; step out of the form and answer it.
        try H.feed(db, #"{"type":"call.ringing","call":"ci-1","from":"(415) 555-0111","name":"Quentin Caller","reason":"reschedule"}"# + "\n")
        #expect(tmux.waitFor("Quentin Caller"), "\(tmux.capture())")
        tmux.sendKeys("Escape")
        #expect(tmux.waitFor("desk keys (Enter edits)"), "\(tmux.capture())")
        tmux.sendKeys("a")
        #expect(tmux.waitFor("Enter suspend"), "\(tmux.capture())")
        tmux.type("typing email")
        tmux.sendKeys("Enter")
        #expect(tmux.waitFor("On call: Quentin Caller"), "\(tmux.capture())")

        // The call ends; the check-in comes back at the email field with what was typed.
        tmux.sendKeys("e")
        #expect(tmux.waitFor("Message taken"), "\(tmux.capture())")
        tmux.sendKeys("Down"); tmux.sendKeys("Enter")
        #expect(tmux.waitFor("Active: none"), "\(tmux.capture())")
        tmux.sendKeys("n")
        #expect(tmux.waitFor("Contact ▸ Email"), "\(tmux.capture())")
        #expect(tmux.waitFor("Note: typing email"), "\(tmux.capture())")
        #expect(tmux.capture().contains("pat@exa"))

        // Typing goes on at the cursor where it stopped; F10 completes.
        tmux.type("mple.org")
        #expect(tmux.waitFor("pat@example.org"), "\(tmux.capture())")
        tmux.sendKeys("F10")
        #expect(tmux.waitFor("Waiting Room"), "\(tmux.capture())")
        tmux.sendKeys("q")
        H.expectCleanExit(tmux)

        let visits = try status(db)["visits"] as? [[String: Any]] ?? []
        #expect(visits.first { $0["ticket"] as? String == ticket }?["status"] as? String == "checked-in", "\(ticket) \(visits)")
    }

    @Test func killMinus9MidFormLosesNothingTyped() throws {
        let db = try initDemo()
        let tmux = try openCheckIn(db)
        defer { tmux.kill() }
        fill(tmux, tabs: 2, "Pepita")                 // preferred name
        #expect(tmux.waitFor("Pepita"), "\(tmux.capture())")

        // SIGKILL the console: no handler runs, nothing is flushed on the way out.
        let shell = tmux.query("#{pane_pid}")
        let child = try Spawn.run("/usr/bin/pgrep", ["-P", shell]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(child.split(separator: "\n").first ?? ""), "no console under \(shell)")
        #expect(kill(pid, SIGKILL) == 0)
        #expect(tmux.waitFor("exit status 137"), "\(tmux.capture())")

        // Start again: the same desk's check-in comes back with the draft, at the same field.
        let again = try H.start("desk --db '\(db)' --desk 'Front 1'", width: 100, height: 30)
        defer { again.kill() }
        #expect(again.waitFor("Check-In ·", timeout: 20), "\(again.capture())")
        #expect(again.waitFor("Identity ▸ Preferred name"), "\(again.capture())")
        #expect(again.capture().contains("Pepita"))
    }

    /// Ctrl-S is offered as "complete". With terminal flow control on it would stop the pane's
    /// output until Ctrl-Q (the screen looks frozen); the console owns the keyboard, so it
    /// arrives as a key and completes the check-in.
    @Test func ctrlSCompletesTheCheckInAndTheScreenKeepsDrawing() throws {
        let db = try initDemo()
        let tmux = try openCheckIn(db)
        defer { tmux.kill() }
        let ticket = tmux.capture().components(separatedBy: "Check-In · ").dropFirst().first?.prefix(5).description ?? ""
        fill(tmux, tabs: 3, "1980-02-29")
        fill(tmux, tabs: 2, "(617) 555-0139")
        #expect(tmux.waitFor("555-0139"), "\(tmux.capture())")
        tmux.sendKeys("C-s")
        #expect(tmux.waitFor("c check in"), "\(tmux.capture())")
        // Output still flows: a key after Ctrl-S is drawn (no Ctrl-Q needed).
        tmux.sendKeys("?")
        #expect(tmux.waitFor("an active task is suspended first"), "\(tmux.capture())")
        tmux.sendKeys("Escape"); tmux.sendKeys("q")
        H.expectCleanExit(tmux)
        let visits = try status(db)["visits"] as? [[String: Any]] ?? []
        #expect(visits.first { $0["ticket"] as? String == ticket }?["status"] as? String == "checked-in", "\(ticket) \(visits)")
    }

    /// Ctrl-C, like q, suspends the check-in in hand before the desk closes: it is not left
    /// "active" on a desk nobody is at, and its draft waits for whoever takes it.
    @Test func ctrlCSuspendsTheCheckInFirst() throws {
        let db = try initDemo()
        let tmux = try openCheckIn(db)
        defer { tmux.kill() }
        fill(tmux, tabs: 2, "Pepita")
        #expect(tmux.waitFor("Pepita"), "\(tmux.capture())")
        tmux.sendKeys("C-c")
        H.expectCleanExit(tmux)
        let tasks = try status(db)["tasks"] as? [[String: Any]] ?? []
        let checkIn = try #require(tasks.first { $0["kind"] as? String == "check-in" }, "\(tasks)")
        #expect(checkIn["state"] as? String == "suspended", "\(checkIn)")
    }
}
