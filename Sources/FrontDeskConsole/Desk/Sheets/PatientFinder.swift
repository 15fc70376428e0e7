import Foundation
import FrontDeskCore
import TerminalUI

/// The desk's patient lookup (`f`): every patient of the clinic, not only today's, found with
/// the same matcher as the form's Ctrl-F (the store runs `PatientSearch`); a record opened
/// read-only, with every visit past and future (an audited view); and a new patient registered
/// under the same rule as the form's Ctrl-N (`NewPatient`), likely duplicates first.
public struct PatientFinder: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case search
        /// A record as the store read it for this view (read-only).
        case record(PatientRecord)
        case register(NewPatientFields)
    }

    public var box = PatientSearchBox()
    public var mode: Mode = .search

    public init() {}

    enum Command: Equatable { case up, down, open, newPatient, next, previous, back, help }

    enum Output: Equatable {
        case lookup(PatientLookup)
        case open(patientID: Int64)
        case register(Patient)
        case close, help
        case banner(Banner.Kind, String)
    }

    var keymap: Keymap<Command> {
        switch mode {
        case .search:
            return Keymap(title: "Find a patient — every record (typing searches)", [
                KeyBinding([.up], .up, label: "↑", help: "previous match", inFooter: false),
                KeyBinding([.down], .down, label: "↓", help: "next match", inFooter: false),
                KeyBinding([.enter], .open, label: "open", help: "open the selected record, read-only (the view is audited)",
                           isEnabled: !box.listed.isEmpty),
                KeyBinding([.ctrl("n")], .newPatient, label: "new patient", help: "register someone with no record (likely duplicates are shown first)"),
                KeyBinding([.escape], .back, label: "close", help: "back to the desk", pinned: true),
                KeyBinding([.function(1)], .help, label: "help", help: "this help", pinned: true),
            ])
        case .record:
            return Keymap(title: "Patient record (read-only)", [
                KeyBinding([.escape], .back, label: "back", help: "back to the search", pinned: true),
                KeyBinding([.function(1), .char("?")], .help, label: "help", help: "this help", pinned: true),
            ])
        case .register(let fields):
            if fields.duplicates != nil {
                return Keymap(title: "Likely the same person", [
                    KeyBinding([.up], .up, label: "↑", help: "previous record", inFooter: false),
                    KeyBinding([.down], .down, label: "↓", help: "next record", inFooter: false),
                    KeyBinding([.enter], .open, label: "open", help: "open the selected record instead (read-only, audited)",
                               isEnabled: !(fields.duplicates ?? []).isEmpty),
                    KeyBinding([.ctrl("n")], .newPatient, label: "create anyway", help: "create the new record anyway"),
                    KeyBinding([.escape], .back, label: "back", help: "back to the new patient's fields", pinned: true),
                    KeyBinding([.function(1)], .help, label: "help", help: "this help", pinned: true),
                ])
            }
            return Keymap(title: "New patient (typing goes into the field)", [
                KeyBinding([.tab, .down, .enter], .next, label: "next", help: "next field"),
                KeyBinding([.backTab, .up], .previous, label: "prev", help: "previous field"),
                KeyBinding([.ctrl("n")], .newPatient, label: "register", help: "register the patient (the form's rules; likely duplicates first)"),
                KeyBinding([.escape], .back, label: "back", help: "back to the search", pinned: true),
                KeyBinding([.function(1)], .help, label: "help", help: "this help", pinned: true),
            ])
        }
    }

    mutating func handle(_ key: Key, today: String) -> [Output] {
        let command = keymap.message(for: key)
        if command == .help { return [.help] }
        switch mode {
        case .search: return searchKey(key, command)
        case .record:
            if command == .back { mode = .search }
            return []
        case .register(var fields):
            let out = fields.handle(key, command, today: today)
            if out == [.close] { mode = .search; return [] }
            mode = .register(fields)
            return out
        }
    }

    mutating func searchKey(_ key: Key, _ command: Command?) -> [Output] {
        let listed = box.listed
        switch command {
        case .up?: box.selected = max(0, box.selected - 1)
        case .down?: box.selected = min(max(0, listed.count - 1), box.selected + 1)
        case .open?:
            guard listed.indices.contains(box.selected) else { return [] }
            return [.open(patientID: listed[box.selected].id)]
        case .newPatient?: mode = .register(NewPatientFields(prefilledFrom: box.query.text))
        case .back?: return [.close]
        default:
            guard box.query.handle(key) else { return [] }
            box.selected = 0
            let q = box.query.text
            return q.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [.lookup(.text(q))]
        }
        return []
    }

    /// The store's answer: search results for what the box holds, or the likely duplicates of
    /// the patient being registered (nobody like them: the record is made at once).
    mutating func receive(_ lookup: PatientLookup, _ patients: [Patient], today: String) -> [Output] {
        switch (lookup, mode) {
        case (.text(let q), .search), (.text(let q), .record), (.text(let q), .register):
            box.results = patients
            box.resultsFor = q
            box.selected = min(box.selected, max(0, box.listed.count - 1))
            return []
        case (.duplicatesOf(let candidate), .register(var fields)):
            guard fields.duplicates != nil, fields.asked == candidate else { return [] }
            let report = DuplicateCheck.report(for: candidate, visitPatientID: nil, among: patients)
            if report.isEmpty {
                mode = .register(fields)
                return fields.register(today: today)
            }
            fields.duplicates = report.others
            fields.selected = 0
            mode = .register(fields)
            return []
        case (.duplicatesOf, _):
            return []
        }
    }
}

