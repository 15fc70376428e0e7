import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// Interruptions as the receptionist lives them: calls during a task, suspend and resume,
/// races with other desks, masks and the cap, emergencies, quitting without losing work —
/// all on the real store.
@Suite("Desk interruptions")
struct DeskInterruptionTests {
    /// The desk already working on the overdue callback while both callers wait.
    static func onTheOverdueCallback() throws -> (DeskSession, DeskTask) {
        let store = try Clinic.store()
        let callback = try #require(try store.snapshot().tasks.first { $0.title.contains("Call back Lindqvist") })
        try store.start(.take(taskID: callback.id), at: Clinic.desk, by: Clinic.ana, now: Clinic.at(-0.5))
        return (DeskSession(store), callback)
    }

    @Test("a with an active task asks for a note, then puts it aside and answers in ONE effect")
    func answerSuspendsActive() throws {
        let (s, callback) = try Self.onTheOverdueCallback()
        #expect(s.state.activeTask?.id == callback.id)
        s.type("a")
        #expect(s.screen.contains("Suspend"))
        s.type("left msg\n")
        #expect(s.effects.count == 1)
        guard case .start(.answer(callID: "c1"), let aside?)? = s.effects.first else { Issue.record("\(s.effects)"); return }
        #expect(aside.note == "left msg")
        #expect(s.stored.task(callback.id)?.state == .suspended && s.stored.task(callback.id)?.context?.note == "left msg")
        #expect(s.screen.contains("Suspended 1/2:") && s.screen.contains("“left msg”"))
    }

    @Test("Esc in the note prompt cancels: nothing is suspended")
    func noteCancel() throws {
        let (s, _) = try Self.onTheOverdueCallback()
        s.type("a\u{1B}")
        #expect(s.effects.isEmpty)
        #expect(s.state.prompt == nil && s.state.activeTask != nil)
    }

