import Foundation

/// The knobs of the ranking and interruption policy. Every value has a documented default;
/// `docs/core.md` explains how they combine and what starvation bound they give.
public struct PolicyConfig: Equatable, Sendable {
    /// How many tasks a desk may have suspended at once. At the cap only an emergency interrupts.
    public var suspendCap: Int = 2
    /// Aging, by kind: points per minute of waiting. A caller on the line gives up in about two
    /// minutes and a patient at the window minds after about ten, while paperwork can wait
    /// hours — so live people age fast and paperwork slowly. Every rate must be > 0.
    ///
    /// A kind ages at its own rate only until it has gained `fastAgingCap` points more than the
    /// slowest rate would have given it; from then on it ages at the slowest rate. That cap is
    /// what keeps a finite starvation bound between every pair of kinds (see `starvationBound`).
    public var pointsPerMinute: [TaskKind: Double] = [
        .call: 10, .checkIn: 3, .callback: 1, .providerRequest: 1,
        .insuranceVerification: 0.5, .missingDocuments: 0.5,
    ]
    /// The most points fast aging may add beyond what the slowest rate gives (see above).
    public var fastAgingCap: Double = 60
    /// Points a task starts with, by kind. Emergency is not scored: it is a tier above all.
    /// Live people start high so that the understaffed desk still answers the phone: a caller on
    /// the line (90) outranks about an hour of aged paperwork, a patient at the window (40) about
    /// half that. The price is a wider starvation bound for paperwork (see `starvationBound`).
    public var kindPoints: [TaskKind: Double] = [
        .call: 90, .checkIn: 40, .callback: 4, .providerRequest: 3,
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

    static let scoredKinds = TaskKind.allCases.filter { $0 != .emergency }

    /// The slowest aging rate of any scored kind: every non-emergency task ages at least this fast.
    public var slowestRate: Double { Self.scoredKinds.map { pointsPerMinute[$0] ?? 0 }.min() ?? 0 }

    /// Points per minute of waiting for `kind`. An emergency is not scored; its "waited"
    /// line in `explain` uses the slowest rate, for information only.
    public func agingRate(for kind: TaskKind) -> Double {
        kind == .emergency ? slowestRate : (pointsPerMinute[kind] ?? 0)
    }

    /// The most fast aging can add to `kind` beyond the slowest rate: `fastAgingCap` when the
    /// kind ages faster than the slowest, else nothing.
    public func fastAgingMaximum(for kind: TaskKind) -> Double {
        agingRate(for: kind) > slowestRate ? fastAgingCap : 0
    }

    /// Largest deadline contribution.
    public var deadlineMaximum: Double { deadlinePointsPerMinute * deadlineLead / 60 }
    /// Largest resume contribution.
    public var resumeMaximum: Double { resumeBonus + resumePointsPerMinute * resumeGrowthCap / 60 }

    /// Starvation bound for one pair: a task T of kind `waiting` is never passed by a task of
    /// kind `passer` that started waiting more than this after T (supervisor bumps aside):
    ///
    ///     Δ(k, j) = max(0, kind_j + fastAgingMaximum_j + deadlineMaximum + resumeMaximum − kind_k) / slowestRate
    ///
    /// T's score is at least kind_k + slowest × its wait; the passer's at most its kind, its
    /// capped fast aging, a full deadline and resume bonus, plus slowest × its (shorter) wait.
    public func starvationBound(for waiting: TaskKind, passedBy passer: TaskKind) -> TimeInterval {
        let spread = points(for: passer) + fastAgingMaximum(for: passer) + deadlineMaximum + resumeMaximum
            - points(for: waiting)
        return max(0, spread) / slowestRate * 60
    }

    /// The largest pairwise bound: no non-emergency task is passed by a non-emergency task that
    /// started waiting more than this after it. With the defaults: a missing-documents task and
    /// a call, (90 + 60 + 30 + 18 − 1) / 0.5 = 394 minutes.
    public var starvationBound: TimeInterval {
        Self.scoredKinds.flatMap { k in Self.scoredKinds.map { j in starvationBound(for: k, passedBy: j) } }.max() ?? 0
    }

    /// Problems that would break the policy's guarantees, in words; empty when valid.
    public var problems: [String] {
        var found: [String] = []
        if suspendCap < 0 { found.append("suspendCap must be 0 or more (got \(suspendCap))") }
        for kind in Self.scoredKinds where !(agingRate(for: kind) > 0) {
            found.append("pointsPerMinute for \(kind.label) must be above 0, or tasks can starve")
        }
        if !(fastAgingCap >= 0) { found.append("fastAgingCap must not be negative") }
        if deadlineLead < 0 || deadlinePointsPerMinute < 0 { found.append("deadline values must not be negative") }
        if resumeGrowthCap < 0 || resumePointsPerMinute < 0 { found.append("resume values must not be negative") }
        return found
    }
}
