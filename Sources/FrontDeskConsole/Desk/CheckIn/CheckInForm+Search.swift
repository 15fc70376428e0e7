import Foundation
import FrontDeskCore
import TerminalUI

extension DeskState {
    /// What the search box lists now: the duplicates, else the results of the query it holds.
    var searchListed: [Patient] {
        guard let box = checkIn?.search else { return [] }
        if let dups = box.duplicates { return dups.map(\.patient) }
        return box.resultsFor == box.query.text ? box.results : []
    }

    /// Keys while the search box is open: typing searches (the store looks it up), ↑↓ choose,
    /// Enter picks, Ctrl-N asks for a new patient (likely duplicates first), Esc closes.
    mutating func searchKey(_ key: Key, _ command: CheckInCommand?) -> [DeskEffect] {
        guard var form = checkIn, var box = form.search else { return [] }
        let listed = searchListed
        switch command {
        case .closeSearch?:
            if box.duplicates != nil { box.duplicates = nil; form.search = box } else { form.search = nil }
        case .searchUp?: box.selected = max(0, box.selected - 1); form.search = box
        case .searchDown?: box.selected = min(max(0, listed.count - 1), box.selected + 1); form.search = box
        case .pick?:
            guard listed.indices.contains(box.selected) else { return [] }
            form.search = nil
            checkIn = form
            return pick(listed[box.selected])
        case .newPatient?:
            if box.duplicates == nil {
                // Likely duplicates are looked up among every patient; the answer opens the list.
                box.duplicates = []
                form.search = box
                checkIn = form
                return [.searchPatients(.duplicatesOf(candidate(form.draft)))]
            }
            form.search = nil
            checkIn = form
            return registerNewPatient()
        case .help?:
            showsHelp = true
        default:
            guard box.duplicates == nil, box.query.handle(key) else { return [] }
            box.selected = 0
            form.search = box
            checkIn = form
            let q = box.query.text.trimmingCharacters(in: .whitespaces)
            return q.isEmpty ? [] : [.searchPatients(.text(box.query.text))]
        }
        checkIn = form
        return []
    }

    /// The store's answer to a lookup: shown only if it answers what the box holds now.
    mutating func receiveSearch(_ lookup: PatientLookup, _ patients: [Patient]) -> [DeskEffect] {
        guard var form = checkIn, var box = form.search else { return [] }
        switch lookup {
        case .duplicatesOf:
            guard box.duplicates != nil else { return [] }
            let matches = patients.filter { $0.id != form.draft.patientID }
            if matches.isEmpty {
                // Nobody like them: the new record is made at once.
                form.search = nil
                checkIn = form
                return registerNewPatient()
            }
            box.duplicates = DuplicateCheck.likelyDuplicates(of: candidate(form.draft), among: matches)
            box.selected = 0
        case .text(let query):
            box.results = patients
            box.resultsFor = query
            box.selected = min(box.selected, max(0, patients.count - 1))
        }
        form.search = box
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
        form.draft = Self.redraft(form.draft, as: patient, visit: visit)
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

/// What the check-in search asks the store: what was typed, or the records that look like
/// the new patient the form describes.
public enum PatientLookup: Equatable, Sendable {
    case text(String)
    case duplicatesOf(DuplicateCheck.Candidate)
}
