import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// `frontdesk site add|list|desk|queue|provider|user`: a clinic group's sites. A clinic on
/// one machine never needs this: with no site named, every desk serves everything.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site", abstract: "A clinic group's sites: which desks, phone queues, providers and users belong to each.",
        subcommands: [Add.self, List.self, DeskSite.self, Queue.self, Provider.self, User.self])

    /// Runs one admin change, with the store's refusal as the message.
    static func change(_ database: DatabaseOptions, _ body: (ClinicStore, Actor) throws -> Void) throws {
        let (store, actor) = try StoreCommand.session(database, .manageSites).pair
        do { try body(store, actor) } catch { throw StoreCommand.failure("\(error); nothing changed", code: 65) }
    }

    static func siteList(_ sites: [String]) -> String { sites.isEmpty ? "every site" : sites.joined(separator: ", ") }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name a site (or rename one): an id such as north, and the name screens show.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "1–20 lowercase letters, digits or hyphens.") var id: String
        @Argument(help: "What screens show, e.g. \"North Street\".") var name: String

        func run() throws {
            try SiteCommand.change(database) { store, actor in try store.addSite(Site(id: id, name: name), by: actor, now: Date()) }
            print("site \(id): \(InertText.inert(name))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The sites, then each desk, phone queue and provider with its site(s).")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try StoreCommand.session(database, .viewStatus).store
            let sites = try store.sites()
            if sites.isEmpty { print("no sites: every desk serves the whole clinic"); return }
            func line(_ fields: String...) { print(fields.map(InertText.delimitedField).joined(separator: "\t")) }
            for s in sites { line("site", s.id, s.name) }
            for d in try store.deskSites() { line("desk", d.desk, d.site ?? "every site") }
            for (q, s) in try store.queueSites().sorted(by: { $0.key < $1.key }) { line("queue", q, s.joined(separator: " ")) }
            for (p, s) in try store.providerSites().sorted(by: { $0.key < $1.key }) { line("provider", p, s) }
        }
    }

    struct DeskSite: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "desk",
            abstract: "Put a desk at a site; with --every-site it serves them all (a central phone team).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The desk's name.") var desk: String
        @Argument(help: "The site's id.") var site: String?
        @Flag(help: "The desk serves every site.") var everySite = false

        func validate() throws {
            if (site == nil) == !everySite { throw ValidationError("give a site, or --every-site") }
        }

        func run() throws {
            try SiteCommand.change(database) { store, actor in try store.setDeskSite(desk, site: site, by: actor, now: Date()) }
            print("desk \(InertText.inert(desk)): \(site ?? "every site")")
        }
    }

    struct Queue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The sites a phone queue answers for (none: every desk answers it). Calls already ringing keep theirs.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The phone system's queue name.") var queue: String
        @Argument(help: "Site ids.") var sites: [String] = []

        func run() throws {
            try SiteCommand.change(database) { store, actor in try store.setQueueSites(queue, sites: sites, by: actor, now: Date()) }
            print("queue \(InertText.inert(queue)): \(SiteCommand.siteList(sites))")
        }
    }

    struct Provider: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The site a provider's schedule belongs to: visits booked or imported for them come there.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The provider's schedule id (or, for imported visits, name).") var provider: String
        @Argument(help: "The site's id.") var site: String?
        @Flag(help: "The provider belongs to no one site.") var noSite = false

        func validate() throws {
            if (site == nil) == !noSite { throw ValidationError("give a site, or --no-site") }
        }

        func run() throws {
            try SiteCommand.change(database) { store, actor in try store.setProviderSite(provider, site: site, by: actor, now: Date()) }
            print("provider \(InertText.inert(provider)): \(site ?? "no site")")
        }
    }

    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Limit a user to sites: they sign in only at those sites' desks and watch only them (none: every site).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user's OS login.") var login: String
        @Argument(help: "Site ids.") var sites: [String] = []

        func run() throws {
            try SiteCommand.change(database) { store, actor in try store.setUserSites(login, sites: sites, by: actor, now: Date()) }
            print("\(InertText.inert(login)): \(SiteCommand.siteList(sites))")
        }
    }
}
