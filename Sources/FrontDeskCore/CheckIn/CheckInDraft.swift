import Foundation

/// A check-in form as typed so far. Encoded into the task's context on every change, so an
/// interruption, a dropped link or a crash gives back exactly this — field, cursor and all.
public struct CheckInDraft: Codable, Equatable, Sendable {
    public var visitID: Int64
    public var patientID: Int64?
    public var values: [CheckInField: String]
    public var checked: Set<CheckInField>
    public var focus: CheckInField
    /// Cursor position (in characters) within the focused text field.
    public var cursor: Int
    /// The patient record's version when the form was opened; a newer one means another desk changed it.
    public var basePatientVersion: Int

    public init(visitID: Int64, patientID: Int64? = nil, values: [CheckInField: String] = [:],
                checked: Set<CheckInField> = [], focus: CheckInField = .familyName, cursor: Int = 0,
                basePatientVersion: Int = 0) {
        self.visitID = visitID; self.patientID = patientID; self.values = values; self.checked = checked
        self.focus = focus; self.cursor = cursor; self.basePatientVersion = basePatientVersion
    }

    /// The form pre-filled from the record and the visit's readiness.
    public init(patient: Patient, visit: Visit) {
        var v: [CheckInField: String] = [
            .familyName: patient.familyName, .givenName: patient.givenName,
            .preferredName: patient.preferredName ?? "", .dateOfBirth: patient.dateOfBirth ?? "",
            .sex: patient.sex ?? "", .phone: patient.phone ?? "", .email: patient.email ?? "",
            .address: patient.address ?? "", .reason: visit.reason,
            .interpreter: patient.interpreter ?? "", .accessibility: patient.accessibility ?? "",
        ]
        if let ins = patient.insurance {
            v[.payer] = ins.payer; v[.memberID] = ins.memberID; v[.groupNumber] = ins.groupNumber ?? ""
            v[.subscriber] = ins.subscriber ?? ""; v[.relationship] = ins.relationship ?? ""
        }
        var checked = Set<CheckInField>()
        for f in CheckInField.allCases {
            if let item = f.readinessItem, visit.readiness.contains(where: { $0.item == item && $0.state != .open }) {
                checked.insert(f)
            }
        }
        if patient.insurance?.verified == true { checked.insert(.insuranceVerified) }
        self.init(visitID: visit.id, patientID: patient.id, values: v, checked: checked,
                  basePatientVersion: patient.version)
    }

    public func value(_ f: CheckInField) -> String { values[f] ?? "" }

    enum CodingKeys: String, CodingKey { case visitID, patientID, values, checked, focus, cursor, basePatientVersion }

