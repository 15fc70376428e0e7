import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore

/// `frontdesk desk` (also the default): the receptionist's console on an existing database.
struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk", abstract: "The desk console on an existing database.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "This desk's name (default: $FRONTDESK_DESK, else host and tty).")
    var desk: String?
    @Option(help: "Theme name or file (default: $FRONTDESK_THEME; NO_COLOR gives monochrome).")
    var theme: String?
    @OptionGroup var lockOptions: LockOptions

    func run() throws {
        let store = try StoreCommand.openExisting(database)
        let actor = try StoreCommand.knownActor(store, desk: desk)
        let lock = try lockOptions.lock(store: store, actor: actor, now: Date())
        try ConsoleSession.runDesk(store: store, actor: actor, themeName: theme, lock: lock)
    }
}

extension StoreCommand {
    /// A console opens a clinic that exists; it never creates an empty one by accident.
    static func openExisting(_ options: DatabaseOptions) throws -> ClinicStore {
        guard FileManager.default.fileExists(atPath: options.path) else {
            throw failure("no database at \(options.path) — run `frontdesk init` (or `frontdesk demo`)", code: 66)
        }
        return try open(options)
    }

    /// A clinic that exists, for a command that only reads (`status`): no write, no migration.
    static func openExistingForReading(_ options: DatabaseOptions) throws -> ClinicStore {
        guard FileManager.default.fileExists(atPath: options.path) else {
            throw failure("no database at \(options.path) — run `frontdesk init` (or `frontdesk demo`)", code: 66)
        }
        do { return try ClinicStore.openReadOnly(path: options.path) } catch { throw failure("\(error)", code: 66) }
    }

    /// The OS login must be a user of this clinic (HIPAA: each user identified); unknown logins are refused.
    static func knownActor(_ store: ClinicStore, desk: String?) throws -> Actor {
        let login = Identity.login
        guard let user = try store.user(login: login) else {
            throw failure("the login \"\(login)\" is not a user of this clinic — ask an admin to run `frontdesk users add \(login) --role receptionist`", code: 77)
        }
        return Actor(login: login, desk: Identity.desk(desk), role: user.role)
    }
}
