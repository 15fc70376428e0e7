import Foundation
import Testing
import FrontDeskCore
import FrontDeskConsole
import TerminalUI

/// Given this clinic, these keys: this screen and these effects. One test per binding.
@Suite("Desk keys")
struct DeskKeyTests {
    @Test("the screen shows the three panes, the status line and the footer")
    func panes() {
        let s = DeskSession()
        #expect(s.screen.contains("Waiting Room") && s.screen.contains("Phone Queue") && s.screen.contains("Next Up"))
        #expect(s.terminal.frame.row(at: 0).contains("Desk front-1 │ ana │ 10:00 │ Lobby 3 │ Phone 2"))
        #expect(s.terminal.frame.row(at: 23).hasPrefix("a answer"))
        #expect(s.screen.contains("Waiting 2 · Longest 2:30") && s.screen.contains("SL 50% · Aband 50% · ASA 0:30"))
    }

    @Test("a answers the longest-waiting call on a free desk")
    func answerFreeDesk() {
        let s = DeskSession()
        s.type("a")
        #expect(s.effects == [.claimCall("c1")])
        #expect(s.screen.contains("On call: Okafor, Chidi"))
        #expect(s.screen.contains("on call"))
    }

    @Test("c opens the selected visit's Check-In form; F10 with a required field missing is refused next to it")
    func checkInOpensForm() {
        let s = DeskSession()
        s.type("jjj")
        s.type("c")
        #expect(s.effects == [.openCheckIn(visitID: 12)])
        #expect(s.screen.contains("Check-In · A-002"))
        s.press(.function(10))
        #expect(s.state.checkIn?.draft.focus == .dateOfBirth)
        #expect(s.screen.contains("Date of birth: enter a real date"))
    }

    @Test("Esc on an active check-in asks for a note and suspends it with its draft")
    func escSuspends() {
        let s = DeskSession()
        s.type("jjc\u{1B}\u{1B}")
        #expect(s.screen.contains("Put aside Check-in: Okafor, Chidi"))
        s.type("\n")
        guard case .suspend(_, let ctx)? = s.effects.last else { Issue.record("no suspend"); return }
        #expect(ctx.step == "Identity · Family name")
        #expect(CheckInDraft.decode(ctx.draft)?.value(.familyName) == "Okafor")
        #expect(s.screen.contains("Suspended 1/2:"))
    }

    @Test("n takes the task the library ranks first, and Next Up says why")
    func takeNext() {
        // No caller waiting: a call on the line (90 points) would outrank every task here.
        let s = DeskSession(Clinic.snapshot(calls: Clinic.calls().filter { !$0.state.isWaiting }))
        #expect(s.state.rankedWork.first?.id == 101)
        s.press(.tab); s.press(.tab)
        #expect(s.screen.contains("Why: waited 50 min +50"))
        s.type("n")
        #expect(s.effects == [.claimTask(101)])
        #expect(s.screen.contains("Active: Callback · Call back Lind"))
        s.type("d")                                  // done: the callback is made
        #expect(s.effects.last == .complete(101))
        #expect(s.state.activeTask == nil && s.screen.contains("Active: none"))
    }

    @Test("with callers waiting, n answers the longest-waiting call: a caller on the line outranks overdue paperwork")
    func takeNextAnswersAWaitingCall() {
        let s = DeskSession()
        #expect(s.state.rankedWork.first?.callID == "c1")
        s.press(.tab); s.press(.tab)
        #expect(s.screen.contains("Why: waited 2 min +25 · caller on the"))   // +90, cut off at 80 columns
        #expect(s.screen.contains("▸ 1 Call") && s.screen.contains("115┃"))
        s.type("n")
        #expect(s.effects == [.claimCall("c1")])
        #expect(s.screen.contains("On call: Okafor, Chidi"))
    }

    @Test("Tab and Shift-Tab move the focus through the panes; the focused pane's border changes")
    func focus() {
        let s = DeskSession()
        #expect(s.state.focus == .waitingRoom && s.terminal.frame[0, 1].role == .borderFocused)
        s.press(.tab); #expect(s.state.focus == .phoneQueue)
        s.press(.tab); #expect(s.state.focus == .nextUp)
        s.press(.tab); #expect(s.state.focus == .waitingRoom)
        s.press(.backTab); #expect(s.state.focus == .nextUp)
        #expect(s.terminal.frame[0, 1].role == .border)
    }

