import Foundation

/// The policies the simulator compares on the same day.
public enum SimulationPolicy: String, CaseIterable, Sendable, Codable {
    /// Ours: `RankingPolicy` (tiers, aging, deadlines, resume bonus, masks, cap, and the
    /// overload deferral fed by `LoadEstimate`) through `TaskQueue`.
    case frontdesk
    /// First come, first served by creation time; only an emergency jumps the line or interrupts.
    case fifo
    /// Fixed priority by kind, no aging (how TaskRouter-style routers work); a higher kind
    /// interrupts a lower one while the stack is under the cap and the step is not masked.
    case strict
    /// A receptionist without this library: the phone and the window first, then the pile of
    /// paperwork in the order it came; interrupted work is resumed from memory, which fails
    /// (`MemoryModel`): a task set aside can be forgotten for good, and picking one back up
    /// without a cue costs more.
    case memory
    /// `strict` keeping the promise ours keeps: a callback within `PolicyConfig.promiseLead` of
    /// its due time (or past it) goes before everything but an emergency, and is not
    /// interrupted. Not one of the compared policies (`compared`): a baseline that shows what
    /// keeping every callback on time costs strict's own order on an overloaded day.
    case strictPromises = "strict-promises"

    /// What `frontdesk simulate` runs when no policy is named.
    public static let compared: [SimulationPolicy] = [.frontdesk, .fifo, .strict, .memory]

    /// The fixed order `strict` uses, highest first.
    static let strictOrder: [TaskKind] = [.emergency, .call, .checkIn, .callback, .providerRequest,
                                          .insuranceVerification, .missingDocuments]
    static func strictRank(_ kind: TaskKind) -> Int { strictOrder.firstIndex(of: kind) ?? strictOrder.count }

    /// What a receptionist without a system does first: emergency, the ringing phone, the
    /// patient at the window; everything else is one pile.
    static func memoryRank(_ kind: TaskKind) -> Int { min(strictRank(kind), strictRank(.callback)) }

    /// `true` when `a` should be worked before `b` (baselines; `frontdesk` uses the policy).
    func precedes(_ a: DeskTask, _ b: DeskTask, at now: Date, policy: RankingPolicy) -> Bool {
        switch self {
        case .frontdesk:
            return policy.precedes(a, b, at: now)
        case .fifo:
            if (a.kind == .emergency) != (b.kind == .emergency) { return a.kind == .emergency }
            return (a.createdAt, a.id) < (b.createdAt, b.id)
        case .strict, .memory, .strictPromises:
            let ra = rank(a, at: now, policy: policy), rb = rank(b, at: now, policy: policy)
            if ra != rb { return ra < rb }
            if self == .strictPromises, ra == Self.promiseRank, let da = a.dueAt, let db = b.dueAt, da != db {
                return da < db   // promises: earliest due first
            }
            return (a.createdAt, a.id) < (b.createdAt, b.id)
        }
    }

    /// Where `strictPromises` puts a callback whose promise binds: after an emergency, before
    /// the rest of strict's order.
    static let promiseRank = strictRank(.call)

    /// The fixed-order baselines' rank of `task` now, lowest first. `strictPromises` is strict's
    /// order with a callback inside its promise lead (`RankingPolicy.promiseStart`, the rule ours
    /// keeps) moved up to just after an emergency.
    func rank(_ task: DeskTask, at now: Date, policy: RankingPolicy) -> Int {
        switch self {
        case .memory: return Self.memoryRank(task.kind)
        case .strictPromises:
            if let start = policy.promiseStart(task), Fixed.tick(now) >= start { return Self.promiseRank }
            return task.kind == .emergency ? 0 : Self.strictRank(task.kind) + 1
        case .frontdesk, .fifo, .strict: return Self.strictRank(task.kind)
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
        case .strict, .memory, .strictPromises:
            if arriving.kind == .emergency { return active.kind != .emergency }
            return !active.masked && stackDepth < policy.config.suspendCap
                && rank(arriving, at: now, policy: policy) < rank(active, at: now, policy: policy)
        }
    }
}

/// How a receptionist's memory for interrupted work fails, for `SimulationPolicy.memory`.
///
/// - **Forgetting** (Altmann & Trafton's memory for goals: a suspended goal's activation
///   decays while attention is elsewhere): each time a task is set aside, how long it stays in
///   mind is drawn from an exponential distribution with mean `meanRecall`; if the desk has not
///   gone back to it by then, it is forgotten for good — never resumed, its work never done.
///   With 20 minutes, a task set aside for 4 minutes (about a call and its wrap-up) is lost
///   18 % of the time, close to the 18.5 % of interrupted tasks that emergency physicians never
///   returned to (Westbrook et al. 2010); longer interruptions lose more.
/// - **Resumption lag** without a cue: picking a task back up costs `uncuedResumption` (60 s)
///   where the console's cue (where it stopped, the note, how long ago) costs the day's
///   `resumptionCost` (30 s) — an assumption, stated: cues shorten the resumption lag.
public struct MemoryModel: Equatable, Sendable {
    public var meanRecall: TimeInterval = 20 * 60
    public var uncuedResumption: TimeInterval = 60
    public init() {}
}
