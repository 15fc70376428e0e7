import Foundation

/// What must be in order before a visit can go ahead smoothly.
public enum ReadinessItem: String, CaseIterable, Sendable, Codable, Hashable {
    case insuranceVerified = "insurance-verified"
    case photoID = "photo-id"
    case insuranceCard = "insurance-card"
    case consentToTreat = "consent-to-treat"
    case privacyNotice = "privacy-notice"
    case intakeForms = "intake-forms"
    case copay

    public var label: String {
        switch self {
        case .insuranceVerified: return "Insurance verified"
        case .photoID: return "Photo ID"
        case .insuranceCard: return "Insurance card"
        case .consentToTreat: return "Consent to treat"
        case .privacyNotice: return "Privacy notice acknowledged"
        case .intakeForms: return "Intake forms"
        case .copay: return "Copay"
        }
    }

    /// Short flag for the board: `INS` `DOC` `$`.
    public var flag: String {
        switch self {
        case .insuranceVerified: return "INS"
        case .copay: return "$"
        default: return "DOC"
        }
    }

    public var isDocument: Bool {
        switch self {
        case .photoID, .insuranceCard, .consentToTreat, .privacyNotice, .intakeForms: return true
        default: return false
        }
    }
}

public enum ReadinessState: String, Sendable, Codable, Hashable {
    case open, done, waived
}

public struct ReadinessCheck: Equatable, Hashable, Sendable, Codable {
    public var item: ReadinessItem
    public var state: ReadinessState
    /// When the check entered its current state (how long it has been open).
    public var since: Date

    public init(item: ReadinessItem, state: ReadinessState = .open, since: Date) {
        self.item = item; self.state = state; self.since = since
    }

    /// Every check, open, from `since`: a new visit starts with nothing confirmed.
    public static func allOpen(since: Date) -> [ReadinessCheck] {
        ReadinessItem.allCases.map { ReadinessCheck(item: $0, since: since) }
    }
}
