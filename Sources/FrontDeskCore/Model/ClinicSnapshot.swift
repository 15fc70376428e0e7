import Foundation

/// The whole live state as one value: what a console draws from.
/// The store builds it; screens and the policy only read it.
public struct ClinicSnapshot: Equatable, Sendable {
    public var patients: [Int64: Patient]
    public var visits: [Visit]
    public var calls: [Call]
    public var tasks: [DeskTask]
    public var desks: [Desk]
    /// The clinic's rooms (names as shown), in counting order; who is in each is read off the visits.
    public var rooms: [String]
    /// The clinic group's sites, by id; empty for a clinic without sites.
    public var sites: [Site] = []
    /// The change journal's sequence number this snapshot reflects.
    public var sequence: Int64
    /// The clinic day it covers (nil: every row, as tools and tests read it).
    public var day: DateInterval?

    public init(patients: [Int64: Patient] = [:], visits: [Visit] = [], calls: [Call] = [],
                tasks: [DeskTask] = [], desks: [Desk] = [], rooms: [String] = [], sequence: Int64 = 0, day: DateInterval? = nil) {
        self.patients = patients; self.visits = visits; self.calls = calls
        self.tasks = tasks; self.desks = desks; self.rooms = rooms; self.sequence = sequence; self.day = day
    }

    public func patient(_ id: Int64?) -> Patient? { id.flatMap { patients[$0] } }
    public func call(_ id: String?) -> Call? { id.flatMap { i in calls.first { $0.id == i } } }
    public func task(_ id: Int64?) -> DeskTask? { id.flatMap { i in tasks.first { $0.id == i } } }
    public func desk(_ name: String) -> Desk? { desks.first { $0.name == name } }
    public var openTasks: [DeskTask] { tasks.filter { $0.state.isOpen } }
    /// What `desk` holds now, derived from the tasks (never stored twice).
    public func holding(of desk: String) -> DeskHolding { DeskHolding(desk: desk, tasks: tasks, site: self.desk(desk)?.site) }
    /// The clinic as the desk `name` sees it: its site's lobby, calls and work, and what
    /// belongs to every site (`SiteRule`); all of it for a desk at no particular site.
    public func seen(fromDesk name: String) -> ClinicSnapshot {
        guard let site = desk(name)?.site else { return self }
        return SiteScope([site]).apply(self)
    }

    /// What screens call site `id`: its name (the id itself if it has gone).
    public func siteName(_ id: String) -> String { sites.first { $0.id == id }?.name ?? id }
}

/// The clinic day: midnight to midnight in the clinic's time zone.
public enum ClinicDay {
    public static func interval(containing date: Date, in zone: TimeZone) -> DateInterval {
        let today = CivilDate(date, in: zone)
        let tomorrow = CivilDate.fromDayNumber(today.dayNumber + 1)
        let end = CivilDate(year: tomorrow.year, month: tomorrow.month, day: tomorrow.day)!.start(in: zone)
        return DateInterval(start: today.start(in: zone), end: end)
    }
}
