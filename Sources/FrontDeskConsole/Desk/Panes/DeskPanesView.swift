import Foundation
import FrontDeskCore
import TerminalUI

/// The Waiting Room board; returns the find field's cursor while it is being typed in.
func renderWaitingRoom(_ state: DeskState, in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
    Panel(title: state.board.title, isFocused: state.focus == .waitingRoom).render(in: rect, into: &grid)
    var inner = Panel.inner(rect)
    guard !inner.isEmpty else { return nil }
    let visits = state.boardVisits
    let selectedVisit = state.board.selected(in: visits)
    let selectedIndex = selectedVisit.flatMap { v in visits.firstIndex { $0.id == v.id } }
    // Only the rows on screen are mapped: a day of a thousand visits costs what a screenful does.
    let bodyHeight = max(0, inner.height - 2 - ((state.board.find != nil || !state.board.findQuery.isEmpty) ? 1 : 0))
    let top = Table.offset(keeping: selectedIndex, visible: bodyHeight, from: 0, count: visits.count)
    let shown = visits[top..<min(visits.count, top + bodyHeight)]
    // Names that collide on screen carry what tells them apart (a rule over the rows shown).
    let patients = shown.map { state.clinic.patient($0.patientID) }
    let tags = NameCollisions.tags(patients)
    let rows = shown.indices.map { i in
        BoardRow(shown[i], patient: patients[i - shown.startIndex], tag: tags[i - shown.startIndex], at: state.now, zone: state.timeZone)
    }
    let board = BoardColumns(rows: rows, visits: Array(shown), width: inner.width)
    let tableRows = rows.enumerated().map { i, r in Table.Row(board.items(r, shown[shown.startIndex + i])) }
    // The bottom line counts visits per status; the find line sits above it while used.
    let counts = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
    grid.put("\(WaitingRoom.statusCounts(state.clinic))", x: counts.x, y: counts.y, role: .muted, maxWidth: counts.width)
    inner.height -= 1
    var cursor: (x: Int, y: Int)?
    if state.board.find != nil || !state.board.findQuery.isEmpty {
        let y = inner.maxY - 1
        grid.put("Find: ", x: inner.x, y: y, role: .header)
        let fieldRect = Rect(x: inner.x + 6, y: y, width: inner.width - 6, height: 1)
        let field = state.board.find?.field ?? TextField(state.board.findQuery)
        field.render(in: fieldRect, into: &grid, isFocused: state.board.find != nil)
        if state.board.find != nil { cursor = field.cursorPosition(in: fieldRect) }
        inner.height -= 1
    }
    let selected = selectedIndex.map { $0 - top }
    if rows.isEmpty {
        Table(columns: board.columns, rows: []).render(in: inner, into: &grid)
        grid.put("No visits match.", x: inner.x + 2, y: inner.y + 1, role: .muted, maxWidth: inner.width - 2)
    } else {
        Table(columns: board.columns, rows: tableRows, selected: selected, isFocused: state.focus == .waitingRoom)
            .render(in: inner, into: &grid)
    }
    return cursor
}

/// The Waiting Room's columns for a width: what matters never drops (ticket, patient, status,
/// waits), names get the room they need before anything else grows, and a wide terminal adds
/// the visit's reason and room instead of padding.
struct BoardColumns {
    let plan: ColumnPlan

    init(rows: [BoardRow], visits: [Visit], width: Int) {
        // Widths as drawn: outside text is measured in its inert form (a control character shows as a symbol).
        func longest(_ texts: [String], cap: Int) -> Int { min(cap, texts.map { DisplayWidth.of(SafeText($0).value) }.max() ?? 0) }
        let longStatus = rows.map { DisplayWidth.of($0.statusText) }.max() ?? 11
        plan = ColumnPlan([
            .init("tkt", priority: 1, minimum: 5),
            .init("patient", priority: 1, minimum: 10, wanted: longest(rows.map { r in r.tag.map { "\(r.patient) \($0.full)" } ?? r.patient }, cap: 40),
                  growOrder: 1, takesSlack: true),
            .init("appt", priority: 2, minimum: 5),
            .init("provider", priority: 3, minimum: 7, wanted: longest(rows.map(\.provider), cap: 22), growOrder: 3),
            .init("status", priority: 1, minimum: 11, wanted: max(11, longStatus), growOrder: 2),
            .init("inst", priority: 2, minimum: 6),
            .init("total", priority: 2, minimum: 6),
            .init("flags", priority: 2, minimum: 9, wanted: longest(rows.map(\.flags), cap: 17), growOrder: 4),
            .init("arrival", priority: 4, minimum: 4, wanted: longest(rows.map(\.arrival), cap: 8), growOrder: 5),
            .init("reason", priority: 6, minimum: 10, wanted: longest(visits.map(\.reason), cap: 28), growOrder: 6,
                  isExtra: true, takesSlack: true),
            .init("room", priority: 7, minimum: 6, wanted: longest(visits.compactMap(\.room), cap: 10), growOrder: 7, isExtra: true),
        ], total: width)
    }

