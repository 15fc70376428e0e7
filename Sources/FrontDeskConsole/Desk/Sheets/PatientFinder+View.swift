import Foundation
import FrontDeskCore
import TerminalUI

/// The patient lookup in the main pane: the search and its matches, a record read-only, or
/// the new patient's fields. Returns where the terminal cursor goes (a field being typed).
extension PatientFinder {
    func render(_ state: DeskState, in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
        switch mode {
        case .search: return renderSearch(in: rect, into: &grid)
        case .record(let record): renderRecord(record, state, in: rect, into: &grid); return nil
        case .register(let fields): return renderRegister(fields, in: rect, into: &grid)
        }
    }

    private func renderSearch(in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
        Panel(title: "Find a patient · every record, past and future visits", isFocused: true).render(in: rect, into: &grid)
        let inner = Panel.inner(rect)
        guard inner.height >= 2, inner.width >= 10 else { return nil }
        grid.put("Find:", x: inner.x, y: inner.y, role: .header)
        let queryRect = Rect(x: inner.x + 6, y: inner.y, width: max(1, min(40, inner.width - 6)), height: 1)
        box.query.render(in: queryRect, into: &grid)
        grid.put("name, date of birth, phone or MRN · ↑↓ choose · Enter opens · Ctrl-N new patient · Esc closes",
                 x: inner.x, y: inner.y + 1, role: .muted, maxWidth: inner.width)
        let listed = box.listed
        if listed.isEmpty && !box.query.isEmpty && box.resultsFor == box.query.text {
            grid.put("No patient matches — Ctrl-N registers a new one", x: inner.x, y: inner.y + 2, role: .muted, maxWidth: inner.width)
        }
        for (i, p) in listed.enumerated() where inner.y + 2 + i < inner.maxY {
            let sel = i == box.selected
            grid.put("\(sel ? "▸" : " ") \(p.displayName) · \(p.dateOfBirth ?? "no DOB") · \(p.mrnLabel) · \(p.phone ?? "no phone")",
                     x: inner.x, y: inner.y + 2 + i, role: sel ? .selected : .normal, maxWidth: inner.width)
        }
        return box.query.cursorPosition(in: queryRect)
    }

