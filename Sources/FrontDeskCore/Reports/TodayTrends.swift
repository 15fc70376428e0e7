import Foundation

/// The shape of the last hours for the supervisor: calls waiting, patients in the lobby and the
/// service level, in buckets aligned to the clock (so a bucket's bar changes only when its data
/// does, and a slow link redraws little), each marked where the supervisor's limit was passed.
public struct TodayTrends: Equatable, Sendable {
    public static let bucket: TimeInterval = 5 * 60
    /// How far back the trends reach.
    public static let span: TimeInterval = 4 * 3600

    /// The start of the first bucket; the last bucket holds `now`.
    public var start: Date
    /// The most calls waiting at once in each bucket.
    public var callsWaiting: [Int]
    /// A caller waited past the call-wait limit at some moment in the bucket.
    public var callsOverLimit: [Bool]
    /// The most patients in the lobby at once in each bucket.
    public var lobbyWaiting: [Int]
    /// A patient had been in the lobby past the lobby-wait limit at some moment in the bucket.
    public var lobbyOverLimit: [Bool]
    /// Of the calls that rang in the bucket, answered within the report's target (short
    /// abandons left out, as in the report); nil when none rang.
    public var serviceLevel: [Double?]
    /// The service level a clinic aims for; buckets under it are marked.
    public static let serviceTarget = 0.8

    public static func compute(_ flow: DayFlow, now: Date, callWaitLimit: TimeInterval, lobbyWaitLimit: TimeInterval) -> TodayTrends {
        let end = (now.timeIntervalSince1970 / bucket).rounded(.down) * bucket + bucket
        let start = max(end - span, flow.start.timeIntervalSince1970)
        let count = max(1, Int(((end - start) / bucket).rounded(.up)))
        let first = Date(timeIntervalSince1970: end - Double(count) * bucket)
        func index(_ t: Date) -> Int { Int((t.timeIntervalSince(first) / bucket).rounded(.down)) }

        // Who is still waiting waits through the bucket that holds `now`.
        let calls = flow.calls.filter { $0.arrivedAt <= now }.map { c in (from: c.arrivedAt, to: c.answeredAt ?? c.endedAt ?? .distantFuture) }
        let lobby: [(from: Date, to: Date)] = flow.visits.compactMap { v in
            guard let arrival = v.arrivedAt ?? v.first(.arrived), arrival <= now else { return nil }
            let left = v.steps.first { $0.at >= arrival && ![.arrived, .checkedIn].contains($0.status) }?.at
            return (arrival, left ?? .distantFuture)
        }
        var sl: [Double?] = Array(repeating: nil, count: count)
        var rang = Array(repeating: 0, count: count), inTarget = Array(repeating: 0, count: count)
        for c in flow.calls {
            let i = index(c.arrivedAt)
            guard (0..<count).contains(i) else { continue }
            let abandonedFast = c.answeredAt == nil && c.state == .abandoned
                && (c.endedAt ?? now).timeIntervalSince(c.arrivedAt) <= DayReport.shortAbandon
            if abandonedFast { continue }
            rang[i] += 1
            if let a = c.answeredAt, a.timeIntervalSince(c.arrivedAt) <= DayReport.serviceTarget { inTarget[i] += 1 }
        }
        for i in 0..<count where rang[i] > 0 { sl[i] = Double(inTarget[i]) / Double(rang[i]) }
        return TodayTrends(start: first,
                           callsWaiting: peaks(calls, first: first, count: count),
                           callsOverLimit: over(calls, limit: callWaitLimit, first: first, count: count, now: now),
                           lobbyWaiting: peaks(lobby, first: first, count: count),
                           lobbyOverLimit: over(lobby, limit: lobbyWaitLimit, first: first, count: count, now: now),
                           serviceLevel: sl)
    }

    /// The most intervals open at once within each bucket (a sweep over their ends).
    static func peaks(_ spans: [(from: Date, to: Date)], first: Date, count: Int) -> [Int] {
        var events: [(t: Double, d: Int)] = []
        for s in spans where s.to > s.from {
            events.append((s.from.timeIntervalSince(first), 1))
            events.append((s.to.timeIntervalSince(first), -1))
        }
        events.sort { $0.t != $1.t ? $0.t < $1.t : $0.d < $1.d }
        var out = Array(repeating: 0, count: count)
        var level = 0, k = 0
        for b in 0..<count {
            let lo = Double(b) * bucket, hi = lo + bucket
            while k < events.count, events[k].t <= lo { level += events[k].d; k += 1 }
            var peak = level
            while k < events.count, events[k].t < hi { level += events[k].d; peak = max(peak, level); k += 1 }
            out[b] = max(0, peak)
        }
        return out
    }

    /// Buckets overlapping a moment when some interval had run past `limit`.
    static func over(_ spans: [(from: Date, to: Date)], limit: TimeInterval, first: Date, count: Int, now: Date) -> [Bool] {
        var out = Array(repeating: false, count: count)
        for s in spans {
            let from = s.from.addingTimeInterval(limit)
            guard min(s.to, now) >= from, s.to > from else { continue }
            let a = max(0, Int((from.timeIntervalSince(first) / bucket).rounded(.down)))
            // Still waiting: through the bucket of `now`; else the last bucket it overlaps.
            let b = s.to > now ? Int((now.timeIntervalSince(first) / bucket).rounded(.down))
                               : Int((s.to.timeIntervalSince(first) / bucket).rounded(.up)) - 1
            let last = min(count - 1, b)
            if a <= last { for i in a...last { out[i] = true } }
        }
        return out
    }
}

/// What the supervisor's "today so far" shows: the day report's own figures, and the trends.
public struct TodaySoFar: Equatable, Sendable {
    public var report: DayReport
    public var trends: TodayTrends

    public init(report: DayReport, trends: TodayTrends) { self.report = report; self.trends = trends }

    public static func compute(_ flow: DayFlow, now: Date, limits: BreachLimits) -> TodaySoFar {
        TodaySoFar(report: DayReport.compute(flow, now: now),
                   trends: TodayTrends.compute(flow, now: now, callWaitLimit: limits.callWait, lobbyWaitLimit: limits.lobbyWait))
    }
}
