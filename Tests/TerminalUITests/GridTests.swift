import Testing
@testable import TerminalUI

@Suite("Grid: wide characters, combining marks, truncation, diff")
struct GridTests {
    @Test func wideCharacterTakesTwoColumnsAndTheNextTextFollowsIt() {
        var grid = Grid(width: 10, height: 1)
        let used = grid.put("中文ab", x: 0, y: 0)
        #expect(used == 6)
        #expect(grid[0, 0].text == "中")
        #expect(grid[1, 0].isContinuation)
        #expect(grid[4, 0].text == "a")
        #expect(grid.row(at: 0) == "中文ab")
    }

    @Test func combiningMarkStaysOnItsBase() {
        var grid = Grid(width: 10, height: 1)
        let used = grid.put(SafeText("e\u{301}te\u{301}"), x: 0, y: 0)   // "été" decomposed
        #expect(used == 3)
        #expect(grid[0, 0].text == "e\u{301}")
        #expect(grid[1, 0].text == "t")
        #expect(grid.row(at: 0) == "e\u{301}te\u{301}")
    }

    @Test func truncationEndsInAnEllipsisWithinTheWidth() {
        #expect(Grid.truncate("Rosalind Franklin", to: 8) == "Rosalin…")
        #expect(Grid.truncate("short", to: 8) == "short")
        #expect(Grid.truncate("exactly8", to: 8) == "exactly8")
        #expect(Grid.truncate("anything", to: 0) == "")
        #expect(Grid.truncate("ab", to: 1) == "…")
    }

    @Test func truncationNeverSplitsAWideCharacterOrAGrapheme() {
        // 5 columns: "中文" (4) + "…" (1); the third CJK character does not fit whole.
        #expect(Grid.truncate("中文字幕", to: 5) == "中文…")
        // 4 columns: "中" (2) + "…"; "文" would need columns 3–4 and leave no room for "…".
        #expect(Grid.truncate("中文字幕", to: 4) == "中…")
        let flagFamily = "👨‍👩‍👧 family"
        let cut = Grid.truncate(flagFamily, to: 4)
        #expect(cut.first == "👨‍👩‍👧")
        #expect(DisplayWidth.of(cut) <= 4)
    }

    @Test func putRespectsMaxWidthAndTheRightEdge() {
        var grid = Grid(width: 12, height: 2)
        #expect(grid.put("Appointment", x: 0, y: 0, maxWidth: 5) == 5)
        #expect(grid.row(at: 0) == "Appo…")
        #expect(grid.put("中中中中", x: 7, y: 1) == 5)
        #expect(grid.row(at: 1) == "       中中…")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = Grid(width: 6, height: 1)
        grid.put("中文", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)          // onto the right half of 中
        #expect(grid[0, 0].text == " ")
        #expect(grid[1, 0].text == "x")
        grid.put("y", x: 2, y: 0)          // onto the left half of 文
        #expect(grid[3, 0].text == " ")
        #expect(!grid.cells.contains { $0.isContinuation })
    }

    @Test func wideCharacterCutByTheLeftEdgeLeavesABlank() {
        var grid = Grid(width: 4, height: 1)
        grid.put("abcd", x: 0, y: 0)
        grid.put("中x", x: -1, y: 0)
        #expect(grid.row(at: 0) == " xcd")
    }

    @Test func diffYieldsOnlyTheChangedCells() {
        var before = Grid(width: 200, height: 60)
        before.put("Waiting room", x: 0, y: 0)
        var after = before
        after.put("W", x: 0, y: 0, role: .title)
        after.put("!", x: 199, y: 59)
        let changes = after.changes(since: before)
        #expect(changes.count == 2)
        #expect(changes[0].x == 0 && changes[0].y == 0 && changes[0].cell.role == .title)
        #expect(changes[1].x == 199 && changes[1].y == 59)
        #expect(after.changes(since: after).isEmpty)
        #expect(after.changes(since: Grid(width: 10, height: 10)).count == 200 * 60)
        #expect(after.changes(since: nil).count == 200 * 60)
    }

    @Test func fillIsClippedToTheGrid() {
        var grid = Grid(width: 4, height: 2)
        grid.fill(Rect(x: 2, y: -1, width: 10, height: 2), with: Cell("#"))
        #expect(grid.text == "  ##\n")
    }
}

@Suite("DisplayWidth agrees with glibc wcwidth, as ncursesw and tmux count")
struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("中", 2), ("ｱ", 1), ("Ａ", 2), ("한", 2), ("😀", 2),
        ("❤️", 1),              // U+2764 + VS16: 1 to glibc, whatever a GUI font does
        ("👨‍👩‍👧", 2),            // ZWJ sequence: as wide as its first emoji
        ("👍🏽", 2), ("e\u{301}", 1), ("…", 1),
        ("\u{200B}", 1),        // drawn as the one-column placeholder that shows it (InertText)
    ])
    func width(_ text: String, _ columns: Int) {
        #expect(DisplayWidth.of(Character(text)) == columns)
    }

    @Test func stringWidthIsTheSumOfItsGraphemes() {
        #expect(DisplayWidth.of("Dr. 王 (Zoë)") == 12)
        #expect(DisplayWidth.of("") == 0)
    }
}
