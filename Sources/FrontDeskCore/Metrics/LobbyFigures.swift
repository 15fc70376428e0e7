import Foundation

/// What the Waiting Room board counts, at one instant.
public struct LobbyFigures: Equatable, Sendable {
    /// Visits per status (statuses with none are absent; use `count(_:)`).
    public var counts: [VisitStatus: Int]
    /// Patients in the lobby: arrived or checked in, not yet roomed.
    public var waiting: Int
    /// The longest time since arrival among patients in the lobby (0 when none).
    public var longestWait: TimeInterval
    /// The visit that has waited longest, if any.
    public var longestWaitingVisitID: Int64?

    public func count(_ status: VisitStatus) -> Int { counts[status] ?? 0 }

    public static func compute(visits: [Visit], at now: Date) -> LobbyFigures {
        var counts: [VisitStatus: Int] = [:]
        var waiting = 0, longest: TimeInterval = 0
        var longestID: Int64?
        for visit in visits {
            counts[visit.status, default: 0] += 1
            guard visit.status.isInLobby else { continue }
            waiting += 1
            let wait = visit.totalTime(at: now) ?? visit.timeInStatus(at: now)
            if longestID == nil || wait > longest || (wait == longest && visit.id < longestID!) {
                longest = wait; longestID = visit.id
            }
        }
        return LobbyFigures(counts: counts, waiting: waiting, longestWait: longest, longestWaitingVisitID: longestID)
    }
}

/// Where someone is waiting: on the phone or in the lobby.
public enum WaitChannel: String, Sendable, Codable, Hashable {
    case phone, lobby
    public var label: String { self == .phone ? "phone" : "lobby" }
}

/// "Longest wait, any channel": one figure across phone and lobby, saying which.
public struct LongestWait: Equatable, Sendable {
    public var channel: WaitChannel
    public var seconds: TimeInterval
    /// The board colour, judged by that channel's own thresholds.
    public var level: WaitLevel

    /// Nil when nobody waits anywhere. On a tie the lobby wins: the person in the room is seen.
    public static func anyChannel(phone: WallboardFigures, lobby: LobbyFigures,
                                  phoneThresholds: WaitThresholds = .phone,
                                  lobbyThresholds: WaitThresholds = .lobby) -> LongestWait? {
        let phoneWait = phone.callsWaiting > 0 ? phone.longestWait : nil
        let lobbyWait = lobby.waiting > 0 ? lobby.longestWait : nil
        if let p = phoneWait, p > (lobbyWait ?? -1) {
            return LongestWait(channel: .phone, seconds: p, level: phoneThresholds.level(for: p))
        }
        guard let l = lobbyWait else { return nil }
        return LongestWait(channel: .lobby, seconds: l, level: lobbyThresholds.level(for: l))
    }
}
