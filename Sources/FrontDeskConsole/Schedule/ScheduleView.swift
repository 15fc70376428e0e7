import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// Where the schedule's parts go: the grid on top, the selected line's details under it,
/// the banner and the footer at the bottom.
struct ScheduleLayout: Equatable {
    static let timeWidth = 6
    static let detailsHeight = 5
    var status, grid, details, banner, footer: Rect
    /// Narrowest a column may be: a day column holds "name  type  status"; a week day less.
    var minColumn: Int

    init(width: Int, height: Int, mode: ScheduleMode) {
        status = Rect(x: 0, y: 0, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        banner = Rect(x: 0, y: height - 2, width: width, height: 1)
        grid = Rect(x: 0, y: 1, width: width, height: max(3, height - 3 - Self.detailsHeight))
        details = Rect(x: 0, y: grid.maxY, width: width, height: Self.detailsHeight)
        minColumn = mode == .day ? 37 : 10
    }

    var inner: Rect { Panel.inner(grid) }
    /// Rows under the header.
    var visibleRows: Int { max(1, inner.height - 1) }
    /// At 80 columns one provider's day; wider, as many as fit.
    func columnsThatFit(_ count: Int) -> Int {
        max(1, min(count, (inner.width - Self.timeWidth) / minColumn))
    }
    func columnWidth(_ shown: Int) -> Int { max(1, (inner.width - Self.timeWidth) / max(1, shown)) }

    /// The rows of the columns shown side by side: every line's place, in time order.
    static func rows(_ columns: [ScheduleColumn]) -> [LineKey] {
        Set(columns.flatMap { $0.lines.map(\.key) }).sorted()
    }
}

/// Draws the schedule from state. The clock reads HH:MM, so an idle second changes nothing.
@discardableResult
public func renderSchedule(_ state: ScheduleState, into grid: inout Grid) -> (x: Int, y: Int)? {
    grid.fill(grid.bounds)
    guard !TooSmallScreen.isTooSmall(width: grid.width, height: grid.height) else { return nil }
    let layout = ScheduleLayout(width: grid.width, height: grid.height, mode: state.mode)
    renderScheduleStatus(state, in: layout.status, into: &grid)
    renderScheduleGrid(state, layout, into: &grid)
    renderScheduleDetails(state, in: layout.details, into: &grid)
    grid.fill(layout.banner)
    if let text = state.banner ?? state.readFailure {
        let isError = state.banner == nil || state.bannerIsError
        grid.put(SafeText(text), x: 1, y: layout.banner.y, role: isError ? .errorText : .info, maxWidth: grid.width - 2)
    }
    if state.prompt != nil {
        Footer(keymap: state.promptKeymap).render(in: layout.footer, into: &grid)
        return renderSchedulePrompt(state, layout, into: &grid)
    }
    Footer(keymap: state.keymap).render(in: layout.footer, into: &grid)
    if state.showsHelp { Overlay.help(for: state.keymap).render(in: grid.bounds, into: &grid) }
    return nil
}

func renderScheduleStatus(_ state: ScheduleState, in rect: Rect, into grid: inout Grid) {
    let day = state.date == state.today ? "\(state.date.shortText) \(state.date.year) (today)" : "\(state.date.shortText) \(state.date.year)"
    var right: [StatusLine.Segment] = []
    if state.saving.pending > 0 { right.append(.init("saving…", role: .warning)) }
    if let p = state.bookFor { right.insert(.init("booking for \(SafeText(p.displayName))", role: .info), at: 0) }
    StatusLine(left: [.init("Schedule"), .init("\(state.user)"), .init("\(day)"),
                      .init("\(Clock.timeOfDay(state.now, in: state.timeZone))")], right: right).render(in: rect, into: &grid)
}

func renderScheduleGrid(_ state: ScheduleState, _ layout: ScheduleLayout, into grid: inout Grid) {
    let all = state.columns
    let fit = layout.columnsThatFit(all.count)
    let first = max(0, min(state.firstColumn, all.count - fit))
    let shown = Array(all.dropFirst(first).prefix(fit))
    let current = state.columnIndex(in: all)
    let title: SafeText
    switch state.mode {
    case .day:
        let which = shown.count == 1 ? "\(shown[0].provider.displayName) (\((current ?? 0) + 1) of \(all.count))"
            : "providers \(first + 1)–\(first + shown.count) of \(all.count)"
        title = all.isEmpty ? "Day" : "Day · \(which)"
    case .week:
        let index = state.data.calendar?.providers.firstIndex { $0.id == state.providerID }.map { $0 + 1 } ?? 0
        title = "Week · \(state.provider?.displayName ?? "–") (\(index) of \(state.data.calendar?.providers.count ?? 0))"
    }
    Panel(title: title, isFocused: true).render(in: layout.grid, into: &grid)
    let inner = layout.inner
    guard state.data.calendar != nil else {
        grid.put("no schedule loaded — an admin runs `frontdesk schedule load FILE`", x: inner.x + 1, y: inner.y, role: .warning,
                 maxWidth: inner.width - 1)
        return
    }
    guard state.isLoaded, !shown.isEmpty else {
        grid.put("loading…", x: inner.x + 1, y: inner.y, role: .muted, maxWidth: inner.width - 1)
        return
    }
    let width = layout.columnWidth(shown.count)
    let x0 = inner.x + ScheduleLayout.timeWidth
    for (j, column) in shown.enumerated() {
        let isCurrent = first + j == current
        let head: SafeText
        switch state.mode {
        case .day:
            let hours = column.provider.hours(on: column.date.weekday).map(\.text).joined(separator: ", ")
            head = shown.count == 1 ? "\(column.provider.displayName) · \(column.provider.slotMinutes)-min slots · \(hours.isEmpty ? "no hours" : hours)"
                : "\(column.provider.displayName)"
        case .week:
            head = "\(column.date.shortText)\(column.date == state.today ? " •" : "")"
        }
        grid.put(head, x: x0 + j * width + 1, y: inner.y, role: isCurrent ? .titleFocused : .header, maxWidth: width - 2)
    }
    let rows = ScheduleLayout.rows(shown)
    let byColumn = shown.map { Dictionary($0.lines.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a }) }
    let top = min(state.scrollTop, max(0, rows.count - layout.visibleRows))
    let nowMinute = state.date == state.today || state.mode == .week ? state.timeZone.stamp(state.now).time.minutes : -1
    for (r, key) in rows.dropFirst(top).prefix(layout.visibleRows).enumerated() {
        let y = inner.y + 1 + r
        if key.ordinal == 0 || r == 0 {
            let isNow = nowMinute >= key.minute && nowMinute < key.minute + (state.provider?.slotMinutes ?? 15)
            grid.put("\(TimeOfDay(minutes: key.minute).text)", x: inner.x, y: y,
                     role: isNow ? .info : (key.minute % 60 == 0 ? .normal : .muted), maxWidth: 5)
        }
        for j in shown.indices {
            guard let line = byColumn[j][key] else { continue }
            let selected = first + j == current && key == state.cursor
            let cell = Rect(x: x0 + j * width, y: y, width: width - 1, height: 1)
            renderScheduleCell(line, state: state, selected: selected, narrow: state.mode == .week, in: cell, into: &grid)
        }
    }
}

