import Foundation
import Testing
@testable import TerminalUI

/// Compares a rendered grid with a stored plain-text snapshot. Set
/// `FRONTDESK_RECORD_SNAPSHOTS=1` to (re)write the files instead of comparing.
enum ScreenSnapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    static func check(_ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent("\(name).txt")
        let actual = grid.text + "\n"
        if ProcessInfo.processInfo.environment["FRONTDESK_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(expected != nil, "no snapshot \(name).txt — run with FRONTDESK_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        #expect(actual == expected ?? "", "\(name) differs from its snapshot", sourceLocation: sourceLocation)
    }
}

@Suite("Screens of the terminal layer, as plain text")
struct ScreenSnapshotTests {
    @Test func themePreviewAt80x24() throws {
        let grid = ThemePreview.render(theme: .builtinDefault, width: 80, height: 24, colorLevel: "indexed256", lastKey: "F1")
        try ScreenSnapshot.check(grid, named: "theme-preview-default-80x24")
        #expect(grid[1, 3].role == .normal)   // each role name is drawn in its own role
    }

    @Test func tooSmallScreenIsOneCentredMessage() throws {
        let grid = TooSmallScreen.render(width: 60, height: 15)
        try ScreenSnapshot.check(grid, named: "too-small-60x15")
        #expect(grid.text.contains("terminal too small (need 80×24)"))
    }

    @Test func memoryTerminalShowsTooSmallInsteadOfTheFrame() {
        let terminal = MemoryTerminal(width: 79, height: 24)
        var frame = Grid(width: 79, height: 24)
        frame.put("Waiting Room", x: 0, y: 0)
        terminal.draw(frame, cursor: (x: 3, y: 3))
        #expect(terminal.text.contains("terminal too small"))
        #expect(!terminal.text.contains("Waiting Room"))
        #expect(terminal.cursor == nil)
    }
}
