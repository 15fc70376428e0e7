import Foundation

/// What a simulated day brings, drawn once from a seed so every policy faces the very same
/// day: each arrival carries its own service time (and, for a call, the caller's patience).
public struct SimulatedDay: Sendable {
    public struct Arrival: Sendable {
        public var at: TimeInterval
        public var kind: TaskKind
        /// Seconds of desk work it needs.
        public var work: TimeInterval
        public var dueAt: TimeInterval?
        /// Calls: how long the caller waits before hanging up.
        public var patience: TimeInterval?
        /// Calls: the work of the callback owed if the caller hangs up.
        public var callbackWork: TimeInterval?
        /// Check-ins: documents found missing at the window become a task with this work.
        public var missingDocumentsWork: TimeInterval?
    }

    public struct Config: Equatable, Sendable {
        /// Opening hours simulated; desks may work `overtime` past the end.
        public var length: TimeInterval = 9 * 3600
        public var overtime: TimeInterval = 3600
        /// Booked appointments per hour across all providers.
        public var appointmentsPerHour = 10.0
        public var noShowRate = 0.08
        public var lateRate = 0.2
        public var walkinsPerHour = 2.0
        public var callsPerHour = 20.0
        public var meanPatience: TimeInterval = 120
        public var providerRequestsPerHour = 2.0
        public var emergenciesPerDay = 1.0
        /// Insurance is verified for this share of appointments, due at the appointment.
        public var insuranceCheckRate = 0.6
        public var missingDocumentsRate = 0.15
        /// A promised callback is due this long after the hang-up.
        public var callbackWindow: TimeInterval = 30 * 60
        /// Mean desk work per kind, seconds.
        public var meanWork: [TaskKind: TimeInterval] = [
            .emergency: 300, .call: 150, .checkIn: 200, .callback: 150,
            .providerRequest: 240, .insuranceVerification: 180, .missingDocuments: 120,
        ]
        /// Picking an interrupted task back up costs this much extra work.
        public var resumptionCost: TimeInterval = 30
        /// The last share of a check-in (identity match, payment) masks interruptions.
        public var maskedShareOfCheckIn = 0.25
        public init() {}
        /// A day busy enough that the desks fall behind at the peaks.
        public static let busy: Config = {
            var c = Config(); c.callsPerHour = 22; c.appointmentsPerHour = 12; c.walkinsPerHour = 3; return c
        }()
    }

    public var config: Config
    public var seed: UInt64
    public var arrivals: [Arrival]

    public static func generate(seed: UInt64, config: Config = .busy) -> SimulatedDay {
        var rng = SeededGenerator(seed: seed)
        var arrivals: [Arrival] = []
        func work(_ kind: TaskKind) -> TimeInterval { rng.serviceTime(mean: config.meanWork[kind] ?? 180) }

        // Appointments on a regular grid; patients arrive early or late around them.
        let slots = Int(config.appointmentsPerHour * config.length / 3600)
        for slot in 0..<slots {
            let appointment = (Double(slot) + 0.5) * 3600 / config.appointmentsPerHour
            if rng.chance(config.insuranceCheckRate) {
                let created = max(0, appointment - 2 * 3600)
                arrivals.append(Arrival(at: created, kind: .insuranceVerification, work: work(.insuranceVerification),
                                        dueAt: appointment))
            }
            if rng.chance(config.noShowRate) { continue }
            let offset = rng.chance(config.lateRate) ? rng.exponential(mean: 8 * 60) : -rng.exponential(mean: 10 * 60)
            let docs = rng.chance(config.missingDocumentsRate) ? work(.missingDocuments) : nil
            arrivals.append(Arrival(at: max(0, appointment + offset), kind: .checkIn, work: work(.checkIn),
                                    missingDocumentsWork: docs))
        }
        for t in rng.poissonTimes(perHour: config.walkinsPerHour, length: config.length) {
            arrivals.append(Arrival(at: t, kind: .checkIn, work: work(.checkIn) * 1.25))
        }
        for t in rng.poissonTimes(perHour: config.callsPerHour, length: config.length) {
            arrivals.append(Arrival(at: t, kind: .call, work: work(.call),
                                    patience: rng.exponential(mean: config.meanPatience), callbackWork: work(.callback)))
        }
        for t in rng.poissonTimes(perHour: config.providerRequestsPerHour, length: config.length) {
            arrivals.append(Arrival(at: t, kind: .providerRequest, work: work(.providerRequest), dueAt: t + 2 * 3600))
        }
        for t in rng.poissonTimes(perHour: config.emergenciesPerDay * 3600 / config.length, length: config.length) {
            arrivals.append(Arrival(at: t, kind: .emergency, work: work(.emergency)))
        }
        // Stable order: by time, then by the order drawn.
        let ordered = arrivals.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        return SimulatedDay(config: config, seed: seed, arrivals: ordered)
    }
}
