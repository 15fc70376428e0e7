import Foundation
import FrontDeskCore
import TerminalUI

extension DeskState {
    /// The patients the search box lists now (the domain's tolerant search).
    var searchResults: [Patient] {
        guard let q = checkIn?.search?.query.text, !q.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        return PatientSearch.search(q, in: clinic.patients.values.sorted { $0.id < $1.id }, limit: 8)
    }

    /// Keys while the search box is open: typing searches, ↑↓ choose, Enter picks,
    /// Ctrl-N asks for a new patient (likely duplicates first), Esc closes.
    mutating func handleSearch(_ key: Key) -> [DeskEffect] {
        guard var form = checkIn, var box = form.search else { return [] }
        let listed: [Patient] = box.duplicates.map { $0.map(\.patient) } ?? searchResults
        switch key {
        case .escape:
            if box.duplicates != nil { box.duplicates = nil; form.search = box } else { form.search = nil }
        case .up: box.selected = max(0, box.selected - 1); form.search = box
        case .down: box.selected = min(max(0, listed.count - 1), box.selected + 1); form.search = box
        case .enter:
            guard listed.indices.contains(box.selected) else { return [] }
            form.search = nil
            checkIn = form
            return pick(listed[box.selected])
        case .ctrl("n"):
            if box.duplicates == nil {
                let matches = DuplicateCheck.likelyDuplicates(of: candidate(form.draft), among: clinic.patients.values.sorted { $0.id < $1.id })
                if !matches.isEmpty {
                    box.duplicates = matches; box.selected = 0; form.search = box
                    checkIn = form
                    return []
                }
            }
            form.search = nil
            checkIn = form
            return registerNewPatient()
        default:
            guard box.duplicates == nil else { return [] }
            box.query.handle(key); box.selected = 0; form.search = box
        }
        checkIn = form
        return []
    }

    func candidate(_ d: FrontDeskCore.CheckInDraft) -> DuplicateCheck.Candidate {
        let dob = try? FieldValidation.dateOfBirth(d.value(.dateOfBirth), today: today).get()
        let phone = d.value(.phone).isEmpty ? nil : d.value(.phone)
        return DuplicateCheck.Candidate(familyName: d.value(.familyName), givenName: d.value(.givenName), dateOfBirth: dob, phone: phone)
    }

    /// An existing record becomes the visit's patient; the form reloads from it, keeping the visit's own fields.
    mutating func pick(_ patient: Patient) -> [DeskEffect] {
        guard var form = checkIn, let visit = clinic.visits.first(where: { $0.id == form.draft.visitID }) else { return [] }
        var fresh = FrontDeskCore.CheckInDraft(patient: patient, visit: visit)
        for f in CheckInField.allCases where !Self.recordFields.contains(f) && !f.isCheckbox {
            fresh.values[f] = form.draft.value(f)
        }
        fresh.checked = form.draft.checked
        if patient.insurance?.verified == true { fresh.checked.insert(.insuranceVerified) }
        form.draft = fresh
        form.conflict = nil
        checkIn = form
        show(.info, "Checking in as \(patient.displayName) (MRN \(patient.mrn))")
        return [.assignPatient(patient.id, visitID: visit.id), .recordView(patientID: patient.id), saveEffect(form)]
    }

    /// A new record from what the form holds; its fields must be valid names and a real date.
    mutating func registerNewPatient() -> [DeskEffect] {
        guard let form = checkIn else { return [] }
        let d = form.draft
        let errors = d.errors(today: today).filter { [.familyName, .givenName, .dateOfBirth].contains($0.key) }
        if let first = CheckInField.allCases.first(where: { errors[$0] != nil }) {
            show(.error, "New patient needs \(first.label.lowercased()): \(errors[first]!.message)")
            return []
        }
        var p = Patient(id: 0, mrn: "", familyName: d.value(.familyName).trimmingCharacters(in: .whitespaces),
                        givenName: d.value(.givenName).trimmingCharacters(in: .whitespaces))
        p.dateOfBirth = try? FieldValidation.dateOfBirth(d.value(.dateOfBirth), today: today).get()
        p.phone = try? FieldValidation.phone(d.value(.phone)).get()
        show(.info, "New patient record created for this visit")
        return [.registerPatient(p, visitID: d.visitID)]
    }
}
