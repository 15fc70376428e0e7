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

    /// The Phone Queue's rows between its header and "Callbacks due": the calls on screen,
    /// cut to the pane's own columns (beside it, Next Up lists callbacks with the same names).
    static func phoneRows(_ screen: String) -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        guard let top = lines.firstIndex(where: { String($0).contains("Phone Queue") }) else { return "" }
        let title = Array("Phone Queue")
        let row = lines[top]
        guard let at = (0...(max(0, row.count - title.count))).first(where: { Array(row[$0..<$0 + title.count]) == title }) else { return "" }
        let left = row[..<at].lastIndex(where: { "┌┏".contains($0) }) ?? 0
        let right = row[at...].firstIndex(where: { "┐┓".contains($0) }) ?? row.count - 1
        var out: [String] = []
        var inQueue = false
        for line in lines[top...] {
            let pane = String(line[min(left, line.count)..<min(right + 1, line.count)])
            if pane.contains("Wait Caller") { inQueue = true; continue }
            if pane.contains("Callbacks due") || pane.contains("└") || pane.contains("┗") { inQueue = false }
            if inQueue { out.append(pane) }
        }
        return out.joined(separator: "\n")
    }
}