    static let titles: [String: (SafeText, Table.Alignment)] = [
        "tkt": ("Tkt", .left), "patient": ("Patient", .left), "appt": ("Appt", .left), "provider": ("Provider", .left),
        "status": ("Status", .left), "inst": ("InSt", .right), "total": ("Total", .right), "flags": ("Flags", .left),
        "arrival": ("Arrival", .left), "reason": ("Reason", .left), "room": ("Room", .left),
    ]

    var columns: [Table.Column] {
        plan.widths.map { c in
            let (title, align) = Self.titles[c.id]!
            return Table.Column(c.id == "arrival" && c.width < 7 ? "Arr" : title, .fixed(c.width), align)
        }
    }

    func items(_ r: BoardRow, _ v: Visit) -> [Table.Item] {
        plan.widths.map { c -> Table.Item in
            switch c.id {
            case "tkt": return "\(r.ticket)"
            case "patient": return Self.name(r, width: c.width)
            case "appt": return "\(r.appointment)"
            case "provider": return "\(r.provider)"
            case "status": return .init("\(r.statusText)", role: r.statusRole)
            case "inst": return .init("\(r.inStatus)", role: r.inStatusRole)
            case "total": return .init("\(r.total)", role: r.totalRole)
            case "flags": return .init("\(r.flags)", role: r.flags.isEmpty ? nil : .warning)
            case "arrival": return .init("\(c.width >= 7 ? r.arrival : r.arrivalShort)", role: .muted)
            case "reason": return .init("\(v.reason)", role: .muted)
            default: return "\(v.room.map(RoomName.label) ?? "")"
            }
        }
    }

    /// The patient's name with what tells it apart from a same-named row, in the first form
    /// that fits whole: the name with the tag, then with the short tag ("1980", "…120"), then
    /// the given name as an initial; only then is the name cut, never the tag.
    static func name(_ r: BoardRow, width: Int) -> Table.Item {
        let name = SafeText(r.patient)
        guard let tag = r.tag else { return Table.Item(name) }
        let initialed = r.initialed.map { SafeText($0) }
        let forms = [(name, tag.full), (name, tag.short)] + (initialed.map { [($0, tag.full), ($0, tag.short)] } ?? [])
        for (n, t) in forms {
            let text: SafeText = "\(n) \(t)"
            if DisplayWidth.of(text.value) <= width { return Table.Item(text) }
        }
        let room = width - DisplayWidth.of(tag.short) - 1
        guard room >= 4 else { return Table.Item(name) }
        return "\(SafeText(Grid.truncate(name.value, to: room))) \(tag.short)"
    }
}

