import Testing
import TestSupport
import TerminalUI

@Suite("Widgets")
struct WidgetTests {
    @Test("a focused panel draws its title and a heavy border; an unfocused one a light border")
    func panel() {
        var grid = Grid(width: 30, height: 4)
        Panel(title: "Waiting Room", isFocused: true).render(in: Rect(x: 0, y: 0, width: 15, height: 4), into: &grid)
        Panel(title: "Phone Queue").render(in: Rect(x: 15, y: 0, width: 15, height: 4), into: &grid)
        assertSnapshot(grid, named: "panel", withStyles: true)
        #expect(grid[0, 0].role == .borderFocused)
        #expect(grid[15, 0].role == .border)
        #expect(grid.row(at: 0) == "┏━ Waiting R…━┓┌─ Phone Que…─┐")
    }

    @Test("table: fixed and flexible widths fill the rect; right alignment; sticky header")
    func tableWidths() {
        let t = Table(columns: [.init("A", .fixed(3)), .init("B", .flex(min: 2, weight: 1)), .init("C", .flex(min: 2, weight: 3)),
                                .init("N", .fixed(4), .right)], rows: [])
        let w = t.columnWidths(total: 40)
        #expect(w.reduce(0, +) + 3 + 1 == 40)   // three gaps and the marker column
        #expect(w[2] > w[1])
        var grid = Grid(width: 24, height: 3)
        Table(columns: [.init("Name", .flex(min: 4)), .init("Wait", .fixed(5), .right)],
              rows: [.init(["Ng, Ann", "2:05"]), .init(["Okafor, Chi", "12:40"])], selected: 1)
            .render(in: grid.bounds, into: &grid)
        assertSnapshot(grid, named: "table", withStyles: true)
        #expect(grid.row(at: 0) == " Name" + String(repeating: " ", count: 15) + "Wait")
        #expect(grid.row(at: 1).hasSuffix(" 2:05"))
        #expect(grid.row(at: 2).hasPrefix("▸Okafor"))
        #expect(grid[1, 2].role == .selected)
    }

    @Test("table scrolls so the selection stays visible, header stays on top")
    func tableScrolls() {
        let rows = (1...20).map { Table.Row(["row \($0)"]) }
        var grid = Grid(width: 12, height: 5)
        Table(columns: [.init("Row", .flex(min: 4))], rows: rows, selected: 14).render(in: grid.bounds, into: &grid)
        #expect(grid.row(at: 0) == " Row")
        #expect(grid.row(at: 4) == "▸row 15")
        grid = Grid(width: 12, height: 5)
        Table(columns: [.init("Row", .flex(min: 4))], rows: rows, selected: 2, scrollOffset: 10).render(in: grid.bounds, into: &grid)
        #expect(grid.row(at: 1) == "▸row 3")
        #expect(Table.offset(keeping: 19, visible: 4, from: 0, count: 20) == 16)
    }

    @Test("text field: typing, arrows, Home/End, Backspace/Del and Ctrl-A/E/U/K/W")
    func textFieldEditing() {
        var f = TextField()
        for c in "Jane Doe" { f.handle(.char(c)) }
        #expect(f.text == "Jane Doe" && f.cursor == 8)
        f.handle(.ctrl("w")); #expect(f.text == "Jane ")
        f.handle(.home); f.handle(.char(">")); #expect(f.text == ">Jane ")
        f.handle(.end); f.handle(.backspace); #expect(f.text == ">Jane")
        f.handle(.ctrl("a")); f.handle(.delete); #expect(f.text == "Jane")
        f.handle(.right); f.handle(.right); f.handle(.ctrl("k")); #expect(f.text == "Ja")
        f.handle(.left); f.handle(.ctrl("u")); #expect(f.text == "a" && f.cursor == 0)
        f.handle(.ctrl("e")); #expect(f.cursor == 1)
        #expect(f.handle(.tab) == false)
        f.handle(.char("\u{1B}")); #expect(f.text == "a")   // an escape never enters a field
    }

    @Test("text field: wide characters move as one and the cursor column counts their width")
    func textFieldWide() {
        var f = TextField("田中")
        #expect(f.cursorPosition(in: Rect(x: 5, y: 2, width: 20, height: 1)) == (9, 2))
        f.handle(.left); #expect(f.cursorPosition(in: Rect(x: 5, y: 2, width: 20, height: 1)) == (7, 2))
        f.handle(.backspace); #expect(f.text == "中")
        var long = TextField(String(repeating: "x", count: 30))
        var grid = Grid(width: 10, height: 1)
        long.render(in: grid.bounds, into: &grid)
        #expect(long.cursorPosition(in: grid.bounds).x == 9)
        long.handle(.home)
        grid = Grid(width: 10, height: 1); long.render(in: grid.bounds, into: &grid)
        #expect(long.cursorPosition(in: grid.bounds).x == 0)
        #expect(grid.row(at: 0) == "xxxxxxxxxx")
    }

