import Foundation
import FrontDeskCore
import TerminalUI

/// The Check-In form in the main pane: who and which visit, the section and progress,
/// the fields (scrolled so the focused one shows) with each error next to its field,
/// the focused field's message in full on the last line; the search box or a conflict on top.
func renderCheckInForm(_ state: DeskState, in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
    guard let task = state.activeTask else { return nil }
    if state.checkIn == nil {
        // Before the start-up message opens it (the very first frame): draw the form it will open.
        var opened = state
        opened.openForm(for: task)
        return opened.checkIn == nil ? nil : renderCheckInForm(opened, in: rect, into: &grid)
    }
    guard let form = state.checkIn else { return nil }
    let draft = form.draft
    let visit = state.clinic.visits.first { $0.id == draft.visitID }
    let patient = state.clinic.patient(draft.patientID)
    let mode: SafeText = form.isEditing ? "" : " · desk keys (Enter edits)"
    Panel(title: "Check-In · \(visit?.ticket ?? "") · \(patient?.mrnLabel ?? "new patient")\(mode)", isFocused: form.isEditing).render(in: rect, into: &grid)
    let inner = Panel.inner(rect)
    guard inner.height >= 4, inner.width >= 20 else { return nil }
    let errors = draft.errors(today: state.today)
    let pct = Int((draft.progress(today: state.today) * 100).rounded())
    let bar = String(repeating: "█", count: pct / 10) + String(repeating: "░", count: 10 - pct / 10)
    let masked: SafeText = task.masked ? " · ⚠ interruptions masked" : ""
    grid.put("\(draft.focus.section.rawValue) ▸ \(draft.focus.label) · \(bar) \(pct)%\(masked)",
             x: inner.x, y: inner.y, role: .header, maxWidth: inner.width)

    // The focused field's word in full, in plain words, wrapped onto a second line rather than
    // cut (and every field's after a refused completion): a refusal for want of room first,
    // then the field's error, else the keys of the field.
    let message: Paragraph
    if let overflow = form.overflow, overflow.field == draft.focus {
        message = Paragraph("✗ \(overflow.message)", role: .errorText)
    } else if let e = errors[draft.focus], form.showAllErrors || !draft.value(draft.focus).isEmpty || draft.focus.isRequired {
        message = Paragraph("✗ \(e.message)", role: .errorText)
    } else if form.search == nil {
        let hint: SafeText = draft.focus.isCheckbox ? "Space ticks · Tab next · Ctrl-F find patient · F10 completes"
            : draft.focus.choices != nil ? "←→ or a letter picks · Backspace clears · Tab next · F10 completes"
            : "Tab next · Shift-Tab back · Ctrl-F find patient · F10 completes · F1 every key"
        message = Paragraph(hint, role: .muted)
    } else {
        message = Paragraph("")
    }
    let messageHeight = max(1, min(2, message.lines(width: inner.width).count, inner.height - 3))
    let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1 - messageHeight)
    var cursor: (x: Int, y: Int)?
    if let box = form.search {
        cursor = renderSearch(state, box, in: body, into: &grid)
    } else {
        cursor = renderFields(form, errors: errors, in: body, into: &grid)
    }
    message.render(in: Rect(x: inner.x, y: body.maxY, width: inner.width, height: messageHeight), into: &grid)
    if let conflict = form.conflict { renderConflict(conflict, in: rect, into: &grid); return nil }
    return form.isEditing ? cursor : nil
}

private enum FormLine { case section(CheckInField.Section), field(CheckInField) }

private func renderFields(_ form: CheckInForm, errors: [CheckInField: FieldError], in body: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
    var lines: [FormLine] = []
    for f in CheckInField.allCases {
        if f == CheckInField.allCases.first(where: { $0.section == f.section }) { lines.append(.section(f.section)) }
        lines.append(.field(f))
    }
    let draft = form.draft
    let focusLine = lines.firstIndex { if case .field(let f) = $0 { return f == draft.focus }; return false } ?? 0
    // Keep the focused field in view, with its section heading when there is room.
    let top = max(0, min(focusLine - body.height / 2, lines.count - body.height))
    // The label column holds the longest label whole with its marks and a space, where there
    // is room; the value gets up to 30 columns and each field's error what is left.
    let labelWidth = FieldRow.width(fitting: CheckInField.allCases.map { "▸*" + $0.label }, limit: max(16, body.width - 44))
    let valueWidth = max(8, min(30, body.width - labelWidth - 14))
    var cursor: (x: Int, y: Int)?
    for (row, line) in lines.dropFirst(top).prefix(body.height).enumerated() {
        let y = body.y + row
        switch line {
        case .section(let s):
            grid.put("── \(s.rawValue) ──", x: body.x, y: y, role: .muted, maxWidth: body.width)
        case .field(let f):
            let focused = f == draft.focus
            let required: SafeText = f.isRequired ? "*" : " "
            let valueRect = FieldRow((focused ? "▸" : " ") + required + SafeText(f.label), labelWidth: labelWidth,
                                     role: focused ? .selected : .normal)
                .render(x: body.x, y: y, maxX: body.x + labelWidth + valueWidth, into: &grid)
            if f.isCheckbox {
                let mark: SafeText = draft.checked.contains(f) ? "[x]" : "[ ]"
                grid.put(mark, x: valueRect.x, y: y, role: focused ? .inputFocused : .normal)
            } else if let choices = f.choices {
                let pick = focused ? form.choice ?? ChoiceField(choices: choices, value: draft.value(f))
                                   : ChoiceField(choices: choices, value: draft.value(f))
                pick.render(in: valueRect, into: &grid, isFocused: focused && form.isEditing, placeholder: "–")
                if focused && form.isEditing { cursor = pick.cursorPosition(in: valueRect) }
            } else if focused && form.isEditing {
                let field = form.field
                field.render(in: valueRect, into: &grid)
                cursor = field.cursorPosition(in: valueRect)
            } else {
                TextField(draft.value(f), maxLength: max(1, f.limit)).render(in: valueRect, into: &grid, isFocused: false)
            }
            let x = valueRect.x + valueWidth + 1
            if let overflow = form.overflow, overflow.field == f {
                grid.put("✗ \(overflow.problem)", x: x, y: y, role: .errorText, maxWidth: body.x + body.width - x)
            } else if let e = errors[f], form.showAllErrors || (!draft.value(f).isEmpty && !focused) {
                // Beside its label the problem alone: the row already names the field.
                grid.put("✗ \(e.problem)", x: x, y: y, role: .errorText, maxWidth: body.x + body.width - x)
            } else if f.isCheckbox, draft.checked.contains(f) {
                grid.put("✓", x: x, y: y, role: .good)
            }
        }
    }
    return cursor
}

