import Foundation
import FrontDeskCore

/// The lobby and phone figures the desk shows. Computed here until FrontDeskCore's
/// `WallboardFigures`/`LobbyFigures` land; then this file should delegate to them.
struct ConsoleFigures: Equatable {
    /// Target for service level: answered within this many seconds.
    static let serviceTarget: TimeInterval = 30

    var inLobby = 0
    var longestLobbyWait: TimeInterval = 0
    var callsWaiting = 0
    var longestCallWait: TimeInterval = 0
    /// Answered within target over all calls that were answered or abandoned; nil with none.
    var serviceLevel: Double?
    var abandonRate: Double?
    /// Average speed of answer of answered calls; nil with none.
    var averageSpeedOfAnswer: TimeInterval?

    var longestWaitAnyChannel: TimeInterval { max(longestLobbyWait, longestCallWait) }

    init(_ clinic: ClinicSnapshot, at now: Date) {
        for v in clinic.visits where v.status.isInLobby {
            inLobby += 1
            longestLobbyWait = max(longestLobbyWait, v.totalTime(at: now) ?? v.timeInStatus(at: now))
        }
        var answered: [TimeInterval] = []
        var abandoned = 0
        for c in clinic.calls {
            if c.state.isWaiting {
                callsWaiting += 1
                longestCallWait = max(longestCallWait, c.waitTime(at: now))
            }
            if c.answeredAt != nil { answered.append(c.waitTime(at: now)) }
            if c.state == .abandoned { abandoned += 1 }
        }
        let handled = answered.count + abandoned
        if handled > 0 {
            serviceLevel = Double(answered.filter { $0 <= ConsoleFigures.serviceTarget }.count) / Double(handled)
            abandonRate = Double(abandoned) / Double(handled)
        }
        if !answered.isEmpty { averageSpeedOfAnswer = answered.reduce(0, +) / Double(answered.count) }
    }
}

/// How durations and times read on the desk.
enum Clock {
    /// "2:05" — the phone's ticking waits.
    static func minutesSeconds(_ t: TimeInterval) -> String {
        let s = max(0, Int(t))
        return "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
    }

    /// "7m", "1h05" — lobby times that change once a minute, so an idle board stays quiet.
    static func minutes(_ t: TimeInterval) -> String {
        let m = max(0, Int(t)) / 60
        if m < 60 { return "\(m)m" }
        return "\(m / 60)h" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
    }

    static func percent(_ x: Double?) -> String { x.map { "\(Int(($0 * 100).rounded()))%" } ?? "–" }

    /// "09:30" in the machine's time zone.
    static func timeOfDay(_ d: Date, in zone: TimeZone) -> String {
        // Plain arithmetic: a Calendar per board row cost more than the rest of the frame.
        let local = Int(d.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: d)
        let minuteOfDay = ((local / 60) % 1440 + 1440) % 1440
        let h = minuteOfDay / 60, m = minuteOfDay % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
