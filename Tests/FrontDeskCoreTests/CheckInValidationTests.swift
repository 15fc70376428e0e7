import Testing
@testable import FrontDeskCore

/// Every rule of the check-in form, valid and invalid, with the message the receptionist reads.
@Suite struct CheckInValidationTests {
    static let today = "2026-11-29"

    @Test(arguments: [
        ("1984-02-29", "1984-02-29"), ("02/29/1984", "1984-02-29"), ("7/4/1990", "1990-07-04"),
        ("2026-11-29", "2026-11-29"), ("1896-11-29", "1896-11-29"),
    ])
    func validDatesOfBirth(input: String, stored: String) {
        #expect(FieldValidation.dateOfBirth(input, today: Self.today) == .success(stored))
    }

    @Test(arguments: [
        ("1985-02-29", "Date of birth: enter a real date as YYYY-MM-DD or MM/DD/YYYY"),
        ("2001-13-01", "Date of birth: enter a real date as YYYY-MM-DD or MM/DD/YYYY"),
        ("31/12/2001", "Date of birth: enter a real date as YYYY-MM-DD or MM/DD/YYYY"),
        ("", "Date of birth: enter a real date as YYYY-MM-DD or MM/DD/YYYY"),
        ("yesterday", "Date of birth: enter a real date as YYYY-MM-DD or MM/DD/YYYY"),
        ("2026-11-30", "Date of birth is in the future"),
        ("1896-11-28", "Date of birth is more than 130 years ago"),
    ])
    func invalidDatesOfBirth(input: String, message: String) {
        #expect(FieldValidation.dateOfBirth(input, today: Self.today) == .failure(FieldError(message)))
    }

    @Test(arguments: [
        ("(212) 555-0134", "(212) 555-0134"), ("212.555.0134", "(212) 555-0134"),
        ("1-212-555-0134", "(212) 555-0134"), ("2125550134", "(212) 555-0134"),
        ("+44 20 7946 0018", "+442079460018"), ("+81312345678", "+81312345678"),
    ])
    func validPhones(input: String, stored: String) {
        #expect(FieldValidation.phone(input) == .success(stored))
    }

    @Test(arguments: ["555-0134", "(112) 555-0134", "(212) 155-0134", "212-555-01345", "+0123456789",
                      "+1234567", "call me", "212\u{1B}5550134", "++442079460018"])
    func invalidPhones(input: String) {
        #expect(FieldValidation.phone(input) == .failure(FieldError(
            "Phone: enter 10 digits like (212) 555-0134, or + and the country code")))
    }

    @Test(arguments: ["ana@example.org", "o'brien@mail.example.ie", "x.y+tag@sub.example.co"])
    func validEmails(input: String) {
        #expect(FieldValidation.email(input) == .success(input))
    }

    @Test(arguments: ["ana", "ana@", "@example.org", "ana@example", "ana@@example.org", "ana @example.org",
                      "ana@example.o", "ana@-example.org", "ana@example..org"])
    func invalidEmails(input: String) {
        #expect(FieldValidation.email(input) == .failure(FieldError("Email: enter an address like name@example.org")))
    }

    @Test func memberIDs() {
        #expect(FieldValidation.memberID("abc123456") == .success("ABC123456"))
        #expect(FieldValidation.memberID("XK-2231-09") == .success("XK-2231-09"))
        let message = FieldError("Member ID: use only letters, digits and hyphens (3 to 20 characters)")
        for bad in ["AB", "ABC 123", "ABC_123", "ÄBC123", String(repeating: "9", count: 21), "12;DROP"] {
            #expect(FieldValidation.memberID(bad) == .failure(message), "\(bad)")
        }
    }

    @Test func money() {
        #expect(FieldValidation.money("25", field: "Copay") == .success(2500))
        #expect(FieldValidation.money("$25.5", field: "Copay") == .success(2550))
        #expect(FieldValidation.money("0.05", field: "Copay") == .success(5))
        #expect(FieldValidation.money("0", field: "Copay") == .success(0))
        #expect(FieldValidation.money("-5", field: "Copay") == .failure(FieldError("Copay cannot be negative")))
        #expect(FieldValidation.money("25.555", field: "Copay") == .failure(FieldError("Copay: at most two decimals")))
        for bad in ["", "abc", "25,00", "1e3", ".5", "25."] {
            #expect(FieldValidation.money(bad, field: "Copay") == .failure(FieldError("Copay: enter an amount like 25 or 25.00")), "\(bad)")
        }
    }

    @Test func names() {
        for good in ["王", "O'Brien", "Smith-Jones", "Nguyễn Thị", "حداد", "Ólöf"] {
            #expect(FieldValidation.name(good, field: "Legal name") == .success(good))
        }
        #expect(FieldValidation.name("   ", field: "Legal name") == .failure(FieldError("Legal name cannot be empty")))
        #expect(FieldValidation.name("Eve\u{1B}[2J", field: "Legal name") == .failure(FieldError("Legal name contains a control character")))
        #expect(FieldValidation.name("Ann\u{202E}eve", field: "Legal name") == .failure(FieldError("Legal name contains a control character")))
        #expect(FieldValidation.name(String(repeating: "a", count: 101), field: "Legal name")
                == .failure(FieldError("Legal name is longer than 100 characters")))
    }
}

