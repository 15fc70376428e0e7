import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore
import TextSafety

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create or migrate the database; --demo loads the demo clinic from seeds/.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Load the demo clinic (seeds/patients.csv and seeds/appointments.csv) with today's appointments.")
    var demo = false

    func run() throws {
        let store = try StoreCommand.open(database)
        let now = Date()
        // The login that creates the database administers it.
        if try store.listUsers().isEmpty {
            try store.addUser(login: Identity.login, role: .admin,
                              by: Actor(login: Identity.login, desk: Identity.desk(nil), role: .admin), now: now)
        }
        let actor = try StoreCommand.actor(store, desk: nil)
        if demo {
            guard let seeds = SeedsLocator.directory() else {
                throw StoreCommand.failure("cannot find seeds/appointments.csv (set FRONTDESK_SEEDS)", code: 66)
            }
            do {
                let loaded = try store.loadDemo(seeds: seeds, day: now, now: now, by: actor)
                print("demo clinic loaded: \(loaded.patients) new patients, \(loaded.appointments) appointments")
            } catch { throw StoreCommand.failure("\(error)", code: 65) }
        }
        // Re-running init is routine maintenance: change-feed rows older than a week go.
        try store.pruneJournal(before: now.addingTimeInterval(-7 * 86_400))
        let versions = try store.schemaVersions()
        print("database ready: \(database.path) (schema \(versions.applied.joined(separator: ", ")))")
    }
}

/// What every command that opens the store shares: opening with warnings on stderr,
/// the acting user, and errors that end the process with a clear message.
enum StoreCommand {
    static func open(_ options: DatabaseOptions) throws -> ClinicStore {
        do {
            let store = try ClinicStore.open(path: options.path)
            store.warnings.forEach { warn($0) }
            return store
        } catch { throw failure("\(error)", code: 1) }
    }

    /// The OS login at this desk, with the role the users table gives it (receptionist if none).
    static func actor(_ store: ClinicStore, desk: String?) throws -> Actor {
        let login = Identity.login
        return Actor(login: login, desk: Identity.desk(desk), role: try store.user(login: login)?.role ?? .receptionist)
    }

    /// Everything a command says on stderr, one line at a time and inert: a message can
    /// quote outside text (a feed line's id, a PBX's reply, a file's contents), which must not
    /// drive the operator's terminal.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((InertText.inert(message) + "\n").utf8))
    }

    /// Lines for stdout, each made inert (a report can name desks, queues and ids from outside).
    static func say(_ text: String) {
        print(text.split(separator: "\n", omittingEmptySubsequences: false).map { InertText.inert(String($0)) }.joined(separator: "\n"))
    }

    static func failure(_ message: String, code: Int32) -> ExitCode {
        warn("frontdesk: " + message)
        return ExitCode(code)
    }
}
