import Foundation
import Testing
import TestSupport

/// The lobby display on the demo clinic, in a real terminal: tickets show, names never do.
@Suite("Public board in tmux", .serialized)
struct BoardEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every family and given name in the seeded clinic.
    static func seededNames() throws -> [String] {
        let csv = try String(contentsOf: root.appendingPathComponent("seeds/patients.csv"), encoding: .utf8)
        return csv.components(separatedBy: .newlines).filter { !$0.isEmpty }.dropFirst().flatMap { line -> [String] in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return fields.count > 3 ? [fields[1], fields[2], fields[3]].filter { !$0.isEmpty } : []
        }
    }

    @Test func theBoardShowsTicketsAndNoPatientNameFromTheDemoClinic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("board-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("clinic.sqlite").path
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_SEEDS"] = Self.root.appendingPathComponent("seeds").path
        #expect(try Spawn.frontdesk(["init", "--demo", "--db", db], environment: env).status == 0)
        let arrivals = ["APT-5000", "APT-5001", "APT-5002", "APT-5003"].map { #"{"type":"patient.arrived","appointment":"\#($0)"}"# }
        let fed = try Spawn.frontdesk(["feed", "--db", db], input: arrivals.joined(separator: "\n") + "\n")
        #expect(fed.status == 0, "\(fed.stderr)")

        let run = "TERM=xterm-256color '\(Spawn.frontdesk)' board --db '\(db)'"
        let tmux = try Tmux(width: 100, height: 30, command: ["/bin/sh", "-c", "\(run); echo \"exit status $?\"; exec sleep 600"])
        defer { tmux.kill() }
        #expect(tmux.waitFor("Now calling", timeout: 20), "\(tmux.capture())")
        #expect(tmux.waitFor("A-004"), "\(tmux.capture())")
        // A ticket arriving later shows without a key press.
        _ = try Spawn.frontdesk(["feed", "--db", db], input: #"{"type":"walkin.arrived","name":"Zed Quayle"}"# + "\n")
        #expect(tmux.waitFor("W-001"), "\(tmux.capture())")
        let screen = tmux.capture()
        let names = try Self.seededNames() + ["Zed", "Quayle"]
        #expect(names.count > 100)
        for name in names where name.count > 1 || !name.allSatisfy(\.isASCII) {
            #expect(!screen.contains(name), "the board shows \(name):\n\(screen)")
        }
        tmux.sendKeys("q")
        #expect(tmux.waitFor("exit status 0"), "\(tmux.capture())")
    }
}