    @Test("e ends the call with a chosen outcome; callback promised leaves a callback task with the number")
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
        #expect(s.stored.tasks.contains { $0.kind == .callback && $0.title == "Call back Okafor, Chidi · 555-0101: after 3pm" })
        #expect(s.screen.contains("Next up:") || s.screen.contains("Resume:"))
    }

    @Test("Esc in the outcome prompt stays on the call")
    func endCallCancel() {
        let s = DeskSession()
        s.type("ae\u{1B}")
        #expect(s.state.activeCall?.id == "c1" && s.state.prompt == nil)
    }

    @Test("after a call, the suspended check-in resumes with its cue: where it stopped, the note, how long away")
    func resumeCue() throws {
        let s = DeskSession()
        let a1 = s.visit("A1")
        s.type("jc")                                 // A-003 (A1), second in the lobby
        #expect(s.effects == [.start(.openCheckIn(visitID: a1.id), settingAside: nil)])
        #expect(s.screen.contains("Check-In · A-003 · MRN M001"))
        s.type("\t\t\t\t\t")                        // Tab to the phone field
        #expect(s.state.checkIn?.draft.focus == .phone)
        s.type("9")
        s.type("\u{1B}a")                            // step out of the form, answer
        s.type("ID at desk\n")
        s.tick(3)
        s.type("e"); s.press(.down); s.press(.enter)  // message taken
        #expect(s.screen.contains("Resume:") || s.screen.contains("Next up:"))
        s.tick(4)
        let checkIn = try #require(s.stored.tasks.first { $0.visitID == a1.id && $0.kind == .checkIn })
        #expect(checkIn.state == .suspended)
        s.press(.backTab)
        while s.state.selectedTask?.id != checkIn.id { s.press(.down) }
        s.press(.enter)
        #expect(s.effects.last == .start(.take(taskID: checkIn.id), settingAside: nil))
        #expect(s.screen.contains("Away 4m · at Contact · Phone") || s.screen.contains("Away 4m"))
        #expect(s.state.resumeCue?.note == "ID at desk")
        #expect(s.state.checkIn?.draft.focus == .phone && s.state.checkIn?.draft.value(.phone) == "555-01019")
    }

    @Test("! asks to confirm, then puts the task aside and raises the emergency in one effect; every console shows it")
    func emergency() throws {
        let s = DeskSession()
        s.type("c\u{1B}")
        s.type("!")
        #expect(s.screen.contains("Raise an emergency at desk front-1?"))
        s.type("fall in lobby\n")
        guard case .start(.emergency(note: "fall in lobby"), let aside?)? = s.effects.last else { Issue.record("\(s.effects)"); return }
        #expect(aside.note == "emergency")
        #expect(s.screen.contains("!! EMERGENCY at front-1: fall in lobby"))
        let other = DeskSession(s.store, actor: Clinic.ben)
        #expect(other.screen.contains("!! EMERGENCY at front-1: fall in lobby"))
    }

    @Test("Esc cancels the emergency prompt: nothing is raised")
    func emergencyCancel() {
        let s = DeskSession()
        s.type("!x\u{1B}")
        #expect(s.effects.isEmpty && s.state.prompt == nil)
    }

    @Test("q quits at once on a free desk; with an active task it puts it aside (past the cap) first")
    func quit() {
        let s = DeskSession()
        s.type("q")
        #expect(s.effects.isEmpty && s.state.activeTask == nil)
        let t = DeskSession()
        t.type("c\u{1B}q")
        guard case .suspend(_, let ctx, closing: true)? = t.effects.last else { Issue.record("\(t.effects)"); return }
        #expect(ctx.note == "desk closed")
        #expect(t.stored.tasks.contains { $0.kind == .checkIn && $0.state == .suspended && $0.desk == "front-1" })
    }

    @Test("a hang-up closes the prompt, puts the active task aside, and nothing typed into the prompt is acted on")
    func hangup() throws {
        let s = DeskSession()
        s.type("c\u{1B}!x")                          // a check-in active, an emergency half typed
        s.runtime.send(.event(.hangup))
        guard case .suspend(_, let ctx, closing: true)? = s.effects.last else { Issue.record("\(s.effects)"); return }
        #expect(ctx.note == "desk closed")
        #expect(!s.stored.tasks.contains { $0.kind == .emergency })
    }

    @Test("a lost claim race says 'another desk took that call' and changes nothing else")
    func lostRace() throws {
        let s = DeskSession()
        // front-2 answers c1 in another process; this desk has not seen it yet.
        try s.store.start(.answer(callID: "c1"), at: "front-2", by: Clinic.ben, now: Clinic.t0)
        s.type("a")
        #expect(s.screen.contains("another desk took that call"))
        #expect(s.state.activeCall == nil && s.state.activeTask == nil)
    }

    @Test("a call that rings during a task shows the library's verdict and reason")
    func interruptionBanner() throws {
        let s = DeskSession()
        s.type("c")
        try s.outside { store in
            try store.apply(TimedEvent(.callRinging(call: "c9", from: "555-7777", name: nil, reason: "lab", queue: nil)),
                            by: Clinic.feed, now: Clinic.t0)
        }
        let banner = s.screen.split(separator: "\n").first { $0.contains("Call from 555-7777") }.map(String.init) ?? ""
        #expect(["interrupt now: ", "at the next break: ", "queued: "].contains { banner.contains("Call from 555-7777 — " + $0) }, "\(banner)")
    }

    @Test("a masked step refuses a switch; the suspend cap refuses a third suspension")
    func maskAndCap() throws {
        let store = try Clinic.store()
        let callback = try #require(try store.snapshot().tasks.first { $0.title.contains("Call back Lindqvist") })
        try store.start(.take(taskID: callback.id), at: Clinic.desk, by: Clinic.ana, now: Clinic.at(-0.5))
        try store.setMasked(taskID: callback.id, true, by: Clinic.ana, now: Clinic.at(-0.5))
        let s = DeskSession(store)
        s.type("a")
        #expect(s.effects.isEmpty && s.screen.contains("masked step"))

        // Two tasks put aside and a third in hand: the cap.
        let capped = try Clinic.store()
        let work = try capped.snapshot().tasks.filter { [.callback, .providerRequest].contains($0.kind) && $0.state == .queued }
        #expect(work.count == 3)
        for (i, task) in work.enumerated() {
            try capped.start(.take(taskID: task.id), at: Clinic.desk, settingAside: TaskContext(suspendedAt: .distantPast),
                             by: Clinic.ana, now: Clinic.at(-0.5 + Double(i) * 0.1))
        }
        let t = DeskSession(capped)
        #expect(t.state.suspendedTasks.count == 2 && t.state.activeTask != nil)
        t.type("a")
        #expect(t.effects.isEmpty && t.screen.contains("cap 2"))
    }
}
