import Foundation

/// The policies the simulator compares on the same day.
public enum SimulationPolicy: String, CaseIterable, Sendable, Codable {
    /// Ours: `RankingPolicy` (aging, deadlines, resume bonus, masks, cap) through `TaskQueue`.
    case frontdesk
    /// First come, first served by creation time; only an emergency jumps the line or interrupts.
    case fifo
    /// Fixed priority by kind, no aging (how TaskRouter-style routers work); a higher kind
    /// interrupts a lower one while the stack is under the cap and the step is not masked.
    case strict

    /// The fixed order `strict` uses, highest first.
    static let strictOrder: [TaskKind] = [.emergency, .call, .checkIn, .callback, .providerRequest,
                                          .insuranceVerification, .missingDocuments]
    static func strictRank(_ kind: TaskKind) -> Int { strictOrder.firstIndex(of: kind) ?? strictOrder.count }

    /// `true` when `a` should be worked before `b` (baselines; `frontdesk` uses the policy).
    func precedes(_ a: DeskTask, _ b: DeskTask, at now: Date, policy: RankingPolicy) -> Bool {
        switch self {
        case .frontdesk:
            return policy.precedes(a, b, at: now)
        case .fifo:
            if (a.kind == .emergency) != (b.kind == .emergency) { return a.kind == .emergency }
            return (a.createdAt, a.id) < (b.createdAt, b.id)
        case .strict:
            let ra = Self.strictRank(a.kind), rb = Self.strictRank(b.kind)
            if ra != rb { return ra < rb }
            return (a.createdAt, a.id) < (b.createdAt, b.id)
        }
    }

    /// Only asked when `arriving` is also the best waiting task for that desk under this
    /// policy, so no policy lets a newcomer jump ahead of what it ranks higher.
    func shouldInterrupt(active: DeskTask, arriving: DeskTask, stackDepth: Int, at now: Date,
                         policy: RankingPolicy) -> Bool {
        switch self {
        case .frontdesk:
            return policy.decide(active: active, arriving: arriving, stackDepth: stackDepth, at: now).verdict == .interruptNow
        case .fifo:
            return arriving.kind == .emergency && active.kind != .emergency
        case .strict:
            if arriving.kind == .emergency { return active.kind != .emergency }
            return !active.masked && stackDepth < policy.config.suspendCap
                && Self.strictRank(arriving.kind) < Self.strictRank(active.kind)
        }
    }
}
