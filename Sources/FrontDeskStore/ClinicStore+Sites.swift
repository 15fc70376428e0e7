import Foundation
import FrontDeskCore
import TextSafety

/// Outside text in a message, inert and short.
private func shown(_ text: String, _ limit: Int) -> String { InertText.inert(String(text.prefix(limit))) }

/// A clinic group's sites (`Site`, `SiteRule`): which site a desk stands at, which sites a
/// phone queue answers for, which site a provider's schedule belongs to, which sites a user
/// may work at. Each is one admin action in one transaction; a clinic that names no site
/// never meets any of this.
extension ClinicStore {
    /// Names a new site, or renames one.
    public func addSite(_ site: Site, by actor: Actor, now: Date) throws {
        guard Site.isValidID(site.id) else {
            throw StoreError.invalid("site id \"\(shown(site.id, 24))\" must be 1–20 lowercase letters, digits or hyphens, not starting with a hyphen")
        }
        let name = site.name.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(name.count), !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw StoreError.invalid("a site's name must be 1–60 characters of text")
        }
        try write(actor, now: now) { tx in
            try requireRole(.admin, actor)
            try tx.db.execute(sql: "INSERT INTO site(id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                              arguments: [site.id, name, tx.t])
            try tx.changed(.site, site.id, action: "site.named", detail: "\(site.id): \(name)")
        }
    }

    /// The clinic's sites, by id (empty for a clinic without sites).
    public func sites() throws -> [Site] {
        try read { db in try Self.sites(db) }
    }

    static func deskSite(_ db: any SQLConnection, _ desk: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT site FROM desk WHERE name = ?", arguments: [desk])
    }

    static func siteIDs(_ db: any SQLConnection) throws -> [String] { try String.fetchAll(db, sql: "SELECT id FROM site ORDER BY id") }

    /// The refusal for a site id that names none, with the ones there are.
    static func noSite(_ id: String, known: [String]) -> StoreError {
        .invalid("no site \"\(shown(id, 24))\"" + (known.isEmpty ? "; this clinic has none (frontdesk site add names one)" : " (sites: \(known.joined(separator: ", ")))"))
    }

    /// Which lobby a board shows: `asked`, which must be a site; none in a clinic without
    /// sites; a clinic with sites refuses a board that does not say which.
    public func boardSite(_ asked: String?) throws -> String? {
        try read { db in
            let known = try Self.siteIDs(db)
            if let asked, !known.contains(asked) { throw Self.noSite(asked, known: known) }
            if asked == nil, !known.isEmpty {
                throw StoreError.invalid("this clinic has sites \(known.joined(separator: ", ")): a board shows one lobby, say which with --site")
            }
            return asked
        }
    }

    static func sites(_ db: any SQLConnection) throws -> [Site] {
        try SQLRow.fetchAll(db, sql: "SELECT id, name FROM site ORDER BY id").map { Site(id: $0[0], name: $0[1]) }
    }

    /// The desk stands at `site` (nil: it serves every site, as a central phone team does).
    public func setDeskSite(_ desk: String, site: String?, by actor: Actor, now: Date) throws {
        guard !desk.isEmpty else { throw StoreError.invalid("a desk needs a name") }
        try write(actor, now: now) { tx in
            try requireRole(.admin, actor)
            if let site { try tx.requireSites([site]) }
            try tx.db.execute(sql: "INSERT INTO desk(name, site) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET site = excluded.site",
                              arguments: [desk, site])
            try tx.changed(.desk, desk, action: "desk.site", detail: site ?? "every site")
        }
    }

    /// Calls on `queue` are answered by desks of `sites` (empty: by every desk). Calls already
    /// ringing keep the sites they rang for.
    public func setQueueSites(_ queue: String, sites: [String], by actor: Actor, now: Date) throws {
        guard !queue.isEmpty, queue.count <= 80 else { throw StoreError.invalid("a phone queue needs a name of at most 80 characters") }
        try write(actor, now: now) { tx in
            try requireRole(.admin, actor)
            try tx.requireSites(sites)
            try tx.db.execute(sql: "DELETE FROM phone_queue_site WHERE queue = ?", arguments: [queue])
            for site in Set(sites).sorted() {
                try tx.db.execute(sql: "INSERT INTO phone_queue_site(queue, site) VALUES (?, ?)", arguments: [queue, site])
            }
            try tx.changed(.site, queue, action: "site.queue", detail: "\(queue): \(SiteRule.encode(sites) ?? "every site")")
        }
    }

