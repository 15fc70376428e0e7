import Foundation
import Testing
import TestSupport

/// The receptionist's console as a user meets it: the real binary, a real database, another
/// process feeding a call, keys typed into a real terminal (tmux).
@Suite("Desk console in tmux", .serialized)
struct DeskConsoleTests {
    typealias H = ConsoleHarness

    @Test func theDemoStartsWithThreePanesAndALiveDayAndQuitsClean() throws {
        let db = try H.tempDB()
        let tmux = try H.start("demo --db '\(db)' --speed 20")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())")
        let screen = tmux.capture()
        #expect(screen.contains("Phone Queue"))
        #expect(screen.contains("Next Up"))
        #expect(screen.contains("Desk Front 1"))
        // The seeded morning was replayed: tickets were handed out.
        #expect(screen.contains("A-0"))
        tmux.sendKeys("q")
        H.expectCleanExit(tmux)
        #expect(tmux.capture().contains("demo database: \(db)"))
    }

    @Test func aCallInterruptsACheckInWhichResumesWithItsCue() throws {
        let db = try H.demoDB()

        let tmux = try H.start("desk --db '\(db)' --desk 'Front 1'")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())")

        // Start checking in the first patient on the board.
        tmux.sendKeys("c")
        #expect(tmux.waitFor("Check-In ·"), "\(tmux.capture())")
        #expect(tmux.waitFor("Active: Check-in"))

        // A call arrives from another process and shows without a key press.
        try H.feed(db, #"{"type":"call.ringing","call":"e2e-1","from":"(415) 555-0111","name":"Quentin Caller","reason":"reschedule"}"# + "\n")
        #expect(tmux.waitFor("Quentin Caller"), "\(tmux.capture())")

        // Step out of the form (Esc) and answer it: the check-in is put aside with a note.
        tmux.sendKeys("Escape")
        #expect(tmux.waitFor("desk keys (Enter edits)"), "\(tmux.capture())")
        tmux.sendKeys("a")
        #expect(tmux.waitFor("Enter suspend"), "\(tmux.capture())")
        tmux.type("was at photo ID")
        tmux.sendKeys("Enter")
        #expect(tmux.waitFor("On call: Quentin Caller"), "\(tmux.capture())")
        #expect(tmux.waitFor("Suspended 1/2"))
        #expect(tmux.capture().contains("“was at photo ID”"))

        // End the call (a message taken), then take what ranks next: the suspended check-in.
        tmux.sendKeys("e")
        #expect(tmux.waitFor("Message taken"), "\(tmux.capture())")
        tmux.sendKeys("Down"); tmux.sendKeys("Enter")
        #expect(tmux.waitFor("Active: none"), "\(tmux.capture())")
        tmux.sendKeys("n")
        #expect(tmux.waitFor("Active: Check-in"), "\(tmux.capture())")
        #expect(tmux.waitFor("Note: was at photo ID"), "\(tmux.capture())")
        #expect(tmux.capture().contains("Away "))

        // Resize below the minimum and back.
        tmux.resize(width: 70, height: 20)
        #expect(tmux.waitFor("terminal too small (need 80×24)"))
        tmux.resize(width: 100, height: 30)
        #expect(tmux.waitFor("Next Up"))

        tmux.sendKeys("Escape")
        #expect(tmux.waitFor("desk keys (Enter edits)"), "\(tmux.capture())")
        tmux.sendKeys("q")
        H.expectCleanExit(tmux)

        // What the store says: the call ended, the check-in was suspended again on quit (nothing lost).
        let status = try Spawn.frontdesk(["status", "--json", "--db", db])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let calls = json?["calls"] as? [[String: Any]] ?? []
        #expect(calls.first { $0["id"] as? String == "e2e-1" }?["state"] as? String == "ended")
        let tasks = json?["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.contains { $0["kind"] as? String == "check-in" && $0["state"] as? String == "suspended" })
    }
}
