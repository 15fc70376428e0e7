import Foundation
import FrontDeskCore
import TerminalUI

/// What a key does inside the Check-In form while its fields are being edited.
public enum CheckInCommand: Equatable, Sendable {
    case nextField, previousField, toggle, complete, find, leave, help
    // the search box
    case searchUp, searchDown, pick, newPatient, closeSearch
    // a conflict with another desk's save
    case keepMine, takeTheirs
}

extension DeskState {
    /// The form's keys while editing — the fields', the search box's or the conflict's,
    /// whichever is in front. Dispatch, footer and help read this one table.
    var formKeymap: Keymap<CheckInCommand> {
        if checkIn?.conflict != nil {
            return Keymap(title: "Record changed by another desk", [
                KeyBinding([.char("k"), .char("K")], .keepMine, label: "keep yours", help: "keep what this desk has (saved over theirs)"),
                KeyBinding([.char("t"), .char("T")], .takeTheirs, label: "take theirs", help: "take the other desk's values"),
                KeyBinding([.function(1)], .help, label: "help", help: "this help"),
            ])
        }
        if let box = checkIn?.search {
            return Keymap(title: box.duplicates == nil ? "Find patient (typing searches)" : "Likely the same person", [
                KeyBinding([.up], .searchUp, label: "↑", help: "previous match", inFooter: false),
                KeyBinding([.down], .searchDown, label: "↓", help: "next match", inFooter: false),
                KeyBinding([.enter], .pick, label: "pick", help: "use the selected record for this visit"),
                KeyBinding([.ctrl("n")], .newPatient, label: "new patient",
                           help: box.duplicates == nil ? "create a new record from the form (likely duplicates are shown first)"
                                                       : "create the new record anyway"),
                KeyBinding([.escape], .closeSearch, label: box.duplicates == nil ? "close" : "back", help: "close the search (or go back from the duplicates)"),
                KeyBinding([.function(1)], .help, label: "help", help: "this help"),
            ])
        }
        let onCheckbox = checkIn?.draft.focus.isCheckbox == true
        return Keymap(title: "Check-In form (typing goes into the field)", [
            KeyBinding([.tab, .down, .enter], .nextField, label: "next", help: "next field (Enter too)"),
            KeyBinding([.backTab, .up], .previousField, label: "prev", help: "previous field"),
            KeyBinding([.char(" ")], .toggle, label: "tick", help: "tick or untick the checkbox", isEnabled: onCheckbox),
            KeyBinding([.ctrl("f")], .find, label: "find patient", help: "search patients by name, date of birth, phone or MRN; Enter picks, Ctrl-N new patient"),
            KeyBinding([.function(10), .ctrl("s")], .complete, label: "complete", help: "check the patient in (required fields must be valid)"),
            KeyBinding([.escape], .leave, label: "desk keys", help: "step out of the form to the desk keys (a answers, Esc suspends, q quits); Enter comes back"),
            KeyBinding([.function(1)], .help, label: "help", help: "this help"),
        ])
    }

    /// One key for the form, or nil when the desk's own keymap should have it (not editing).
    mutating func formKey(_ key: Key) -> [DeskEffect]? {
        guard var form = checkIn, form.isEditing else { return nil }
        let command = formKeymap.message(for: key)
        if form.conflict != nil {
            switch command {
            case .keepMine?, .takeTheirs?: return resolveConflict(takeTheirs: command == .takeTheirs)
            case .help?: showsHelp = true
            default: break
            }
            return []
        }
        if form.search != nil { return searchKey(key, command) }
        switch command {
        case .nextField?: return moveFocus(by: 1)
        case .previousField?: return moveFocus(by: -1)
        case .toggle?:
            let f = form.draft.focus
            if form.draft.checked.contains(f) { form.draft.checked.remove(f) } else { form.draft.checked.insert(f) }
            checkIn = form
            return [saveEffect(form)]
        case .complete?: return completeForm()
        case .find?:
            form.search = PatientSearchBox(); checkIn = form
            return []
        case .leave?:
            form.isEditing = false; checkIn = form
            return []
        case .help?:
            showsHelp = true
            return []
        default:
            guard !form.draft.focus.isCheckbox else { return [] }
            var field = form.field
            let before = field.text
            let cursorBefore = field.cursor
            guard field.handle(key), field.text != before || field.cursor != cursorBefore else { return [] }
            form.draft.values[form.draft.focus] = field.text
            form.draft.cursor = field.cursor
            checkIn = form
            // Saved on every change, cursor moves included: a resume returns to the same cursor.
            return [saveEffect(form)]
        }
    }

