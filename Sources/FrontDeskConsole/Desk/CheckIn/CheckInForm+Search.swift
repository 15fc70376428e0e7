import Foundation
import FrontDeskCore
import TerminalUI

extension CheckInForm {
    /// Keys while the search box is open: typing searches (the store looks it up), ↑↓ choose,
    /// Enter picks, Ctrl-N asks for a new patient (likely duplicates first), Esc closes.
    mutating func searchKey(_ key: Key, _ command: CheckInCommand?, _ c: DeskContext, today: String) -> [Output] {
        guard var box = search else { return [] }
        let listed = box.listed
        switch command {
        case .closeSearch?:
            if box.duplicates != nil { box.duplicates = nil; box.visitsOwn = nil; search = box } else { search = nil }
        case .searchUp?: box.selected = max(0, box.selected - 1); search = box
        case .searchDown?: box.selected = min(max(0, listed.count - 1), box.selected + 1); search = box
        case .pick?:
            guard listed.indices.contains(box.selected) else { return [] }
            search = nil
            return pick(listed[box.selected], c)
        case .newPatient?:
            if box.duplicates == nil {
                // The new-patient rule first (nothing is looked up for a record that cannot be
                // made); then the likely duplicates among every patient, whose answer opens the list.
                switch newPatient(today: today) {
                case .failure(let e):
                    box.problem = e.message
                    search = box
                    return [.banner(.error, "New patient not created — \(e.field.isEmpty ? "a field" : e.field) needs fixing")]
                case .success(let p):
                    box.problem = nil
                    box.duplicates = []
                    box.visitsOwn = nil
                    search = box
                    return [.lookup(.duplicatesOf(candidate(p)))]
                }
            }
            search = nil
            return registerNewPatient(today: today)
        case .help?:
            return [.help]
        default:
            guard box.duplicates == nil, box.query.handle(key) else { return [] }
            box.selected = 0
            search = box
            return box.query.text.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [.lookup(.text(box.query.text))]
        }
        return []
    }

    /// The store's answer to a lookup: shown only if it answers what the box holds now.
    mutating func receive(_ lookup: PatientLookup, _ patients: [Patient], _ c: DeskContext, today: String) -> [Output] {
        guard var box = search else { return [] }
        switch lookup {
        case .duplicatesOf(let candidate):
            guard box.duplicates != nil else { return [] }
            // The visit's patient as the store has it now: never their own likely duplicate.
            let visitPatient = c.clinic.visits.first { $0.id == draft.visitID }?.patientID ?? draft.patientID
            let report = DuplicateCheck.report(for: candidate, visitPatientID: visitPatient, among: patients)
            if report.isEmpty {
                // Nobody like them: the new record is made at once.
                search = nil
                return registerNewPatient(today: today)
            }
            box.duplicates = report.others
            box.visitsOwn = report.visitsOwn
            box.selected = 0
        case .text(let query):
            box.results = patients
            box.resultsFor = query
            box.selected = min(box.selected, max(0, patients.count - 1))
        }
        search = box
        return []
    }

    /// The record the form would register, under the new-patient rule (`NewPatient`). The
    /// phone goes in only when it is valid: it stays in the form, which shows its error and
    /// writes it to the record at completion — a phone still to fix does not hold up the record.
    func newPatient(today: String) -> Result<Patient, FieldError> {
        let phone = draft.value(.phone)
        let valid = (try? FieldValidation.phone(phone).get()) != nil
        return NewPatient.record(familyName: draft.value(.familyName), givenName: draft.value(.givenName),
                                 dateOfBirth: draft.value(.dateOfBirth), phone: valid ? phone : "", today: today)
    }

    /// Who to look for before registering `p`: the phone as typed too, valid or not (the store
    /// matches its last digits).
    func candidate(_ p: Patient) -> DuplicateCheck.Candidate {
        var c = NewPatient.candidate(p)
        let typed = draft.value(.phone).trimmingCharacters(in: .whitespaces)
        if c.phone == nil, !typed.isEmpty { c.phone = typed }
        return c
    }

