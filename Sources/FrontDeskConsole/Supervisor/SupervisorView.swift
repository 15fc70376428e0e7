import Foundation
import FrontDeskCore
import TerminalUI

/// Where the supervisor's panes go. Everything is stacked so the Queue's "why" gets the
/// full width; the Desks and Breaches panes take what they need up to a third each.
struct SupervisorLayout: Equatable {
    var status, load, today, desks, breaches, queue, banner, footer: Rect

    init(width: Int, height: Int, deskRows: Int, breachRows: Int) {
        status = Rect(x: 0, y: 0, width: width, height: 1)
        load = Rect(x: 0, y: 1, width: width, height: 2)
        today = Rect(x: 0, y: 3, width: width, height: 4)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        banner = Rect(x: 0, y: height - 2, width: width, height: 1)
        let top = 7
        let room = max(0, height - top - 2)
        let cap = max(3, room / 3)
        let desksHeight = min(cap, max(3, deskRows + 3))
        let breachesHeight = min(cap, max(3, breachRows + 2))
        desks = Rect(x: 0, y: top, width: width, height: desksHeight)
        breaches = Rect(x: 0, y: top + desksHeight, width: width, height: breachesHeight)
        let queueTop = top + desksHeight + breachesHeight
        queue = Rect(x: 0, y: queueTop, width: width, height: max(0, height - 2 - queueTop))
    }
}

/// Draws the supervisor console from state. Times read in whole minutes and the clock in
/// HH:MM, so an idle tick changes only the phone wait's seconds — a slow link stays quiet.
@discardableResult
public func render(_ state: SupervisorState, into grid: inout Grid) -> (x: Int, y: Int)? {
    grid.fill(grid.bounds)
    guard !TooSmallScreen.isTooSmall(width: grid.width, height: grid.height) else { return nil }
    let breaches = state.breaches
    let desks = state.desks
    let layout = SupervisorLayout(width: grid.width, height: grid.height, deskRows: desks.count, breachRows: breaches.count)
    renderSupervisorStatus(state, in: layout.status, into: &grid)
    renderLoad(state, in: layout.load, into: &grid)
    renderToday(state, in: layout.today, into: &grid)
    renderDesks(state, desks, in: layout.desks, into: &grid)
    renderBreaches(state, breaches, in: layout.breaches, into: &grid)
    renderQueue(state, in: layout.queue, into: &grid)
    grid.fill(layout.banner)
    if let banner = state.banner {
        grid.put(SafeText(banner), x: 1, y: layout.banner.y, role: state.bannerIsError ? .errorText : .info,
                 maxWidth: grid.width - 2)
    }
    if let prompt = state.prompt { return renderPrompt(prompt, in: layout.footer, into: &grid) }
    Footer(keymap: state.keymap).render(in: layout.footer, into: &grid)
    if state.showsHelp { Overlay.help(for: state.keymap).render(in: grid.bounds, into: &grid) }
    return nil
}

func renderSupervisorStatus(_ state: SupervisorState, in rect: Rect, into grid: inout Grid) {
    let f = ConsoleFigures(state.clinic, at: state.now)
    StatusLine(left: [
        .init("Supervisor"), .init("\(state.user)"), .init("\(Clock.timeOfDay(state.now, in: state.timeZone))"),
        .init("Lobby \(f.inLobby), longest \(Clock.minutes(f.longestLobbyWait))"),
        .init("Phone \(f.callsWaiting) waiting, longest \(Clock.minutesSeconds(f.longestCallWait))"),
        .init("SL \(Clock.percent(f.serviceLevel))"), .init("Abandon \(Clock.percent(f.abandonRate))"),
    ] + outboxItems(state)).render(in: rect, into: &grid)
}

