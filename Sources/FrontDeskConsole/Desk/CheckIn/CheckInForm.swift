import Foundation
import FrontDeskCore
import TerminalUI

/// The Check-In form of the active check-in task: the domain's draft (values, ticks, field
/// and cursor) plus what only this screen needs (the search box, a pending conflict).
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

    public init(taskID: Int64, draft: FrontDeskCore.CheckInDraft) { self.taskID = taskID; self.draft = draft }

    /// The focused field as an editable line, cursor where the draft says.
    var field: TextField {
        var f = TextField(draft.value(draft.focus), maxLength: 200)
        let back = f.text.count - min(max(0, draft.cursor), f.text.count)
        for _ in 0..<back { f.handle(.left) }
        return f
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
    /// Non-nil once "new patient" was asked for and similar records exist.
    public var duplicates: [DuplicateCheck.Match]?
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

extension DeskState {
    /// Opens the form for the active check-in task: the saved draft if there is one (same
    /// field and cursor), else pre-filled from the record. No write: opening is part of the
    /// transaction that made the task active (which audited the view).
    mutating func openForm(for task: DeskTask) {
        let visit = clinic.visits.first { $0.id == task.visitID }
        let saved = task.context.flatMap { FrontDeskCore.CheckInDraft.decode($0.draft) }.flatMap { $0.visitID == task.visitID ? $0 : nil }
        let draft: FrontDeskCore.CheckInDraft
        if let saved {
            draft = saved
        } else if let visit, let patient = clinic.patient(visit.patientID) {
            draft = FrontDeskCore.CheckInDraft(patient: patient, visit: visit)
        } else {
            draft = FrontDeskCore.CheckInDraft(visitID: task.visitID ?? 0, patientID: visit?.patientID)
        }
        checkIn = CheckInForm(taskID: task.id, draft: draft)
    }

    /// Keeps the form in step with the store without writing: a record another desk saved
    /// meanwhile, or another patient given to the visit, becomes a conflict the user resolves.
    mutating func followRecord() {
        guard var form = checkIn, form.conflict == nil,
              let visit = clinic.visits.first(where: { $0.id == form.draft.visitID }) else { return }
        if visit.patientID != form.draft.patientID, clinic.patient(visit.patientID) != nil {
            var conflict = PatientConflict(storedVersion: clinic.patient(visit.patientID)?.version ?? 1, differences: [])
            conflict.theirPatient = visit.patientID
            conflict.myPatient = form.draft.patientID
            form.conflict = conflict
            checkIn = form
            show(.error, "Another desk changed who this visit is for — t takes theirs, k keeps yours")
            return
        }
        guard let stored = clinic.patient(form.draft.patientID), stored.version > form.draft.basePatientVersion else { return }
        let theirs = FrontDeskCore.CheckInDraft(patient: stored, visit: visit)
        let differences = Self.recordFields.compactMap { f -> PatientConflict.Difference? in
            let mine = form.draft.value(f), other = theirs.value(f)
            return mine.trimmingCharacters(in: .whitespaces) == other ? nil : .init(field: f, mine: mine, theirs: other)
        }
        if differences.isEmpty {
            form.draft.basePatientVersion = stored.version   // same values: nothing to choose
        } else {
            form.conflict = PatientConflict(storedVersion: stored.version, differences: differences)
            show(.error, "Another desk changed this patient's record — k keeps yours, t takes theirs")
        }
        checkIn = form
    }

    /// The fields that live on the patient record (the rest belong to this visit).
    static let recordFields: [CheckInField] = [.familyName, .givenName, .preferredName, .dateOfBirth, .sex, .phone, .email,
                                               .address, .payer, .memberID, .groupNumber, .subscriber, .relationship,
                                               .interpreter, .accessibility]

    /// The draft as the task's context: what `saveDraft` stores and a resume shows.
    func formContext(_ form: CheckInForm) -> TaskContext {
        let previous = clinic.task(form.taskID)?.context
        return TaskContext(draft: form.draft.encoded(), step: form.draft.step, note: previous?.note ?? "",
                           progress: form.draft.progress(today: today), suspendedAt: previous?.suspendedAt ?? now,
                           timesSuspended: previous?.timesSuspended ?? 0)
    }

    func saveEffect(_ form: CheckInForm) -> DeskEffect { .saveDraft(form.taskID, formContext(form)) }
}
