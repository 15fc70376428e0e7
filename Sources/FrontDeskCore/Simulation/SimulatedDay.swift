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
        /// Calls: the number the caller rings from (the same number when they ring again).
        public var caller: String?
        /// Calls: what the caller does after hanging up, in order — ring again after a delay,
        /// with the patience and work of that call. Empty: they wait for the callback.
        public var redials: [Redial] = []
    }

    /// A caller ringing again after hanging up.
    public struct Redial: Sendable {
        public var delay: TimeInterval
        public var patience: TimeInterval
        public var work: TimeInterval
        public var callbackWork: TimeInterval
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
        /// Extra calls an hour during the first `surgeLength` after opening (a phone surge).
        public var surgeCallsPerHour = 0.0
        public var surgeLength: TimeInterval = 3600
        /// Share of callers who, having hung up, ring again (each time, up to `maxRedials`)…
        public var redialRate = 0.4
        /// …after this long on average (exponential).
        public var meanRedialDelay: TimeInterval = 10 * 60
        public var maxRedials = 2
        public init() {}
        /// A day busy enough that the desks fall behind at the peaks.
        public static let busy: Config = {
            var c = Config(); c.callsPerHour = 22; c.appointmentsPerHour = 12; c.walkinsPerHour = 3; return c
        }()
        /// The busy day with the phone ringing 40 times an hour for the first hour after opening.
        public static let surge: Config = {
            var c = busy; c.surgeCallsPerHour = 18; return c
        }()
    }

    /// The days `frontdesk simulate --profile` offers.
    public enum Profile: String, CaseIterable, Sendable, Codable {
        case busy, surge
        public var config: Config {
            switch self {
            case .busy: return .busy
            case .surge: return .surge
            }
        }
    }

    public var config: Config
    public var seed: UInt64
    public var arrivals: [Arrival]
    /// The profile's name when the config is one of them, else "custom".
    public var profile: String { Profile.allCases.first { $0.config == config }?.rawValue ?? "custom" }

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
        addCallers(to: &arrivals, seed: seed, config: config)
        // Stable order: by time, then by the order drawn.
        let ordered = arrivals.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        return SimulatedDay(config: config, seed: seed, arrivals: ordered)
    }

    public static func generate(seed: UInt64, profile: Profile) -> SimulatedDay {
        generate(seed: seed, config: profile.config)
    }

    /// Surge calls, callers' numbers and what each caller does after hanging up. Drawn from a
    /// second generator after everything else, so the rest of the day is the same day as
    /// before these were modelled (and the same in `busy` and `surge`).
    private static func addCallers(to arrivals: inout [Arrival], seed: UInt64, config: Config) {
        var rng = SeededGenerator(seed: seed ^ 0xCA11_BAC4_5EED_0001)
        func work(_ kind: TaskKind) -> TimeInterval { rng.serviceTime(mean: config.meanWork[kind] ?? 180) }
        for t in rng.poissonTimes(perHour: config.surgeCallsPerHour, length: min(config.surgeLength, config.length)) {
            arrivals.append(Arrival(at: t, kind: .call, work: work(.call),
                                    patience: rng.exponential(mean: config.meanPatience), callbackWork: work(.callback)))
        }
        var line = 0
        for i in arrivals.indices where arrivals[i].kind == .call {
            line += 1
            arrivals[i].caller = String(format: "555-%04d", line)
            var redials: [Redial] = []
            while redials.count < config.maxRedials, rng.chance(config.redialRate) {
                redials.append(Redial(delay: rng.exponential(mean: config.meanRedialDelay),
                                      patience: rng.exponential(mean: config.meanPatience),
                                      work: work(.call), callbackWork: work(.callback)))
            }
            arrivals[i].redials = redials
        }
    }
}
