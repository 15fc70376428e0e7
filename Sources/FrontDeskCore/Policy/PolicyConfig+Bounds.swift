import Foundation

/// The guarantees the settings give, as numbers (docs/core.md derives them).
///
/// Each bound is about tasks in the scored and deferred tiers: emergencies, promised callbacks
/// (`promiseLead` before due) and suspended tasks past their resume limit pass everything by
/// design, and are bounded their own way — one callback per caller, each only once due; at
/// most `suspendCap` suspended tasks per desk, each only once it has waited its limit.
extension PolicyConfig {
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

    /// The bound while the desk is overloaded: a task T of kind `waiting` is never passed by a
    /// task of kind `passer` (outside the tiers above) that started waiting more than this after T:
    ///
    ///     Δ*(k, j) = L_k + max(0, kind_j + fastAgingMaximum_j + deadlineMaximum + resumeMaximum
    ///                              + overload_j − kind_k − overload_k) / slowestRate
    ///
    /// where L_k is `deferralLimit` for a deferrable kind (0 otherwise) and overload_j the
    /// caller's `overloadCallerPoints` for a call. While T is deferred it is passed only by
    /// tasks that started before now < T's start + L; afterwards it scores at least
    /// kind_k + slowest × (its wait − L), and the passer at most the rest plus slowest × its wait.
    public func overloadBound(for waiting: TaskKind, passedBy passer: TaskKind) -> TimeInterval {
        let deferral = deferrableKinds.contains(waiting) ? deferralLimit : 0
        let spread = points(for: passer) + fastAgingMaximum(for: passer) + deadlineMaximum + resumeMaximum
            + overloadPoints(for: passer) - points(for: waiting) - overloadPoints(for: waiting)
        return deferral + max(0, spread) / slowestRate * 60
    }

    /// The largest pairwise bound under overload. With the defaults: missing documents passed
    /// by a call, 6 h + (90 + 60 + 30 + 18 + 100 − 1) / 0.5 min = 15 h 54 min — longer than a
    /// clinic day: a desk overloaded all day does its paperwork in the gaps, the overtime and
    /// the hours after the overload, not ahead of the people it is serving.
    public var overloadBound: TimeInterval {
        Self.scoredKinds.flatMap { k in Self.scoredKinds.map { j in overloadBound(for: k, passedBy: j) } }.max() ?? 0
    }

    /// A caller's extra points while the desk is overloaded.
    func overloadPoints(for kind: TaskKind) -> Double { kind == .call ? overloadCallerPoints : 0 }
}