/// "HL7 out 3 unsent, oldest 12m" — only while something is owed (or refused) to the practice system.
func outboxItems(_ state: SupervisorState) -> [StatusLine.Segment] {
    guard let o = state.outbox, o.depth > 0 || o.refused > 0 else { return [] }
    let age = o.oldestUnsentAt.map { max(0, state.now.timeIntervalSince($0)) } ?? 0
    var text = "HL7 out \(o.depth) unsent"
    if o.depth > 0 { text += ", oldest \(Clock.minutes(age))" }
    if o.refused > 0 { text += ", \(o.refused) refused" }
    return [.init(SafeText(text), role: age >= 300 || o.refused > 0 ? .warning : .statusLine)]
}

/// The last hours as bars (calls waiting, lobby, service level; a bar past the supervisor's
/// limit in the warning colour) beside today so far — the day report's own figures.
func renderToday(_ state: SupervisorState, in rect: Rect, into grid: inout Grid) {
    guard let today = state.today, rect.height >= 4 else { return }
    let t = today.trends, r = today.report
    let labelWidth = 15
    let half = rect.width / 2
    let barsWidth = max(8, min(t.callsWaiting.count, half - labelWidth - 13))
    let from = max(0, t.callsWaiting.count - barsWidth)
    let hours = Double(t.callsWaiting.count - from) * TodayTrends.bucket / 3600
    func row(_ y: Int, _ label: String, _ levels: [Double], _ marked: [Bool], note: String) {
        grid.put(SafeText(label), x: 1, y: y, role: .muted, maxWidth: labelWidth)
        var x = 1 + labelWidth
        for (i, level) in levels.enumerated() {
            grid.put(SafeText(String(Sparkline.glyph(level))), x: x, y: y, role: marked[i] ? .warning : .good, maxWidth: 1)
            x += 1
        }
        grid.put(SafeText(note), x: x + 1, y: y, role: .muted, maxWidth: max(0, half - x - 1))
    }
    let calls = Array(t.callsWaiting[from...]), lobby = Array(t.lobbyWaiting[from...])
    let callMax = max(1, calls.max() ?? 1), lobbyMax = max(1, lobby.max() ?? 1)
    let sl = Array(t.serviceLevel[from...])
    row(rect.y, "Calls waiting", calls.map { Double($0) / Double(callMax) }, Array(t.callsOverLimit[from...]),
        note: "max \(calls.max() ?? 0) >\(Clock.minutes(state.limits.callWait))")
    row(rect.y + 1, "In the lobby", lobby.map { Double($0) / Double(lobbyMax) }, Array(t.lobbyOverLimit[from...]),
        note: "max \(lobby.max() ?? 0) >\(Clock.minutes(state.limits.lobbyWait))")
    row(rect.y + 2, "Service level", sl.map { $0 ?? 0 }, sl.map { $0.map { $0 < TodayTrends.serviceTarget } ?? false },
        note: "<\(Int(TodayTrends.serviceTarget * 100))%")
    grid.put(SafeText("last \(String(format: hours == hours.rounded() ? "%.0f" : "%.1f", hours)) h, \(Int(TodayTrends.bucket / 60))-min bars, past limit in colour"),
             x: 1 + labelWidth, y: rect.y + 3, role: .muted, maxWidth: max(0, half - labelWidth - 2))
    func d(_ seconds: Int?) -> String { seconds.map { $0 < 60 ? "\($0)s" : Clock.minutes(TimeInterval($0)) } ?? "–" }
    let right = half + 1
    // The day report's own figures, the key one first on each line (a narrow screen cuts the
    // end), in the fewest words (the report says them in full).
    let lines = [
        "Lobby p90 \(d(r.clinic.lobbyWaitP90)) · \(r.clinic.visits) visits · \(r.clinic.noShows) no-show · \(r.clinic.lateArrivals) late",
        "SL \(Clock.percent(r.phone.serviceLevel)) · ASA \(d(r.phone.asaSeconds)) · \(r.phone.offered) calls · \(r.phone.abandoned) abandoned (\(r.phone.shortAbandoned) short)",
        "Callbacks \(r.callbacksOverdue) overdue · \(r.callbacksMade) made",
        "Never resumed \(r.neverResumed) · aside now \(r.stillSuspended) · longest \(d(r.longestSuspendedSeconds)) · \(r.reclaimed) reclaimed",
    ]
    for (i, line) in lines.enumerated() {
        let warn = (i == 3 && r.neverResumed > 0) || (i == 2 && r.callbacksOverdue > 0)
            || (i == 0 && (r.clinic.lobbyWaitP90 ?? 0) > Int(state.limits.lobbyWait))
        grid.put(SafeText(line), x: right, y: rect.y + i, role: warn ? .warning : .normal, maxWidth: max(0, rect.width - right - 1))
    }
}

