import Foundation
import Testing
import TestSupport

/// The receptionist's console as a user meets it: the real binary, a real database, another
/// process feeding a call, keys typed into a real terminal (tmux).
@Suite("Desk console in tmux", .serialized)
struct DeskConsoleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var environment: String {
        "TERM=xterm-256color FRONTDESK_THEMES='\(root.appendingPathComponent("Themes").path)' FRONTDESK_SEEDS='\(root.appendingPathComponent("seeds").path)'"
    }

    func tempDB() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("desk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("clinic.sqlite").path
    }

    /// Runs `frontdesk ARGS` in tmux under a shell that stays, so the terminal left behind can be checked.
    func start(_ args: String, width: Int = 120, height: Int = 40) throws -> Tmux {
        let run = "\(Self.environment) '\(Spawn.frontdesk)' \(args)"
        return try Tmux(width: width, height: height, command: ["/bin/sh", "-c", "\(run); echo \"exit status $?\"; exec sleep 600"])
    }

    func expectCleanExit(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tmux.waitFor("exit status 0"), "did not exit cleanly:\n\(tmux.capture())", sourceLocation: sourceLocation)
        #expect(tmux.query("#{alternate_on}") == "0", "still in the alternate screen", sourceLocation: sourceLocation)
        #expect(tmux.query("#{cursor_flag}") == "1", "cursor left hidden", sourceLocation: sourceLocation)
        #expect(!tmux.capture().contains("Waiting Room"), "the console was left on screen", sourceLocation: sourceLocation)
    }

    func feed(_ db: String, _ lines: String) throws {
        let r = try Spawn.frontdesk(["feed", "--db", db], input: lines)
        #expect(r.status == 0, "feed failed: \(r.stderr)")
    }

    @Test func theDemoStartsWithThreePanesAndALiveDayAndQuitsClean() throws {
        let db = try tempDB()
        let tmux = try start("demo --db '\(db)' --speed 20")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())")
        let screen = tmux.capture()
        #expect(screen.contains("Phone Queue"))
        #expect(screen.contains("Next Up"))
        #expect(screen.contains("Desk Front 1"))
        // The seeded morning was replayed: tickets were handed out.
        #expect(screen.contains("A-0"))
        tmux.sendKeys("q")
        expectCleanExit(tmux)
        #expect(tmux.capture().contains("demo database: \(db)"))
    }

    @Test func aCallInterruptsACheckInWhichResumesWithItsCue() throws {
        let db = try tempDB()
        let initialised = try Spawn.frontdesk(["init", "--demo", "--db", db], environment: ProcessInfo.processInfo.environment.merging(
            ["FRONTDESK_SEEDS": Self.root.appendingPathComponent("seeds").path]) { $1 })
        #expect(initialised.status == 0, "\(initialised.stderr)")

        let tmux = try start("desk --db '\(db)' --desk 'Front 1'")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())")

        // Start checking in the first patient on the board.
        tmux.sendKeys("c")
        #expect(tmux.waitFor("Check-In ·"), "\(tmux.capture())")
        #expect(tmux.waitFor("Active: Check-in"))

        // A call arrives from another process and shows without a key press.
        try feed(db, #"{"type":"call.ringing","call":"e2e-1","from":"(415) 555-0111","name":"Quentin Caller","reason":"reschedule"}"# + "\n")
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
        #expect(tmux.capture().contains("\"was at photo ID\""))

        // End the call (first outcome), then take what ranks next: the suspended check-in.
        tmux.sendKeys("e")
        #expect(tmux.waitFor("Appointment made"), "\(tmux.capture())")
        tmux.sendKeys("Enter")
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
        expectCleanExit(tmux)

        // What the store says: the call ended, the check-in was suspended again on quit (nothing lost).
        let status = try Spawn.frontdesk(["status", "--json", "--db", db])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let calls = json?["calls"] as? [[String: Any]] ?? []
        #expect(calls.first { $0["id"] as? String == "e2e-1" }?["state"] as? String == "ended")
        let tasks = json?["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.contains { $0["kind"] as? String == "check-in" && $0["state"] as? String == "suspended" })
    }
}
