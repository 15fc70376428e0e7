import Testing
@testable import TerminalUI

/// Every class of character that could drive the terminal or reorder the screen must
/// come out as a visible one-column placeholder, and ordinary text must pass untouched.
@Suite("SafeText makes outside text inert")
struct SafeTextTests {
    @Test func escapeSequencesLoseTheirIntroducer() {
        let name = "Bob\u{1B}[2J\u{1B}]0;pwned\u{07}"
        let hostile = SafeText(name)
        #expect(hostile.value == "Bob␛[2J␛]0;pwned␇")
        #expect(!hostile.value.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test(arguments: Array(0x00...0x1F) + [0x7F])
    func c0ControlsAndDeleteBecomeControlPictures(_ code: Int) {
        let safe = SafeText("a" + String(Unicode.Scalar(UInt32(code))!) + "b")
        #expect(safe.value.unicodeScalars.count == 3)
        let middle = safe.value.unicodeScalars[safe.value.unicodeScalars.index(after: safe.value.unicodeScalars.startIndex)]
        #expect((0x2400...0x2421).contains(middle.value))
    }

    @Test(arguments: Array(0x80...0x9F))
    func c1ControlsIncludingEightBitCSIBecomeReplacementMarks(_ code: Int) {
        #expect(SafeText("x" + String(Unicode.Scalar(UInt32(code))!)).value == "x�")
    }

    @Test(arguments: [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C])
    func bidiControlsCannotReorderTheLine(_ code: Int) {
        let name = "Smith" + String(Unicode.Scalar(UInt32(code))!) + "evil"
        #expect(SafeText(name).value == "Smith�evil")
    }

    @Test func lineSeparatorsBecomeAVisibleMark() {
        let note = "one\u{2028}two\u{2029}"
        #expect(SafeText(note).value == "one␤two␤")
    }

    /// `SafeText("…")` with a literal is the literal initialiser (SE-0213): trusted, like
    /// any literal in code. Only values from outside are sanitised.
    @Test func literalArgumentIsTrustedButAVariableIsNot() {
        let outside = "\u{1B}x"
        #expect(SafeText(outside).value == "␛x")
        #expect(SafeText("\u{1B}x").value == "\u{1B}x")
    }

    @Test func ordinaryTextPassesUntouched() {
        let names = ["José Núñez", "王小明", "Zoë O'Brien-Łukasz", "👨‍👩‍👧 family", "e\u{301}"]
        for n in names { #expect(SafeText(n).value == n) }
    }

    @Test func interpolatedValuesAreInertButLiteralsAreTrusted() {
        let caller = "\u{1B}[31mEve"
        let line: SafeText = "Caller: \(caller) — line 2"
        #expect(line.value == "Caller: ␛[31mEve — line 2")
        let trusted: SafeText = "│ plain literal │"
        #expect(trusted.value == "│ plain literal │")
    }

    @Test func placeholdersAreDrawnInTheInertRoleAndTakeOneColumnEach() {
        var grid = Grid(width: 20, height: 1)
        let raw = "A\u{1B}\u{202E}B"
        let used = grid.put(SafeText(raw), x: 0, y: 0, role: .normal)
        #expect(used == 4)
        #expect(grid.row(at: 0) == "A␛�B")
        #expect(grid[0, 0].role == .normal)
        #expect(grid[1, 0].role == .inert)
        #expect(grid[2, 0].role == .inert)
        #expect(grid[3, 0].role == .normal)
    }
}
