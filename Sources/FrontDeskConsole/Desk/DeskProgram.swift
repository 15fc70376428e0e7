import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// The desk screen as a program for the one console runtime.
public enum DeskProgram: ConsoleProgram {
    public typealias State = DeskState
    public typealias Message = DeskMessage
    public typealias Effect = DeskEffect

    public static func message(_ event: ConsoleEvent) -> DeskMessage { .event(event) }
    public static func update(_ state: inout DeskState, _ message: DeskMessage) -> [DeskEffect] {
        FrontDeskConsole.update(&state, message)
    }
    public static func render(_ state: DeskState, into grid: inout Grid) -> (x: Int, y: Int)? {
        FrontDeskConsole.render(state, into: &grid)
    }
    public static func runtimeAction(_ effect: DeskEffect) -> RuntimeAction? { effect == .quit || effect == .openSchedule ? .quit : nil }

    /// A newer draft of the same form, or a newer search, makes the waiting one pointless.
    public static func supersedes(_ later: DeskEffect, _ earlier: DeskEffect) -> Bool {
        switch (later, earlier) {
        case let (.saveDraft(a, _), .saveDraft(b, _)): return a == b
        case (.searchPatients(.text), .searchPatients(.text)): return true
        default: return false
        }
    }
}

/// The desk screen's whole behaviour: given the state and one message, change the state and
/// say what the store should do. Pure — no clock, no I/O — so every flow is a test. The desk
/// routes each key to the part in front: help, a prompt, the find bar, the form, then its own
/// table and the focused pane's.
public func update(_ state: inout DeskState, _ message: DeskMessage) -> [DeskEffect] {
    switch message {
    case .event(.started(let now)):
        state.now = now
        // First use: say that the console locks and how to set the PIN it will ask for (the
        // status line keeps saying so until it is set); nothing is put in front of the desk.
        if state.needsPIN { state.show(.info, "First use: this console locks when idle — press P to set your unlock PIN (6–12 digits)") }
        // A console started on a desk whose check-in was already active (after a crash or
        // kill -9) reopens its form from the saved draft; showing the record is a view.
        if let task = state.activeTask, task.kind == .checkIn {
            state.openForm(for: task)
            if let pid = state.checkIn?.draft.patientID { return [.recordView(patientID: pid)] }
        }
        return []
    case .event(.tick(let now)):
        let minute = Int(state.now.timeIntervalSince1970 / 60)
        state.now = now
        state.banners.removeAll { now.timeIntervalSince($0.shownAt) > Banner.lifetime }
        // Rates move with the clock too: the estimate is looked at again once a minute.
        if Int(now.timeIntervalSince1970 / 60) != minute { state.refreshLoad() }
        return []
    case .event(.resize(let w, let h)):
        state.width = w; state.height = h
        return []
    case .event(.saving(let pending, let since)):
        state.saving = SavingMark(pending: pending, oldestSince: since)
        return []
    case .event(.hangup):
        // A dropped link loses nothing: prompts close, the active task goes aside as on quit.
        state.prompt = nil; state.board.find = nil; state.board.mover = nil; state.showsHelp = false
        return state.closingEffects()
    case .event(.key(let key)):
        let effects = state.key(key)
        state.pruneStale()
        return effects + state.wantCard()
    case .clinic(let clinic):
        state.receive(clinic)
        return state.wantCard()
    case .pinSet:
        state.needsPIN = false
        state.show(.info, "✓ PIN set: it unlocks this console after an idle lock")
        return []
    case let .card(card, pid):
        if state.cardRequested == pid { state.card = card }
        return []
    case .readFailed(let why):
        state.readFailure = why
        return []
    case .effectFailed(let effect, let failure):
        state.show(.error, "\(effect.verb) failed: \(failure)")
        return []
    case .searchResults(let lookup, let patients):
        return state.receivePatients(lookup, patients)
    case .patientRegistered(let id, let visitID):
        if var form = state.checkIn, form.draft.visitID == visitID {
            form.draft.patientID = id
            form.draft.basePatientVersion = 1
            state.checkIn = form
        }
        return []
    case .checkedIn(let confirmation):
        state.confirmCheckIn(confirmation)
        return []
    case .recordOpened(let record), .patientCreated(let record):
        state.showRecord(record, created: message == .patientCreated(record))
        return []
    case let .visitMoved(visitID, move):
        state.show(.info, WaitingRoom.confirmation(move, state.clinic.visits.first { $0.id == visitID }, state.context))
        return []
    }
}

