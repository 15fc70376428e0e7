import Foundation
import FrontDeskCore
import TerminalUI

/// The Check-In form of the active check-in task, as a small program: the domain's draft
/// (values, ticks, field and cursor) plus what only this screen needs (the search box, a
/// pending conflict), its keys, and what it asks the desk for (`Output`). It never writes:
/// the desk turns its outputs into effects.
public struct CheckInForm: Equatable, Sendable {
    public var taskID: Int64
    public var draft: FrontDeskCore.CheckInDraft
    /// Typing goes into the focused field; Esc steps out to the desk keys (a, n, q…).
    public var isEditing = true
    /// Every field's error is shown after a refused completion; before, only the focused one's.
    public var showAllErrors = false
    public var search: PatientSearchBox?
    /// Another desk saved the same patient, or gave the visit another patient, since the form opened.
    public var conflict: PatientConflict?
    /// Characters the focused field refused for want of room, said beside it until a change fits.
    public var overflow: FieldOverflow?
    /// Letters typed in a row into a choice field (type-ahead), until the focus moves.
    public var choiceTyped = ""

    public init(taskID: Int64, draft: FrontDeskCore.CheckInDraft) { self.taskID = taskID; self.draft = draft }

    /// What the form asks of the desk.
    enum Output: Equatable {
        /// The draft changed: save it (durably, with the task's context).
        case save
        /// Entering or leaving a step that masks interruptions (the copay).
        case mask(Bool)
        /// Every field valid: check the patient in with this draft.
        case complete(FrontDeskCore.CheckInDraft)
        /// This existing record is the visit's patient now (and is being viewed).
        case assign(patientID: Int64)
        /// The form shows this record (an audited view).
        case view(patientID: Int64)
        case register(Patient)
        case lookup(PatientLookup)
        case help
        case banner(Banner.Kind, String)
        /// A conflict was settled: its warning goes.
        case conflictSettled
    }

    /// The focused field as an editable line, cursor where the draft says, at the field's own
    /// limit (the domain's), with what it has refused so far.
    var field: TextField {
        TextField(draft.value(draft.focus), cursor: draft.cursor, maxLength: draft.focus.limit,
                  refused: overflow?.field == draft.focus ? overflow?.refused ?? 0 : 0)
    }

    /// The focused field as a pick-list, when it is one.
    var choice: ChoiceField? {
        draft.focus.choices.map { ChoiceField(choices: $0, value: draft.value(draft.focus), typed: choiceTyped) }
    }

    /// The form for a check-in task just made active: the saved draft if there is one (same
    /// field and cursor), else pre-filled from the record.
    static func open(for task: DeskTask, _ c: DeskContext) -> CheckInForm {
        let visit = c.clinic.visits.first { $0.id == task.visitID }
        let saved = task.context.flatMap { FrontDeskCore.CheckInDraft.decode($0.draft) }.flatMap { $0.visitID == task.visitID ? $0 : nil }
        let draft: FrontDeskCore.CheckInDraft
        if let saved {
            draft = saved
        } else if let visit, let patient = c.patient(visit.patientID) {
            draft = FrontDeskCore.CheckInDraft(patient: patient, visit: visit)
        } else {
            draft = FrontDeskCore.CheckInDraft(visitID: task.visitID ?? 0, patientID: visit?.patientID)
        }
        return CheckInForm(taskID: task.id, draft: draft)
    }

    /// Keeps the form in step with the store without writing: a record another desk saved
    /// meanwhile, or another patient given to the visit, becomes a conflict the user resolves.
    mutating func follow(_ c: DeskContext) -> [Output] {
        guard conflict == nil, let visit = c.clinic.visits.first(where: { $0.id == draft.visitID }) else { return [] }
        if visit.patientID != draft.patientID, let theirs = c.patient(visit.patientID) {
            var found = PatientConflict(storedVersion: theirs.version, differences: [])
            found.theirPatient = visit.patientID
            found.myPatient = draft.patientID
            conflict = found
            return [.banner(.error, "Another desk changed who this visit is for — t takes theirs, k keeps yours")]
        }
        guard let stored = c.patient(draft.patientID), stored.version > draft.basePatientVersion else { return [] }
        let theirs = FrontDeskCore.CheckInDraft(patient: stored, visit: visit)
        let differences = Self.recordFields.compactMap { f -> PatientConflict.Difference? in
            let mine = draft.value(f), other = theirs.value(f)
            return mine.trimmingCharacters(in: .whitespaces) == other ? nil : .init(field: f, mine: mine, theirs: other)
        }
        if differences.isEmpty {
            draft.basePatientVersion = stored.version   // same values: nothing to choose
            return []
        }
        conflict = PatientConflict(storedVersion: stored.version, differences: differences)
        return [.banner(.error, "Another desk changed this patient's record — k keeps yours, t takes theirs")]
    }

    /// The fields that live on the patient record (the rest belong to this visit).
    static let recordFields: [CheckInField] = [.familyName, .givenName, .preferredName, .dateOfBirth, .sex, .phone, .email,
                                               .address, .payer, .memberID, .groupNumber, .subscriber, .relationship,
                                               .interpreter, .accessibility]

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

/// The search box at the top of the form: a query, the clinic's matching patients (looked up
/// by the store, off the UI thread), and (after "new patient") the likely duplicates the user
/// must look at before a record is created.
public struct PatientSearchBox: Equatable, Sendable {
    public var query = TextField(placeholder: "name, date of birth, phone or MRN", maxLength: 60)
    public var selected = 0
    /// What the store found for `resultsFor` (results of an older query are not shown).
    public var results: [Patient] = []
    public var resultsFor: String?
    /// Non-nil once "new patient" was asked for (empty while the store looks).
    public var duplicates: [DuplicateCheck.Match]?
    /// The visit's own patient, when the new patient asked for looks like them (never listed
    /// among the duplicates: the visit already is that record).
    public var visitsOwn: DuplicateCheck.Match?
    /// Why the new patient asked for cannot be made yet, in the rule's words.
    public var problem: String?

    /// What the box lists now: the duplicates, else the results of the query it holds.
    var listed: [Patient] {
        if let duplicates { return duplicates.map(\.patient) }
        return resultsFor == query.text ? results : []
    }
}

/// A field that refused characters for want of room: how many, since the text last changed.
public struct FieldOverflow: Equatable, Sendable {
    public var field: CheckInField
    public var refused: Int
    /// On the form's message line, naming the field.
    public var message: String { field.refusal(refused: refused).message }
    /// Beside the field's label, which already names it.
    public var problem: String { field.refusal(refused: refused).problem }
}

/// What another desk changed: the record's fields, or which patient the visit is.
public struct PatientConflict: Equatable, Sendable {
    public struct Difference: Equatable, Sendable {
        public var field: CheckInField
        public var mine: String
        public var theirs: String
    }
    public var storedVersion: Int
    public var differences: [Difference]
    /// Set when another desk made a different patient the visit's (theirs), with the one this form had.
    public var theirPatient: Int64?
    public var myPatient: Int64?

    public init(storedVersion: Int, differences: [Difference]) {
        self.storedVersion = storedVersion; self.differences = differences
    }
}

/// What the check-in search asks the store: what was typed, or the records that look like
/// the new patient the form describes.
public enum PatientLookup: Equatable, Sendable {
    case text(String)
    case duplicatesOf(DuplicateCheck.Candidate)
}
