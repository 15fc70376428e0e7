import Foundation

/// Seeds × desk counts × policies on one day profile: every policy faces the very same days,
/// and each cell is the mean over the seeds. What `frontdesk simulate --grid` prints.
public struct SimulationGrid: Codable, Equatable, Sendable {
    /// One policy at one desk count, averaged over the seeds.
    public struct Row: Codable, Equatable, Sendable {
        public var policy: String
        public var desks: Int
        public var runs: Int
        /// Means over the seeds; a rate is averaged over the days it could be measured.
        public var serviceLevel: Double?
        public var abandonRate: Double?
        public var asa: Double?
        public var lobbyWaitP50: Double
        public var lobbyWaitP90: Double
        public var callbacksOverdue: Double
        public var insuranceLate: Double
        public var suspendedAgeP90: Double
        public var suspendedAgeMax: Double
        public var neverResumed: Double
        public var tasksLeftOpen: Double
        public var minutesOverloaded: Double
        /// Mean desk minutes by kind, all day and while patients waited (`SimulationReport.deskMinutes`).
        public var deskMinutes: SimulationReport.DeskMinutes

        init(policy: SimulationPolicy, desks: Int, reports: [SimulationReport]) {
            func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
            func mean(_ field: (SimulationReport) -> Double) -> Double { mean(reports.map(field)) }
            func rate(_ field: (SimulationReport) -> Double?) -> Double? {
                let values = reports.compactMap(field)
                return values.isEmpty ? nil : mean(values)
            }
            self.policy = policy.rawValue; self.desks = desks; runs = reports.count
            serviceLevel = rate { $0.phone.serviceLevel }
            abandonRate = rate { $0.phone.abandonRate }
            asa = rate { $0.phone.asa }
            lobbyWaitP50 = mean { $0.lobbyWait.p50 }
            lobbyWaitP90 = mean { $0.lobbyWait.p90 }
            callbacksOverdue = mean { Double($0.callbacksOverdue) }
            insuranceLate = mean { Double($0.insuranceLate) }
            suspendedAgeP90 = mean { $0.suspendedAge.p90 }
            suspendedAgeMax = mean { $0.suspendedAge.max }
            neverResumed = mean { Double($0.neverResumed) }
            tasksLeftOpen = mean { Double($0.tasksLeftOpen) }
            minutesOverloaded = mean { Double($0.minutesOverloaded) }
            func meanByKind(_ field: (SimulationReport) -> [String: Double]) -> [String: Double] {
                let kinds = Set(reports.flatMap { field($0).keys })
                return Dictionary(uniqueKeysWithValues: kinds.map { kind in (kind, mean { field($0)[kind] ?? 0 }) })
            }
            deskMinutes = .init(all: meanByKind { $0.deskMinutes.all }, whilePatientsWait: meanByKind { $0.deskMinutes.whilePatientsWait })
        }
    }

    public var profile: SimulatedDay.Profile
    public var seeds: [UInt64]
    /// Policy settings changed from the defaults (`PolicySetting`, "name=value"), empty when none.
    public var settings: [String] = []
    /// Desk counts in the order asked, each with every policy in the order asked.
    public var rows: [Row]

    /// Runs every combination. Each day is generated once and shared by all its runs. `settings`
    /// change the policy's knobs from `PolicyConfig.withPromises` for every policy that reads them
    /// (ours; the promise strict-promises keeps); a setting that is refused runs nothing.
    public static func run(profile: SimulatedDay.Profile, seeds: [UInt64], desks: [Int],
                           policies: [SimulationPolicy] = SimulationPolicy.compared,
                           settings: [PolicySetting] = []) throws(PolicySetting.Failure) -> SimulationGrid {
        let ranking = RankingPolicy(config: try PolicySetting.apply(settings, to: .withPromises))
        let days = seeds.map { SimulatedDay.generate(seed: $0, profile: profile) }
        var rows: [Row] = []
        for k in desks {
            for policy in policies {
                rows.append(Row(policy: policy, desks: k, reports: days.map { Simulator(day: $0, desks: k, policy: policy, ranking: ranking).run() }))
            }
        }
        return SimulationGrid(profile: profile, seeds: seeds, settings: settings.map(\.description), rows: rows)
    }

    public func row(_ policy: SimulationPolicy, desks: Int) -> Row? {
        rows.first { $0.policy == policy.rawValue && $0.desks == desks }
    }
}
