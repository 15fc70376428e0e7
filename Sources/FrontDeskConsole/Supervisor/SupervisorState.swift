import Foundation
import FrontDeskCore
import TerminalUI
import FrontDeskStore

/// The supervisor's panes, in Tab order.
public enum SupervisorPane: Int, CaseIterable, Sendable {
    case desks, queue
}

/// A one-line prompt the supervisor is typing into.
public enum SupervisorPrompt: Equatable, Sendable {
    /// Reassign a task: the desk's name.
    case reassign(taskID: Int64, desk: TextField)
    /// Bump a task by a number of points.
    case bump(taskID: Int64, points: TextField)
    /// A one-line note for a desk's status line (empty clears it).
    case note(desk: String, text: TextField)
}

/// Everything `frontdesk supervise` draws from: the shared clinic, the clock, what is
/// selected, and which breaches have already rung the bell.
public struct SupervisorState: Equatable, Sendable {
    public var clinic: ClinicSnapshot
    public var now: Date
    public var user: String
    public var role: Role
    public var width: Int
    public var height: Int
    public var focus: SupervisorPane = .queue
    /// Selections by id: a re-rank between two keys never moves `b` or `r` to another task.
    public var selectedDeskName: String?
    public var selectedTaskID: Int64?
    public var prompt: SupervisorPrompt?
    /// The help overlay, drawn from the same keymap as the footer.
    public var showsHelp = false
    /// The last outcome or refusal, shown on the banner line.
    public var banner: String?
    public var bannerIsError = false
    public var bellEnabled: Bool
    /// Breach keys already seen: the bell rings once per new key (`BreachDetector` keeps them stable).
    public var seenBreaches: Set<String> = []
    public var limits = BreachLimits()
    /// The ranking the store is configured with, under the overload the estimate finds.
    public var policy: RankingPolicy
    /// Offered work against the staffed desks, and what it is made of.
    public private(set) var load: LoadEstimate?
    /// The HL7 outbox (what FrontDesk owes the practice system): its depth and oldest unsent.
    public var outbox: OutboxStatus?
    /// The day so far (the day report's figures) and the last hours' trends.
    public var today: TodaySoFar?
    public var timeZone: TimeZone = .current
    /// Writes handed to the worker and not yet done.
    public var saving = SavingMark()
    public var readFailure: String?
    /// The sites watched (`supervise --site`, within the user's own): the clinic is seen
    /// through it, so every pane, figure and breach is of those sites.
    public let scope: SiteScope

    public init(clinic: ClinicSnapshot, now: Date, user: String, role: Role, width: Int, height: Int, bellEnabled: Bool = true,
                policy: RankingPolicy = RankingPolicy(), scope: SiteScope = .all) {
        self.scope = scope
        self.clinic = scope.apply(clinic); self.now = now; self.user = user; self.role = role; self.policy = policy
        self.width = width; self.height = height; self.bellEnabled = bellEnabled
        // What is already wrong at start-up is on screen; the bell is for what goes wrong next.
        seenBreaches = Set(breaches.map(\.key))
        refreshLoad()
        refreshSiteFigures()
    }

    /// Each watched site's lobby and phone, for the Desks panel (empty in a clinic without
    /// sites): counted when the clinic changes and on each tick (a call that rang after the last
    /// tick counts from the next), not on every frame.
    public private(set) var siteFigures: [SiteFigure] = []

    public struct SiteFigure: Equatable, Sendable {
        public var name: String
        public var inLobby: Int
        public var callsWaiting: Int
    }

    public mutating func refreshSiteFigures() {
        siteFigures = clinic.sites.filter { scope.shows(site: $0.id) }.map { site in
            let f = ConsoleFigures(SiteScope([site.id]).apply(clinic), at: now)
            return SiteFigure(name: site.name, inLobby: f.inLobby, callsWaiting: f.callsWaiting)
        }
    }

    /// Recomputes the load estimate and ranks under its overload (as every desk does).
    public mutating func refreshLoad() {
        let estimate = LoadEstimate.estimate(clinic, at: now)
        load = estimate
        policy = RankingPolicy(config: policy.config, overload: estimate.overload)
    }

    /// Newest first, an open emergency on top.
    public var breaches: [Breach] { BreachDetector.detect(clinic, at: now, limits: limits) }

    /// Open tasks across every desk, best first, as the library ranks them.
    public var rankedQueue: [DeskTask] { policy.rank(clinic.openTasks, at: now) }

    public var desks: [Desk] { clinic.desks.sorted { $0.name < $1.name } }

    /// The selected task, or the head of the queue when the selected one has gone.
    public var selectedQueueTask: DeskTask? {
        let q = rankedQueue
        return q.first { $0.id == selectedTaskID } ?? q.first
    }

    public var selectedDesk: Desk? {
        let d = desks
        return d.first { $0.name == selectedDeskName } ?? d.first
    }
}

public enum SupervisorMessage: Equatable, Sendable {
    case event(ConsoleEvent)
    case clinic(ClinicSnapshot)
    /// A fresh picture, the outbox and today so far as they stood in the same read.
    case clinicAndOutbox(ClinicSnapshot, OutboxStatus?, today: TodaySoFar?)
    case readFailed(String)
    /// An action went through (what to tell the supervisor) or was refused (why).
    case done(String)
    case failed(String)
}

/// What the supervisor's `update` asks the runtime to do.
public enum SupervisorEffect: Equatable, Sendable {
    case reassign(taskID: Int64, desk: String)
    case bump(taskID: Int64, points: Double)
    case sendNote(desk: String, text: String?)
    case bell
    case quit
}

/// The supervisor console as a program for the one console runtime.
public enum SupervisorProgram: ConsoleProgram {
    public typealias State = SupervisorState
    public typealias Message = SupervisorMessage
    public typealias Effect = SupervisorEffect
    public static func message(_ event: ConsoleEvent) -> SupervisorMessage { .event(event) }
    public static func update(_ state: inout SupervisorState, _ message: SupervisorMessage) -> [SupervisorEffect] {
        FrontDeskConsole.update(&state, message)
    }
    public static func render(_ state: SupervisorState, into grid: inout Grid) -> (x: Int, y: Int)? {
        FrontDeskConsole.render(state, into: &grid)
    }
    public static func runtimeAction(_ effect: SupervisorEffect) -> RuntimeAction? {
        switch effect {
        case .quit: return .quit
        case .bell: return .bell
        default: return nil
        }
    }
}