/// The few fields a new registration needs from the desk: the form's own (names, date of
/// birth, phone), checked with the form's rule.
public struct NewPatientFields: Equatable, Sendable {
    public static let fields: [CheckInField] = [.familyName, .givenName, .dateOfBirth, .phone]
    /// What the new-patient rule needs (`NewPatient`); a phone is optional, checked when given.
    public static let required: Set<CheckInField> = [.familyName, .givenName, .dateOfBirth]
    public var values: [TextField]
    public var focus = 0
    /// nil while the fields are edited; [] while the store looks for likely duplicates; the
    /// records that look like the same person once it has.
    public var duplicates: [DuplicateCheck.Match]?
    public var selected = 0
    /// The candidate the duplicates were asked for (an older answer is not shown).
    public var asked: DuplicateCheck.Candidate?
    /// Why the patient cannot be registered as typed, in the rule's words.
    public var problem: String?

    /// Fields pre-filled from what was searched for: "Family, Given", a date of birth, a phone.
    public init(prefilledFrom query: String = "") {
        values = Self.fields.map { TextField("", maxLength: $0.limit) }
        let q = query.trimmingCharacters(in: .whitespaces)
        switch PatientSearch.kind(of: q) {
        case .dateOfBirth: values[2] = TextField(q, maxLength: CheckInField.dateOfBirth.limit)
        case .phone: values[3] = TextField(q, maxLength: CheckInField.phone.limit)
        case .name:
            if let comma = q.firstIndex(of: ",") {
                values[0] = TextField(q[..<comma].trimmingCharacters(in: .whitespaces), maxLength: CheckInField.familyName.limit)
                values[1] = TextField(q[q.index(after: comma)...].trimmingCharacters(in: .whitespaces), maxLength: CheckInField.givenName.limit)
            }
        case .mrn: break
        }
    }

    func value(_ f: CheckInField) -> String { Self.fields.firstIndex(of: f).map { values[$0].text } ?? "" }

    func newRecord(today: String) -> Result<Patient, FieldError> {
        NewPatient.record(familyName: value(.familyName), givenName: value(.givenName),
                          dateOfBirth: value(.dateOfBirth), phone: value(.phone), today: today)
    }

    mutating func handle(_ key: Key, _ command: PatientFinder.Command?, today: String) -> [PatientFinder.Output] {
        if let dups = duplicates {
            switch command {
            case .up?: selected = max(0, selected - 1)
            case .down?: selected = min(max(0, dups.count - 1), selected + 1)
            case .open?:
                guard dups.indices.contains(selected) else { return [] }
                return [.open(patientID: dups[selected].patient.id)]
            case .newPatient?: return register(today: today)
            case .back?: duplicates = nil
            default: break
            }
            return []
        }
        switch command {
        case .next?: focus = (focus + 1) % values.count
        case .previous?: focus = (focus + values.count - 1) % values.count
        case .back?: return [.close]
        case .newPatient?:
            switch newRecord(today: today) {
            case .failure(let e):
                problem = e.message
                if let i = Self.fields.firstIndex(where: { $0.label == e.field }) { focus = i }
                return []   // the sheet says why, under the fields, and the focus is on the field
            case .success(let p):
                problem = nil
                let candidate = NewPatient.candidate(p)
                asked = candidate
                duplicates = []
                return [.lookup(.duplicatesOf(candidate))]
            }
        default:
            var field = values[focus]
            guard field.handle(key) else { return [] }
            if field.text != values[focus].text { problem = nil }
            values[focus] = field
        }
        return []
    }

    /// The registration itself: the rule once more (the store applies it too), then the record.
    mutating func register(today: String) -> [PatientFinder.Output] {
        switch newRecord(today: today) {
        case .failure(let e):
            duplicates = nil
            problem = e.message
            return []   // the sheet says why, under the fields
        case .success(let p):
            return [.register(p)]
        }
    }
}