    /// Each phone queue that answers for particular sites, with them.
    public func queueSites() throws -> [String: [String]] {
        try read { db in
            try SQLRow.fetchAll(db, sql: "SELECT queue, site FROM phone_queue_site ORDER BY queue, site")
                .reduce(into: [:]) { (out: inout [String: [String]], r: SQLRow) in out[r[0], default: []].append(r[1]) }
        }
    }

    /// A provider's schedule belongs to `site` (nil: to none in particular). Visits booked or
    /// imported for the provider from now on come to that site.
    public func setProviderSite(_ provider: String, site: String?, by actor: Actor, now: Date) throws {
        guard !provider.isEmpty, provider.count <= 80 else { throw StoreError.invalid("a provider needs an id of at most 80 characters") }
        try write(actor, now: now) { tx in
            try requireRole(.admin, actor)
            if let site {
                try tx.requireSites([site])
                try tx.db.execute(sql: "INSERT INTO provider_site(provider, site) VALUES (?, ?) ON CONFLICT(provider) DO UPDATE SET site = excluded.site",
                                  arguments: [provider, site])
            } else {
                try tx.db.execute(sql: "DELETE FROM provider_site WHERE provider = ?", arguments: [provider])
            }
            try tx.changed(.site, provider, action: "site.provider", detail: "\(provider): \(site ?? "no site")")
        }
    }

    public func providerSites() throws -> [String: String] {
        try read { db in try Self.providerSites(db) }
    }

    static func providerSites(_ db: any SQLConnection) throws -> [String: String] {
        try SQLRow.fetchAll(db, sql: "SELECT provider, site FROM provider_site")
            .reduce(into: [:]) { (out: inout [String: String], r: SQLRow) in out[r[0]] = r[1] }
    }

    /// Each desk with the site it stands at (nil: every site).
    public func deskSites() throws -> [(desk: String, site: String?)] {
        try read { db in try SQLRow.fetchAll(db, sql: "SELECT name, site FROM desk ORDER BY name").map { ($0[0], $0[1]) } }
    }

    /// The calendar's providers a desk at a site books for: that site's, and those of no site
    /// in particular (by schedule id, or by name as imported visits name them). nil for a desk
    /// at no site, which books for everyone.
    public func siteProviders(forDesk desk: String) throws -> Set<String>? {
        try read { db in
            guard let site = try Self.deskSite(db, desk) else { return nil }
            let placed = try Self.providerSites(db)
            let providers = try Self.calendar(db)?.providers ?? []
            return Set(providers.filter { p in (placed[p.id] ?? placed[p.displayName]).map { $0 == site } ?? true }.map(\.id))
        }
    }

    /// `login` may work at and watch only `sites` (empty: every site).
    public func setUserSites(_ login: String, sites: [String], by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            try requireRole(.admin, actor)
            guard try Bool.fetchOne(tx.db, sql: "SELECT 1 FROM \"user\" WHERE login = ?", arguments: [login]) != nil else {
                throw StoreError.invalid("no user \(shown(login, 40))")
            }
            try tx.requireSites(sites)
            try tx.db.execute(sql: "DELETE FROM user_site WHERE login = ?", arguments: [login])
            for site in Set(sites).sorted() {
                try tx.db.execute(sql: "INSERT INTO user_site(login, site) VALUES (?, ?)", arguments: [login, site])
            }
            try tx.changed(.user, login, action: "user.sites", detail: SiteRule.encode(sites) ?? "every site")
        }
    }

    /// The sites `login` is limited to; empty: every site.
    public func userSites(_ login: String) throws -> [String] {
        try read { db in try Self.userSites(db, login) }
    }

    static func userSites(_ db: any SQLConnection, _ login: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT site FROM user_site WHERE login = ? ORDER BY site", arguments: [login])
    }

    /// What `login` may watch: `asked` (nil: everything they may), within their sites.
    /// Refused when they ask for a site that is not theirs, or for one that does not exist.
    public func siteScope(for login: String, asked: [String]?) throws -> SiteScope {
        try read { db in
            let known = Set(try Self.siteIDs(db))
            let allowed = Set(try Self.userSites(db, login))
            guard let asked, !asked.isEmpty else { return allowed.isEmpty ? .all : SiteScope(allowed) }
            if let unknown = asked.first(where: { !known.contains($0) }) { throw Self.noSite(unknown, known: known.sorted()) }
            if !allowed.isEmpty, let other = asked.first(where: { !allowed.contains($0) }) {
                throw StoreError.notAllowed("\(login) works at \(allowed.sorted().joined(separator: ", ")), not at \(other)")
            }
            return SiteScope(Set(asked))
        }
    }
}

