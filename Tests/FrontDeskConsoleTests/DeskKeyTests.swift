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
    }

    @Test("a answers the longest-waiting call on a free desk")
    func answerFreeDesk() {
        let s = DeskSession()
        s.type("a")
        #expect(s.effects == [.claimCall("c1")])
        #expect(s.screen.contains("On call: Okafor, Chidi"))
        #expect(s.screen.contains("on call"))
    }

    @Test("a with an active task asks for a note, then suspends the task and answers; the task shows as suspended")
    func answerSuspendsActive() {
        let s = DeskSession()
        s.type("n")                                   // the overdue callback ranks first
        let active = s.state.activeTask
        #expect(active != nil)
        s.type("a")
        #expect(s.screen.contains("Suspend"))
        s.type("left msg\n")
        guard case .suspend(let id, let ctx)? = s.effects.dropLast().last else { Issue.record("no suspend"); return }
        #expect(id == active?.id && ctx.note == "left msg")
        #expect(s.effects.last.map { if case .claimCall = $0 { return true } else { return false } } == true)
        #expect(s.screen.contains("Suspended 1/2:"))
        #expect(s.screen.contains("\"left msg\""))
    }

    @Test("Esc in the note prompt cancels: nothing is suspended")
    func noteCancel() {
        let s = DeskSession()
        s.type("n")
        let before = s.effects.count
        s.type("a\u{1B}")
        #expect(s.effects.count == before)
        #expect(s.state.modal == nil && s.state.activeTask != nil)
    }

    @Test("e ends the call with a chosen outcome; callback promised leaves a callback task; then the next task is offered")
    func endCall() {
        let s = DeskSession()
        s.type("a")
        s.type("e")
        #expect(s.screen.contains("How did the call with Okafor, Chidi end?"))
        s.press(.down); s.press(.down); s.press(.down); s.press(.down); s.press(.up); s.press(.down)
        s.type("after 3pm")
        #expect(s.terminal.cursor != nil)
        s.press(.enter)
        #expect(s.effects.last == .endCall("c1", .callbackPromised, note: "after 3pm"))
        #expect(s.backend.clinic.tasks.contains { $0.kind == .callback && $0.title.contains("555-0101 · after 3pm") })
        #expect(s.screen.contains("Next up:") || s.screen.contains("Resume:"))
    }

    @Test("Esc in the outcome prompt stays on the call")
    func endCallCancel() {
        let s = DeskSession()
        s.type("ae\u{1B}")
        #expect(s.state.activeCall?.id == "c1" && s.state.modal == nil)
    }

    @Test("after a call, the suspended task resumes with its cue: where it stopped, the note, how long away")
    func resumeCue() {
        // Only the one call and no other work, so the suspended check-in is what ranks next.
        let s = DeskSession(Clinic.snapshot(calls: [Clinic.calls()[0]], tasks: []))
        s.type("jjc")                                // the board lists W-001, A-004, then A-001
        #expect(s.effects == [.openCheckIn(visitID: 11)])
        #expect(s.screen.contains("Check-In · Okafor, Chidi · A-001"))
        s.type("jj ")                                // tick the third item: the insurance card
        s.type("a")
        s.type("ID at desk\n")
        s.tick(3)
        s.type("e\n")                                // appointment made
        #expect(s.screen.contains("Resume: Okafor, Chidi"))
        s.tick(4)
        s.type("n")
        #expect(s.effects.last.map { if case .resume = $0 { return true } else { return false } } == true)
        #expect(s.screen.contains("Away 4m · at Insurance card"))
        #expect(s.screen.contains("Note: ID at desk"))
        #expect(s.screen.contains("[x] Insurance card"))
    }

    @Test("c opens the selected visit's check-in; Space ticks; Enter completes it")
    func checkInComplete() {
        let s = DeskSession()
        s.type("jjj")
        s.type("c")
        #expect(s.effects == [.openCheckIn(visitID: 12)])
        s.type(" ")
        #expect(s.state.checkIn?.done.count == ReadinessItem.allCases.count - 1)
        s.press(.enter)
        #expect(s.effects.last.map { if case .complete = $0 { return true } else { return false } } == true)
        #expect(s.screen.contains("Waiting Room"))
    }

    @Test("Esc on an active check-in asks for a note and suspends it with its draft")
    func escSuspends() {
        let s = DeskSession()
        s.type("jjc \u{1B}")
        #expect(s.screen.contains("Put aside Check-in: Okafor, Chidi"))
        s.type("\n")
        guard case .suspend(_, let ctx)? = s.effects.last else { Issue.record("no suspend"); return }
        #expect(ctx.step == "Insurance verified")
        #expect(CheckInDraft.decode(ctx.draft)?.done.contains(.insuranceVerified) == true)
        #expect(s.screen.contains("Suspended 1/2:"))
    }

    @Test("n takes the task the library ranks first, and Next Up says why")
    func takeNext() {
        let s = DeskSession()
        #expect(s.state.rankedWork.first?.id == 101)
        s.press(.tab); s.press(.tab)
        #expect(s.screen.contains("Why: waited 50 min +50"))
        s.type("n")
        #expect(s.effects == [.claimTask(101)])
        #expect(s.screen.contains("Active: Callback · Call back Lind"))
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

    @Test("! asks to confirm, then suspends the active task and raises the emergency, shown on every console")
    func emergency() {
        let s = DeskSession()
        s.type("c")
        s.type("!")
        #expect(s.screen.contains("Raise an emergency at desk front-1?"))
        s.type("fall in lobby\n")
        #expect(s.effects.suffix(2).first.map { if case .suspend = $0 { return true } else { return false } } == true)
        #expect(s.effects.last == .raiseEmergency(note: "fall in lobby"))
        #expect(s.screen.contains("!! EMERGENCY at front-1: fall in lobby"))
        let other = DeskState(clinic: s.backend.clinic, now: Clinic.t0, deskName: "front-2", user: "bo")
        var grid = Grid(width: 80, height: 24)
        render(other, into: &grid)
        #expect(grid.text.contains("!! EMERGENCY at front-1"))
    }

    @Test("Esc cancels the emergency prompt: nothing is raised")
    func emergencyCancel() {
        let s = DeskSession()
        s.type("!x\u{1B}")
        #expect(s.effects.isEmpty && s.state.modal == nil)
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

    @Test("q quits at once on a free desk; with an active task it suspends it first")
    func quit() {
        let s = DeskSession()
        s.type("q")
        #expect(s.effects == [.quit] && s.runtime.isFinished)
        let t = DeskSession()
        t.type("cq")
        #expect(t.effects.count == 3 && t.effects.last == .quit)
        #expect(t.backend.clinic.tasks.contains { $0.kind == .checkIn && $0.state == .suspended })
    }

    @Test("a lost claim race shows 'another desk took that call' and changes nothing else")
    func lostRace() {
        let s = DeskSession()
        s.backend.change { c in c.calls[0].state = .answered; c.calls[0].desk = "front-2" }   // not yet seen by this desk
        s.type("a")
        #expect(s.screen.contains("another desk took that call"))
        #expect(s.state.activeCall == nil)
    }

    @Test("a call that rings during a task shows the library's verdict and reason")
    func interruptionBanner() {
        let s = DeskSession()
        s.type("c")
        s.outside { c in c.calls.append(Call(id: "c9", from: "555-7777", reason: "lab", arrivedAt: Clinic.t0)) }
        #expect(s.screen.contains("Call from 555-7777 — interrupt now: a caller is waiting"))
    }

    @Test("a masked step refuses a switch; the suspend cap refuses a third suspension")
    func maskAndCap() {
        var tasks = Clinic.tasks()
        tasks[0].state = .active; tasks[0].desk = Clinic.desk; tasks[0].masked = true
        let s = DeskSession(Clinic.snapshot(tasks: tasks, desks: [Desk(name: Clinic.desk, activeTaskID: 101)]))
        s.type("a")
        #expect(s.effects.isEmpty && s.screen.contains("masked step"))
        var capped = Clinic.tasks()
        capped[0].state = .active; capped[0].desk = Clinic.desk
        for i in 1...2 { capped[i].state = .suspended; capped[i].desk = Clinic.desk
            capped[i].context = TaskContext(suspendedAt: Clinic.at(-3)) }
        let t = DeskSession(Clinic.snapshot(tasks: capped, desks: [Desk(name: Clinic.desk, activeTaskID: 101, suspendedTaskIDs: [102, 103])]))
        t.type("a")
        #expect(t.effects.isEmpty && t.screen.contains("cap 2"))
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
