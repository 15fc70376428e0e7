import Foundation
import FrontDeskCore
import TerminalUI

/// What a key does inside the Check-In form while its fields are being edited.
public enum CheckInCommand: Equatable, Sendable {
    case nextField, previousField, toggle, choose, complete, find, leave, help
    // the search box
    case searchUp, searchDown, pick, newPatient, closeSearch
    // a conflict with another desk's save
    case keepMine, takeTheirs
}

extension CheckInForm {
    /// The form's keys while editing — the fields', the search box's or the conflict's,
    /// whichever is in front. Dispatch, footer and help read this one table.
    var keymap: Keymap<CheckInCommand> {
        if conflict != nil {
            return Keymap(title: "Record changed by another desk", [
                KeyBinding([.char("k"), .char("K")], .keepMine, label: "keep yours", help: "keep what this desk has (saved over theirs)"),
                KeyBinding([.char("t"), .char("T")], .takeTheirs, label: "take theirs", help: "take the other desk's values"),
                KeyBinding([.function(1)], .help, label: "help", help: "this help", pinned: true),
            ])
        }
        if let box = search {
            let title = box.duplicates == nil ? "Find patient (typing searches)"
                : box.duplicates!.isEmpty && box.visitsOwn != nil ? "Already this visit's patient" : "Likely the same person"
            return Keymap(title: title, [
                KeyBinding([.up], .searchUp, label: "↑", help: "previous match", inFooter: false),
                KeyBinding([.down], .searchDown, label: "↓", help: "next match", inFooter: false),
                KeyBinding([.enter], .pick, label: "pick", help: "use the selected record for this visit"),
                KeyBinding([.ctrl("n")], .newPatient, label: "new patient",
                           help: box.duplicates == nil ? "create a new record from the form (likely duplicates are shown first)"
                                                       : "create the new record anyway"),
                KeyBinding([.escape], .closeSearch, label: box.duplicates == nil ? "close" : "back", help: "close the search (or go back from the duplicates)"),
                KeyBinding([.function(1)], .help, label: "help", help: "this help", pinned: true),
            ])
        }
        // In footer order, for 80 columns: the field's own key and completing first; the ways
        // out (Esc to the desk keys, F1 help) are pinned so a narrow footer never loses them.
        // ↓/Enter and ↑ move too, listed in help (the form's last line says Shift-Tab).
        return Keymap(title: "Check-In form (typing goes into the field)", [
            KeyBinding([.tab], .nextField, label: "next", help: "next field"),
            KeyBinding([.down, .enter], .nextField, label: "next", help: "next field (↓ and Enter too)", inFooter: false),
            KeyBinding([.char(" ")], .toggle, label: "tick", help: "tick or untick the checkbox", isEnabled: draft.focus.isCheckbox),
            KeyBinding([.left, .right], .choose, label: "choose", help: "pick one of the field's values (a letter picks by its start; Backspace clears)",
                       isEnabled: draft.focus.choices != nil),
            KeyBinding([.function(10), .ctrl("s")], .complete, label: "complete", help: "check the patient in (required fields must be valid)"),
            KeyBinding([.ctrl("f")], .find, label: "find patient", help: "search patients by name, date of birth, phone or MRN; Enter picks, Ctrl-N new patient"),
            KeyBinding([.backTab, .up], .previousField, label: "prev", help: "previous field"),
            KeyBinding([.escape], .leave, label: "desk keys", help: "step out of the form to the desk keys (a answers, Esc suspends, q quits); Enter comes back",
                       pinned: true),
            KeyBinding([.function(1)], .help, label: "help", help: "this help", pinned: true),
        ])
    }