extension Tx {
    /// The sites `login` is limited to; empty: every site.
    func userSites(_ login: String) throws -> [String] { try ClinicStore.userSites(db, login) }

    /// Every one of `sites` exists.
    func requireSites(_ sites: [String]) throws {
        for site in sites where try Bool.fetchOne(db, sql: "SELECT 1 FROM site WHERE id = ?", arguments: [site]) == nil {
            throw ClinicStore.noSite(site, known: try ClinicStore.siteIDs(db))
        }
    }

    /// The sites a call on `queue` rings for (empty: every site).
    func sites(forQueue queue: String?) throws -> [String] {
        guard let queue else { return [] }
        return try String.fetchAll(db, sql: "SELECT site FROM phone_queue_site WHERE queue = ? ORDER BY site", arguments: [queue])
    }

    /// The site a visit with this provider comes to: the provider's schedule's, by schedule id
    /// or by name; else, for a walk-in, the site of the desk that registered it.
    func site(forProvider id: String?, name: String, walkInAt desk: String? = nil) throws -> String? {
        for key in [id, name].compactMap({ $0 }) where !key.isEmpty {
            if let site = try String.fetchOne(db, sql: "SELECT site FROM provider_site WHERE provider = ?", arguments: [key]) { return site }
        }
        return try deskSite(desk)
    }

    func deskSite(_ desk: String?) throws -> String? {
        guard let desk else { return nil }
        return try ClinicStore.deskSite(db, desk)
    }

    /// The sites a new task belongs to: its own, else its visit's, else its call's.
    func sites(for task: DeskTask) throws -> [String] {
        if !task.sites.isEmpty { return task.sites }
        if let visit = task.visitID, let site = try String.fetchOne(db, sql: "SELECT site FROM visit WHERE id = ?", arguments: [visit]) {
            return [site]
        }
        if let call = task.callID {
            return SiteRule.decode(try String.fetchOne(db, sql: "SELECT sites FROM call WHERE id = ?", arguments: [call]))
        }
        return []
    }

    /// A supervisor limited to some sites steers only their work: a task of other sites alone is refused.
    func requireSitesOf(_ actor: Actor, task: DeskTask) throws {
        let allowed = try userSites(actor.login)
        guard !allowed.isEmpty, !task.sites.isEmpty, !task.sites.contains(where: allowed.contains) else { return }
        throw StoreError.notAllowed("\(actor.login) works at \(allowed.joined(separator: ", ")); task \(task.id) is work of \(task.sites.joined(separator: ", "))")
    }

    /// …and only their desks (a desk at no one site serves theirs too).
    func requireSitesOf(_ actor: Actor, desk: String) throws {
        let allowed = try userSites(actor.login)
        guard !allowed.isEmpty, let site = try deskSite(desk), !allowed.contains(site) else { return }
        throw StoreError.notAllowed("\(actor.login) works at \(allowed.joined(separator: ", ")); desk \(desk) is at \(site)")
    }

    /// A user limited to some sites signs in only at a desk of one of them.
    func requireUserMayWork(_ login: String, at desk: String) throws {
        let allowed = try userSites(login)
        guard !allowed.isEmpty else { return }
        let site = try deskSite(desk)
        guard let site, allowed.contains(site) else {
            throw StoreError.notAllowed("\(login) works at \(allowed.joined(separator: ", ")); desk \(desk) is \(site.map { "at \($0)" } ?? "not at any one site")")
        }
    }
}
