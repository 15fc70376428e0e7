import Foundation
import Testing
import TestSupport
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

@Suite("Desk snapshots")
struct DeskSnapshotTests {
    @Test("the desk at 80×24")
    func desk80x24() {
        let s = DeskSession()
        assertSnapshot(s.terminal.frame, named: "desk-80x24", withStyles: true)
    }

    @Test("the desk at 160×50 uses the room: wider columns, more rows")
    func desk160x50() {
        let s = DeskSession(width: 160, height: 50)
        assertSnapshot(s.terminal.frame, named: "desk-160x50")
        #expect(s.screen.contains("Arrival"))
    }

    @Test("at 120 columns the board gives names their room first and adds columns rather than padding")
    func desk120() {
        let s = DeskSession(width: 120, height: 40)
        assertSnapshot(s.terminal.frame, named: "desk-120x40")
        for name in ["Okafor, Chidi", "Lindqvist, Ana", "Tanaka, 田中", "Nguyen, Bao"] {
            #expect(s.screen.contains(name + " "), "\(name) was cut")
        }
        #expect(s.screen.contains("Reason") && s.screen.contains("◆ With provider"))
    }

    @Test("a check-in suspended for a call, at 80×24")
    func deskOnCall() {
        let s = DeskSession()
        s.type("jc\u{1B}a")
        s.type("ID at desk\n")
        assertSnapshot(s.terminal.frame, named: "desk-on-call-80x24")
    }

    @Test("a check-in resumed after a call shows its cue and its ticked items, at 80×24")
    func resumedCheckIn() throws {
        let s = DeskSession()
        let a1 = s.visit("A1")
        s.type("jc\t\t\t\t\t9\u{1B}a")
        s.type("ID at desk\n")
        s.tick(3)
        s.type("e"); s.press(.down); s.press(.enter)   // message taken
        s.tick(4)
        let task = try #require(s.stored.tasks.first { $0.visitID == a1.id && $0.kind == .checkIn })
        s.press(.backTab)
        while s.state.selectedTask?.id != task.id { s.press(.down) }
        s.press(.enter)
        assertSnapshot(s.terminal.frame, named: "desk-checkin-resumed-80x24", withStyles: true)
    }

    @Test("any terminal size draws without crashing, with every prompt open",
          arguments: [(1, 1), (10, 3), (30, 8), (45, 12), (119, 30), (120, 30), (250, 70)])
    func anySize(size: (Int, Int)) throws {
        let s = DeskSession(width: size.0, height: size.1)
        var state = s.state
        let prompts: [DeskPrompt?] = [nil, .emergency(note: TextField("x")), .callOutcome(callID: "c1", selected: 4, note: TextField()),
                                      .suspendNote(field: TextField("n"), taskID: 1, then: .suspendOnly)]
        for p in prompts {
            for help in [false, true] {
                state.prompt = p
                state.showsHelp = help
                var grid = Grid(width: size.0, height: size.1)
                _ = render(state, into: &grid)
                #expect(grid.width == size.0)
            }
        }
    }

    @Test("the help overlay at 80×24")
    func help() {
        let s = DeskSession()
        s.type("?")
        assertSnapshot(s.terminal.frame, named: "desk-help-80x24")
    }

    @Test("the moves menu and the room picker at 80×24: every line whole, the refused moves saying why")
    func movesAndRooms() throws {
        // Nguyen also booked at 09:35 and not here: 25 minutes late at 10:00.
        let store = try Clinic.store()
        _ = try store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "L1", at: Clinic.at(-25), mrn: "M003", provider: "Dr Lee", reason: "Bloods"),
        ], by: Clinic.ana, now: Clinic.at(-1))
        let s = DeskSession(store)
        let late = s.visit("L1")
        WaitingRoomTests.select(s, late.id)
        s.type("m")
        assertSnapshot(s.terminal.frame, named: "desk-moves-80x24")
        s.press(.escape)
        let a2 = s.visit("A2")                                // A-004, checked in
        WaitingRoomTests.select(s, a2.id)
        s.type("mr")
        assertSnapshot(s.terminal.frame, named: "desk-room-picker-80x24")
    }

    @Test("names, caller ids and notes with escape sequences and bidi overrides render inert")
    func inert() throws {
        let store = try Clinic.store()
        try store.raiseEmergency(desk: nil, note: "x\u{1B}]52;c;AAAA\u{07}", by: Clinic.feed, now: Clinic.t0)
        for (w, h) in [(80, 24), (160, 50)] {
            let s = DeskSession(store, width: w, height: h)
            s.press(.tab)
            let all = s.terminal.frame.cells.map(\.text).joined()
            #expect(!all.unicodeScalars.contains { $0.value < 0x20 || (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) })
            #expect(s.screen.contains("Evil␛[2J"))
            #expect(s.screen.contains("Pharmacy␛["))
            #expect(s.screen.contains("x␛]52;c;AAAA␇"))
        }
    }

    @Test("board rows: amber and red waits carry a marker as well as a colour; late and early arrivals")
    func boardGrading() {
        let s = DeskSession(width: 160, height: 50)
        let rows = (0..<50).map { s.terminal.frame.row(at: $0) }
        #expect(rows.first { $0.contains("W-001") }?.contains("1h10!!") == true)
        let a003 = rows.first { $0.contains("A-003") } ?? ""
        #expect(a003.contains("35m!!") && !a003.contains("early") && a003.contains("INS DOC $ INT"))
        #expect(rows.first { $0.contains("A-002") }?.contains("late 15") == true)
        #expect(rows.first { $0.contains("A-004") }?.contains("early 12") == true)
    }
}
