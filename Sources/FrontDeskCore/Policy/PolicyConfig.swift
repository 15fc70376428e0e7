import Foundation

/// The knobs of the ranking and interruption policy. Every value has a documented default;
/// `docs/core.md` explains how they combine and what starvation bound they give.
public struct PolicyConfig: Equatable, Sendable {
    /// How many tasks a desk may have suspended at once. At the cap only an emergency interrupts.
    public var suspendCap: Int = 2
    /// Aging: points per minute of waiting, for every non-emergency task. Must be > 0 —
    /// it is what makes the starvation bound finite.
    public var pointsPerMinute: Double = 1
    /// Points a task starts with, by kind. Emergency is not scored: it is a tier above all.
    public var kindPoints: [TaskKind: Double] = [
        .call: 15, .checkIn: 8, .callback: 4, .providerRequest: 3,
        .insuranceVerification: 2, .missingDocuments: 1,
    ]
    /// A deadline starts to count this long before it is due…
    public var deadlineLead: TimeInterval = 30 * 60
    /// …and adds this many points per minute until it is due; then it stays at its maximum
    /// (`deadlineLead` minutes × this rate). Capped so that the starvation bound holds.
    public var deadlinePointsPerMinute: Double = 1
    /// A suspended task gets this much at once…
    public var resumeBonus: Double = 3
    /// …plus this many points per minute it stays suspended…
    public var resumePointsPerMinute: Double = 1
    /// …for at most this long (so the bonus tops out at 3 + 15 = 18 points by default).
    public var resumeGrowthCap: TimeInterval = 15 * 60
    /// An arriving task interrupts the active one only when it scores at least this many
    /// points more: switching has a cost (resumption time, errors), so near-ties do not switch.
    public var interruptMargin: Double = 5

    public init() {}
    public static let `default` = PolicyConfig()

    public func points(for kind: TaskKind) -> Double { kindPoints[kind] ?? 0 }

    /// Largest deadline contribution.
    public var deadlineMaximum: Double { deadlinePointsPerMinute * deadlineLead / 60 }
    /// Largest resume contribution.
    public var resumeMaximum: Double { resumeBonus + resumePointsPerMinute * resumeGrowthCap / 60 }

    /// Starvation bound Δ: a non-emergency task T is never passed by a non-emergency task that
    /// started waiting more than Δ after T (supervisor bumps aside):
    ///
    ///     Δ = (maxKind + deadlineMaximum + resumeMaximum − minKind) / pointsPerMinute   minutes
    ///
    /// With the defaults: (15 + 30 + 18 − 1) / 1 = 62 minutes.
    public var starvationBound: TimeInterval {
        let nonEmergency = TaskKind.allCases.filter { $0 != .emergency }.map(points(for:))
        let spread = (nonEmergency.max() ?? 0) + deadlineMaximum + resumeMaximum - (nonEmergency.min() ?? 0)
        return spread / pointsPerMinute * 60
    }

    /// Problems that would break the policy's guarantees, in words; empty when valid.
    public var problems: [String] {
        var found: [String] = []
        if suspendCap < 0 { found.append("suspendCap must be 0 or more (got \(suspendCap))") }
        if !(pointsPerMinute > 0) { found.append("pointsPerMinute must be above 0, or tasks can starve") }
        if deadlineLead < 0 || deadlinePointsPerMinute < 0 { found.append("deadline values must not be negative") }
        if resumeGrowthCap < 0 || resumePointsPerMinute < 0 { found.append("resume values must not be negative") }
        return found
    }
}