@Suite struct PatientSearchTests {
    static let people: [Patient] = [
        Patient(id: 1, mrn: "MRN100200", familyName: "Nguyễn", givenName: "Minh", dateOfBirth: "1990-04-02", phone: "(212) 555-0134"),
        Patient(id: 2, mrn: "MRN100207", familyName: "O'Brien", givenName: "Siobhán", dateOfBirth: "1975-09-30", phone: "(617) 555-0101"),
        Patient(id: 3, mrn: "MRN100214", familyName: "Müller", givenName: "Jürgen", dateOfBirth: "1961-01-15", phone: "(312) 555-0188"),
        Patient(id: 4, mrn: "MRN100221", familyName: "Minh", givenName: "Thomas", dateOfBirth: "1990-04-02", phone: "(415) 555-0190"),
    ]

    func ids(_ q: String) -> [Int64] { PatientSearch.search(q, in: Self.people).map(\.id) }

    @Test func accentsAndCaseAreIgnored() {
        #expect(ids("nguyen") == [1])
        #expect(ids("MULLER") == [3])
        #expect(ids("siobhan o'brien") == [2])
    }

    @Test func lastCommaFirstPutsTheFamilyNameFirst() {
        #expect(ids("Minh, Thomas") == [4])
        #expect(ids("Nguyen, Minh") == [1])
        // Without the comma, "minh" matches both a family and a given name.
        #expect(Set(ids("minh")) == [1, 4])
    }

    @Test func smallTyposStillFind() {
        #expect(ids("Mulelr") == [3])       // swapped letters
        #expect(ids("Obrein") == [])        // two errors in a short word is too far
        #expect(ids("Siobhn") == [2])       // a dropped letter
    }

    @Test func otherKeys() {
        #expect(Set(ids("04/02/1990")) == [1, 4])
        #expect(ids("1990-04-02").count == 2)
        #expect(ids("212-555-0134") == [1])
        #expect(ids("0188") == [3])
        #expect(ids("mrn100207") == [2])
        #expect(PatientSearch.kind(of: "555-0134") == .phone)
        #expect(PatientSearch.kind(of: "Ng") == .name)
    }

    @Test func duplicatesAreFoundByBirthdayAndNameOrByPhone() {
        let sameBirthday = DuplicateCheck.Candidate(familyName: "Nguyen", givenName: "Minhh", dateOfBirth: "1990-04-02", phone: nil)
        #expect(DuplicateCheck.likelyDuplicates(of: sameBirthday, among: Self.people).map(\.patient.id) == [1])
        let swapped = DuplicateCheck.Candidate(familyName: "Thomas", givenName: "Minh", dateOfBirth: "1990-04-02", phone: nil)
        #expect(DuplicateCheck.likelyDuplicates(of: swapped, among: Self.people).map(\.patient.id) == [4])
        let samePhone = DuplicateCheck.Candidate(familyName: "Other", givenName: "Person", dateOfBirth: "2000-01-01", phone: "1 (617) 555 0101")
        let m = DuplicateCheck.likelyDuplicates(of: samePhone, among: Self.people)
        #expect(m.map(\.patient.id) == [2])
        #expect(m.first?.reason == "same phone number")
        let stranger = DuplicateCheck.Candidate(familyName: "Okafor", givenName: "Adaeze", dateOfBirth: "1990-04-02", phone: nil)
        #expect(DuplicateCheck.likelyDuplicates(of: stranger, among: Self.people).isEmpty)
    }

    @Test("every message a field can give is read whole at 80 columns, and names its field once")
    func messagesFitEightyColumnsAndNameTheFieldOnce() {
        var d = CheckInDraft(visitID: 1)
        for f in CheckInField.allCases where f.limit > 0 { d.values[f] = String(repeating: "x", count: f.limit + 1) }
        d.values[.familyName] = " "; d.values[.payer] = ""; d.values[.reason] = " "
        var messages = d.errors(today: "2026-11-29").values.map(\.message)
        d.values[.familyName] = "A\u{1B}"; d.values[.dateOfBirth] = "2999-01-01"; d.values[.copayAmount] = "-1"
        d.values[.copayMethod] = "visa"; d.values[.memberID] = "X"
        messages += d.errors(today: "2026-11-29").values.map(\.message)
        for bad in ["12", "+0123", "call me"] { if case .failure(let e) = FieldValidation.phone(bad) { messages.append(e.message) } }
        messages += CheckInField.allCases.filter { $0.limit > 0 }.map { $0.refusal(refused: 19_800).message }
        #expect(messages.count > 20)
        for m in messages {
            #expect(m.count <= FieldError.widest, "cut at 80 columns: \(m)")
            let label = CheckInField.allCases.map(\.label).first { m.hasPrefix($0) }
            if let label { #expect(m.components(separatedBy: label).count == 2, "names its field twice: \(m)") }
        }
    }

    @Test("a field refusing a paste says its limit and how much it did not take")
    func refusalSaysTheLimitAndTheCount() {
        #expect(CheckInField.notes.refusal(refused: 19_800).message == "Notes: limit 200 characters — 19,800 not entered")
        #expect(CheckInField.notes.refusal(refused: 19_800).problem == "limit 200 characters — 19,800 not entered")
        #expect(CheckInField.phone.refusal(refused: 1).message == "Phone: limit 25 characters — 1 not entered")
    }
}
