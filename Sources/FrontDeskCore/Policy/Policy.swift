import Foundation

// PHASE-0 CONTRACT: the public API below is what the console, the store and the
// commands call. The issue-2 work deepens the scoring and the queue behind it.

public struct PolicyConfig: Equatable, Sendable {
    /// How many tasks a desk may have suspended at once.
    public var suspendCap: Int = 2
    /// Points per minute of waiting.
    public var pointsPerMinute: Double = 1
    public init() {}
    public static let `default` = PolicyConfig()
}

/// One named part of a score, e.g. ("waited 7 min", 7).
public struct ScorePart: Equatable, Sendable {
    public var label: String
    public var points: Double
    public init(_ label: String, _ points: Double) { self.label = label; self.points = points }
}

/// Why a task ranks where it does.
public struct Explanation: Equatable, Sendable {
    public var isEmergency: Bool
    public var parts: [ScorePart]
    public var total: Double { parts.reduce(0) { $0 + $1.points } }
    /// "waited 7 min +7 · patient at window +8 · resumed bonus +3"
    public var text: String {
        let body = parts.map { "\($0.label) \($0.points >= 0 ? "+" : "")\(Int($0.points.rounded()))" }
            .joined(separator: " · ")
        return isEmergency ? (body.isEmpty ? "emergency: above everything" : "emergency: above everything · " + body) : body
    }
}

public enum InterruptionVerdict: String, Sendable, Equatable {
    case interruptNow = "interrupt now"
    case offerAtNextBreak = "at the next break"
    case queue = "queued"
}

public struct Decision: Equatable, Sendable {
    public var verdict: InterruptionVerdict
    public var reason: String
    public init(_ verdict: InterruptionVerdict, _ reason: String) { self.verdict = verdict; self.reason = reason }
}

public struct RankingPolicy: Sendable {
    public var config: PolicyConfig
    public init(config: PolicyConfig = .default) { self.config = config }

    public func explain(_ task: DeskTask, at now: Date) -> Explanation {
        let minutes = max(0, now.timeIntervalSince(task.waitingSince)) / 60
        var parts = [ScorePart("waited \(Int(minutes)) min", minutes * config.pointsPerMinute)]
        if task.kind == .checkIn { parts.append(ScorePart("patient at window", 8)) }
        if task.kind == .call { parts.append(ScorePart("caller on the line", 10)) }
        if task.state == .suspended { parts.append(ScorePart("resumed bonus", 3)) }
        if task.bump != 0 { parts.append(ScorePart("bumped by supervisor", task.bump)) }
        return Explanation(isEmergency: task.kind == .emergency, parts: parts)
    }

    /// Best first. Ties broken by creation time, then id, so the order never depends on input order.
    public func rank(_ tasks: [DeskTask], at now: Date) -> [DeskTask] {
        tasks.map { ($0, explain($0, at: now)) }
            .sorted { a, b in
                if a.1.isEmergency != b.1.isEmergency { return a.1.isEmergency }
                if a.1.total != b.1.total { return a.1.total > b.1.total }
                if a.0.createdAt != b.0.createdAt { return a.0.createdAt < b.0.createdAt }
                return a.0.id < b.0.id
            }
            .map(\.0)
    }

    public func decide(active: DeskTask?, arriving: DeskTask, stackDepth: Int, at now: Date) -> Decision {
        if arriving.kind == .emergency { return Decision(.interruptNow, "emergency: above everything") }
        guard let active else { return Decision(.interruptNow, "desk is free") }
        if active.masked { return Decision(.offerAtNextBreak, "\(active.kind.label) is in a masked step") }
        if stackDepth >= config.suspendCap {
            return Decision(.queue, "already \(stackDepth) tasks suspended (cap \(config.suspendCap))")
        }
        if arriving.kind == .call { return Decision(.interruptNow, "a caller is waiting") }
        return Decision(.queue, "\(active.kind.label) in progress")
    }
}