private func renderSearch(_ state: DeskState, _ box: PatientSearchBox, in body: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
    grid.put("Find:", x: body.x, y: body.y, role: .header)
    let queryRect = Rect(x: body.x + 6, y: body.y, width: max(1, min(40, body.width - 6)), height: 1)
    box.query.render(in: queryRect, into: &grid)
    var y = body.y + 1
    let rows: [(Patient, String)]
    if let problem = box.problem {
        rows = []
        let used = Paragraph("✗ \(problem)", role: .errorText).render(in: Rect(x: body.x, y: y, width: body.width, height: 2), into: &grid)
        y += max(0, used - 1)
    } else if let dups = box.duplicates, dups.isEmpty, let own = box.visitsOwn {
        // The visit already is this record: not a duplicate of itself, and no second record
        // of the same person is made without asking.
        let text: SafeText = "⚠ The form still describes this visit's patient, \(own.patient.displayName) (\(own.patient.mrnLabel)), "
            + "\(own.reason) — change the name or date of birth first · Ctrl-N makes a separate record anyway · Esc back"
        let used = Paragraph(text, role: .warning).render(in: Rect(x: body.x, y: y, width: body.width, height: max(1, body.height - 1)), into: &grid)
        y += max(0, used - 1)
        rows = []
    } else if let dups = box.duplicates, dups.isEmpty {
        grid.put("Looking for records like this one…", x: body.x, y: y, role: .muted, maxWidth: body.width)
        rows = []
    } else if let dups = box.duplicates {
        grid.put("⚠ Likely the same person — Enter uses the selected record · Ctrl-N creates a new one anyway · Esc back",
                 x: body.x, y: y, role: .warning, maxWidth: body.width)
        rows = dups.map { ($0.patient, $0.reason) }
    } else {
        grid.put("↑↓ choose · Enter picks · Ctrl-N new patient from the form · Esc closes", x: body.x, y: y, role: .muted, maxWidth: body.width)
        rows = box.listed.map { ($0, "") }
        if rows.isEmpty && !box.query.isEmpty && box.resultsFor == box.query.text {
            grid.put("No patient matches", x: body.x, y: y + 1, role: .muted, maxWidth: body.width)
        }
    }
    y += 1
    for (i, (p, why)) in rows.enumerated() where y < body.y + body.height {
        let sel = i == box.selected
        // Why it looks like the same person comes right after the name, so 80 columns keep it.
        let reason: SafeText = why.isEmpty ? "" : " — \(why)"
        grid.put("\(sel ? "▸" : " ") \(p.displayName)" + reason + " · \(p.dateOfBirth ?? "no DOB") · \(p.mrnLabel) · \(p.phone ?? "no phone")",
                 x: body.x, y: y, role: sel ? .selected : .normal, maxWidth: body.width)
        y += 1
    }
    return box.query.cursorPosition(in: queryRect)
}

private func renderConflict(_ conflict: PatientConflict, in rect: Rect, into grid: inout Grid) {
    var lines = [Overlay.Line("Another desk saved this patient's record while the form was open.")]
    for d in conflict.differences.prefix(6) {
        lines.append(Overlay.Line("\(d.field.label): yours “\(d.mine)” · theirs “\(d.theirs)”"))
    }
    if conflict.differences.count > 6 { lines.append(Overlay.Line("… and \(conflict.differences.count - 6) more")) }
    lines.append(Overlay.Line("k keeps yours (saved over theirs) · t takes theirs", role: .muted))
    Overlay(title: "Record changed by another desk", lines: lines, maxWidth: min(76, rect.width)).render(in: rect, into: &grid)
}