    @Test("↓/j and ↑/k move the selection in the focused pane; Enter on a call answers it")
    func selection() {
        let s = DeskSession()
        s.press(.down); #expect(s.state.selectedVisitID == 15)
        s.type("j"); #expect(s.state.selectedVisitID == 11)
        s.type("k"); s.press(.up); #expect(s.state.selectedVisitID == 14)
        s.press(.tab); s.type("j"); #expect(s.state.selectedCallID == "c2")
        s.press(.enter)
        #expect(s.effects == [.claimCall("c2")])
        #expect(s.screen.contains("On call: Pharmacy"))
    }

    @Test("a board longer than the pane scrolls so the selected visit stays on screen")
    func boardScrolls() {
        var clinic = Clinic.snapshot()
        clinic.visits = (0..<40).map { i in
            Visit(id: Int64(100 + i), ticket: "B-\(100 + i)", patientID: 2, provider: "Dr Lee", appointmentAt: Clinic.at(Double(i)),
                  status: .scheduled, statusSince: Clinic.at(-60))
        }
        let s = DeskSession(clinic)
        for _ in 0..<25 { s.type("j") }
        #expect(s.state.selectedVisitID == 125)
        #expect(s.screen.contains("▸B-125") && !s.screen.contains("B-100"))
        for _ in 0..<25 { s.press(.up) }
        #expect(s.screen.contains("▸B-100"))
    }

    @Test("Enter on a Next Up row takes that task")
    func enterTakesTask() {
        let s = DeskSession()
        s.press(.backTab); s.type("j")
        let chosen = s.state.rankedWork[1]
        s.press(.enter)
        #expect(s.effects.count == 1)
        #expect(s.state.activeTask?.id == chosen.id || s.state.activeCall?.id == chosen.callID)
    }

    @Test("/ filters the board as you type; Enter keeps the filter and selects; Esc clears it")
    func find() {
        let s = DeskSession()
        s.type("/ngu")
        #expect(s.screen.contains("Find: ngu"))
        #expect(s.terminal.frame.row(at: 23) == "Enter select  Esc clear")
        #expect(!s.screen.contains("A-001"))
        #expect(s.terminal.cursor != nil)
        s.press(.enter)
        #expect(s.state.selectedVisitID == 13 && s.state.findQuery == "ngu" && s.terminal.cursor == nil)
        s.press(.escape)
        #expect(s.state.findQuery == "" && s.screen.contains("Okafor"))
        s.type("/zzz\u{1B}")
        #expect(s.state.findQuery == "" && s.screen.contains("Okafor"))
    }

    @Test("p, s and o filter by provider, by status and change the sort")
    func filterSort() {
        let s = DeskSession()
        s.type("p")
        #expect(s.state.providerFilter == "Dr Lee" && !s.screen.contains("A-001"))
        s.type("p"); s.type("p")
        #expect(s.state.providerFilter == nil)
        s.type("s")
        #expect(s.state.statusFilter == .all && s.screen.contains("A-005"))
        s.type("s")
        #expect(s.state.statusFilter == .only(.scheduled) && s.screen.contains("A-003") && !s.screen.contains("A-001"))
        s.type("o")
        #expect(s.state.sort == .longestInStatus && s.screen.contains("by wait"))
    }

    @Test("? opens the help overlay titled Help with every key; Esc closes it")
    func help() {
        let s = DeskSession()
        s.type("?")
        #expect(s.screen.contains(" Help "))
        for b in s.state.keymap.bindings { #expect(s.screen.contains(b.keyLabel)) }
        s.type("q")
        #expect(s.effects.isEmpty)                   // keys other than Esc/? do nothing under help
        s.press(.escape)
        #expect(!s.screen.contains(" Help ") && s.state.modal == nil)
    }

    @Test("a tick moves the clocks and changes only a few cells")
    func tickIsCheap() {
        let s = DeskSession()
        s.runtime.send(.tick(Clinic.t0.addingTimeInterval(1)))
        #expect(s.terminal.lastChangeCount > 0 && s.terminal.lastChangeCount < 40)
        #expect(s.screen.contains("2:31"))
    }

    @Test("resize redraws at the new size")
    func resize() {
        let s = DeskSession()
        s.terminal.resize(width: 160, height: 50)
        s.runtime.send(.resize(width: 160, height: 50))
        #expect(s.terminal.frame.width == 160 && s.screen.contains("Arrival"))
    }
}
