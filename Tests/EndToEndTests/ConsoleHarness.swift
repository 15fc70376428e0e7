import Foundation
import Testing
import TestSupport

/// What the console end-to-end tests share: the project's folders, a fresh database, the
/// real binary in tmux under a shell that stays (so the terminal it leaves can be checked).
enum ConsoleHarness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var environment: String {
        "TERM=xterm-256color FRONTDESK_THEMES='\(root.appendingPathComponent("Themes").path)' FRONTDESK_SEEDS='\(root.appendingPathComponent("seeds").path)'"
    }

    static func tempDB() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("console-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("clinic.sqlite").path
    }

    /// A database with the demo clinic loaded (every appointment still scheduled).
    static func demoDB() throws -> String {
        let db = try tempDB()
        let env = ProcessInfo.processInfo.environment.merging(["FRONTDESK_SEEDS": root.appendingPathComponent("seeds").path]) { $1 }
        let r = try Spawn.frontdesk(["init", "--demo", "--db", db], environment: env)
        #expect(r.status == 0, "init --demo failed: \(r.stderr)")
        return db
    }

    /// Runs `frontdesk ARGS` in tmux.
    static func start(_ args: String, width: Int = 120, height: Int = 40) throws -> Tmux {
        let run = "\(environment) '\(Spawn.frontdesk)' \(args)"
        return try Tmux(width: width, height: height, command: ["/bin/sh", "-c", "\(run); echo \"exit status $?\"; exec sleep 600"])
    }

    static func expectCleanExit(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tmux.waitFor("exit status 0"), "did not exit cleanly:\n\(tmux.capture())", sourceLocation: sourceLocation)
        #expect(tmux.query("#{alternate_on}") == "0", "still in the alternate screen", sourceLocation: sourceLocation)
        #expect(tmux.query("#{cursor_flag}") == "1", "cursor left hidden", sourceLocation: sourceLocation)
        #expect(!tmux.capture().contains("Waiting Room"), "the console was left on screen", sourceLocation: sourceLocation)
    }

    static func feed(_ db: String, _ lines: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try Spawn.frontdesk(["feed", "--db", db], input: lines)
        #expect(r.status == 0, "feed failed: \(r.stderr)", sourceLocation: sourceLocation)
    }

    /// The Phone Queue's rows between its header and "Callbacks due": the calls on screen.
    static func phoneRows(_ screen: String) -> String {
        var out: [String] = []
        var inQueue = false
        for line in screen.split(separator: "\n") {
            if line.contains("Wait Caller") { inQueue = true; continue }
            if line.contains("Callbacks due") || line.contains("Next Up") { inQueue = false }
            if inQueue { out.append(String(line)) }
        }
        return out.joined(separator: "\n")
    }
}
