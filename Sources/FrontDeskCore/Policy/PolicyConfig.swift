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
        .insuranceVerification: 0.5, .missingDocuments: 0.5, .waitlistOffer: 1,
    ]
    /// The most points fast aging may add beyond what the slowest rate gives (see above).
    public var fastAgingCap: Double = 60
    /// Points a task starts with, by kind. Emergency is not scored: it is a tier above all.
    /// Live people start high so that the understaffed desk still answers the phone: a caller on
    /// the line (90) outranks about an hour of aged paperwork, a patient at the window (40) about
    /// half that. The price is a wider starvation bound for paperwork (see `starvationBound`).
    public var kindPoints: [TaskKind: Double] = [
        .call: 90, .checkIn: 40, .callback: 4, .providerRequest: 3,
        .insuranceVerification: 2, .missingDocuments: 1, .waitlistOffer: 4,
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

    /// Callbacks are promises: from `promiseLead` before its due time (and once overdue) a
    /// callback is in the `promise` tier, ahead of everything but an emergency.
    ///
    /// Off in `default`, on in `withPromises` (what the simulator's `frontdesk` runs): the
    /// consoles' Next Up still orders and labels work by points alone, and a promise heads it
    /// with fewer points than what follows — they switch it on when they show the tier.
    public var callbacksArePromises = false
    /// Ten minutes is several times the usual wait for a desk to come free, so the promise is
    /// kept on time.
    public var promiseLead: TimeInterval = 10 * 60
    /// A task suspended this long is in the `resume` tier: its desk takes no new work (bar an
    /// emergency or a promised callback) before it. This is the bound on how long suspended
    /// work waits while its desk takes new work.
    public var resumeLimit: TimeInterval = 10 * 60
    /// The same limit while the desk is overloaded: longer, so that callers and patients at the
    /// window are not kept waiting behind paperwork a call interrupted.
    public var overloadResumeLimit: TimeInterval = 30 * 60
    /// Kinds deferred while the desk is overloaded: nobody abandons them and nobody stands
    /// waiting for them (the cμ/θ rule's zero-cost classes; see docs/core.md).
    public var deferrableKinds: Set<TaskKind> = [.callback, .providerRequest, .insuranceVerification, .missingDocuments, .waitlistOffer]
    /// Under overload a queued task of a deferrable kind is deferred for at most this long
    /// after it began waiting; then it rejoins the scored tier as if it had just come in (aging
    /// from the end of its deferral, its deadline left out while the overload lasts), so it comes
    /// back below the callers it made way for, not above them. Six hours: a desk overloaded all
    /// day keeps its paperwork for the gaps and the overtime (see `overloadBound`).
    public var deferralLimit: TimeInterval = 6 * 3600
    /// Under overload a caller on the line gets these points more: a caller who hangs up is
    /// not work saved (the call comes back as a callback the desk has promised, or as a
    /// redial), so while the desk cannot keep up the phone goes before the window.
    public var overloadCallerPoints: Double = 100
    /// Finish before starting: a desk picks its own set-aside task of a kind nobody waits on in
    /// person (`deferrableKinds`) back up before it starts a new one of that kind
    /// (`RankingPolicy.finishingFirst`).
    public var finishBeforeStarting = true

    public init() {}
    public static let `default` = PolicyConfig()
    /// The defaults with callbacks kept as promises: the policy docs/core.md measures.
    public static let withPromises: PolicyConfig = { var c = PolicyConfig(); c.callbacksArePromises = true; return c }()

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
        if !(promiseLead >= 0) || !(resumeLimit >= 0) || !(overloadResumeLimit >= 0) || !(deferralLimit >= 0) {
            found.append("promiseLead, resumeLimit, overloadResumeLimit and deferralLimit must not be negative")
        }
        if !(overloadCallerPoints >= 0) { found.append("overloadCallerPoints must not be negative") }
        if deferrableKinds.contains(.emergency) { found.append("an emergency can never be deferred") }
        return found
    }
}
