import Foundation
import FrontDeskCore

/// The lobby and phone figures the desk shows, as the library defines them
/// (`WallboardFigures`, `LobbyFigures`): one definition for every console and `status --json`.
struct ConsoleFigures: Equatable {
    let phone: WallboardFigures
    let lobby: LobbyFigures

    var inLobby: Int { lobby.waiting }
    var longestLobbyWait: TimeInterval { lobby.longestWait }
    var callsWaiting: Int { phone.callsWaiting }
    var longestCallWait: TimeInterval { phone.longestWait }
    var serviceLevel: Double? { phone.serviceLevel }
    var abandonRate: Double? { phone.abandonRate }
    var averageSpeedOfAnswer: TimeInterval? { phone.averageSpeedOfAnswer }

    init(_ clinic: ClinicSnapshot, at now: Date) {
        phone = WallboardFigures.compute(calls: clinic.calls, at: now)
        lobby = LobbyFigures.compute(visits: clinic.visits, at: now)
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

    /// "today 09:30", or "3 Dec 09:30" on another day.
    static func dayAndTime(_ d: Date, now: Date, in zone: TimeZone) -> String {
        let day = CivilDate(d, in: zone), today = CivilDate(now, in: zone)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let label = day == today ? "today" : "\(day.day) \(months[max(0, min(11, day.month - 1))])"
        return label + " " + timeOfDay(d, in: zone)
    }
}
