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
        let (store, actor) = try StoreCommand.session(database, .viewPatients, desk: desk).pair
        let lock = try lockOptions.lock(store: store, actor: actor, now: Date())
        try ConsoleSession.runDesk(store: store, actor: actor, themeName: theme, lock: lock, offerPIN: true)
    }
}