func renderPhoneQueue(_ state: DeskState, in rect: Rect, into grid: inout Grid) {
    Panel(title: "Phone Queue", isFocused: state.focus == .phoneQueue).render(in: rect, into: &grid)
    let inner = Panel.inner(rect)
    guard inner.height >= 2 else { return }
    let f = ConsoleFigures(state.clinic, at: state.now)
    let asa = f.averageSpeedOfAnswer.map(Clock.minutesSeconds) ?? "–"
    let queueFigures: SafeText = "Waiting \(f.callsWaiting) · Longest \(Clock.minutesSeconds(f.longestCallWait))"
    let serviceFigures: SafeText = "SL \(Clock.percent(f.serviceLevel)) · Aband \(Clock.percent(f.abandonRate)) · ASA \(asa)"
    // All five wallboard figures always show: on one line when it fits, else on two.
    let figureRows = DisplayWidth.of((queueFigures + " · " + serviceFigures).value) <= inner.width || inner.height < 6 ? 1 : 2
    if figureRows == 1 {
        grid.put(queueFigures + " · " + serviceFigures, x: inner.x, y: inner.y, role: .header, maxWidth: inner.width)
    } else {
        grid.put(queueFigures, x: inner.x, y: inner.y, role: .header, maxWidth: inner.width)
        grid.put(serviceFigures, x: inner.x, y: inner.y + 1, role: .header, maxWidth: inner.width)
    }
    let callbacks = state.callbacksDue
    // On a call (or dialling a callback) with a known patient, their card takes the place of
    // the callbacks list: who they are, what is booked, what is open.
    let card = state.card.flatMap { $0.patient.id == state.cardSubject ? $0 : nil }
    let cardLines = card.map { phoneCardLines(state, $0) } ?? []
    let callbackRows = !cardLines.isEmpty ? min(cardLines.count, max(3, (inner.height - figureRows) / 2))
        : (callbacks.isEmpty ? 0 : min(callbacks.count + 1, max(2, (inner.height - figureRows) / 3)))
    let calls = state.phoneRows
    let table = Rect(x: inner.x, y: inner.y + figureRows, width: inner.width, height: inner.height - figureRows - callbackRows)
    let selectedIndex = state.phone.selected(in: calls).flatMap { s in calls.firstIndex { $0.id == s.id } }
    // Only the calls on screen become rows: a surge of a hundred callers costs what a screenful does.
    let top = Table.offset(keeping: selectedIndex, visible: max(0, table.height - 1), from: 0, count: calls.count)
    let shown = calls[top..<min(calls.count, top + max(0, table.height - 1))]
    let rows = shown.map { c in
        Table.Row([
            .init("\(Clock.minutesSeconds(c.waitTime(at: state.now)))"),
            .init("\(state.callerLabel(c))"), .init("\(c.reason ?? "")"),
            .init(c.state == .answered ? "on call" : (c.state == .onHold ? "hold" : "ringing"),
                  role: c.state == .answered ? .good : .warning),
        ], role: c.state == .answered ? .info : .normal)
    }
    Table(columns: [.init("Wait", .fixed(5), .right), .init("Caller", .flex(min: 8, weight: 2)),
                    .init("Reason", .flex(min: 6, weight: 2)), .init("State", .fixed(7))],
          rows: rows, selected: selectedIndex.map { $0 - top }, isFocused: state.focus == .phoneQueue).render(in: table, into: &grid)
    if calls.isEmpty { grid.put("No calls waiting.", x: table.x + 2, y: table.y + 1, role: .muted, maxWidth: table.width - 2) }
    guard callbackRows > 0 else { return }
    let y0 = table.maxY
    if !cardLines.isEmpty {
        for (i, l) in cardLines.prefix(callbackRows).enumerated() {
            grid.put(l.text, x: inner.x, y: y0 + i, role: l.role, maxWidth: inner.width)
        }
        return
    }
    grid.put("Callbacks due \(callbacks.count)", x: inner.x, y: y0, role: .header, maxWidth: inner.width)
    for (i, t) in callbacks.prefix(callbackRows - 1).enumerated() {
        let due = t.dueAt.map { $0 < state.now ? "overdue \(Clock.minutes(state.now.timeIntervalSince($0)))" : "due \(Clock.timeOfDay($0, in: state.timeZone))" } ?? ""
        let role: StyleRole = (t.dueAt.map { $0 < state.now } ?? false) ? .danger : .normal
        grid.put(" \(t.title) · \(due)", x: inner.x, y: y0 + 1 + i, role: role, maxWidth: inner.width)
    }
}

/// One suspended task in a line: how long ago, how far it got (a form only), what it is, the
/// note. What it is keeps at least half the line, so a long note never hides it.
func suspendedLine(_ state: DeskState, _ t: DeskTask, width: Int) -> SafeText {
    let ctx = t.context
    let ago = ctx.map { Clock.minutes(state.now.timeIntervalSince($0.suspendedAt)) + " ago" } ?? ""
    let pct = ctx.flatMap { $0.progress > 0 ? " · \(Int(($0.progress * 100).rounded()))%" : nil } ?? ""
    let head = SafeText("  \(ago)\(pct) · ")
    // Titles name their work ("Check in …", "Call back …"); an emergency's is only its note.
    let what = SafeText(t.kind == .emergency ? "Emergency: \(t.title)" : t.title)
    guard let note = ctx?.note, !note.isEmpty else { return head + what }
    let room = width - DisplayWidth.of(head.value)
    let quoted = SafeText(" · “\(note)”")
    if DisplayWidth.of(what.value) + DisplayWidth.of(quoted.value) <= room { return head + what + quoted }
    let whatRoom = max(room / 2, room - DisplayWidth.of(quoted.value))
    return head + SafeText(Grid.truncate(what.value, to: whatRoom)) + quoted
}

