import Foundation
import Testing
import TestSupport
@testable import TerminalUI

@Suite("Screens of the terminal layer, as plain text")
struct ScreenSnapshotTests {
    @Test func themePreviewAt80x24() {
        let grid = ThemePreview.render(theme: .builtinDefault, width: 80, height: 24, colorLevel: "indexed256", lastKey: "F1")
        assertSnapshot(grid, named: "theme-preview-default-80x24")
        #expect(grid[1, 3].role == .normal)   // each role name is drawn in its own role
    }

    @Test func tooSmallScreenIsOneCentredMessage() {
        let grid = TooSmallScreen.render(width: 60, height: 15)
        assertSnapshot(grid, named: "too-small-60x15")
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