/// One line of a column: a symbol and a word say what the colour says.
func renderScheduleCell(_ line: ScheduleLine, state: ScheduleState, selected: Bool, narrow: Bool, in rect: Rect, into grid: inout Grid) {
    let past = line.start.addingTimeInterval(TimeInterval(line.minutes * 60)) <= state.now
    let text: SafeText
    var role: StyleRole
    switch line.kind {
    case .open:
        text = past ? "·" : (narrow && rect.width < 8 ? "·" : "·  open")
        role = past ? .muted : .good
    case .blocked(let why):
        text = narrow ? "▒▒" : "▒ \(why)"
        role = .muted
    case .closed(let why):
        text = narrow ? "—" : "— \(why)"
        role = .muted
    case .continued:
        text = "│"
        role = .muted
    case .appointment(let a):
        let name = ScheduleNames.shown(a, state.names)
        let moving = state.moving?.id == a.id ? "⇢ " : ""
        // A line starting "·" is an open slot: the status (scheduled's symbol is a dot too)
        // comes after the name, and a narrow week cell marks only what has moved on.
        if narrow {
            text = a.status == .scheduled ? "\(moving)\(name)" : "\(moving)\(a.status.symbol) \(name)"
        } else {
            let over: SafeText = a.overbook ? "  ⚠ overbook" : ""
            text = "\(moving)\(name)  \(a.typeCode ?? "—")  \(a.status.symbol) \(a.status.label)" + over
        }
        role = a.status == .scheduled ? (past ? .muted : .normal) : BoardRow.role(of: a.status)
    case .freed(let a):
        let label = a.isRescheduled ? "rescheduled" : a.status.label
        text = narrow ? "\(a.status.symbol) \(ScheduleNames.shown(a, state.names))"
            : "\(ScheduleNames.shown(a, state.names))  \(a.status.symbol) \(label)"
        role = .muted
    }
    if selected {
        grid.fill(rect, with: Cell(" ", role: .selected))
        role = .selected
    }
    grid.put(selected ? "▸" : " ", x: rect.x, y: rect.y, role: role, maxWidth: 1)
    grid.put(text, x: rect.x + 1, y: rect.y, role: role, maxWidth: rect.width - 1)
}

