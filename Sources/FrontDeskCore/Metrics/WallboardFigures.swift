import Foundation

/// The figures a call-centre wallboard shows, over the calls of a day, at one instant.
///
/// Definitions (the usual call-centre ones):
/// - **calls waiting**: calls ringing or on hold now.
/// - **longest wait**: the longest current wait among those calls (0 when none).
/// - **answered**: calls a desk picked up (their wait ends at the answer).
/// - **abandoned**: callers who hung up before an answer, *except* short abandons.
/// - **short abandons**: hang-ups within `shortAbandonThreshold` (default 5 s) of arriving —
///   misdials and callers who change their mind before anyone could answer. They are counted
///   apart and left out of every rate below, so a burst of misdials neither lowers the service
///   level nor raises the abandon rate.
/// - **service level**: answered within `serviceTarget` (default 30 s) ÷ (answered + abandoned).
///   Nil when no call has been answered or abandoned yet.
/// - **abandon rate**: abandoned ÷ (answered + abandoned). Nil when nothing to measure.
/// - **average speed of answer (ASA)**: mean wait of *answered* calls only. Nil when none.
///
/// Only calls that arrived at or before `at` count.
public struct WallboardFigures: Equatable, Sendable, Codable {
    public var callsWaiting: Int
    public var longestWait: TimeInterval
    public var serviceLevel: Double?
    public var abandonRate: Double?
    public var averageSpeedOfAnswer: TimeInterval?
    public var answered: Int
    public var abandoned: Int
    public var shortAbandons: Int
    public var serviceTarget: TimeInterval

    public static func compute(calls: [Call], at now: Date, serviceTarget: TimeInterval = 30,
                               shortAbandonThreshold: TimeInterval = 5) -> WallboardFigures {
        var waiting = 0, longest: TimeInterval = 0
        var answered = 0, withinTarget = 0, abandoned = 0, short = 0
        var totalAnswerWait: TimeInterval = 0
        for call in calls where call.arrivedAt <= now {
            if call.state.isWaiting && call.answeredAt == nil {
                waiting += 1
                longest = max(longest, call.waitTime(at: now))
            } else if call.state.isWaiting {
                waiting += 1   // on hold after an answer: waiting again, but its answer counts below
            }
            if let answeredAt = call.answeredAt, answeredAt <= now {
                let wait = max(0, answeredAt.timeIntervalSince(call.arrivedAt))
                answered += 1
                totalAnswerWait += wait
                if wait <= serviceTarget { withinTarget += 1 }
            } else if call.state == .abandoned {
                if call.waitTime(at: now) < shortAbandonThreshold { short += 1 } else { abandoned += 1 }
            }
        }
        let measured = answered + abandoned
        return WallboardFigures(
            callsWaiting: waiting, longestWait: longest,
            serviceLevel: measured == 0 ? nil : Double(withinTarget) / Double(measured),
            abandonRate: measured == 0 ? nil : Double(abandoned) / Double(measured),
            averageSpeedOfAnswer: answered == 0 ? nil : totalAnswerWait / Double(answered),
            answered: answered, abandoned: abandoned, shortAbandons: short, serviceTarget: serviceTarget)
    }
}

/// How a wait looks on a board.
public enum WaitLevel: String, Sendable, Codable, Hashable, Comparable {
    case ok, amber, red
    public static func < (a: WaitLevel, b: WaitLevel) -> Bool {
        let order: [WaitLevel] = [.ok, .amber, .red]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// When a wait turns amber and red. At the threshold itself the colour changes.
public struct WaitThresholds: Equatable, Sendable, Codable {
    public var amber: TimeInterval
    public var red: TimeInterval
    public init(amber: TimeInterval, red: TimeInterval) { self.amber = amber; self.red = max(red, amber) }

    /// Lobby: amber at 10 min, red at 20 min.
    public static let lobby = WaitThresholds(amber: 10 * 60, red: 20 * 60)
    /// Phone: amber at 60 s, red at 120 s.
    public static let phone = WaitThresholds(amber: 60, red: 120)
    /// A visit's time in its current status on the board: amber at 15 min, red at 30 min.
    public static let timeInStatus = WaitThresholds(amber: 15 * 60, red: 30 * 60)
    /// A visit's total time since arrival on the board: amber at 45 min, red at 60 min.
    public static let visitTotal = WaitThresholds(amber: 45 * 60, red: 60 * 60)

    public func level(for wait: TimeInterval) -> WaitLevel {
        wait >= red ? .red : (wait >= amber ? .amber : .ok)
    }
}
