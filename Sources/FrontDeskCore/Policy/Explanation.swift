import Foundation

/// One named part of a score, e.g. ("waited 7 min", 7).
public struct ScorePart: Equatable, Sendable {
    public var label: String
    public var points: Double
    public init(_ label: String, _ points: Double) { self.label = label; self.points = points }
}

/// Why a task ranks where it does: its tier (with the reason for it, in words) and the parts
/// of its score within that tier. The parts add up to the score exactly (`total`).
public struct Explanation: Equatable, Sendable {
    public var tier: RankTier
    /// Why the task is in its tier, e.g. "deferred: desk overloaded, 2.6× capacity"; nil in
    /// the scored tier, where the parts say it all.
    public var headline: String?
    public var parts: [ScorePart]

    public init(tier: RankTier, headline: String? = nil, parts: [ScorePart]) {
        self.tier = tier; self.headline = headline; self.parts = parts
    }

    public var isEmergency: Bool { tier == .emergency }
    public var total: Double { parts.reduce(0) { $0 + $1.points } }
    /// "waited 7 min +21 · patient at window +40", with the tier's reason first when it has one.
    public var text: String {
        let body = parts.map { "\($0.label) \($0.points >= 0 ? "+" : "")\(Int($0.points.rounded()))" }
            .joined(separator: " · ")
        guard let headline else { return body }
        return body.isEmpty ? headline : headline + " · " + body
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
