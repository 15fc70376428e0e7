import Foundation
import Testing
import FrontDeskCore
import FrontDeskConsole
import TerminalUI

/// Interruptions as the receptionist lives them: calls during a task, suspend and resume,
/// races with other desks, masks and the cap, emergencies, quitting without losing work.
@Suite("Desk interruptions")
struct DeskInterruptionTests {
    /// The desk is already working on the overdue callback while both callers wait. (Taken with
    /// `n` it would not be: a caller on the line outranks it, so `n` answers the call.)
    static func workingOnTheOverdueCallback() -> ClinicSnapshot {
        var tasks = Clinic.tasks()
        tasks[0].state = .active; tasks[0].desk = Clinic.desk
        return Clinic.snapshot(tasks: tasks, desks: [Desk(name: Clinic.desk, user: "ana", activeTaskID: 101)])
    }

    @Test("a with an active task asks for a note, then suspends the task and answers; the task shows as suspended")
    func answerSuspendsActive() {
        let s = DeskSession(Self.workingOnTheOverdueCallback())
        let active = s.state.activeTask
        #expect(active?.id == 101)
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
        let s = DeskSession(Self.workingOnTheOverdueCallback())
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
        #expect(s.screen.contains("Check-In · A-001 · MRN M001"))
        s.type("\t\t\t\t\t")                        // Tab to the phone field
        s.type("9")
        s.type("\u{1B}a")                            // step out of the form, answer

        s.type("ID at desk\n")
        s.tick(3)
        s.type("e\n")                                // appointment made
        #expect(s.screen.contains("Resume: Okafor, Chidi"))
        s.tick(4)
        s.type("n")
        #expect(s.effects.last.map { if case .resume = $0 { return true } else { return false } } == true)
        #expect(s.screen.contains("Away 4m · at Contact · Phone"))
        #expect(s.screen.contains("Note: ID at desk"))
        #expect(s.screen.contains("555-01019"))
        #expect(s.state.checkIn?.draft.focus == .phone && s.state.checkIn?.draft.cursor == 9)
    }

    @Test("! asks to confirm, then suspends the active task and raises the emergency, shown on every console")
    func emergency() {
        let s = DeskSession()
        s.type("c\u{1B}")
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

    @Test("q quits at once on a free desk; with an active task it suspends it first")
    func quit() {
        let s = DeskSession()
        s.type("q")
        #expect(s.effects == [.quit] && s.runtime.isFinished)
        let t = DeskSession()
        t.type("c\u{1B}q")
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
        // The verdict and its reason are the library's (tested there); here: the banner shows them.
        let banner = s.screen.split(separator: "\n").first { $0.contains("Call from 555-7777") }.map(String.init) ?? ""
        #expect(["interrupt now: ", "at the next break: ", "queued: "].contains { banner.contains("Call from 555-7777 — " + $0) }, "\(banner)")
        #expect(!banner.hasSuffix(": "))
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
}
