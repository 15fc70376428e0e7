import Foundation

/// Runs a `SimulatedDay` under one policy with K desks, one-second steps, and reports it.
/// Pure and deterministic: the same day, policy and desk count give the same report.
///
/// The desks obey the one rule set (`TaskLifecycle` to take, set aside and close;
/// `CallbackRules` for callbacks) and `frontdesk` ranks with `TaskQueue`, fed every minute by
/// the same `LoadEstimate` the consoles compute.
public struct Simulator {
    public var day: SimulatedDay
    public var desks: Int
    public var policy: SimulationPolicy
    public var ranking: RankingPolicy
    public var load: LoadEstimate.Settings
    public var memory: MemoryModel

    public init(day: SimulatedDay, desks: Int, policy: SimulationPolicy, ranking: RankingPolicy = RankingPolicy(config: .withPromises),
                load: LoadEstimate.Settings = .default, memory: MemoryModel = MemoryModel()) {
        self.day = day; self.desks = max(1, desks); self.policy = policy; self.ranking = ranking
        self.load = load; self.memory = memory
    }

    /// A fixed, arbitrary instant for 08:00 of the simulated day.
    public static let dayStart = Date(timeIntervalSinceReferenceDate: 800_000_000)

    public func run() -> SimulationReport {
        var run = SimulationRun(sim: self)
        run.go()
        return run.report()
    }
}