/// The card's lines: the patient, their next appointments, their open work.
func phoneCardLines(_ state: DeskState, _ card: PatientCard) -> [(text: SafeText, role: StyleRole)] {
    let p = card.patient
    let born = p.dateOfBirth.map { " · born \($0.prefix(4))" } ?? ""
    let mrn = " · MRN …" + String(p.mrn.suffix(4))
    var lines: [(SafeText, StyleRole)] = [("☎ \(p.displayName)\(born)\(mrn)", .header)]
    if card.upcoming.isEmpty {
        lines.append(("  no appointment booked", .muted))
    }
    for v in card.upcoming {
        let at = v.appointmentAt.map { Clock.dayAndTime($0, now: state.now, in: state.timeZone) } ?? "walk-in"
        let what = v.reason.isEmpty ? "" : " · \(v.reason)"
        lines.append(("  \(at) · \(v.provider)\(what) · \(v.status.label)", .normal))
    }
    let working = state.activeTask?.id
    for t in card.openTasks where t.id != working {
        lines.append(("  open: \(t.kind.label) · \(t.title)", .warning))
    }
    return lines.map { (text: $0.0, role: $0.1) }
}

/// The Pts column: a score only means something inside its tier, so the other tiers say
/// which they are ("due" promise, "back" suspended too long, "hold" deferred while overloaded).
func nextUpPoints(_ why: Explanation) -> String {
    switch why.tier {
    case .emergency: return "!!"
    case .promise: return "due"
    case .resume: return "back"
    case .deferred: return "hold"
    case .scored: return "\(Int(why.total.rounded()))"
    }
}

func renderNextUp(_ state: DeskState, in rect: Rect, into grid: inout Grid) {
    Panel(title: "Next Up", isFocused: state.focus == .nextUp).render(in: rect, into: &grid)
    let inner = Panel.inner(rect)
    guard inner.height >= 2 else { return }
    var y = inner.y
    func line(_ text: SafeText, _ role: StyleRole = .normal) {
        guard y < inner.maxY else { return }
        grid.put(text, x: inner.x, y: y, role: role, maxWidth: inner.width); y += 1
    }
    if let call = state.activeCall {
        line("On call: \(state.callerLabel(call)) · \(Clock.minutesSeconds(state.now.timeIntervalSince(call.answeredAt ?? call.arrivedAt)))", .good)
    }
    if let a = state.activeTask {
        line("Active: \(a.kind.label) · \(a.title)", .titleFocused)
        // The resume cue: how long it was away and where it stopped first, then the note.
        if let cue = state.resumeCue, cue.taskID == a.id {
            line("  Away \(Clock.minutes(cue.away)) · at \(cue.step)", .info)
            if !cue.note.isEmpty { line("  Note: \(cue.note)", .info) }
        }
    } else if state.activeCall == nil {
        line("Active: none — n takes the next task", .muted)
    }
    let suspended = state.suspendedTasks
    if !suspended.isEmpty { line("Suspended \(suspended.count)/\(state.policy.config.suspendCap):", .header) }
    for t in suspended.reversed() {
        line(suspendedLine(state, t, width: inner.width), .warning)
    }
    let ranked = state.rankedWork
    let whyRows = 1
    let queueRect = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y - whyRows)
    guard queueRect.height > 0 else { return }
    let chosen = state.nextUp.selected(in: ranked)
    let selectedIndex = chosen.flatMap { s in ranked.firstIndex { $0.id == s.id } }
    // Only the rows on screen are explained and built: a busy day has hundreds of open tasks.
    let visible = max(1, queueRect.height - 1)
    let first = max(0, min((selectedIndex ?? 0) - visible + 1, ranked.count - visible))
    let window = ranked.indices.clamped(to: first..<min(ranked.count, first + visible))
    let rows = window.map { i -> Table.Row in
        let t = ranked[i]
        let why = state.policy.explain(t, at: state.now)
        return Table.Row([
            .init("\(i + 1)"), .init("\(t.kind.label)"), .init("\(t.title)"),
            .init("\(nextUpPoints(why))"),
        ], role: t.kind == .emergency ? .emergency : (t.state == .suspended ? .warning : .normal))
    }
    let selected = selectedIndex.map { $0 - window.lowerBound }
    Table(columns: [.init("#", .fixed(2), .right), .init("Task", .fixed(inner.width >= 60 ? 17 : 10)),
                    .init("Queue", .flex(min: 6)), .init("Pts", .fixed(4), .right)],
          rows: rows, selected: selected, isFocused: state.focus == .nextUp).render(in: queueRect, into: &grid)
    if let t = chosen {
        grid.put("Why: \(state.why(t, in: ranked))", x: inner.x, y: inner.maxY - 1, role: .muted, maxWidth: inner.width)
    }
}
