import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// Given this clinic (a real store), these keys: this screen, this state and exactly these
/// effects, as the runtime recorded handing them to the store.
@Suite("Desk keys")
struct DeskKeyTests {
    @Test("the screen shows the three panes, the status line and the footer")
    func panes() {
        let s = DeskSession()
        #expect(s.screen.contains("Waiting Room") && s.screen.contains("Phone Queue") && s.screen.contains("Next Up"))
        #expect(s.terminal.frame.row(at: 0).contains("Desk front-1 │ ana │ 10:00 │ Lobby 3 │ Phone 2"))
        #expect(s.terminal.frame.row(at: 23).hasPrefix("a answer"))
        #expect(s.screen.contains("Waiting 2 · Longest 2:30") && s.screen.contains("SL 50% · Aband 50% · ASA 0:30"))
        #expect(s.effects.isEmpty, "starting a free desk writes nothing")
    }

    @Test("a answers the longest-waiting call on a free desk: one effect, and the call is this desk's")
    func answerFreeDesk() {
        let s = DeskSession()
        s.type("a")
        #expect(s.effects == [.start(.answer(callID: "c1"), settingAside: nil)])
        #expect(s.state.activeCall?.id == "c1" && s.stored.calls.first { $0.id == "c1" }?.desk == "front-1")
        #expect(s.screen.contains("On call: Okafor, Chidi"))
    }

    @Test("c opens the selected visit's Check-In form; F10 with a required field missing is refused next to it")
    func checkInOpensForm() throws {
        let s = DeskSession()
        let a1 = s.visit("A1")
        s.type("j")                                  // W-001, then A-003 (A1): who needs the desk first
        #expect(s.state.board.selectedVisitID == a1.id)
        s.type("c")
        #expect(s.effects == [.start(.openCheckIn(visitID: a1.id), settingAside: nil)])
        #expect(s.screen.contains("Check-In · A-003 · MRN M001"))
        // Clear a required field, then try to complete.
        s.press(.end); s.press(.ctrl("u"))
        s.press(.function(10))
        #expect(s.state.checkIn?.draft.focus == .familyName)
        #expect(s.screen.contains("need attention — Family name"))
    }

    @Test("the end-call footer writes each key once: ↑/↓ choose, never \"↑ ↑  ↓ ↓\"")
    func endCallFooter() {
        let s = DeskSession()
        s.type("ae")
        let footer = s.terminal.frame.row(at: 23)
        #expect(footer.contains("↑/↓ choose") && footer.contains("Enter end call"), "got: \(footer)")
        #expect(!footer.contains("↑ ↑") && !footer.contains("↓ ↓") && !footer.contains("↑↓"), "got: \(footer)")
    }

    @Test("Esc on an active check-in asks for a note and suspends it with its draft")
    func escSuspends() throws {
        let s = DeskSession()
        s.type("jc\u{1B}\u{1B}")
        #expect(s.screen.contains("Put aside Check-in: Check in Okafor, Chidi"))
        s.type("\n")
        guard case .suspend(let id, let ctx, closing: false)? = s.effects.last else { Issue.record("no suspend: \(s.effects)"); return }
        #expect(ctx.step == "Identity · Family name")
        #expect(CheckInDraft.decode(ctx.draft)?.value(.familyName) == "Okafor")
        #expect(s.stored.task(id)?.state == .suspended)
        #expect(s.screen.contains("Suspended 1/2:"))
    }

    @Test("n takes the task the library ranks first, and Next Up says why: an overdue callback is a promise, labelled due")
    func takeNext() throws {
        // No caller waiting: the overdue callback is a promise and heads Next Up, the
        // walk-in who has waited 70 minutes comes next.
        let s = DeskSession(waitingCalls: false)
        let ranked = s.state.rankedWork
        let first = try #require(ranked.first)
        #expect(first.kind == .callback && first.title.hasPrefix("Call back Lindqvist"))
        // Both overdue callbacks are promises; then the walk-in by points.
        let afterPromises = ranked.drop { $0.kind == .callback }
        #expect(ranked.count - afterPromises.count == 2)
        #expect(afterPromises.first?.kind == .checkIn && afterPromises.first?.title.hasPrefix("Check in Evil") == true)
        s.press(.tab); s.press(.tab)
        #expect(s.screen.contains("Why: callback due: a promise"))
        #expect(s.screen.contains("Call back Lindqvi…  due┃") && s.screen.contains("Check in Evil␛[2J…  135┃"), "\(s.screen)")
        s.type("n")
        #expect(s.effects == [.start(.take(taskID: first.id), settingAside: nil)])
        #expect(s.screen.contains("Active: Callback · Call back Lindqvis"))
    }

