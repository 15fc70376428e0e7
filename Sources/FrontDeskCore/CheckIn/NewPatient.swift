import Foundation

/// Registering someone the clinic has no record of: the one rule, wherever it is done (the
/// Check-In form's Ctrl-N, the desk's patient lookup, the store that writes the record).
public enum NewPatient {
    /// The record to create from what was typed — names and date of birth required and valid,
    /// a phone optional but valid when given — or the first problem, in the form's words.
    /// Values come back normalised (trimmed names, `yyyy-MM-dd`, the phone as stored).
    public static func record(familyName: String, givenName: String, dateOfBirth: String, phone: String,
                              today: String) -> Result<Patient, FieldError> {
        let family: String, given: String, dob: String
        switch FieldValidation.name(familyName, field: CheckInField.familyName.label, limit: CheckInField.familyName.limit) {
        case .failure(let e): return .failure(e)
        case .success(let v): family = v
        }
        switch FieldValidation.name(givenName, field: CheckInField.givenName.label, limit: CheckInField.givenName.limit) {
        case .failure(let e): return .failure(e)
        case .success(let v): given = v
        }
        switch FieldValidation.dateOfBirth(dateOfBirth, today: today) {
        case .failure(let e): return .failure(e)
        case .success(let v): dob = v
        }
        var p = Patient(id: 0, mrn: "", familyName: family, givenName: given, dateOfBirth: dob)
        if !phone.trimmingCharacters(in: .whitespaces).isEmpty {
            switch FieldValidation.phone(phone) {
            case .failure(let e): return .failure(e)
            case .success(let v): p.phone = v
            }
        }
        return .success(p)
    }

    /// The same rule over a record someone built: what the store checks before it writes one.
    public static func validate(_ p: Patient, today: String) -> Result<Patient, FieldError> {
        record(familyName: p.familyName, givenName: p.givenName, dateOfBirth: p.dateOfBirth ?? "", phone: p.phone ?? "", today: today)
    }

    /// Who to look for among the records before creating this one.
    public static func candidate(_ p: Patient) -> DuplicateCheck.Candidate {
        DuplicateCheck.Candidate(familyName: p.familyName, givenName: p.givenName, dateOfBirth: p.dateOfBirth, phone: p.phone)
    }
}
