import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// Moving around the schedule: days, providers, lines, and keeping the cursor on what it was
/// on when the store's picture changes under it.
extension ScheduleState {
    /// To another day, keeping the time of day under the cursor.
    mutating func go(to day: CivilDate) -> [ScheduleEffect] {
        date = day
        selectedAppointmentID = nil
        settle()
        return requestWindow()
    }

    /// Asks the backend for the days on screen when they changed.
    mutating func requestWindow() -> [ScheduleEffect] {
        let w = window
        settle()
        guard w != requested else { return [] }
        requested = w
        return [.show(w)]
    }

    /// Puts the cursor on a found slot (its day, its provider, its line once loaded).
    mutating func jump(to slot: OpenSlot) -> [ScheduleEffect] {
        providerID = slot.provider
        date = timeZone.civilDate(of: slot.start)
        selectedAppointmentID = nil
        cursor = LineKey(minute: timeZone.stamp(slot.start).time.minutes)
        return requestWindow()
    }

    /// Opens the appointment's day and provider with it under the cursor.
    public mutating func select(_ a: Appointment) {
        providerID = a.providerID ?? providerID
        date = timeZone.civilDate(of: a.start)
        selectedAppointmentID = a.id
        cursor = LineKey(minute: timeZone.stamp(a.start).time.minutes)
        settle()
    }

    mutating func moveLine(_ delta: Int) {
        guard let lines = currentColumn?.lines, !lines.isEmpty else { return }
        let i = lines.firstIndex { $0.key == cursor } ?? 0
        let line = lines[min(lines.count - 1, max(0, i + delta))]
        cursor = line.key
        selectedAppointmentID = nil
        settle()
    }

    mutating func stepProvider(_ delta: Int) {
        let ids = data.calendar?.providers.map(\.id) ?? []
        guard let next = DeskContext.step(ids, providerID, by: delta), next != providerID else { return }
        providerID = next
        selectedAppointmentID = nil
        if let c = cursor { cursor = LineKey(minute: c.minute) }
        settle()
    }

    /// The next day (by `delta`) the provider works, within a week: the week view steps over
    /// the days it does not show.
    func workingDay(from day: CivilDate, by delta: Int) -> CivilDate {
        var d = day.adding(days: delta)
        for _ in 0..<6 where provider.map({ $0.hours(on: d.weekday).isEmpty }) == true { d = d.adding(days: delta) }
        return d
    }

    /// Puts the cursor on a line of the current column: the selected appointment if it is
    /// still there, else the same line, else the nearest time (now, on today).
    mutating func settle() {
        guard let lines = currentColumn?.lines, !lines.isEmpty else { keepVisible(); return }
        let anchor = selectedAppointmentID
        var found = false
        let fresh = cursor == nil
        if let id = anchor, let line = lines.first(where: {
            switch $0.kind { case .appointment(let a), .freed(let a): return a.id == id; default: return false }
        }) {
            cursor = line.key
            found = true
        } else if let c = cursor, lines.contains(where: { $0.key == c }) {
            // Stays.
        } else if let c = cursor {
            cursor = (lines.first { $0.key.minute >= c.minute } ?? lines.last)?.key
        } else if date == today {
            cursor = (lines.first { $0.start.addingTimeInterval(TimeInterval($0.minutes * 60)) > now } ?? lines.last)?.key
        } else {
            cursor = (lines.first { $0.isOpen } ?? lines.first)?.key
        }
        // An anchor not in these lines yet (just booked, the store's answer still on its way)
        // is kept for the next picture.
        if anchor == nil || found, let line = selectedLine {
            switch line.kind {
            case .appointment(let a), .freed(let a): selectedAppointmentID = a.id
            default: selectedAppointmentID = nil
            }
        }
        keepVisible(placing: fresh)
    }

    /// Scrolls just enough that the cursor's row and column are on screen; a cursor just
    /// placed (on now, on a new day) sits a third of the way down, with what came before it.
    mutating func keepVisible(placing: Bool = false) {
        let layout = ScheduleLayout(width: width, height: height, mode: mode)
        let cs = columns
        if let i = columnIndex(in: cs) {
            let fit = layout.columnsThatFit(cs.count)
            if i < firstColumn { firstColumn = i }
            if i >= firstColumn + fit { firstColumn = i - fit + 1 }
            firstColumn = max(0, min(firstColumn, cs.count - fit))
            let rows = ScheduleLayout.rows(Array(cs[firstColumn..<min(cs.count, firstColumn + fit)]))
            if let c = cursor, let r = rows.firstIndex(of: c) {
                if placing { scrollTop = max(0, r - layout.visibleRows / 3) }
                scrollTop = Table.offset(keeping: r, visible: layout.visibleRows, from: scrollTop, count: rows.count)
            }
        } else {
            firstColumn = 0; scrollTop = 0
        }
    }
}