func renderScheduleDetails(_ state: ScheduleState, in rect: Rect, into grid: inout Grid) {
    let line = state.isLoaded ? state.selectedLine : nil
    let zone = state.timeZone
    var title: SafeText = "Details"
    var lines: [(SafeText, StyleRole)] = []
    func span(_ start: Date, _ minutes: Int) -> String {
        let s = zone.stamp(start), e = zone.stamp(start.addingTimeInterval(TimeInterval(minutes * 60)))
        return "\(s.time.text)–\(e.time.text) \(s.date.shortText)"
    }
    switch line?.kind {
    case .appointment(let a)?, .continued(let a)?, .freed(let a)?:
        title = "Appointment \(a.ref ?? "#\(a.id)")"
        let name = ScheduleNames.shown(a, state.names)
        if state.names == .full {
            lines.append(("\(name) · MRN \(a.mrn)\(a.phone.map { " · \($0)" } ?? "")", .normal))
        } else {
            lines.append(("booked (the \(state.role.rawValue) role sees no names)", .muted))
        }
        let type = a.typeCode.flatMap { state.data.calendar?.type($0)?.name } ?? a.typeCode ?? "no type (imported)"
        lines.append(("\(span(a.start, a.minutes)) · \(a.providerName) · \(type)", .normal))
        var status = "\(a.status.symbol) \(a.status.label)"
        if a.overbook { status += " · ⚠ overbook" }
        if a.isRescheduled { status += " · rescheduled (the new one is #\(a.rescheduledTo!))" }
        else if let why = a.statusReason { status += " · \(why)" }
        lines.append(("\(status)", BoardRow.role(of: a.status) == .muted ? .normal : BoardRow.role(of: a.status)))
    case .open?:
        let who = state.currentColumn?.provider.displayName ?? ""
        title = "Open slot"
        lines.append(("·  open \(span(line!.start, line!.minutes)) with \(who)", .good))
        if let m = state.moving {
            lines.append(("Enter moves \(ScheduleNames.shown(m, state.names)) here · Esc keeps its time", .info))
        } else {
            lines.append(("b books it · f finds the next free slot of a type", .muted))
        }
    case .blocked(let why)?:
        title = "Blocked"
        lines.append(("▒ \(span(line!.start, line!.minutes)): \(why)", .muted))
    case .closed(let why)?:
        title = "Closed"
        lines.append(("— \(why)", .muted))
    case nil:
        lines.append(("", .normal))
    }
    Panel(title: title).render(in: rect, into: &grid)
    let inner = Panel.inner(rect)
    for (i, l) in lines.prefix(inner.height).enumerated() {
        grid.put(l.0, x: inner.x + 1, y: inner.y + i, role: l.1, maxWidth: inner.width - 1)
    }
}

