import Foundation

/// Every unit of work at the desk is a task.
public enum TaskKind: String, CaseIterable, Sendable, Codable, Hashable {
    case emergency
    case call
    /// A patient at the window waiting to check in.
    case checkIn = "check-in"
    case callback
    /// Something a provider asked for: a follow-up to schedule, discharge information.
    case providerRequest = "provider-request"
    case insuranceVerification = "insurance-verification"
    case missingDocuments = "missing-documents"
    /// A freed slot to offer a waitlisted patient, due well before the slot.
    case waitlistOffer = "waitlist-offer"

    public var label: String {
        switch self {
        case .emergency: return "Emergency"
        case .call: return "Call"
        case .checkIn: return "Check-in"
        case .callback: return "Callback"
        case .providerRequest: return "Provider request"
        case .insuranceVerification: return "Verify insurance"
        case .missingDocuments: return "Missing documents"
        case .waitlistOffer: return "Waitlist offer"
        }
    }
}

public enum TaskState: String, CaseIterable, Sendable, Codable, Hashable {
    case queued
    /// Held by a desk (its `desk` names which).
    case active
    /// Put aside with its context; it comes back by itself.
    case suspended
    case done
    case cancelled

    public var isOpen: Bool { self == .queued || self == .active || self == .suspended }
}

/// Everything needed to pick a task up where it was left.
/// `draft` is opaque to the domain: the screen that owns the task encodes its form into it,
/// and suspend → resume returns it byte for byte.
public struct TaskContext: Equatable, Hashable, Sendable, Codable {
    public var draft: Data
    /// Where it stopped, in words ("Insurance · member id").
    public var step: String
    /// The receptionist's one-line note.
    public var note: String
    /// 0…1, how far along.
    public var progress: Double
    public var suspendedAt: Date
    /// How many times this task has been suspended.
    public var timesSuspended: Int

    public init(draft: Data = Data(), step: String = "", note: String = "", progress: Double = 0,
                suspendedAt: Date, timesSuspended: Int = 1) {
        self.draft = draft; self.step = step; self.note = note
        self.progress = min(1, max(0, progress)); self.suspendedAt = suspendedAt
        self.timesSuspended = timesSuspended
    }
}

public struct DeskTask: Equatable, Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var kind: TaskKind
    public var state: TaskState
    /// A short description; may contain outside text (make it inert before display).
    public var title: String
    public var createdAt: Date
    /// A deadline: the promised callback window, insurance to verify before the appointment.
    public var dueAt: Date?
    /// The desk that holds it (active) or held it (suspended).
    public var desk: String?
    public var patientID: Int64?
    public var visitID: Int64?
    public var callID: String?
    public var context: TaskContext?
    /// True while the task is in a step that masks interruptions (taking a payment).
    public var masked: Bool
    /// Extra points a supervisor gave ("bump").
    public var bump: Double
    /// Set when a supervisor reassigns the task to a particular desk.
    public var assignedDesk: String?
    /// Tries so far that reached nobody (a callback with no answer).
    public var attempts: Int
    /// The sites whose desks may take it (`SiteRule`): its visit's, its call's; empty: every site.
    public var sites: [String] = []

    public init(id: Int64, kind: TaskKind, state: TaskState = .queued, title: String,
                createdAt: Date, dueAt: Date? = nil, desk: String? = nil, patientID: Int64? = nil,
                visitID: Int64? = nil, callID: String? = nil, context: TaskContext? = nil,
                masked: Bool = false, bump: Double = 0, assignedDesk: String? = nil, attempts: Int = 0) {
        self.id = id; self.kind = kind; self.state = state; self.title = title
        self.createdAt = createdAt; self.dueAt = dueAt; self.desk = desk
        self.patientID = patientID; self.visitID = visitID; self.callID = callID
        self.context = context; self.masked = masked; self.bump = bump
        self.assignedDesk = assignedDesk; self.attempts = attempts
    }

    /// When the current wait began: creation for a queued task, suspension for a suspended one.
    public var waitingSince: Date { context?.suspendedAt ?? createdAt }

    /// The desk a suspended task waits for: the one it was reassigned to, else the one that set
    /// it aside (nil for an open task, or one no desk holds).
    public var setAsideFor: String? { state == .suspended ? assignedDesk ?? desk : nil }
}
