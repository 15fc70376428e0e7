import Foundation

/// Where a visit stands. The raw values are what the store and `status --json` use.
public enum VisitStatus: String, CaseIterable, Sendable, Codable, Hashable {
    case scheduled
    case arrived
    case checkedIn = "checked-in"
    case roomed
    case withProvider = "with-provider"
    case checkout
    case done
    case noShow = "no-show"
    case cancelled
    case leftWithoutBeingSeen = "left-without-being-seen"

    /// The allowed moves, as data. Everything not listed is refused.
    public static let transitions: [VisitStatus: Set<VisitStatus>] = [
        .scheduled: [.arrived, .noShow, .cancelled],
        .arrived: [.checkedIn, .leftWithoutBeingSeen, .cancelled],
        .checkedIn: [.roomed, .leftWithoutBeingSeen, .cancelled],
        .roomed: [.withProvider, .leftWithoutBeingSeen],
        .withProvider: [.checkout, .done],
        .checkout: [.done],
        .done: [],
        .noShow: [.arrived],          // a late patient turns up after all
        .cancelled: [],
        .leftWithoutBeingSeen: [],
    ]

    public func canMove(to next: VisitStatus) -> Bool {
        Self.transitions[self]?.contains(next) ?? false
    }

    public static func validate(from: VisitStatus, to: VisitStatus) throws {
        guard from.canMove(to: to) else { throw VisitTransitionError(from: from, to: to) }
    }

    /// Words a receptionist uses.
    public var label: String {
        switch self {
        case .scheduled: return "Scheduled"
        case .arrived: return "Arrived"
        case .checkedIn: return "Checked in"
        case .roomed: return "Roomed"
        case .withProvider: return "With provider"
        case .checkout: return "Checkout"
        case .done: return "Done"
        case .noShow: return "No-show"
        case .cancelled: return "Cancelled"
        case .leftWithoutBeingSeen: return "Left (LWBS)"
        }
    }

    /// A symbol that says the same as the colour, for monochrome terminals.
    public var symbol: String {
        switch self {
        case .scheduled: return "·"
        case .arrived: return "●"
        case .checkedIn: return "✓"
        case .roomed: return "▣"
        case .withProvider: return "◆"
        case .checkout: return "$"
        case .done: return "✔"
        case .noShow: return "✗"
        case .cancelled: return "–"
        case .leftWithoutBeingSeen: return "↩"
        }
    }

    /// Still part of today's live work (not finished, not cancelled).
    public var isOpen: Bool {
        switch self {
        case .done, .noShow, .cancelled, .leftWithoutBeingSeen: return false
        default: return true
        }
    }

    /// In the building and waiting on the front desk or the clinic.
    public var isInLobby: Bool { self == .arrived || self == .checkedIn }
}

public struct VisitTransitionError: Error, Equatable, CustomStringConvertible {
    public let from: VisitStatus
    public let to: VisitStatus
    public var description: String { "a visit cannot go from \(from.label) to \(to.label)" }
}