    // `checked` is written in field order so the same draft always encodes to the same bytes.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(visitID, forKey: .visitID)
        try c.encodeIfPresent(patientID, forKey: .patientID)
        try c.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }), forKey: .values)
        try c.encode(CheckInField.allCases.filter { checked.contains($0) }, forKey: .checked)
        try c.encode(focus, forKey: .focus)
        try c.encode(cursor, forKey: .cursor)
        try c.encode(basePatientVersion, forKey: .basePatientVersion)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        visitID = try c.decode(Int64.self, forKey: .visitID)
        patientID = try c.decodeIfPresent(Int64.self, forKey: .patientID)
        let raw = try c.decode([String: String].self, forKey: .values)
        values = Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in CheckInField(rawValue: k).map { ($0, v) } })
        checked = Set(try c.decode([CheckInField].self, forKey: .checked))
        focus = try c.decode(CheckInField.self, forKey: .focus)
        cursor = try c.decode(Int.self, forKey: .cursor)
        basePatientVersion = try c.decode(Int.self, forKey: .basePatientVersion)
    }

    /// Every field's problem, in plain words. Empty optional fields are fine.
    public func errors(today: String) -> [CheckInField: FieldError] {
        var e: [CheckInField: FieldError] = [:]
        func check<T>(_ f: CheckInField, _ r: Result<T, FieldError>) { if case .failure(let err) = r { e[f] = err } }
        func present(_ f: CheckInField) -> Bool { !value(f).trimmingCharacters(in: .whitespaces).isEmpty }
        check(.familyName, FieldValidation.name(value(.familyName), field: CheckInField.familyName.label, limit: CheckInField.familyName.limit))
        check(.givenName, FieldValidation.name(value(.givenName), field: CheckInField.givenName.label, limit: CheckInField.givenName.limit))
        check(.dateOfBirth, FieldValidation.dateOfBirth(value(.dateOfBirth), today: today))
        check(.phone, FieldValidation.phone(value(.phone)))
        if present(.email) { check(.email, FieldValidation.email(value(.email))) }
        if present(.payer) || present(.memberID) {
            if !present(.payer) { e[.payer] = FieldError(CheckInField.payer.label, "is needed with a member ID") }
            check(.memberID, FieldValidation.memberID(value(.memberID)))
        }
        let pickMethod = FieldError(CheckInField.copayMethod.label, instruction: "pick cash, card, check or waived")
        if present(.copayAmount) {
            switch FieldValidation.money(value(.copayAmount), field: "Copay") {
            case .failure(let err): e[.copayAmount] = err
            case .success(let cents):
                if cents > 0 && CopayMethod(rawValue: value(.copayMethod).lowercased()) == nil { e[.copayMethod] = pickMethod }
            }
        } else if present(.copayMethod), CopayMethod(rawValue: value(.copayMethod).lowercased()) == nil {
            e[.copayMethod] = pickMethod
        }
        if !present(.reason) { e[.reason] = FieldError(CheckInField.reason.label, "cannot be empty") }
        for f in [CheckInField.preferredName, .sex, .address, .groupNumber, .subscriber, .relationship, .receipt,
                  .reason, .notes, .interpreter, .accessibility] where e[f] == nil {
            check(f, FieldValidation.optionalText(value(f), field: f.label, limit: f.limit))
        }
        // A saved draft from before a limit existed (or another engine) may hold more than the
        // field takes: said here, with the field's own limit.
        for f in CheckInField.allCases where f.limit > 0 && e[f] == nil && value(f).count > f.limit {
            e[f] = FieldError(f.label, "is longer than \(f.limit) characters")
        }
        return e
    }

    /// Share of required fields valid plus documents confirmed: what the progress bar shows.
    public func progress(today: String) -> Double {
        let errs = errors(today: today)
        let required = CheckInField.allCases.filter(\.isRequired)
        let docs = CheckInField.allCases.filter(\.isCheckbox)
        let done = required.filter { errs[$0] == nil }.count + docs.filter { checked.contains($0) }.count
        return Double(done) / Double(required.count + docs.count)
    }

    /// Where the form stands, in words, for the resume cue ("Insurance · Member ID").
    public var step: String { "\(focus.section.rawValue) · \(focus.label)" }

    public func encoded() -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return (try? enc.encode(self)) ?? Data()
    }

    public static func decode(_ data: Data) -> CheckInDraft? { try? JSONDecoder().decode(CheckInDraft.self, from: data) }

    /// The record with the form's (valid, normalised) values; nil with the errors otherwise.
    public func updatedPatient(_ base: Patient, today: String) -> Result<Patient, CheckInIncomplete> {
        let errs = errors(today: today)
        guard errs.isEmpty else { return .failure(CheckInIncomplete(errors: errs)) }
        var p = base
        func opt(_ f: CheckInField) -> String? { let s = value(f).trimmingCharacters(in: .whitespaces); return s.isEmpty ? nil : s }
        p.familyName = try! FieldValidation.name(value(.familyName)).get()
        p.givenName = try! FieldValidation.name(value(.givenName)).get()
        p.preferredName = opt(.preferredName)
        p.dateOfBirth = try! FieldValidation.dateOfBirth(value(.dateOfBirth), today: today).get()
        p.sex = opt(.sex)
        p.phone = try! FieldValidation.phone(value(.phone)).get()
        p.email = opt(.email)
        p.address = opt(.address)
        if let payer = opt(.payer) {
            p.insurance = Insurance(payer: payer, memberID: try! FieldValidation.memberID(value(.memberID)).get(),
                                    groupNumber: opt(.groupNumber), subscriber: opt(.subscriber),
                                    relationship: opt(.relationship), verified: checked.contains(.insuranceVerified))
        } else {
            p.insurance = nil
        }
        p.interpreter = opt(.interpreter)
        p.accessibility = opt(.accessibility)
        return .success(p)
    }

    /// The readiness state each item should have after this check-in: what is still open
    /// becomes flags on the visit (and tasks, which the store creates).
    public var readiness: [ReadinessItem: ReadinessState] {
        var r: [ReadinessItem: ReadinessState] = [:]
        for f in CheckInField.allCases {
            if let item = f.readinessItem { r[item] = checked.contains(f) ? .done : .open }
        }
        if value(.payer).trimmingCharacters(in: .whitespaces).isEmpty {
            r[.insuranceVerified] = .waived     // self-pay: nothing to verify
            r[.insuranceCard] = .waived
        }
        let amount = (try? FieldValidation.money(value(.copayAmount), field: "Copay").get()) ?? nil
        let method = CopayMethod(rawValue: value(.copayMethod).lowercased())
        if method == .waived || amount == 0 { r[.copay] = .waived }
        else if amount != nil && method != nil { r[.copay] = .done }
        else { r[.copay] = .open }
        return r
    }
}

extension CheckInDraft {
    /// The copay taken, when a method is picked and the amount is valid (none typed: 0, as
    /// when it is waived). Nil when nothing was collected — the readiness item says what is due.
    public var copay: CopayCollected? {
        guard let method = CopayMethod(rawValue: value(.copayMethod).lowercased()) else { return nil }
        let typed = value(.copayAmount).trimmingCharacters(in: .whitespaces)
        let cents: Int
        if typed.isEmpty { cents = 0 } else {
            guard case .success(let c) = FieldValidation.money(typed, field: "Copay") else { return nil }
            cents = c
        }
        let receipt = value(.receipt).trimmingCharacters(in: .whitespaces)
        return CopayCollected(amountCents: cents, method: method, receipt: receipt.isEmpty ? nil : receipt)
    }
}

public struct CheckInIncomplete: Error, Equatable {
    public let errors: [CheckInField: FieldError]
    public init(errors: [CheckInField: FieldError]) { self.errors = errors }
    /// The fields in trouble, in form order.
    public var fields: [CheckInField] { CheckInField.allCases.filter { errors[$0] != nil } }
    /// One line for a banner: how many and which fields; each field's own message is shown
    /// beside it, so none is repeated here.
    public var summary: String {
        let names = fields.map(\.label)
        let count = names.count == 1 ? "1 field needs" : "\(names.count) fields need"
        return "Not checked in: \(count) attention — \(names.joined(separator: ", "))"
    }
    public var description: String {
        fields.first.map { "\(summary). \(errors[$0]!.message)" } ?? "incomplete"
    }
}