/// The open box, over the bottom of the screen; returns where the text cursor goes.
func renderSchedulePrompt(_ state: ScheduleState, _ layout: ScheduleLayout, into grid: inout Grid) -> (x: Int, y: Int)? {
    guard let p = state.prompt else { return nil }
    let zone = state.timeZone
    let title: SafeText
    switch p.purpose {
    case .book(let provider, let start):
        title = "Book \(zone.stamp(start).text) with \(state.data.calendar?.providerName(provider) ?? provider)"
    case .find: title = "Find the next available slot"
    case .cancel(let a): title = "Cancel \(ScheduleNames.shown(a, state.names)) \(zone.stamp(a.start).text)"
    case .waitlist(let a): title = "Waitlist \(ScheduleNames.shown(a, state.names)) for an earlier \(a.typeCode ?? "slot")"
    }
    var matchLines: [(SafeText, StyleRole)] = []
    if case .book = p.purpose {
        let query = p.fields[SchedulePrompt.patientField].text.trimmingCharacters(in: .whitespaces)
        for (i, m) in p.matches.prefix(5).enumerated() {
            let name = state.names.render(m)
            matchLines.append(("\(i == p.chosen ? "▸" : " ") \(name)  MRN \(m.mrn)\(m.dateOfBirth.map { "  born \($0)" } ?? "")",
                               i == p.chosen ? .selected : .overlay))
        }
        if p.matches.isEmpty && !query.isEmpty && p.matchQuery == query { matchLines.append(("  no patient matches", .muted)) }
    }
    // In the details panel's place (growing upward when it needs more room).
    let height = max(ScheduleLayout.detailsHeight, p.fields.count + matchLines.count + 2)
    let box = Rect(x: 0, y: max(1, layout.banner.y - height), width: layout.grid.width, height: height)
    Panel(title: title, isFocused: true).render(in: box, into: &grid)
    let inner = Panel.inner(box)
    let labelWidth = 10
    var y = inner.y
    var cursor: (x: Int, y: Int)?
    for (i, field) in p.fields.enumerated() {
        let focused = i == p.focus
        grid.put("\(field.label)", x: inner.x + 1, y: y, role: focused ? .titleFocused : .normal, maxWidth: labelWidth - 1)
        let fieldRect = Rect(x: inner.x + labelWidth, y: y, width: inner.width - labelWidth - 1, height: 1)
        switch field {
        case .text(_, let f):
            f.render(in: fieldRect, into: &grid, isFocused: focused)
            if focused { cursor = f.cursorPosition(in: fieldRect) }
        case .choice(_, let titles, _, let index):
            let shown = titles.indices.contains(index) ? titles[index] : "—"
            grid.fill(fieldRect, with: Cell(" ", role: focused ? .inputFocused : .input))
            grid.put("‹ \(shown) ›", x: fieldRect.x, y: y, role: focused ? .inputFocused : .input, maxWidth: fieldRect.width)
        }
        y += 1
        if i == SchedulePrompt.patientField, case .book = p.purpose {
            for m in matchLines {
                grid.put(m.0, x: inner.x + labelWidth, y: y, role: m.1, maxWidth: inner.width - labelWidth - 1)
                y += 1
            }
        }
    }
    return cursor
}
