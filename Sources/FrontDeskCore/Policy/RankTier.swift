import Foundation

/// The first thing the ranking compares: which tier a task is in. Inside a tier tasks are
/// ordered by their score (`Explanation.total`); a better tier always goes first, whatever
/// the scores. Tiers are few and each has one reason, which `explain` states in words.
public enum RankTier: Int, CaseIterable, Comparable, Sendable, Codable {
    /// Above everything, earliest first.
    case emergency = 0
    /// A callback within `PolicyConfig.promiseLead` of its due time, or past it: a promise
    /// the desk made, kept before anything but an emergency (`callbacksArePromises`).
    case promise
    /// A task suspended for `PolicyConfig.resumeLimit` or longer: its desk takes no new work
    /// before it (suspended work is never lost).
    case resume
    /// Everything else, by score.
    case scored
    /// Work that cannot abandon, put back while the desk is overloaded (see `Overload`).
    case deferred

    public static func < (a: RankTier, b: RankTier) -> Bool { a.rawValue < b.rawValue }
}

/// The desk is taking more work than it can do: the load estimate said so (with
/// hysteresis, see `LoadEstimate`). While a policy carries one, work that cannot abandon
/// is deferred so that callers and patients at the window are served first.
public struct Overload: Equatable, Hashable, Sendable, Codable {
    /// Offered load ÷ desk capacity, e.g. 2.6 for "2.6× capacity".
    public var utilization: Double
    public init(utilization: Double) { self.utilization = utilization }

    /// "desk overloaded, 2.6× capacity"
    public var reason: String { "desk overloaded, \(String(format: "%.1f", utilization))× capacity" }
}
