import Foundation

/// A front-desk position: who sits there and a supervisor's note. What it is working on is
/// not stored here — it is derived from the tasks themselves (`DeskHolding`), so there is
/// one truth about which desk holds which task.
public struct Desk: Equatable, Hashable, Sendable, Codable {
    public var name: String
    /// OS login of the person signed in at the desk, if any.
    public var user: String?
    /// A supervisor's one-line note shown on the desk's status line.
    public var note: String?
    /// The site the desk stands at (`SiteRule`); nil: it serves every site.
    public var site: String?
    // The lease's heartbeat is not part of the desk's picture: it changes every few seconds
    // and is not news (no journal row), so a console's copy could never keep up with it.

    public init(name: String, user: String? = nil, note: String? = nil, site: String? = nil) {
        self.name = name; self.user = user; self.note = note; self.site = site
    }
}

/// What a desk holds right now, read off the tasks' own state: the one active task and
/// the tasks it put aside (oldest suspension first).
public struct DeskHolding: Equatable, Sendable {
    public var desk: String
    public var active: DeskTask?
    public var suspended: [DeskTask]
    /// The desk's site, for `SiteRule` (nil: it serves every site).
    public var site: String?

    public init(desk: String, active: DeskTask? = nil, suspended: [DeskTask] = [], site: String? = nil) {
        self.desk = desk; self.active = active; self.site = site
        self.suspended = suspended.sorted { ($0.waitingSince, $0.id) < ($1.waitingSince, $1.id) }
    }

    /// Derives the holding from any set of tasks (the whole clinic, or only this desk's).
    public init<S: Sequence>(desk: String, tasks: S, site: String? = nil) where S.Element == DeskTask {
        var active: DeskTask?
        var suspended: [DeskTask] = []
        for t in tasks where t.desk == desk {
            if t.state == .active { active = t } else if t.state == .suspended { suspended.append(t) }
        }
        self.init(desk: desk, active: active, suspended: suspended, site: site)
    }

    public var isFree: Bool { active == nil }
    public func holds(_ id: Int64) -> Bool { active?.id == id || suspended.contains { $0.id == id } }
}