/// Eighth-block bars for a level in 0…1 (a space for nothing).
enum Sparkline {
    static let glyphs: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static func glyph(_ level: Double) -> Character {
        guard level > 0 else { return glyphs[0] }
        return glyphs[min(8, max(1, Int((level * 8).rounded(.up))))]
    }
}

/// The load estimate and its inputs: what the ranking's overload rests on, in two lines.
func renderLoad(_ state: SupervisorState, in rect: Rect, into grid: inout Grid) {
    guard let load = state.load, rect.height >= 2 else { return }
    grid.put("Load \(load.summary)", x: 1, y: rect.y, role: load.overloaded ? .warning : .normal, maxWidth: rect.width - 2)
    let inputs = load.kinds.filter { $0.arrivals > 0 || $0.waiting > 0 }.map { k -> String in
        let learned = k.learnedFrom > 0 ? ", learned from \(k.learnedFrom)" : ""
        return "\(k.kind.label.lowercased()) \(String(format: "%.0f", k.perHour))/h × \(Clock.minutesSeconds(k.meanWork))\(learned), \(k.waiting) waiting"
    }
    let span = "last \(Int((load.span / 60).rounded())) min"
    grid.put(SafeText(inputs.isEmpty ? "  no work arrived in the \(span)" : "  \(span): " + inputs.joined(separator: " · ")),
             x: 1, y: rect.y + 1, role: .muted, maxWidth: rect.width - 2)
}

/// " · North St lobby 2, phone 1 · South lobby 0, phone 1": each watched site at a glance,
/// for a clinic group (nothing for a clinic without sites).
func siteSummary(_ state: SupervisorState) -> String {
    state.siteFigures.map { " · \($0.name) lobby \($0.inLobby), phone \($0.callsWaiting)" }.joined()
}

func renderDesks(_ state: SupervisorState, _ desks: [Desk], in rect: Rect, into grid: inout Grid) {
    Panel(title: SafeText("Desks \(desks.count)" + siteSummary(state)), isFocused: state.focus == .desks).render(in: rect, into: &grid)
    let rows: [Table.Row] = desks.map { d in
        let holding = state.clinic.holding(of: d.name)
        let active = holding.active.map { "\($0.kind.label): \($0.title)" } ?? "–"
        let suspended = holding.suspended
        let oldest = suspended.compactMap { $0.context?.suspendedAt }.min()
        let parked: Table.Item = suspended.isEmpty ? "–"
            : Table.Item("\(suspended.count), oldest \(Clock.minutes(state.now.timeIntervalSince(oldest ?? state.now)))",
                         role: .warning)
        let row: [Table.Item] = ["\(d.name)", "\(d.user ?? "–")", "\(active)", parked, "\(d.note ?? "")"]
        return Table.Row(state.clinic.sites.isEmpty ? row : [row[0], "\(d.site.map(state.clinic.siteName) ?? "every site")"] + row[1...])
    }
    var columns: [Table.Column] = [.init("Desk", .fixed(12)), .init("User", .fixed(10)), .init("Active task", .flex(min: 14, weight: 3)),
                                   .init("Suspended", .fixed(14)), .init("Note", .flex(min: 6, weight: 1))]
    if !state.clinic.sites.isEmpty { columns.insert(.init("Site", .flex(min: 8, weight: 1)), at: 1) }
    Table(columns: columns,
          rows: rows, selected: desks.firstIndex { $0.name == state.selectedDesk?.name }, isFocused: state.focus == .desks)
        .render(in: Panel.inner(rect), into: &grid)
}

