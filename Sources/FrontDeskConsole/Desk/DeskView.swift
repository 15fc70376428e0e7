import Foundation
import FrontDeskCore
import TerminalUI

/// Where each part of the desk screen goes for a terminal size. Under `sideBySide` columns
/// the Waiting Room takes the full width on top and the other two panes share the bottom;
/// wider, the Waiting Room keeps at least 100 columns on the left (its names and waits
/// whole) and the phone and the queue stack on the right.
struct DeskLayout: Equatable {
    var status, waitingRoom, phoneQueue, nextUp, banner, footer: Rect
    /// From here on the panes sit side by side: below it, a 50-column right side would cut
    /// the Waiting Room's names while the phone pane stood half empty.
    static let sideBySide = 150

    init(width: Int, height: Int) {
        status = Rect(x: 0, y: 0, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        banner = Rect(x: 0, y: height - 2, width: width, height: 1)
        let paneTop = 1, paneHeight = max(0, height - 3)
        if width >= Self.sideBySide {
            let left = max(100, width * 62 / 100)
            waitingRoom = Rect(x: 0, y: paneTop, width: left, height: paneHeight)
            let upper = paneHeight / 2
            phoneQueue = Rect(x: left, y: paneTop, width: width - left, height: upper)
            nextUp = Rect(x: left, y: paneTop + upper, width: width - left, height: paneHeight - upper)
        } else {
            let upper = (paneHeight + 1) / 2
            waitingRoom = Rect(x: 0, y: paneTop, width: width, height: upper)
            let half = width / 2
            phoneQueue = Rect(x: 0, y: paneTop + upper, width: half, height: paneHeight - upper)
            nextUp = Rect(x: half, y: paneTop + upper, width: width - half, height: paneHeight - upper)
        }
    }
}

extension DeskLayout {
    /// Stacked, the Check-In form takes rows from the bottom panes, leaving them
    /// seven rows each: enough for the call on the line and the Next Up head.
    mutating func giveFormRoom() {
        guard phoneQueue.y > waitingRoom.y else { return }
        let extra = max(0, phoneQueue.height - 7)
        waitingRoom.height += extra
        phoneQueue.y += extra; phoneQueue.height -= extra
        nextUp.y += extra; nextUp.height -= extra
    }
}

/// Draws the whole desk screen from state (immediate mode) and returns where the
/// terminal cursor belongs (a text field being typed in), or nil to hide it.
@discardableResult
public func render(_ state: DeskState, into grid: inout Grid) -> (x: Int, y: Int)? {
    grid.fill(grid.bounds)
    var layout = DeskLayout(width: grid.width, height: grid.height)
    var cursor: (x: Int, y: Int)?
    renderStatusLine(state, in: layout.status, into: &grid)
    if state.sheet != nil {
        layout.giveFormRoom()
        cursor = state.renderSheet(in: layout.waitingRoom, into: &grid)
    } else if state.isCheckInShown {
        layout.giveFormRoom()
        cursor = renderCheckInForm(state, in: layout.waitingRoom, into: &grid)
    } else {
        cursor = renderWaitingRoom(state, in: layout.waitingRoom, into: &grid)
    }
    renderPhoneQueue(state, in: layout.phoneQueue, into: &grid)
    renderNextUp(state, in: layout.nextUp, into: &grid)
    renderBanner(state, in: layout.banner, into: &grid)
    if let c = renderVisitMover(state, into: &grid) { cursor = c }
    // The footer always shows the keys of the part in front: the same table its keys go to.
    if state.showsHelp {
        Footer(keymap: state.helpKeymap).render(in: layout.footer, into: &grid)
        Overlay.help(for: state.frontKeymap).render(in: grid.bounds, into: &grid)
        return nil
    }
    if let prompt = state.prompt {
        Footer(keymap: prompt.keymap).render(in: layout.footer, into: &grid)
        return renderPrompt(state, prompt, into: &grid)
    }
    if let sheet = state.sheetKeymap {
        Footer(keymap: sheet).render(in: layout.footer, into: &grid)
    } else if let modal = state.board.modalKeymap(state.context) {
        Footer(keymap: modal).render(in: layout.footer, into: &grid)
    } else if state.isCheckInShown && state.checkIn?.isEditing == true {
        Footer(keymap: state.formKeymap).render(in: layout.footer, into: &grid)
    } else {
        Footer(keymap: state.keymap).render(in: layout.footer, into: &grid)
    }
    return cursor
}

func renderStatusLine(_ state: DeskState, in rect: Rect, into grid: inout Grid) {
    let f = ConsoleFigures(state.clinic, at: state.now)
    // One "longest waiting, any channel" figure, coloured by that channel's own thresholds.
    let any = LongestWait.anyChannel(phone: f.phone, lobby: f.lobby)
    let longest: SafeText = any.map { w in
        w.channel == .phone ? "Longest wait \(Clock.minutesSeconds(w.seconds)) phone"
                            : "Longest wait \(Clock.minutes(w.seconds)) lobby"
    } ?? "Longest wait –"
    var left: [StatusLine.Segment] = [
        .init(SafeText("Desk \(state.deskName)" + (state.deskSite.map { " · " + state.clinic.siteName($0) } ?? ""))),
        .init("\(state.user)"), .init("\(Clock.timeOfDay(state.now, in: state.timeZone))"),
        .init("Lobby \(f.inLobby)"), .init("Phone \(f.callsWaiting)"),
        .init(longest, role: any?.level == .red ? .danger : .statusLine),
    ]
    // Overload changes the order of Next Up (paperwork waits): say so where the eye lands.
    if let o = state.policy.overload { left.insert(.init("Overloaded \(String(format: "%.1f", o.utilization))×", role: .warning), at: 1) }
    // A supervisor's note (`frontdesk supervise`, m) reads first, where the eye lands.
    if let note = state.clinic.desk(state.deskName)?.note, !note.isEmpty { left.insert(.init("✉ \(note)", role: .info), at: 1) }
    // What the receptionist must not miss goes first, where a narrow terminal still shows it:
    // writes still waiting (and for how long another process has held the database), a failed read.
    if state.saving.pending > 0 {
        let held = state.saving.oldestSince.map { state.now.timeIntervalSince($0) } ?? 0
        left.insert(.init(held >= 2 ? "saving… (database busy \(Int(held)) s)" : "saving…", role: .warning), at: 1)
    }
    if state.needsPIN { left.insert(.init("no PIN · P sets one", role: .warning), at: 1) }
    if let failure = state.readFailure { left.insert(.init("⚠ store: \(failure)", role: .danger), at: 1) }
    StatusLine(left: left).render(in: rect, into: &grid)
}

func renderBanner(_ state: DeskState, in rect: Rect, into grid: inout Grid) {
    grid.fill(rect)
    // An open emergency shows on every console until it is done, above every other banner —
    // except to the desk handling it, whose Active line says so: there the banners it needs
    // (a refusal, a call arriving) keep their line.
    let handledHere = state.activeTask?.kind == .emergency && state.openEmergencies.count == 1
    if let e = state.openEmergencies.first, !(handledHere && !state.banners.isEmpty) {
        let at = e.desk ?? e.assignedDesk ?? "a desk"
        let text: SafeText = "!! EMERGENCY at \(at): \(e.title) · \(Clock.minutesSeconds(state.now.timeIntervalSince(e.createdAt)))"
        grid.fill(rect, with: Cell(" ", role: .emergency))
        grid.put(text, x: rect.x + 1, y: rect.y, role: .emergency, maxWidth: rect.width - 2)
        return
    }
    guard let b = state.banners.last else { return }
    let role: StyleRole = b.kind == .error ? .errorText : .banner
    grid.fill(rect, with: Cell(" ", role: role))
    let mark: SafeText = b.kind == .error ? "× " : "» "
    grid.put(mark + SafeText(b.text), x: rect.x + 1, y: rect.y, role: role, maxWidth: rect.width - 2)
}

func renderPrompt(_ state: DeskState, _ prompt: DeskPrompt, into grid: inout Grid) -> (x: Int, y: Int)? {
    let bounds = grid.bounds
    switch prompt {
    case .callOutcome(let callID, let selected, let note):
        let who = state.clinic.calls.first { $0.id == callID }.map { state.callerLabel($0) } ?? callID
        return choiceOverlay(title: "End call", header: [Overlay.Line("How did the call with \(who) end?")],
                             choices: CallOutcome.allCases.map(\.label), selected: selected, note: note, maxWidth: 60,
                             in: bounds, into: &grid)
    case let .choosePIN(field, first):
        // The digits are never drawn: one bullet each.
        let masked = TextField(String(repeating: "•", count: field.text.count), placeholder: "6–12 digits", maxLength: 12)
        return fieldOverlay(title: "Your unlock PIN",
                            question: first == nil ? "This console locks when idle. Choose a PIN (6–12 digits) to unlock it yourself:"
                                                   : "The same PIN again:",
                            field: masked, hint: "Enter · Esc later (P sets it) · any other key carries on", into: &grid)
    case let .resolveEmergency(taskID, note):
        let what = state.clinic.task(taskID).map { SafeText($0.title) } ?? "the emergency"
        return fieldOverlay(title: "Close the emergency", question: "What was done about \(what)?", field: note,
                            hint: "Enter closes it (a note is required; audited) · Esc keeps it open", into: &grid)
    case let .callbackResult(taskID, selected, note):
        let task = state.clinic.task(taskID)
        let tries = task.map { $0.attempts > 0 ? " (tried \($0.attempts)× before)" : "" } ?? ""
        return choiceOverlay(title: "Callback",
                             header: [Overlay.Line(SafeText("\(task?.title ?? "the callback")\(tries)")), Overlay.Line("What did the call come to?")],
                             choices: CallbackResult.allCases.map(\.label), selected: selected, note: note, maxWidth: 64,
                             in: bounds, into: &grid)
    case let .waitlistOffer(taskID, selected):
        return choiceOverlay(title: "Waitlist offer",
                             header: [Overlay.Line(SafeText(state.clinic.task(taskID)?.title ?? "the offer")), Overlay.Line("What did the patient say?")],
                             choices: ["Took it — book it now", "Declined — offer it to the next patient"], selected: selected, note: nil,
                             maxWidth: 64, in: bounds, into: &grid)
    case .emergency(let note):
        return fieldOverlay(title: "Emergency", question: "Raise an emergency at desk \(state.deskName)? It preempts everything.",
                            field: note, hint: "Enter raises it · Esc cancels", into: &grid)
    case .suspendNote(let field, let taskID, _):
        let title = state.clinic.task(taskID).map { SafeText("\($0.kind.label): \($0.title)") } ?? "the task"
        return fieldOverlay(title: "Suspend", question: "Put aside \(title)", field: field,
                            hint: "Enter suspends with this note · Esc keeps working", into: &grid)
    }
}

extension DeskState {
    /// The table of whatever part is in front, which help lists.
    var frontKeymap: Keymap<String> {
        func named<M>(_ k: Keymap<M>) -> Keymap<String> { k.map { _ in "" } }
        if let prompt { return named(prompt.keymap) }
        if let sheetKeymap { return sheetKeymap }
        if let modal = board.modalKeymap(context) { return modal }
        if isCheckInShown && checkIn?.isEditing == true { return named(formKeymap) }
        return named(keymap)
    }
}

/// A prompt box with a question, a one-line field and a hint; returns the field's cursor.
func fieldOverlay(title: SafeText, question: SafeText, field: TextField, hint: SafeText, into grid: inout Grid) -> (x: Int, y: Int) {
    let blank = SafeText(String(repeating: " ", count: 56))
    let overlay = Overlay(title: title, lines: [Overlay.Line(question), Overlay.Line(blank), Overlay.Line(hint, role: .muted)], maxWidth: 64)
    overlay.render(in: grid.bounds, into: &grid)
    let content = overlay.contentRect(in: grid.bounds)
    let fieldRect = Rect(x: content.x, y: content.y + 1, width: content.width, height: 1)
    field.render(in: fieldRect, into: &grid)
    return field.cursorPosition(in: fieldRect)
}

/// A prompt that picks one of a few answers (↑↓, the chosen one marked ▸), with an optional
/// one-line note under them: the call's outcome, a callback's result, a waitlist offer's answer.
/// Returns where the note's cursor is.
func choiceOverlay(title: SafeText, header: [Overlay.Line], choices: [String], selected: Int, note: TextField?, maxWidth: Int,
                   in bounds: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
    var lines = header
    for (i, label) in choices.enumerated() {
        lines.append(Overlay.Line(i == selected ? "▸ \(label)" : "  \(label)", role: i == selected ? .selected : .overlay))
    }
    if note != nil { lines.append(Overlay.Line(SafeText(String(repeating: " ", count: 50)))) }
    let overlay = Overlay(title: title, lines: lines, maxWidth: maxWidth)
    overlay.render(in: bounds, into: &grid)
    guard let note else { return nil }
    let content = overlay.contentRect(in: bounds)
    let y = content.y + lines.count - 1
    grid.put("Note: ", x: content.x, y: y, role: .overlay)
    let fieldRect = Rect(x: content.x + 6, y: y, width: content.width - 6, height: 1)
    note.render(in: fieldRect, into: &grid)
    return note.cursorPosition(in: fieldRect)
}