    /// Tab order, wrapping; entering or leaving the copay step turns its mask on or off.
    mutating func moveFocus(by delta: Int) -> [DeskEffect] {
        guard var form = checkIn else { return [] }
        let all = CheckInField.allCases
        let i = all.firstIndex(of: form.draft.focus) ?? 0
        let old = form.draft.focus
        form.draft.focus = all[(i + delta + all.count) % all.count]
        form.draft.cursor = form.draft.value(form.draft.focus).count
        checkIn = form
        var effects: [DeskEffect] = []
        if old.masksInterruptions != form.draft.focus.masksInterruptions {
            effects.append(.setMasked(form.taskID, form.draft.focus.masksInterruptions))
        }
        return effects + [saveEffect(form)]
    }

    /// F10 / Ctrl-S: refused with the first problem next to its field, else one store transaction.
    mutating func completeForm() -> [DeskEffect] {
        guard var form = checkIn else { return [] }
        if form.conflict != nil {
            show(.error, "Another desk changed this record — choose k (keep yours) or t (take theirs) first")
            return []
        }
        let errors = form.draft.errors(today: today)
        if let first = CheckInField.allCases.first(where: { errors[$0] != nil }) {
            form.showAllErrors = true
            let old = form.draft.focus
            form.draft.focus = first
            form.draft.cursor = form.draft.value(first).count
            form.isEditing = true
            checkIn = form
            show(.error, "\(errors.count) field(s) need attention — \(first.label): \(errors[first]!.message)")
            var effects: [DeskEffect] = []
            if old.masksInterruptions != first.masksInterruptions { effects.append(.setMasked(form.taskID, first.masksInterruptions)) }
            return effects + [saveEffect(form)]
        }
        return [.completeCheckIn(taskID: form.taskID, form.draft)]
    }

    /// k keeps what this desk has (saved over theirs; the visit's patient put back); t takes
    /// the other desk's values (or its patient, whose record is then opened).
    mutating func resolveConflict(takeTheirs: Bool) -> [DeskEffect] {
        guard var form = checkIn, let conflict = form.conflict else { return [] }
        var effects: [DeskEffect] = []
        if let theirs = conflict.theirPatient {
            if takeTheirs, let patient = clinic.patient(theirs), let visit = clinic.visits.first(where: { $0.id == form.draft.visitID }) {
                form.draft = Self.redraft(form.draft, as: patient, visit: visit)
                effects.append(.recordView(patientID: theirs))
            } else if let mine = conflict.myPatient {
                effects.append(.assignPatient(mine, visitID: form.draft.visitID))
            }
        } else if takeTheirs {
            for d in conflict.differences { form.draft.values[d.field] = d.theirs }
            form.draft.basePatientVersion = conflict.storedVersion
            form.draft.cursor = min(form.draft.cursor, form.draft.value(form.draft.focus).count)
        } else {
            form.draft.basePatientVersion = conflict.storedVersion
        }
        form.conflict = nil
        checkIn = form
        banners.removeAll { $0.text.hasPrefix("Another desk changed") }
        return effects + [saveEffect(form)]
    }

    /// The form reloaded from `patient`'s record, keeping what belongs to this visit.
    static func redraft(_ draft: FrontDeskCore.CheckInDraft, as patient: Patient, visit: Visit) -> FrontDeskCore.CheckInDraft {
        var fresh = FrontDeskCore.CheckInDraft(patient: patient, visit: visit)
        for f in CheckInField.allCases where !recordFields.contains(f) && !f.isCheckbox {
            fresh.values[f] = draft.value(f)
        }
        fresh.checked = draft.checked
        if patient.insurance?.verified == true { fresh.checked.insert(.insuranceVerified) }
        return fresh
    }
}