func renderBreaches(_ state: SupervisorState, _ breaches: [Breach], in rect: Rect, into grid: inout Grid) {
    Panel(title: "Breaches \(breaches.count)").render(in: rect, into: &grid)
    let inner = Panel.inner(rect)
    if breaches.isEmpty {
        grid.put("✓ none", x: inner.x + 1, y: inner.y, role: .good, maxWidth: inner.width - 1)
        return
    }
    for (i, b) in breaches.prefix(inner.height).enumerated() {
        let role: StyleRole = b.kind == .emergency ? .emergency : .danger
        let desk = b.desk.map { " · \($0)" } ?? ""
        let line: SafeText = "\(b.kind == .emergency ? "!!" : "!") \(Clock.timeOfDay(b.since, in: state.timeZone)) \(b.kind.rawValue): \(b.detail)\(desk)"
        grid.put(line, x: inner.x + 1, y: inner.y + i, role: role, maxWidth: inner.width - 1)
    }
}

func renderQueue(_ state: SupervisorState, in rect: Rect, into grid: inout Grid) {
    let queue = state.rankedQueue
    Panel(title: "Queue across desks \(queue.count)", isFocused: state.focus == .queue).render(in: rect, into: &grid)
    let inner = Panel.inner(rect)
    // Only the rows on screen are explained and built: a busy day has hundreds of open tasks.
    let selectedIndex = queue.firstIndex { $0.id == state.selectedQueueTask?.id }
    let visible = max(0, inner.height - 1)
    let top = Table.offset(keeping: selectedIndex, visible: visible, from: 0, count: queue.count)
    let window = top..<min(queue.count, top + visible)
    let rows: [Table.Row] = window.map { i in
        let t = queue[i]
        let owner = t.desk ?? t.assignedDesk.map { "→\($0)" } ?? "any"
        let why = state.policy.explain(t, at: state.now).text
        return Table.Row(["\(i + 1)", "\(t.kind.label)", "\(t.state.rawValue)", "\(owner)", "\(t.title)", "\(why)"],
                         role: t.kind == .emergency ? .emergency : .normal)
    }
    Table(columns: [.init("#", .fixed(3), .right), .init("Kind", .fixed(12)), .init("State", .fixed(9)),
                    .init("Desk", .fixed(10)), .init("Task", .flex(min: 12, weight: 2)), .init("Why", .flex(min: 12, weight: 3))],
          rows: rows, selected: selectedIndex.map { $0 - top }, isFocused: state.focus == .queue)
        .render(in: inner, into: &grid)
}

func renderPrompt(_ prompt: SupervisorPrompt, in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
    grid.fill(rect, with: Cell(" ", role: .input))
    let label: SafeText, field: TextField
    switch prompt {
    case .reassign(let id, let f): label = "Reassign task \(id) to desk:"; field = f
    case .bump(let id, let f): label = "Bump task \(id) by points:"; field = f
    case .note(let desk, let f): label = "Note to \(desk):"; field = f
    }
    let used = grid.put(label, x: rect.x + 1, y: rect.y, role: .overlayTitle, maxWidth: rect.width / 2)
    let hint: SafeText = " Enter send · Esc cancel"
    let hintWidth = DisplayWidth.of(hint.value)
    let fieldRect = Rect(x: rect.x + 2 + used, y: rect.y, width: max(4, rect.width - used - 3 - hintWidth), height: 1)
    field.render(in: fieldRect, into: &grid)
    grid.put(hint, x: fieldRect.maxX, y: rect.y, role: .muted, maxWidth: hintWidth)
    return field.cursorPosition(in: fieldRect)
}
