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

    /// What the banner speaks of; it goes when that has changed (see `Subject.holds`).
    public var about: Subject?

    public init(_ kind: Kind, _ text: String, at: Date) { self.kind = kind; self.text = text; self.shownAt = at }

    public enum Subject: Equatable, Sendable {
        /// A call still waiting ("☎ Call from … · a answers").
        case callWaiting(String)
        /// A call this desk is on ("Already on a call with …").
        case callAtDesk(String)
        /// A task still in this state ("Next up: … · n takes it").
        case task(Int64, TaskState)

        func holds(in clinic: ClinicSnapshot, desk: String) -> Bool {
            switch self {
            case .callWaiting(let id): return clinic.call(id)?.state.isWaiting ?? false
            case .callAtDesk(let id):
                guard let c = clinic.call(id) else { return false }
                return c.state == .answered && c.desk == desk
            case let .task(id, state): return clinic.task(id)?.state == state
            }
        }
    }
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
    /// Whether this user needs a PIN and has none: the console locks when idle (set by the
    /// command; false in tests and when locking is off).
    public var needsPIN = false
    /// Set when `S` asks for the Schedule screen: the console runs it, then the desk again.
    public var scheduleRequest: ScheduleRequest?
    /// The record card of the patient on the line (or being called back), once loaded.
    public var card: PatientCard?
    /// The patient whose card was last asked for (so it is asked for once).
    public var cardRequested: Int64?

    public init(clinic: ClinicSnapshot, now: Date, identity: DeskIdentity, policy: RankingPolicy = RankingPolicy(),
                width: Int = 80, height: Int = 24) {
        let seen = clinic.seen(fromDesk: identity.desk)
        self.clinic = seen; self.now = now; self.identity = identity; self.policy = policy
        defer { refreshLoad() }
        self.width = width; self.height = height
        holding = seen.holding(of: identity.desk)
    }

    public var deskName: String { identity.desk }
    /// The site this desk stands at (nil: it serves every site).
    public var deskSite: String? { holding.site }
    public var user: String { identity.user }
    public var timeZone: TimeZone { identity.timeZone }
}

extension DeskState {
    mutating func show(_ kind: Banner.Kind, _ text: String, about subject: Banner.Subject? = nil) {
        banners.removeAll { $0.text == text }
        var banner = Banner(kind, text, at: now)
        banner.about = subject
        banners.append(banner)
        if banners.count > 5 { banners.removeFirst(banners.count - 5) }
    }

    /// A banner goes as soon as what it speaks of has changed (the call answered or ended,
    /// the task taken or done); a resume cue goes once its task is no longer the active one
    /// or the form has moved past the step it named.
    mutating func pruneStale() {
        let clinic = self.clinic, desk = deskName
        banners.removeAll { banner in
            guard let subject = banner.about else { return false }
            return !subject.holds(in: clinic, desk: desk)
        }
        if let cue = resumeCue {
            let moved = activeTask?.id != cue.taskID || (checkIn.map { $0.taskID == cue.taskID && $0.draft.step != cue.step } ?? false)
            if moved { resumeCue = nil }
        }
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

extension DeskState {
    /// Whose card the desk should show: the matched patient of the call it is on, else of the
    /// callback it is working.
    var cardSubject: Int64? {
        if let call = activeCall, let pid = call.patientID { return pid }
        if let t = activeTask, t.kind == .callback { return t.patientID }
        return nil
    }

    /// Asks for the card when the subject changed; forgets it when there is none.
    mutating func wantCard() -> [DeskEffect] {
        guard let pid = cardSubject else { card = nil; cardRequested = nil; return [] }
        if card?.patient.id == pid || cardRequested == pid { return [] }
        card = nil
        cardRequested = pid
        return [.loadCard(patientID: pid)]
    }
}

/// What the desk hands the Schedule screen: the patient to book, if one is in hand.
public struct ScheduleRequest: Equatable, Sendable {
    public var patientID: Int64?
    /// The Waiting Room's selected visit: the schedule opens on it (to cancel or move it there,
    /// under the same rules).
    public var visitID: Int64?
    /// A provider's follow-up request in hand: the schedule opens on what it asks for.
    public var requestTaskID: Int64?
    public init(patientID: Int64?, visitID: Int64? = nil, requestTaskID: Int64? = nil) {
        self.patientID = patientID; self.visitID = visitID; self.requestTaskID = requestTaskID
    }
}