    /// An existing record becomes the visit's patient; the form reloads from it, keeping the visit's own fields.
    mutating func pick(_ patient: Patient, _ c: DeskContext) -> [Output] {
        guard let visit = c.clinic.visits.first(where: { $0.id == draft.visitID }) else { return [] }
        draft = Self.redraft(draft, as: patient, visit: visit)
        conflict = nil
        return [.banner(.info, "Checking in as \(patient.displayName) (\(patient.mrnLabel))"), .assign(patientID: patient.id), .save]
    }

    /// A new record from what the form holds, under the new-patient rule; refused with its words.
    mutating func registerNewPatient(today: String) -> [Output] {
        switch newPatient(today: today) {
        case .failure(let e):
            var box = search ?? PatientSearchBox()
            box.duplicates = nil
            box.problem = e.message
            search = box
            return [.banner(.error, "New patient not created — \(e.field.isEmpty ? "a field" : e.field) needs fixing")]
        case .success(let p):
            return [.banner(.info, "New patient record created for this visit"), .register(p)]
        }
    }
}

/// The desk's side of the form: it opens it, routes keys and store answers to it, and turns
/// what the form asks for into effects.
extension DeskState {
    /// One key for the form, or nil when the desk's own keymap should have it (not editing).
    mutating func formKey(_ key: Key) -> [DeskEffect]? {
        guard var form = checkIn, form.isEditing else { return nil }
        let out = form.handle(key, context, today: today)
        checkIn = form
        return perform(out)
    }

    var formKeymap: Keymap<CheckInCommand> { checkIn?.keymap ?? Keymap(title: "Check-In form", []) }

    mutating func openForm(for task: DeskTask) { checkIn = CheckInForm.open(for: task, context) }

    mutating func followRecord() {
        guard var form = checkIn else { return }
        let out = form.follow(context)
        checkIn = form
        _ = perform(out)
    }

    mutating func receiveSearch(_ lookup: PatientLookup, _ patients: [Patient]) -> [DeskEffect] {
        guard var form = checkIn else { return [] }
        let out = form.receive(lookup, patients, context, today: today)
        checkIn = form
        return perform(out)
    }

    /// F10 / Ctrl-S from the desk's keys.
    mutating func completeForm() -> [DeskEffect] {
        guard var form = checkIn else { return [] }
        let out = form.complete(today: today)
        checkIn = form
        return perform(out)
    }

    /// What the form asked for, as effects on this desk's store (in the order asked).
    mutating func perform(_ outputs: [CheckInForm.Output]) -> [DeskEffect] {
        guard let form = checkIn else { return [] }
        var effects: [DeskEffect] = []
        for o in outputs {
            switch o {
            case .save: effects.append(.saveDraft(form.taskID, formContext(form)))
            case .mask(let on): effects.append(.setMasked(form.taskID, on))
            case .complete(let draft): effects.append(.completeCheckIn(taskID: form.taskID, draft))
            case .assign(let pid): effects += [.assignPatient(pid, visitID: form.draft.visitID), .recordView(patientID: pid)]
            case .view(let pid): effects.append(.recordView(patientID: pid))
            case .register(let p): effects.append(.registerPatient(p, visitID: form.draft.visitID))
            case .lookup(let l): effects.append(.searchPatients(l))
            case .help: showsHelp = true
            case .banner(let kind, let text): show(kind, text)
            case .conflictSettled: banners.removeAll { $0.text.hasPrefix("Another desk changed") }
            }
        }
        return effects
    }

    /// The draft as the task's context: what `saveDraft` stores and a resume shows.
    func formContext(_ form: CheckInForm) -> TaskContext {
        let previous = clinic.task(form.taskID)?.context
        return TaskContext(draft: form.draft.encoded(), step: form.draft.step, note: previous?.note ?? "",
                           progress: form.draft.progress(today: today), suspendedAt: previous?.suspendedAt ?? now,
                           timesSuspended: previous?.timesSuspended ?? 0)
    }
}