    @Test("checkbox list marks done items and shows details on the right")
    func checkboxList() {
        var grid = Grid(width: 30, height: 3)
        CheckboxList(items: [.init("Photo ID", isChecked: true), .init("Consent to treat", isChecked: false, detail: "open 12m"),
                             .init("Copay", isChecked: false)], selected: 1).render(in: grid.bounds, into: &grid)
        assertSnapshot(grid, named: "checkbox", withStyles: true)
        #expect(grid.row(at: 0) == " [x] Photo ID")
        #expect(grid.row(at: 1).hasPrefix("▸[ ] Consent") && grid.row(at: 1).hasSuffix("open 12m"))
    }

    @Test("footer and help come from the same keymap; disabled keys leave the footer and are marked in help")
    func keymapFooterHelp() {
        enum M { case answer, quit, hidden }
        let map = Keymap(title: "Test", [
            KeyBinding([.char("a")], M.answer, label: "answer", help: "answer a call", isEnabled: false),
            KeyBinding([.char("q")], M.quit, label: "quit", help: "quit"),
            KeyBinding([.up, .char("k")], M.hidden, label: "up", help: "move up", inFooter: false),
        ])
        #expect(map.message(for: .char("q")) == .quit)
        #expect(map.message(for: .char("a")) == nil)
        #expect(map.binding(for: .char("a"))?.label == "answer")
        #expect(map.message(for: .char("k")) == .hidden)
        var grid = Grid(width: 40, height: 1)
        Footer(keymap: map).render(in: grid.bounds, into: &grid)
        #expect(grid.row(at: 0) == "q quit")
        grid = Grid(width: 40, height: 9)
        Overlay.help(for: map).render(in: grid.bounds, into: &grid)
        assertSnapshot(grid, named: "help")
        #expect(grid.text.contains(" Help "))
        #expect(grid.text.contains("a    answer a call (not now)"))
        #expect(grid.text.contains("↑/k  move up"))
    }

    @Test("a footer never writes a key twice: a label that names its own keys loses them (\"↑ ↑  ↓ ↓\", \"↑/↓ ↑↓ choose\")")
    func footerLabelsDoNotRepeatTheirKeys() {
        enum M { case up, down, choose, keep }
        let map = Keymap(title: "Test", [
            KeyBinding([.up], M.up, label: "↑", help: "previous"),
            KeyBinding([.down], M.down, label: "↓", help: "next"),
            KeyBinding([.up, .down], M.choose, label: "↑↓ choose", help: "choose"),
            KeyBinding([.char("k")], M.keep, label: "keep yours", help: "keep"),
        ])
        var grid = Grid(width: 60, height: 1)
        Footer(keymap: map).render(in: grid.bounds, into: &grid)
        #expect(grid.row(at: 0) == "↑  ↓  ↑/↓ choose  k keep yours")
        #expect(map.bindings.map(\.labelAfterKeys) == ["", "", "choose", "keep yours"])
        #expect(KeyBinding([.up, .down], M.choose, label: "↑/↓ choose", help: "").labelAfterKeys == "choose")
        #expect(KeyBinding([.function(1)], M.up, label: "F1 help", help: "").labelAfterKeys == "help")
    }

    @Test("status line drops the right side before cutting the left")
    func statusLine() {
        var grid = Grid(width: 40, height: 1)
        StatusLine(left: [.init("Desk front-1"), .init("ana")], right: [.init("10:42")]).render(in: grid.bounds, into: &grid)
        #expect(grid.row(at: 0) == " Desk front-1 │ ana" + String(repeating: " ", count: 15) + "10:42")
        grid = Grid(width: 20, height: 1)
        StatusLine(left: [.init("Desk front-1"), .init("ana")], right: [.init("10:42")]).render(in: grid.bounds, into: &grid)
        #expect(grid.row(at: 0) == " Desk front-1 │ ana")
        #expect(grid[0, 0].role == .statusLine)
    }

    @Test("outside text with escape sequences renders inert in every widget")
    func inertText() {
        let evil = "Bob\u{1B}]0;pwned\u{07}\u{202E}x"
        var grid = Grid(width: 40, height: 6)
        Panel(title: "\(evil)").render(in: Rect(x: 0, y: 0, width: 40, height: 3), into: &grid)
        Table(columns: [.init("N", .flex(min: 3))], rows: [.init(["\(evil)"])], showsHeader: false)
            .render(in: Rect(x: 0, y: 3, width: 40, height: 1), into: &grid)
        TextField(evil).render(in: Rect(x: 0, y: 4, width: 40, height: 1), into: &grid)
        let all = grid.cells.map(\.text).joined()
        #expect(!all.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        #expect(grid.text.contains("Bob␛]0;pwned␇�x"))
    }
}
