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
    /// Another desk saved the same patient since the form was opened.
    public var conflict: PatientConflict?

    public init(taskID: Int64, draft: FrontDeskCore.CheckInDraft) { self.taskID = taskID; self.draft = draft }

    /// The focused field as an editable line, cursor where the draft says.
    var field: TextField {
        // A new field puts the cursor at the end; step back from there (typing usually is at the end).
        var f = TextField(draft.value(draft.focus), maxLength: 200)
        let back = f.text.count - min(max(0, draft.cursor), f.text.count)
        for _ in 0..<back { f.handle(.left) }
        return f
    }
}

/// The search box at the top of the form: a query, its results, and (after "new patient")
/// the likely duplicates the user must look at before a record is created.
public struct PatientSearchBox: Equatable, Sendable {
    public var query = TextField(placeholder: "name, date of birth, phone or MRN", maxLength: 60)
    public var selected = 0
    /// Non-nil once "new patient" was asked for and similar records exist.
    public var duplicates: [DuplicateCheck.Match]?
}

/// What another desk changed in the patient's record, field by field.
public struct PatientConflict: Equatable, Sendable {
    public struct Difference: Equatable, Sendable {
        public var field: CheckInField
        public var mine: String
        public var theirs: String
    }
    public var storedVersion: Int
    public var differences: [Difference]
}

extension DeskState {
    /// The civil date the form validates against, in the clinic's zone.
    var today: String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// Opens the form for a check-in task just made active: the saved draft if there is one
    /// (same field and cursor), else pre-filled from the record. Audits the record view.
    mutating func openForm(for task: DeskTask) -> [DeskEffect] {
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
        var effects: [DeskEffect] = []
        if let pid = draft.patientID { effects.append(.recordView(patientID: pid)) }
        // Resuming at the copay step puts its mask back on.
        if draft.focus.masksInterruptions != task.masked { effects.append(.setMasked(task.id, draft.focus.masksInterruptions)) }
        return effects
    }

    /// Keeps the form in step with the record: a new patient assigned to the visit is
    /// adopted, and a record another desk saved meanwhile becomes a conflict to resolve.
    mutating func followRecord() -> [DeskEffect] {
        guard var form = checkIn, let visit = clinic.visits.first(where: { $0.id == form.draft.visitID }) else { return [] }
        var effects: [DeskEffect] = []
        if visit.patientID != form.draft.patientID, let p = clinic.patient(visit.patientID) {
            form.draft.patientID = p.id
            form.draft.basePatientVersion = p.version
            form.conflict = nil
            effects.append(.recordView(patientID: p.id))
            checkIn = form
            return effects + [saveEffect(form)]
        }
        guard let stored = clinic.patient(form.draft.patientID), stored.version > form.draft.basePatientVersion,
              form.conflict?.storedVersion != stored.version else { return effects }
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
        return effects
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