    private func renderRecord(_ record: PatientRecord, _ state: DeskState, in rect: Rect, into grid: inout Grid) {
        let p = record.patient
        Panel(title: "Patient record · read-only · \(p.mrnLabel)", isFocused: true).render(in: rect, into: &grid)
        let inner = Panel.inner(rect)
        guard inner.height >= 2, inner.width >= 10 else { return }
        func joined(_ parts: [String?]) -> String { parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ") }
        let insurance = p.insurance.map { i in
            joined([i.payer, Labelled.value("member", i.memberID), i.groupNumber.map { Labelled.value("group", $0) },
                    i.verified ? "verified" : "not verified"])
        }
        let needs = joined([p.interpreter.map { "interpreter \($0)" }, p.accessibility])
        let rows: [(String, String)] = [
            ("Name", joined([p.displayName, p.preferredName.map { "prefers \($0)" }])),
            ("Record", joined([p.mrnLabel, p.dateOfBirth.map { "born \($0)" }, p.sex])),
            ("Contact", joined([p.phone, p.email]).isEmpty ? "none on file" : joined([p.phone, p.email])),
            ("Address", p.address ?? "none on file"),
            ("Insurance", insurance ?? "self-pay (none on file)"),
            ("Needs", needs.isEmpty ? "none noted" : needs),
        ]
        let labelWidth = FieldRow.width(fitting: rows.map(\.0), limit: 14)
        var y = inner.y
        for (label, value) in rows where y < inner.maxY {
            let valueRect = FieldRow(SafeText(label), labelWidth: labelWidth, role: .muted).render(x: inner.x, y: y, maxX: inner.maxX, into: &grid)
            grid.put(SafeText(value), x: valueRect.x, y: y, maxWidth: valueRect.width)
            y += 1
        }
        let upcoming = record.upcoming(at: state.now), past = record.past(at: state.now)
        guard y < inner.maxY else { return }
        grid.put("── Visits: \(upcoming.count) upcoming · \(past.count) past ──", x: inner.x, y: y, role: .muted, maxWidth: inner.width)
        y += 1
        let visits = upcoming + past
        let room = inner.maxY - y
        for (i, v) in visits.prefix(room).enumerated() {
            if i == room - 1 && visits.count > room {
                grid.put("… and \(visits.count - i) more", x: inner.x, y: y, role: .muted, maxWidth: inner.width)
                break
            }
            let day = CivilDate(v.when, in: state.timeZone).iso
            let time = v.appointmentAt.map { Clock.timeOfDay($0, in: state.timeZone) } ?? "walk-in"
            let line = joined(["\(day) \(time)", v.ticket.isEmpty ? nil : v.ticket, v.provider, v.status.label, v.reason])
            grid.put(SafeText(line), x: inner.x, y: y, role: v.when >= state.now ? .normal : .muted, maxWidth: inner.width)
            y += 1
        }
        if visits.isEmpty { grid.put("No visits on file", x: inner.x, y: y, role: .muted, maxWidth: inner.width) }
    }

    private func renderRegister(_ fields: NewPatientFields, in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
        Panel(title: "New patient · checked like the Check-In form", isFocused: true).render(in: rect, into: &grid)
        let inner = Panel.inner(rect)
        guard inner.height >= 2, inner.width >= 20 else { return nil }
        let labels = NewPatientFields.fields.map { (NewPatientFields.required.contains($0) ? "*" : " ") + $0.label }
        let labelWidth = FieldRow.width(fitting: labels.map { "▸" + $0 }, limit: 24)
        var cursor: (x: Int, y: Int)?
        var y = inner.y
        for (i, f) in NewPatientFields.fields.enumerated() where y < inner.maxY {
            let focused = i == fields.focus && fields.duplicates == nil
            let valueRect = FieldRow(SafeText((focused ? "▸" : " ") + labels[i]), labelWidth: labelWidth, role: focused ? .selected : .normal)
                .render(x: inner.x, y: y, maxX: inner.x + labelWidth + min(30, inner.width - labelWidth), into: &grid)
            fields.values[i].render(in: valueRect, into: &grid, isFocused: focused)
            if focused { cursor = fields.values[i].cursorPosition(in: valueRect) }
            let refused = fields.values[i].refused
            if refused > 0, valueRect.maxX + 1 < inner.maxX {
                grid.put("✗ \(f.refusal(refused: refused).problem)", x: valueRect.maxX + 1, y: y, role: .errorText, maxWidth: inner.maxX - valueRect.maxX - 1)
            }
            y += 1
        }
        let rest = Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.maxY - y))
        if let problem = fields.problem {
            Paragraph("✗ \(problem)", role: .errorText).render(in: Rect(x: rest.x, y: rest.y, width: rest.width, height: min(2, rest.height)), into: &grid)
        } else if let dups = fields.duplicates, dups.isEmpty {
            grid.put("Looking for records like this one…", x: rest.x, y: rest.y, role: .muted, maxWidth: rest.width)
        } else if let dups = fields.duplicates {
            let used = Paragraph("⚠ Likely the same person — Enter opens the selected record · Ctrl-N creates the new one anyway · Esc back",
                                 role: .warning).render(in: Rect(x: rest.x, y: rest.y, width: rest.width, height: min(2, rest.height)), into: &grid)
            for (i, m) in dups.enumerated() where rest.y + used + i < rest.maxY {
                let sel = i == fields.selected
                grid.put("\(sel ? "▸" : " ") \(m.patient.displayName) — \(m.reason) · \(m.patient.dateOfBirth ?? "no DOB") · \(m.patient.mrnLabel)",
                         x: rest.x, y: rest.y + used + i, role: sel ? .selected : .normal, maxWidth: rest.width)
            }
        } else {
            grid.put("Tab next · Ctrl-N registers (names and date of birth needed, phone optional) · Esc back",
                     x: rest.x, y: rest.y, role: .muted, maxWidth: rest.width)
        }
        return cursor
    }
}
