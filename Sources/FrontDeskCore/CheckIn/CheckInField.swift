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

    /// Toggled with Space rather than typed.
    public var isCheckbox: Bool {
        switch self {
        case .insuranceVerified, .photoID, .insuranceCard, .consentToTreat, .privacyNotice, .intakeForms: return true
        default: return false
        }
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

    /// Steps that mask interruptions: taking a payment must not be broken off half-way.
    public var masksInterruptions: Bool { section == .copay }
}

/// How a copay was collected.
public enum CopayMethod: String, CaseIterable, Codable, Sendable {
    case cash, card, check, waived
}
