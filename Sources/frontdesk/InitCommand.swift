import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create or migrate the database; --service-account sets up the access boundary (root).",
        discussion: """
        Plain `init` creates (or migrates) the database at --db, and its creator becomes its first admin.

        As root, `init --service-account frontdesk --users-group frontdesk-users --admin LOGIN` sets up
        the boundary of docs/security.md: the service account and the group, the state folder (0700)
        and database (0600) owned by the account, /etc/frontdesk.conf, and the sudo rule through which
        the group's members run frontdesk. Add each person with `usermod -aG frontdesk-users LOGIN`
        and `frontdesk users add LOGIN --role receptionist`.
        """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Load the demo clinic (seeds/patients.csv and seeds/appointments.csv) with today's appointments.")
    var demo = false

    @Option(name: .customLong("service-account"), help: "Set up the boundary: the account that alone owns the database (root only).")
    var serviceAccount: String?
    @Option(name: .customLong("users-group"), help: "The group whose members may run the consoles (with --service-account).")
    var usersGroup = "frontdesk-users"
    @Option(name: .customLong("site-config"), help: "Where the site configuration goes (with --service-account).")
    var siteConfig = SiteConfig.defaultPath
    @Option(help: "Where the sudo rule goes (with --service-account).")
    var sudoers = "/etc/sudoers.d/frontdesk"
    @Option(help: "The frontdesk binary the rule allows: root's, in a folder only root can change (default: this one).")
    var binary: String?
    @Option(help: "The clinic's first admin, an OS login (with --service-account; default: who ran sudo).")
    var admin: String?
    @Option(name: .customLong("app-role"),
            help: "PostgreSQL: the role every console connects as — given the live tables, and only INSERT and SELECT on the audit trail and the flow log (docs/deploy.md).")
    var appRole: String?

    static let boundaryDatabase = "/var/lib/frontdesk/frontdesk.sqlite"

    func run() throws {
        if let serviceAccount {
            if demo { throw StoreCommand.failure("--demo and --service-account: set up the boundary first, then load data", code: 64) }
            try BoundarySetup(serviceAccount: serviceAccount, usersGroup: usersGroup, database: database.db ?? Self.boundaryDatabase,
                              siteConfig: siteConfig, sudoers: sudoers, binary: binary, admin: admin).run()
            return
        }
        if demo {
            do { try Boundary.requireDirect("init --demo") } catch let r as Boundary.Refusal { throw StoreCommand.failure(r.message, code: r.code) }
        }
        let store = try StoreCommand.create(database)
        let now = Date()
        // The login that creates the database administers it.
        if try store.listUsers().isEmpty {
            try store.addUser(login: Identity.login, role: .admin,
                              by: Actor(login: Identity.login, desk: Identity.desk(nil), role: .admin), now: now)
        }
        // Re-running init on a clinic is an admin's maintenance, like every other command.
        let actor = try StoreCommand.identify(store, desk: nil)
        try StoreCommand.require(actor, .manageUsers)
        if let appRole {
            do { try store.grantApplicationRole(appRole) } catch { throw StoreCommand.failure("\(error)", code: 65) }
            print("role \(appRole) may work the clinic; on the audit trail and the flow log it may only add and read")
        }
        if demo {
            guard let seeds = SeedsLocator.directory() else {
                throw StoreCommand.failure("cannot find seeds/appointments.csv (set FRONTDESK_SEEDS)", code: 66)
            }
            do {
                let loaded = try store.loadDemo(seeds: seeds, day: now, now: now, by: actor)
                print("demo clinic loaded: \(loaded.patients) new patients, \(loaded.appointments) appointments")
                let booked = try DemoSchedule.load(store, now: now, by: actor)
                print("demo schedule loaded: 5 providers, \(booked) appointments over the next eight weeks")
            } catch { throw StoreCommand.failure("\(error)", code: 65) }
        }
        // Re-running init is routine maintenance: change-feed rows older than a week go.
        try store.pruneJournal(before: now.addingTimeInterval(-7 * 86_400))
        let versions = try store.schemaVersions()
        print("database ready: \(store.location) (schema \(versions.applied.joined(separator: ", ")))")
    }
}
