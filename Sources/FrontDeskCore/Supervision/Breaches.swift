import Foundation

/// Limits past which a supervisor wants to know.
public struct BreachLimits: Equatable, Sendable {
    /// A patient in the lobby (arrived or checked in) longer than this.
    public var lobbyWait: TimeInterval = 20 * 60
    /// A caller waiting longer than this.
    public var callWait: TimeInterval = 2 * 60
    /// A task suspended longer than this (the "forgotten task" the research warns of).
    public var suspendedFor: TimeInterval = 15 * 60
    public init() {}
}

/// Something over its limit right now.
public struct Breach: Equatable, Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable {
        case emergency, lobbyWait = "long lobby wait", callWait = "long call wait"
        case callbackOverdue = "callback overdue", suspendedTooLong = "suspended too long"
    }
    public var kind: Kind
    /// Stable while the breach lasts, so a console rings the bell once per new breach.
    public var key: String
    /// When the limit was crossed (or the emergency raised): the list is newest first by this.
    public var since: Date
    /// What the supervisor reads; may contain outside text (make it inert before display).
    public var detail: String
    public var desk: String?
}

public enum BreachDetector {
    public static func detect(_ s: ClinicSnapshot, at now: Date, limits: BreachLimits = BreachLimits()) -> [Breach] {
        var out: [Breach] = []
        for t in s.tasks where t.state.isOpen {
            if t.kind == .emergency {
                out.append(Breach(kind: .emergency, key: "task-\(t.id)", since: t.createdAt,
                                  detail: t.title, desk: t.desk ?? t.assignedDesk))
            }
            if t.kind == .callback, let due = t.dueAt, due < now {
                out.append(Breach(kind: .callbackOverdue, key: "callback-\(t.id)", since: due,
                                  detail: "\(t.title) — due \(Self.minutes(now.timeIntervalSince(due))) ago", desk: t.desk))
            }
            if t.state == .suspended, let c = t.context, now.timeIntervalSince(c.suspendedAt) > limits.suspendedFor {
                out.append(Breach(kind: .suspendedTooLong, key: "suspended-\(t.id)-\(c.timesSuspended)",
                                  since: c.suspendedAt.addingTimeInterval(limits.suspendedFor),
                                  detail: "\(t.kind.label): \(t.title) — suspended \(Self.minutes(now.timeIntervalSince(c.suspendedAt)))",
                                  desk: t.desk))
            }
        }
        for v in s.visits where v.status.isInLobby {
            if let arrived = v.arrivedAt, now.timeIntervalSince(arrived) > limits.lobbyWait {
                out.append(Breach(kind: .lobbyWait, key: "visit-\(v.id)", since: arrived.addingTimeInterval(limits.lobbyWait),
                                  detail: "\(v.ticket) waiting \(Self.minutes(now.timeIntervalSince(arrived)))", desk: nil))
            }
        }
        for c in s.calls where c.state.isWaiting {
            if now.timeIntervalSince(c.arrivedAt) > limits.callWait {
                out.append(Breach(kind: .callWait, key: "call-\(c.id)", since: c.arrivedAt.addingTimeInterval(limits.callWait),
                                  detail: "caller waiting \(Self.minutes(now.timeIntervalSince(c.arrivedAt)))", desk: nil))
            }
        }
        return out.sorted { a, b in
            if (a.kind == .emergency) != (b.kind == .emergency) { return a.kind == .emergency }
            return a.since != b.since ? a.since > b.since : a.key < b.key
        }
    }

    static func minutes(_ t: TimeInterval) -> String {
        let m = Int(t) / 60
        return m >= 60 ? "\(m / 60) h \(m % 60) min" : "\(m) min"
    }
}
