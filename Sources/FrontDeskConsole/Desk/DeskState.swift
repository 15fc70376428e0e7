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

/// Something the desk must notice: an arriving call and what the library decided, a lost
/// race, an error from the store. Banners fade after `lifetime`.
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

/// Writes the worker has not finished: "saving…", and how long the database has held them.
public struct SavingMark: Equatable, Sendable {
    public var pending = 0
    public var oldestSince: Date?
}

/// Who sits at this desk and how the clinic reads time.
public struct DeskIdentity: Equatable, Sendable {
    public var desk: String
    public var user: String
    public var timeZone: TimeZone
    public init(desk: String, user: String, timeZone: TimeZone = .current) {
        self.desk = desk; self.user = user; self.timeZone = timeZone
    }
}

/// Everything the desk screen shows, as one value, made of the parts that each own their
/// keys: the three panes, the Check-In form, the prompt on top, help. The clinic comes from
/// the store; the rest is this console's own.
public struct DeskState: Equatable, Sendable {
    public var clinic: ClinicSnapshot {
        // What this desk holds, read once per picture of the clinic rather than on every
        // question a frame asks of it (it scans every task).
        didSet { holding = clinic.holding(of: identity.desk) }
    }
    /// This desk's active and suspended tasks, derived from `clinic` (see above).
    public private(set) var holding: DeskHolding
    public var now: Date
    public let identity: DeskIdentity
    public var width: Int
    public var height: Int
    /// The ranking the store is configured with (never a default of the screen's own), with
    /// the overload the load estimate finds in the clinic (`refreshLoad`).
    public var policy: RankingPolicy
    /// Offered work against the staffed desks, from the clinic as this desk sees it.
    public private(set) var load: LoadEstimate?

    public var focus: DeskPane = .waitingRoom
    public var board = WaitingRoom()
    public var phone = PhoneQueue()
    public var nextUp = NextUp()
    /// The Check-In form of the active check-in task.
    public var checkIn: CheckInForm?
    /// A prompt over the desk; while one is open it receives every key.
    public var prompt: DeskPrompt?
    /// A visit's readiness items or the patient lookup, over the board (see `DeskSheet`).
    public var sheet: DeskSheet?
    public var showsHelp = false
    public var banners: [Banner] = []
    public var resumeCue: ResumeCue?
    public var saving = SavingMark()
    /// The last failed read of the store, shown until a read succeeds.
    public var readFailure: String?

    public init(clinic: ClinicSnapshot, now: Date, identity: DeskIdentity, policy: RankingPolicy = RankingPolicy(),
                width: Int = 80, height: Int = 24) {
        self.clinic = clinic; self.now = now; self.identity = identity; self.policy = policy
        defer { refreshLoad() }
        self.width = width; self.height = height
        holding = clinic.holding(of: identity.desk)
    }

    public var deskName: String { identity.desk }
    public var user: String { identity.user }
    public var timeZone: TimeZone { identity.timeZone }
}

extension DeskState {
    mutating func show(_ kind: Banner.Kind, _ text: String) {
        banners.removeAll { $0.text == text }
        banners.append(Banner(kind, text, at: now))
        if banners.count > 5 { banners.removeFirst(banners.count - 5) }
    }
}

extension DeskState {
    /// Recomputes the load estimate (a pure function of the clinic at `now`: every console
    /// finds the same one) and ranks under its overload, if any.
    public mutating func refreshLoad() {
        let estimate = LoadEstimate.estimate(clinic, at: now)
        load = estimate
        policy = RankingPolicy(config: policy.config, overload: estimate.overload)
    }
}
