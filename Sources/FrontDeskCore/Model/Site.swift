import Foundation

/// One building of a clinic group: its own front desk, lobby, providers and board.
///
/// A clinic on one machine has no sites at all and nothing asks about them. A group names
/// its sites (`frontdesk site add`) and then desks, visits, provider schedules and phone
/// queues belong to one or more of them (`SiteRule`).
public struct Site: Equatable, Hashable, Sendable, Codable {
    /// Short and stable, e.g. "north": what commands take and rows store.
    public var id: String
    /// "North Street clinic": what screens show.
    public var name: String

    public init(id: String, name: String) { self.id = id; self.name = name }

    /// Lowercase letters, digits and hyphens, starting with a letter or digit, at most 20.
    public static func isValidID(_ id: String) -> Bool {
        guard (1...20).contains(id.utf8.count), let first = id.utf8.first, first != UInt8(ascii: "-") else { return false }
        return id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }
}

/// Which site's work a desk may take, once for the consoles, the store and the simulator.
///
/// - Work belongs to the sites it lists: a check-in to its visit's site, a call to the sites
///   its phone queue serves (one queue may serve several), a callback to its call's. Work that
///   lists none — every row of a clinic without sites — belongs to every site.
/// - A desk at a site takes that site's work and work that belongs to every site. A desk with
///   no site (a central phone team, or any desk of a clinic without sites) takes anything.
public enum SiteRule {
    public static func serves(deskSite: String?, _ sites: [String]) -> Bool {
        guard let deskSite, !sites.isEmpty else { return true }
        return sites.contains(deskSite)
    }

    /// How a list of sites is stored: sorted, space-separated (ids hold no spaces); nil for none.
    public static func encode(_ sites: [String]) -> String? {
        let ids = Set(sites).sorted()
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    public static func decode(_ text: String?) -> [String] {
        (text ?? "").split(separator: " ").map(String.init)
    }
}

/// What a supervisor's screen or a lobby board shows: every site, or some.
public struct SiteScope: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// nil: every site.
    public var sites: Set<String>?

    public init(_ sites: Set<String>?) { self.sites = sites }
    public static let all = SiteScope(nil)

    /// A row that names a site is shown when that site is in scope; one that names none
    /// belongs to every site and is always shown.
    public func shows(site: String?) -> Bool {
        guard let sites, let site else { return true }
        return sites.contains(site)
    }

    public func shows(sites listed: [String]) -> Bool {
        guard let sites, !listed.isEmpty else { return true }
        return listed.contains { sites.contains($0) }
    }

    /// The part of the clinic in scope: visits, calls, tasks and desks of those sites (and
    /// whatever belongs to every site), and whatever a desk in scope holds or was given;
    /// patients and rooms are shared.
    public func apply(_ clinic: ClinicSnapshot) -> ClinicSnapshot {
        guard sites != nil else { return clinic }
        var scoped = clinic
        scoped.desks = clinic.desks.filter { shows(site: $0.site) }
        let desks = Set(scoped.desks.map(\.name))
        func here(_ desk: String?) -> Bool { desk.map(desks.contains) ?? false }
        scoped.visits = clinic.visits.filter { shows(site: $0.site) }
        scoped.calls = clinic.calls.filter { shows(sites: $0.sites) || here($0.desk) }
        scoped.tasks = clinic.tasks.filter { shows(sites: $0.sites) || here($0.desk) || here($0.assignedDesk) }
        return scoped
    }

    public var description: String {
        guard let sites else { return "all sites" }
        return sites.sorted().joined(separator: ", ")
    }
}
