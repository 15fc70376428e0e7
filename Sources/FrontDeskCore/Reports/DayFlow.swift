import Foundation

/// Everything that happened on one clinic day, as the store recorded it: the input of the day
/// report. Plain values, so the figures are computed (and tested) without a store.
public struct DayFlow: Sendable {
    public struct VisitFlow: Sendable {
        public var id: Int64
        public var ticket: String
        public var patientName: String
        public var mrn: String
        public var provider: String
        public var appointmentAt: Date?
        public var walkIn: Bool
        public var status: VisitStatus
        public var arrivedAt: Date?
        /// Every status the visit entered, in order, with when.
        public var steps: [(status: VisitStatus, at: Date)]
        /// Each readiness item's state and when it last changed.
        public var readiness: [ReadinessItem: (state: ReadinessState, since: Date)]

        public init(id: Int64, ticket: String, patientName: String, mrn: String, provider: String, appointmentAt: Date?,
                    walkIn: Bool, status: VisitStatus, arrivedAt: Date?, steps: [(status: VisitStatus, at: Date)],
                    readiness: [ReadinessItem: (state: ReadinessState, since: Date)] = [:]) {
            self.id = id; self.ticket = ticket; self.patientName = patientName; self.mrn = mrn; self.provider = provider
            self.appointmentAt = appointmentAt; self.walkIn = walkIn; self.status = status; self.arrivedAt = arrivedAt
            self.steps = steps; self.readiness = readiness
        }

        /// When the visit first entered `status`.
        public func first(_ status: VisitStatus) -> Date? { steps.first { $0.status == status }?.at }
    }

    public struct CallFlow: Sendable {
        public var id: String
        public var arrivedAt: Date
        public var answeredAt: Date?
        public var endedAt: Date?
        public var state: CallState
        public init(id: String, arrivedAt: Date, answeredAt: Date?, endedAt: Date?, state: CallState) {
            self.id = id; self.arrivedAt = arrivedAt; self.answeredAt = answeredAt; self.endedAt = endedAt; self.state = state
        }
    }

    public struct TaskStep: Sendable {
        /// The store's word for it: `task.claimed`, `task.suspended`, `task.resumed`,
        /// `task.lease-expired`, `task.done`, `task.cancelled`, `task.queued`.
        public var event: String
        public var at: Date
        public var desk: String?
        public init(event: String, at: Date, desk: String?) { self.event = event; self.at = at; self.desk = desk }
    }

    public struct TaskFlow: Sendable {
        public var id: Int64
        public var kind: TaskKind
        public var createdAt: Date
        public var dueAt: Date?
        public var state: TaskState
        /// The task's steps on the day.
        public var steps: [TaskStep]
        /// When it was closed (done or cancelled), whatever day that was; nil while open.
        /// A task closed before the flow log existed has `.distantPast`: closed, time unknown.
        public var closedAt: Date?

        public init(id: Int64, kind: TaskKind, createdAt: Date, dueAt: Date?, state: TaskState, steps: [TaskStep],
                    closedAt: Date? = nil) {
            self.id = id; self.kind = kind; self.createdAt = createdAt; self.dueAt = dueAt; self.state = state; self.steps = steps
            self.closedAt = state.isOpen ? nil
                : closedAt ?? steps.last { $0.event == "task.done" || $0.event == "task.cancelled" }?.at ?? .distantPast
        }
    }

    public var day: CivilDate
    public var timeZone: TimeZone
    public var visits: [VisitFlow]
    public var calls: [CallFlow]
    public var tasks: [TaskFlow]

    public init(day: CivilDate, timeZone: TimeZone, visits: [VisitFlow], calls: [CallFlow], tasks: [TaskFlow]) {
        self.day = day; self.timeZone = timeZone; self.visits = visits; self.calls = calls; self.tasks = tasks
    }

    public var start: Date { day.start(in: timeZone) }
    public var end: Date { day.adding(days: 1).start(in: timeZone) }
}
