import Foundation
import FrontDeskCore
import TerminalUI

/// The move being made over the board: the menu of moves (each allowed one with its key, the
/// others with why not), or the room picker with the clinic's rooms and who is in each.
/// Returns the typed room's cursor.
func renderVisitMover(_ state: DeskState, into grid: inout Grid) -> (x: Int, y: Int)? {
    guard let m = state.board.mover, let visit = state.clinic.visits.first(where: { $0.id == m.visitID }) else { return nil }
    let c = state.context
    let who: SafeText = "\(visit.ticket.isEmpty ? "" : visit.ticket + " ")\(c.patient(visit.patientID)?.displayName ?? "this visit")"
    var lines: [Overlay.Line] = []
    if m.stage == .menu {
        let appt = visit.appointmentAt.map { "appointment \(Clock.timeOfDay($0, in: state.timeZone))" } ?? "walk-in"
        let when = visit.lateness(at: state.now).map { " · late \(Clock.minutes($0))" }
            ?? visit.waitingSince.map { " · here \(Clock.minutes(state.now.timeIntervalSince($0)))" } ?? ""
        lines = [Overlay.Line("\(who) · \(visit.status.label)"), Overlay.Line("\(appt)\(when)", role: .muted)]
        for (key, kind) in VisitMover.moves {
            if let why = VisitMove.refusal(kind, for: visit, at: state.now) {
                lines.append(Overlay.Line("\(key.label)  \(VisitMove.label(of: kind)) — \(why.brief)", role: .muted))
            } else {
                lines.append(Overlay.Line("\(key.label)  \(VisitMove.label(of: kind))"))
            }
        }
        Overlay(title: "Move the visit", lines: lines, maxWidth: 76).render(in: grid.bounds, into: &grid)
        return nil
    }
    let rooms = VisitMover.rooms(c)
    // Only a window of the list around the highlight: a clinic of forty rooms costs a screenful.
    let visible = max(1, min(rooms.count, grid.height - 10))
    let first = max(0, min(m.selected - visible + 1, rooms.count - visible))
    lines.append(Overlay.Line("Room \(who)"))
    lines.append(Overlay.Line("The lobby board calls the ticket to the room.", role: .muted))
    if rooms.isEmpty { lines.append(Overlay.Line("No rooms yet: type one (it joins the clinic's list)", role: .muted)) }
    for i in first..<min(rooms.count, first + visible) {
        let r = rooms[i]
        let highlighted = i == m.selected && m.typed.isEmpty
        let whoIn = r.holder.map { "taken · \($0.ticket)" } ?? "free"
        let pad = String(repeating: " ", count: max(1, 16 - DisplayWidth.of(SafeText(r.name).value)))
        let role: StyleRole = highlighted ? .selected : (r.holder == nil ? .overlay : .muted)
        lines.append(Overlay.Line("\(highlighted ? "▸ " : "  ")\(r.name)\(SafeText(pad))\(whoIn)", role: role))
    }
    let fieldLine = lines.count
    lines.append(Overlay.Line(SafeText(String(repeating: " ", count: 44))))
    if let p = m.problem { lines.append(Overlay.Line("× \(p)", role: .errorText)) }
    let overlay = Overlay(title: "Room", lines: lines, maxWidth: 64)
    overlay.render(in: grid.bounds, into: &grid)
    let content = overlay.contentRect(in: grid.bounds)
    let y = content.y + fieldLine
    guard y < content.maxY else { return nil }
    grid.put("Other: ", x: content.x, y: y, role: .overlay)
    let fieldRect = Rect(x: content.x + 7, y: y, width: max(0, content.width - 7), height: 1)
    m.typed.render(in: fieldRect, into: &grid)
    return m.typed.cursorPosition(in: fieldRect)
}
