import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskConsole
import TerminalUI

@Suite("Desk snapshots")
struct DeskSnapshotTests {
    @Test("the desk at 80×24")
    func desk80x24() {
        var grid = Grid(width: 80, height: 24)
        render(Clinic.state(), into: &grid)
        assertSnapshot(grid, named: "desk-80x24", withStyles: true)
    }

    @Test("the desk at 160×50 uses the room: wider columns, more rows")
    func desk160x50() {
        var grid = Grid(width: 160, height: 50)
        render(Clinic.state(width: 160, height: 50), into: &grid)
        assertSnapshot(grid, named: "desk-160x50")
        #expect(grid.text.contains("Arrival"))
    }

    @Test("a check-in suspended for a call, at 80×24")
    func deskOnCall() {
        let s = DeskSession()
        s.type("c\u{1B}a")
        s.type("ID at desk\n")
        assertSnapshot(s.terminal.frame, named: "desk-on-call-80x24")
    }

    @Test("a check-in resumed after a call shows its cue and its ticked items, at 80×24")
    func resumedCheckIn() {
        let s = DeskSession(Clinic.snapshot(calls: [Clinic.calls()[0]], tasks: []))
        s.type("jjc\t\t\t\t\t9\u{1B}a")
        s.type("ID at desk\n")
        s.tick(3)
        s.type("e\n")
        s.tick(4)
        s.type("n")
        assertSnapshot(s.terminal.frame, named: "desk-checkin-resumed-80x24", withStyles: true)
    }

    @Test("any terminal size draws without crashing, with every prompt open", arguments: [(1, 1), (10, 3), (30, 8), (45, 12), (119, 30), (120, 30), (250, 70)])
    func anySize(size: (Int, Int)) {
        var state = Clinic.state(width: size.0, height: size.1)
        let modals: [DeskModal?] = [nil, .help, .emergency(note: TextField("x")), .callOutcome(callID: "c1", selected: 4, note: TextField()),
                                    .suspendNote(field: TextField("n"), taskID: 101, then: .suspendOnly)]
        for m in modals {
            state.modal = m
            var grid = Grid(width: size.0, height: size.1)
            render(state, into: &grid)
            #expect(grid.width == size.0)
        }
    }

    @Test("the help overlay at 80×24")
    func help() {
        let s = DeskSession()
        s.type("?")
        assertSnapshot(s.terminal.frame, named: "desk-help-80x24")
    }

    @Test("names, caller ids and notes with escape sequences and bidi overrides render inert")
    func inert() {
        var clinic = Clinic.snapshot()
        clinic.tasks.append(DeskTask(id: 200, kind: .callback, title: "x\u{1B}]52;c;AAAA\u{07}", createdAt: Clinic.at(-1)))
        for (w, h) in [(80, 24), (160, 50)] {
            var state = Clinic.state(clinic, width: w, height: h)
            state.focus = .phoneQueue
            var grid = Grid(width: w, height: h)
            render(state, into: &grid)
            let all = grid.cells.map(\.text).joined()
            #expect(!all.unicodeScalars.contains { $0.value < 0x20 || (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) })
            #expect(grid.text.contains("Evil␛[2J"))
            #expect(grid.text.contains("Pharmacy␛["))
        }
    }

    @Test("board rows: amber and red waits carry a marker as well as a colour; late and early arrivals")
    func boardGrading() {
        var grid = Grid(width: 160, height: 50)
        render(Clinic.state(width: 160, height: 50), into: &grid)
        let walkIn = (0..<50).map { grid.row(at: $0) }.first { $0.contains("W-001") } ?? ""
        #expect(walkIn.contains("1h10!!"))
        let a001 = (0..<50).map { grid.row(at: $0) }.first { $0.contains("A-001") } ?? ""
        #expect(a001.contains("35m!!") && a001.contains("early") == false && a001.contains("INS DOC $ INT"))
        let rows = (0..<50).map { grid.row(at: $0) }
        #expect(rows.first { $0.contains("A-004") }?.contains("late 15") == true)
        #expect(rows.first { $0.contains("A-002") }?.contains("early 12") == true)
    }
}