extension DeskState {
    /// One key, to whichever part is in front.
    mutating func key(_ key: Key) -> [DeskEffect] {
        // Nothing is typed into a screen the receptionist cannot see: while the terminal is too
        // small only quit works (the too-small screen says so).
        if TooSmallScreen.isTooSmall(width: width, height: height) {
            return key == .char("q") || key == .ctrl("c") ? closingEffects() : []
        }
        // Ctrl-C is never text: wherever the keys go (a field, a prompt, help), it closes the
        // desk as q does, suspending the task in hand first.
        if key == .ctrl("c") { return closingEffects() }
        if showsHelp {
            if helpKeymap.message(for: key) != nil { showsHelp = false }
            return []
        }
        if prompt != nil { return promptKey(key) }
        if sheet != nil { return sheetKey(key) }
        if board.isModal { return waitingRoom(board.modalKey(key, context)) }
        if isCheckInShown, let effects = formKey(key) { return effects }
        let keys = keymap
        guard let command = keys.message(for: key) else {
            // A key the footer does not offer now says why when pressed anyway.
            if let why = keys.refusal(for: key) {
                show(.error, why, about: activeCall.map { .callAtDesk($0.id) } ?? activeTask.map { .task($0.id, $0.state) })
            }
            return []
        }
        return deskCommand(command)
    }

    var helpKeymap: Keymap<Bool> {
        Keymap(title: "Help", [KeyBinding([.escape, .char("?"), .char("q"), .function(1)], true, label: "close", help: "close help")])
    }

    mutating func deskCommand(_ command: DeskCommand) -> [DeskEffect] {
        switch command {
        case .focusNext: focus = DeskPane(rawValue: (focus.rawValue + 1) % 3)!
        case .focusPrevious: focus = DeskPane(rawValue: (focus.rawValue + 2) % 3)!
        case .answer:
            guard let call = waitingCalls.first else { return [] }
            return switchWork(to: .answer(callID: call.id))
        case .endCall:
            guard let call = activeCall else { return [] }
            prompt = .callOutcome(callID: call.id, selected: 0, note: TextField(placeholder: "note (optional)", maxLength: 120))
        case .takeNext:
            guard let next = rankedWork.first else { return [] }
            return take(next)
        case .completeActive:
            guard let active = activeTask else { return [] }
            switch active.kind {
            case .checkIn:
                // A check-in is done only through the form's checks, never by skipping them.
                if checkIn?.taskID != active.id { openForm(for: active) }
                focus = .waitingRoom
                return completeForm()
            case .emergency:
                prompt = .resolveEmergency(taskID: active.id, note: TextField(placeholder: "what was done (required)", maxLength: 200))
            case .callback:
                prompt = .callbackResult(taskID: active.id, selected: 0, note: TextField(placeholder: "note (optional)", maxLength: 120))
            case .waitlistOffer:
                prompt = .waitlistOffer(taskID: active.id, selected: 0)
            default:
                return [.complete(active.id)]
            }
        case .completeCheckIn: return completeForm()
        case .back:
            if !board.findQuery.isEmpty { board.findQuery = ""; return [] }
            if activeTask != nil { return switchWork(to: .suspendOnly) }
            banners.removeAll()
        case .emergency: prompt = .emergency(note: TextField(placeholder: "what is happening (optional)", maxLength: 120))
        case .help: showsHelp = true
        case .choosePIN: prompt = .choosePIN(field: DeskPrompt.pinField(), first: nil)
        case .quit: return closingEffects()
        case .schedule:
            // The work in hand stays as it is in the store (a call stays answered, a form's
            // draft is saved); the desk comes back to it when the schedule closes.
            let selected = focus == .waitingRoom && activeCall == nil ? board.selected(context) : nil
            scheduleRequest = ScheduleRequest(patientID: activeCall?.patientID ?? activeTask?.patientID ?? selected?.patientID,
                                              visitID: selected?.appointmentAt != nil ? selected?.id : nil,
                                              requestTaskID: activeCall == nil && activeTask?.kind == .providerRequest ? activeTask?.id : nil)
            return [.openSchedule]
        case .readiness, .findPatient: return sheetCommand(command)
        case .selectUp, .selectDown, .open, .checkIn, .find, .filterProvider, .filterStatus, .cycleSort, .moves:
            return paneCommand(command)
        }
        return []
    }