    @Test("n on a callback takes it; d asks what the call came to, and no answer puts it back with the try counted")
    func takeAndComplete() throws {
        let s = DeskSession(waitingCalls: false)
        let callback = try #require(s.task("Call back Lindqvist"))
        s.press(.backTab)                            // Next Up
        for _ in 0..<20 where s.state.selectedTask?.id != callback.id { s.press(.down) }
        #expect(s.state.selectedTask?.id == callback.id)
        s.press(.enter)
        #expect(s.effects == [.start(.take(taskID: callback.id), settingAside: nil)])
        #expect(s.screen.contains("Active: Callback · Call back Lindqvis"))
        s.type("d")
        #expect(s.screen.contains("What did the call come to?") && s.screen.contains("▸ reached them"))
        s.press(.down); s.press(.down)                // no answer
        s.type("rang 8 times"); s.press(.enter)
        #expect(s.effects.last == .callbackAttempt(callback.id, .noAnswer, note: "rang 8 times"))
        let back = try #require(s.stored.task(callback.id))
        #expect(back.state == .queued && back.attempts == 1 && back.dueAt == Clinic.t0.addingTimeInterval(CallbackRules.retryAfter))
        #expect(s.screen.contains("Active: none"))
        #expect(try s.store.auditTrail().contains { $0.action == "callback.no-answer" && $0.detail == "attempt 1: rang 8 times" })
        // The second try reaches them: the promise is kept, the task done.
        for _ in 0..<20 where s.state.selectedTask?.id != callback.id { s.press(.down) }
        s.press(.enter); s.type("d"); s.press(.enter)
        #expect(s.stored.task(callback.id)?.state == .done)
    }

    @Test("d on an emergency asks what was done; Enter with no note closes nothing; a may not put it aside for a call")
    func closingAnEmergency() throws {
        let s = DeskSession()
        s.type("!"); s.type("patient fainted"); s.press(.enter)
        let emergency = try #require(s.state.activeTask)
        #expect(emergency.kind == .emergency)
        s.type("a")
        #expect(s.effects.last == .start(.emergency(note: "patient fainted"), settingAside: nil))
        #expect(s.screen.contains("the emergency comes first") && !s.screen.contains("a answer"))
        s.type("d")
        #expect(s.screen.contains("What was done about patient fainted?"))
        s.press(.enter)                               // nothing typed: nothing closes
        #expect(s.stored.task(emergency.id)?.state == .active && s.state.prompt != nil)
        s.type("nurse took him to room 3"); s.press(.enter)
        #expect(s.effects.last == .closeEmergency(emergency.id, resolution: "nurse took him to room 3"))
        #expect(s.stored.task(emergency.id)?.state == .done)
        #expect(try s.store.auditTrail().contains { $0.action == "emergency.resolved" && $0.detail == "nurse took him to room 3" })
    }

    @Test("with callers waiting, a caller on the line outranks paperwork; only a promise already due comes first")
    func aCallerOutranksPaperwork() {
        let s = DeskSession()
        let ranked = s.state.rankedWork
        let call = ranked.firstIndex { $0.callID == "c1" }!, callback = ranked.firstIndex { $0.kind == .callback }!
        let promises = ranked.prefix { $0.kind == .callback }.count
        #expect(callback == 0 && promises == 2)
        let paperwork: Set<TaskKind> = [.insuranceVerification, .missingDocuments, .providerRequest]
        #expect(ranked.indices.filter { paperwork.contains(ranked[$0].kind) }.allSatisfy { $0 > call })
        #expect(ranked.dropFirst(promises).allSatisfy { $0.kind != .callback })
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
        let ids = s.state.boardVisits.map(\.id)
        s.press(.down); #expect(s.state.board.selectedVisitID == ids[1])
        s.type("j"); #expect(s.state.board.selectedVisitID == ids[2])
        s.type("k"); s.press(.up); #expect(s.state.board.selectedVisitID == ids[0])
        s.press(.tab); s.type("j"); #expect(s.state.phone.selectedCallID == "c2")
        s.press(.enter)
        #expect(s.effects == [.start(.answer(callID: "c2"), settingAside: nil)])
        #expect(s.screen.contains("On call: Pharmacy"))
    }

