import Foundation
import FrontDeskCore
import TerminalUI

/// The panes of the desk screen, in Tab order.
public enum DeskPane: Int, CaseIterable, Sendable {
    case waitingRoom, phoneQueue, nextUp

    public var title: String {
        switch self {
        case .waitingRoom: return "Waiting Room"
        case .phoneQueue: return "Phone Queue"
        case .nextUp: return "Next Up"
        }
    }
}

/// Which visits the Waiting Room lists.
public enum StatusFilter: Equatable, Sendable {
    /// Everything still part of today's work (the default).
    case open
    case all
    case only(VisitStatus)

    public var label: String {
        switch self {
        case .open: return "open"
        case .all: return "all"
        case .only(let s): return s.label
        }
    }
}

public enum BoardSort: String, CaseIterable, Sendable {
    case appointment = "appt"
    case longestInStatus = "wait"
    case ticket
    case patient
}

/// Something the desk must notice: an arriving call and what the library decided,
/// a lost race, an error from the store. Banners fade after `lifetime`.
public struct Banner: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, interruption, error }
    public var kind: Kind
    public var text: String
    public var shownAt: Date
    public static let lifetime: TimeInterval = 20

    public init(_ kind: Kind, _ text: String, at: Date) { self.kind = kind; self.text = text; self.shownAt = at }
}

/// Shown when a suspended task comes back: where it stopped, the note, how long it was away.
public struct ResumeCue: Equatable, Sendable {
    public var taskID: Int64
    public var step: String
    public var note: String
    public var away: TimeInterval
    public var progress: Double
}

/// What the desk will do once the receptionist has (optionally) left a note on the
/// task being put aside.
public enum PendingSwitch: Equatable, Sendable {
    case answer(callID: String)
    case openCheckIn(visitID: Int64)
    case take(taskID: Int64)
    /// Plain Esc: put the active task aside and nothing else.
    case suspendOnly
}

/// A modal prompt over the desk; while one is open it receives every key.
public enum DeskModal: Equatable, Sendable {
    case help
    case suspendNote(field: TextField, taskID: Int64, then: PendingSwitch)
    /// The outcome list plus an optional one-line note (it goes on a callback task).
    case callOutcome(callID: String, selected: Int, note: TextField)
    case emergency(note: TextField)
}

/// Everything the desk screen shows, as one value. The clinic comes from the store as a
/// snapshot; the rest is this console's own (focus, selections, prompts).
public struct DeskState: Equatable, Sendable {
    public var clinic: ClinicSnapshot
    public var now: Date
    public var deskName: String
    public var user: String
    public var width: Int
    public var height: Int
    /// Appointment times and the clock read in the clinic's zone.
    public var timeZone: TimeZone = .current

    public var focus: DeskPane = .waitingRoom
    public var selectedVisitID: Int64?
    public var selectedCallID: String?
    public var selectedTaskID: Int64?

    public var providerFilter: String?
    public var statusFilter: StatusFilter = .open
    public var sort: BoardSort = .appointment
    /// Non-nil while `/` find is being typed; `findQuery` keeps the filter after Enter.
    public var findField: TextField?
    public var findQuery: String = ""

    public var banners: [Banner] = []
    public var modal: DeskModal?
    public var resumeCue: ResumeCue?
    /// The Check-In form of the active check-in task.
    public var checkIn: CheckInForm?
    /// Effects sent and not yet answered by a new snapshot ("saving…").
    public var pendingEffects = 0

    public init(clinic: ClinicSnapshot, now: Date, deskName: String, user: String, width: Int = 80, height: Int = 24) {
        self.clinic = clinic; self.now = now; self.deskName = deskName; self.user = user
        self.width = width; self.height = height
    }

    public var policy: RankingPolicy { RankingPolicy() }
    public var desk: Desk? { clinic.desk(deskName) }
    public var activeTask: DeskTask? { clinic.task(desk?.activeTaskID).flatMap { $0.state == .active ? $0 : nil } }
    public var suspendedTasks: [DeskTask] { (desk?.suspendedTaskIDs ?? []).compactMap { clinic.task($0) }.filter { $0.state == .suspended } }
    /// The call this desk is talking on, if any.
    public var activeCall: Call? { clinic.calls.first { $0.state == .answered && $0.desk == deskName } }
    public var waitingCalls: [Call] { clinic.calls.filter { $0.state.isWaiting }.sorted { $0.arrivedAt < $1.arrivedAt } }
    public var openEmergencies: [DeskTask] { clinic.tasks.filter { $0.kind == .emergency && $0.state.isOpen } }
}