    /// The focused pane's own key: the pane updates itself and says what it wants done.
    mutating func paneCommand(_ command: DeskCommand) -> [DeskEffect] {
        let c = context
        switch focus {
        case .waitingRoom:
            return waitingRoom(board.handle(command, c, formShown: isCheckInShown))
        case .phoneQueue:
            switch phone.handle(command, c) {
            case .answer(let call)?: return switchWork(to: .answer(callID: call))
            case .endCall?: return deskCommand(.endCall)
            case nil: break
            }
        case .nextUp:
            switch nextUp.handle(command, ranked: rankedWork, formOpen: checkInInHand) {
            case .take(let task)?: return take(task)
            case .backToForm?:
                focus = .waitingRoom
                checkIn?.isEditing = true
            case nil: break
            }
        }
        return []
    }

    /// What the Waiting Room asked for, as the desk does it.
    mutating func waitingRoom(_ intent: WaitingRoom.Intent?) -> [DeskEffect] {
        switch intent {
        case .checkIn(let visit)?: return switchWork(to: .openCheckIn(visitID: visit))
        case .editForm?: checkIn?.isEditing = true
        case let .move(visit, move)?: return [.moveVisit(visit, move)]
        case .refused(let why)?: show(.error, why)
        case nil: break
        }
        return []
    }

    /// Quitting (or a hang-up) never drops work: the active task goes aside with its context,
    /// past the cap if need be, before the console stops.
    func closingEffects() -> [DeskEffect] {
        guard let active = activeTask else { return [.quit] }
        return [.suspend(active.id, suspensionContext(for: active, note: "desk closed"), closing: true), .quit]
    }

    /// A new clinic from the store: notice arriving calls, a task coming back, the desk
    /// falling free, and keep the Check-In form in step with the active task. Never writes.
    mutating func receive(_ new: ClinicSnapshot) {
        let oldWaiting = Set(waitingCalls.map(\.id))
        let wasBusy = activeTask != nil || activeCall != nil
        let oldActiveID = activeTask?.id
        clinic = new.seen(fromDesk: deskName)
        readFailure = nil
        refreshLoad()

        for call in waitingCalls where !oldWaiting.contains(call.id) { announce(call) }

        let active = activeTask
        if active?.id != oldActiveID {
            resumeCue = nil
            checkIn = nil
            if let t = active, let ctx = t.context, ctx.timesSuspended > 0 {
                resumeCue = ResumeCue(taskID: t.id, step: ctx.step, note: ctx.note,
                                      away: max(0, now.timeIntervalSince(ctx.suspendedAt)), progress: ctx.progress)
            }
            if let t = active, t.kind == .checkIn {
                openForm(for: t)
                sheet = nil
                focus = .waitingRoom
            }
            // A verify-insurance or missing-documents task taken is worked on its visit's items.
            if let t = active, let items = ReadinessSheet.opening(for: t, in: clinic) {
                sheet = .readiness(items)
                focus = .waitingRoom
            }
        }
        followRecord()
        pruneStale()
        if wasBusy, active == nil, activeCall == nil {
            let ranked = rankedWork
            guard let next = ranked.first else { return }
            let verb = next.state == .suspended ? "Resume" : "Next up"
            show(.info, "\(verb): \(next.title) — \(why(next, in: ranked)) · n takes it", about: .task(next.id, next.state))
        }
    }

    /// The banner for a call that just started ringing: what the library decided and why.
    mutating func announce(_ call: Call) {
        let who = callerLabel(call)
        guard let active = activeTask else {
            show(.interruption, "☎ Call from \(who) — desk is free · a answers", about: .callWaiting(call.id))
            return
        }
        let arriving = clinic.tasks.first { $0.callID == call.id && $0.kind == .call }
            ?? DeskTask(id: 0, kind: .call, title: "Call from \(who)", createdAt: call.arrivedAt, callID: call.id)
        // The queue's head too: a newcomer never jumps work that outranks it (the starvation bound).
        let head = rankedWork.first { $0.id != arriving.id && $0.callID != call.id }
        let d = policy.decide(active: active, arriving: arriving, stackDepth: suspendedTasks.count, at: now, queueHead: head)
        show(.interruption, "☎ Call from \(who) — \(d.verdict.rawValue): \(d.reason)", about: .callWaiting(call.id))
    }
}
