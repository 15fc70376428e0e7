import Foundation

/// How a visit reads against the clock at the desk: late and not here yet, or waiting and since when.
extension Visit {
    /// Within this long of the appointment counts as on time, arriving or not yet here.
    public static let punctualitySlack: TimeInterval = 5 * 60

    /// How far past its time a booked visit is while the patient is still expected (scheduled);
    /// nil while on time, for walk-ins, and once the patient came or the visit was closed.
    public func lateness(at now: Date) -> TimeInterval? {
        guard status == .scheduled, !walkIn, let at = appointmentAt else { return nil }
        let late = now.timeIntervalSince(at)
        return late > Self.punctualitySlack ? late : nil
    }

    /// Since when the patient has been in the clinic's hands (arrived, not yet gone): the
    /// start of the Total column and of the lobby's "longest wait". Nil before arrival and
    /// after the visit closed.
    public var waitingSince: Date? {
        guard status.isOpen, status != .scheduled else { return nil }
        return arrivedAt ?? statusSince
    }
}

/// The orders the Waiting Room lists visits in, as rules over visits (ties are left to the
/// caller, which breaks them by ticket). Each answers "does `a` come before `b`", or nil on a tie.
public enum WaitingOrder {
    /// Who needs the desk: patients in the lobby — at the window, or checked in and not yet
    /// roomed — longest wait first; then the rest of the day by appointment time.
    public static func needsDesk(_ a: Visit, _ b: Visit) -> Bool? {
        let x = a.status.isInLobby, y = b.status.isInLobby
        if x != y { return x }
        return x ? longestWait(a, b) : appointment(a, b)
    }

    /// The longest wait first (the Total column: time since arrival), then those not here by
    /// appointment time.
    public static func longestWait(_ a: Visit, _ b: Visit) -> Bool? {
        switch (a.waitingSince, b.waitingSince) {
        case let (x?, y?): return x != y ? x < y : nil
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return appointment(a, b)
        }
    }

    /// The day as booked: appointment time, a walk-in at the time they came.
    public static func appointment(_ a: Visit, _ b: Visit) -> Bool? {
        let x = a.appointmentAt ?? a.arrivedAt ?? a.statusSince, y = b.appointmentAt ?? b.arrivedAt ?? b.statusSince
        return x != y ? x < y : nil
    }
}