    /// One key while editing; `today` is the civil date the fields are validated against.
    mutating func handle(_ key: Key, _ c: DeskContext, today: String) -> [Output] {
        let command = keymap.message(for: key)
        if conflict != nil {
            switch command {
            case .keepMine?, .takeTheirs?: return resolveConflict(takeTheirs: command == .takeTheirs, c)
            case .help?: return [.help]
            default: return []
            }
        }
        if search != nil { return searchKey(key, command, c, today: today) }
        switch command {
        case .nextField?: return moveFocus(by: 1)
        case .previousField?: return moveFocus(by: -1)
        case .toggle?:
            let f = draft.focus
            if draft.checked.contains(f) { draft.checked.remove(f) } else { draft.checked.insert(f) }
            return [.save]
        case .choose?: if var pick = choice { return choose(key, in: &pick) }; return []
        case .complete?: return complete(today: today)
        case .find?: search = PatientSearchBox(); return []
        case .leave?: isEditing = false; return []
        case .help?: return [.help]
        default:
            if var pick = choice { return choose(key, in: &pick) }
            guard !draft.focus.isCheckbox else { return [] }
            var edited = field
            let before = edited.text, cursorBefore = edited.cursor
            guard edited.handle(key) else { return [] }
            // Characters past the limit are refused and counted, and the field says so.
            overflow = edited.refused > 0 ? FieldOverflow(field: draft.focus, refused: edited.refused) : nil
            guard edited.text != before || edited.cursor != cursorBefore else { return [] }
            draft.values[draft.focus] = edited.text
            draft.cursor = edited.cursor
            // Saved on every change, cursor moves included: a resume returns to the same cursor.
            return [.save]
        }
    }

    /// A key on a pick-list: only one of its choices (or none) is ever the value.
    mutating func choose(_ key: Key, in pick: inout ChoiceField) -> [Output] {
        guard pick.handle(key) else { return [] }
        choiceTyped = pick.typed
        guard pick.value != draft.value(draft.focus) else { return [] }
        draft.values[draft.focus] = pick.value
        draft.cursor = 0
        return [.save]
    }

    /// Tab order, wrapping; entering or leaving the copay step turns its mask on or off.
    mutating func moveFocus(by delta: Int) -> [Output] {
        let all = CheckInField.allCases
        let old = draft.focus
        draft.focus = all[((all.firstIndex(of: old) ?? 0) + delta + all.count) % all.count]
        draft.cursor = draft.value(draft.focus).count
        overflow = nil
        choiceTyped = ""
        return (old.masksInterruptions != draft.focus.masksInterruptions ? [.mask(draft.focus.masksInterruptions)] : []) + [.save]
    }

    /// F10 / Ctrl-S: refused with the first problem next to its field, else a completion.
    mutating func complete(today: String) -> [Output] {
        if conflict != nil {
            return [.banner(.error, "Another desk changed this record — choose k (keep yours) or t (take theirs) first")]
        }
        let incomplete = CheckInIncomplete(errors: draft.errors(today: today))
        guard let first = incomplete.fields.first else { return [.complete(draft)] }
        showAllErrors = true
        let old = draft.focus
        draft.focus = first
        draft.cursor = draft.value(first).count
        overflow = nil
        choiceTyped = ""
        isEditing = true
        // The banner names the fields; each one's message is beside it and, for the focused
        // one, whole on the form's last line — never the label twice.
        return [.banner(.error, incomplete.summary)]
            + (old.masksInterruptions != first.masksInterruptions ? [.mask(first.masksInterruptions)] : []) + [.save]
    }

    /// k keeps what this desk has (saved over theirs; the visit's patient put back); t takes
    /// the other desk's values (or its patient, whose record is then opened).
    mutating func resolveConflict(takeTheirs: Bool, _ c: DeskContext) -> [Output] {
        guard let found = conflict else { return [] }
        var out: [Output] = []
        if let theirs = found.theirPatient {
            if takeTheirs, let patient = c.patient(theirs), let visit = c.clinic.visits.first(where: { $0.id == draft.visitID }) {
                draft = Self.redraft(draft, as: patient, visit: visit)
                out.append(.view(patientID: theirs))
            } else if let mine = found.myPatient {
                out.append(.assign(patientID: mine))
            }
        } else if takeTheirs {
            for d in found.differences { draft.values[d.field] = d.theirs }
            draft.basePatientVersion = found.storedVersion
            draft.cursor = min(draft.cursor, draft.value(draft.focus).count)
        } else {
            draft.basePatientVersion = found.storedVersion
        }
        conflict = nil
        return out + [.conflictSettled, .save]
    }
}