    @Test("a board longer than the pane scrolls so the selected visit stays on screen")
    func boardScrolls() throws {
        let store = try Clinic.store()
        let many = (0..<40).map { AppointmentRecord(ref: "B\($0)", at: Clinic.at(20 + Double($0)), mrn: "M003", provider: "Dr Lee", reason: "") }
        _ = try store.importClinic(patients: [], appointments: many, by: Clinic.ana, now: Clinic.at(-1))
        let s = DeskSession(store)
        let ids = s.state.boardVisits.map(\.id)
        for _ in 0..<25 { s.type("j") }
        #expect(s.state.board.selectedVisitID == ids[25])
        #expect(s.terminal.frame.row(at: s.terminal.frame.height / 2).isEmpty == false)
        #expect(!s.screen.contains("W-001"), "the top rows scrolled away")
        for _ in 0..<25 { s.press(.up) }
        #expect(s.screen.contains("▸W-001"))
    }

    @Test("/ filters the board as you type; Enter keeps the filter and selects; Esc clears it")
    func find() {
        let s = DeskSession()
        s.type("/ngu")
        #expect(s.screen.contains("Find: ngu"))
        #expect(s.terminal.frame.row(at: 23) == "Enter select  Esc clear")
        #expect(!s.screen.contains("A-003"))
        #expect(s.terminal.cursor != nil)
        s.press(.enter)
        #expect(s.state.board.selectedVisitID == s.visit("A3").id && s.state.board.findQuery == "ngu" && s.terminal.cursor == nil)
        s.press(.escape)
        #expect(s.state.board.findQuery == "" && s.screen.contains("Okafor"))
        s.type("/zzz\u{1B}")
        #expect(s.state.board.findQuery == "" && s.screen.contains("Okafor"))
        #expect(s.effects.isEmpty)
    }

    @Test("p, s and o filter by provider, by status and change the sort")
    func filterSort() {
        let s = DeskSession()
        for _ in 0..<5 where s.state.board.providerFilter != "Dr Lee" { s.type("p") }
        #expect(s.state.board.providerFilter == "Dr Lee" && !s.screen.contains("A-003") && s.screen.contains("A-004"))
        for _ in 0..<5 where s.state.board.providerFilter != nil { s.type("p") }
        #expect(s.state.board.providerFilter == nil && s.screen.contains("A-003"))
        s.type("s")
        #expect(s.state.board.statusFilter == .all && s.screen.contains("A-001"))
        s.type("s")
        #expect(s.state.board.statusFilter == .only(.scheduled) && s.screen.contains("Nguyen") && !s.screen.contains("A-003"))
        s.type("o")
        #expect(s.state.board.sort == .appointment && s.screen.contains("by appt"))
        s.type("o")
        #expect(s.state.board.sort == .longestWait && s.screen.contains("by wait"))
    }

    @Test("? opens the help overlay with every key of the screen; keys do nothing under it; Esc closes it")
    func help() {
        // Tall enough for every line (at 24 rows the overlay says how many lines it hides).
        let s = DeskSession(width: 80, height: 40)
        s.type("?")
        #expect(s.screen.contains(" Help ") || s.screen.contains("Desk: Waiting Room"))
        for b in s.state.keymap.bindings { #expect(s.screen.contains(b.keyLabel), "\(b.keyLabel)") }
        s.type("a")
        #expect(s.effects.isEmpty)
        s.press(.escape)
        #expect(!s.state.showsHelp && !s.screen.contains("every key of this screen"))
    }

    @Test("a tick moves the clocks and changes only a few cells")
    func tickIsCheap() {
        let s = DeskSession()
        s.tick(1.0 / 60)
        #expect(s.terminal.lastChangeCount > 0 && s.terminal.lastChangeCount < 40)
        #expect(s.screen.contains("2:31"))
    }

    @Test("resize redraws at the new size")
    func resize() {
        let s = DeskSession()
        s.terminal.resize(width: 160, height: 50)
        s.runtime.send(.event(.resize(width: 160, height: 50)))
        #expect(s.terminal.frame.width == 160 && s.screen.contains("Arrival"))
    }
}
