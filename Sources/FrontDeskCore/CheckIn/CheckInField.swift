import Foundation

/// The check-in form's fields, in the order Tab visits them.
public enum CheckInField: String, CaseIterable, Codable, Sendable, Hashable {
    case familyName, givenName, preferredName, dateOfBirth, sex
    case phone, email, address
    case payer, memberID, groupNumber, subscriber, relationship, insuranceVerified
    case photoID, insuranceCard, consentToTreat, privacyNotice, intakeForms
    case copayAmount, copayMethod, receipt
    case reason, notes, interpreter, accessibility

    public enum Section: String, CaseIterable, Sendable {
        case identity = "Identity", contact = "Contact", insurance = "Insurance"
        case documents = "Documents", copay = "Copay", visit = "Visit"
    }

    public var section: Section {
        switch self {
        case .familyName, .givenName, .preferredName, .dateOfBirth, .sex: return .identity
        case .phone, .email, .address: return .contact
        case .payer, .memberID, .groupNumber, .subscriber, .relationship, .insuranceVerified: return .insurance
        case .photoID, .insuranceCard, .consentToTreat, .privacyNotice, .intakeForms: return .documents
        case .copayAmount, .copayMethod, .receipt: return .copay
        case .reason, .notes, .interpreter, .accessibility: return .visit
        }
    }

    public var label: String {
        switch self {
        case .familyName: return "Family name"
        case .givenName: return "Given name"
        case .preferredName: return "Preferred name"
        case .dateOfBirth: return "Date of birth"
        case .sex: return "Sex / gender"
        case .phone: return "Phone"
        case .email: return "Email"
        case .address: return "Address"
        case .payer: return "Payer"
        case .memberID: return "Member ID"
        case .groupNumber: return "Group"
        case .subscriber: return "Subscriber"
        case .relationship: return "Relationship"
        // A checkbox reads as the readiness item it confirms: one wording everywhere.
        case .insuranceVerified, .photoID, .insuranceCard, .consentToTreat, .privacyNotice, .intakeForms:
            return readinessItem!.label
        case .copayAmount: return "Copay amount"
        case .copayMethod: return "Collected by"
        case .receipt: return "Receipt no."
        case .reason: return "Reason for visit"
        case .notes: return "Notes"
        case .interpreter: return "Interpreter (language)"
        case .accessibility: return "Accessibility needs"
        }
    }

    /// How a field takes its value: typed text up to a limit, a tick, or one of a few choices.
    public enum Kind: Equatable, Sendable {
        /// Typed; at most `limit` characters are taken, and what does not fit is refused aloud.
        case text(limit: Int)
        /// Ticked with Space.
        case checkbox
        /// One of these values, picked from the keyboard (never typed as free text).
        case choice([String])
    }

    public var kind: Kind {
        switch self {
        case .insuranceVerified, .photoID, .insuranceCard, .consentToTreat, .privacyNotice, .intakeForms: return .checkbox
        case .copayMethod: return .choice(CopayMethod.allCases.map(\.rawValue))
        case .familyName, .givenName, .preferredName, .payer, .subscriber: return .text(limit: 100)
        case .dateOfBirth, .memberID, .copayAmount: return .text(limit: 20)
        case .phone: return .text(limit: 25)
        case .sex, .groupNumber, .relationship, .receipt: return .text(limit: 40)
        case .interpreter: return .text(limit: 60)
        case .email: return .text(limit: 254)
        case .address, .reason, .notes, .accessibility: return .text(limit: 200)
        }
    }

    /// Toggled with Space rather than typed.
    public var isCheckbox: Bool { kind == .checkbox }

    /// The values a choice field offers (nil for the others).
    public var choices: [String]? {
        if case .choice(let values) = kind { return values }
        return nil
    }

    /// The most characters a text field takes (0 for the others): the one limit the field
    /// enforces as it is typed and the rules check.
    public var limit: Int {
        if case .text(let limit) = kind { return limit }
        return 0
    }

    /// Completing the check-in needs these valid.
    public var isRequired: Bool {
        switch self {
        case .familyName, .givenName, .dateOfBirth, .phone, .reason: return true
        default: return false
        }
    }

    /// The readiness item a checkbox confirms.
    public var readinessItem: ReadinessItem? {
        switch self {
        case .insuranceVerified: return .insuranceVerified
        case .photoID: return .photoID
        case .insuranceCard: return .insuranceCard
        case .consentToTreat: return .consentToTreat
        case .privacyNotice: return .privacyNotice
        case .intakeForms: return .intakeForms
        default: return nil
        }
    }

    /// What a text field says when `refused` characters did not fit: its limit and how many
    /// were not taken, so nothing is dropped without a word ("Notes: limit 200 characters —
    /// 19,800 not entered").
    public func refusal(refused: Int) -> FieldError {
        FieldError(label, instruction: "limit \(limit) characters — \(Self.grouped(refused)) not entered")
    }

    /// 19800 → "19,800": the same on every machine, whatever its locale.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(abs(n)))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Steps that mask interruptions: taking a payment must not be broken off half-way.
    public var masksInterruptions: Bool { section == .copay }
}

/// How a copay was collected.
public enum CopayMethod: String, CaseIterable, Codable, Sendable {
    case cash, card, check, waived
}

/// The copay as the check-in took it: what the store keeps with the visit (its method one of
/// `CopayMethod`, which the schema checks too).
public struct CopayCollected: Equatable, Sendable {
    public var amountCents: Int
    public var method: CopayMethod
    public var receipt: String?

    public init(amountCents: Int, method: CopayMethod, receipt: String? = nil) {
        self.amountCents = amountCents; self.method = method; self.receipt = receipt
    }
}
