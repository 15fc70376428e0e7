import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore

/// `frontdesk demo`: the one-command demo — a fresh database from seeds/, a simulated live
/// day in the same process, and the desk console.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A fresh demo clinic with a simulated live day, and the desk console.",
        discussion: "The database is made in a new temporary folder unless --db names a file that does not exist yet; its path is printed on exit.")

    @Option(help: "Where to create the demo database (must not exist yet).")
    var db: String?
    @Option(help: "How much faster than the wall clock the simulated day runs.")
    var speed: Double = 1
    @Flag(name: .customLong("no-sim"), help: "Load the clinic but simulate nothing live.")
    var noSim = false
    @Option(help: "Seed of the simulated day.")
    var seed: UInt64 = 20261129
    @Option(help: "This desk's name.")
    var desk: String = "Front 1"
    @Option(help: "Theme name or file.")
    var theme: String?
    @OptionGroup var lockOptions: LockOptions

    func validate() throws {
        guard speed > 0, speed <= 1000 else { throw ValidationError("--speed must be between 0 and 1000") }
    }

    func run() throws {
        do { try Boundary.requireDirect("the demo") } catch let r as Boundary.Refusal { throw StoreCommand.failure(r.message, code: r.code) }
        let path: String
        if let db {
            guard !FileManager.default.fileExists(atPath: db) else {
                throw ValidationError("\(db) already exists; the demo makes a fresh database (use `frontdesk desk --db \(db)` to open it)")
            }
            path = db
        } else {
            var template = Array((NSTemporaryDirectory() + "frontdesk-demo-XXXXXX").utf8CString)
            guard let dir = mkdtemp(&template) else { throw StoreCommand.failure("cannot make a temporary folder", code: 73) }
            path = String(cString: dir) + "/frontdesk.sqlite"
        }
        guard let seeds = SeedsLocator.directory() else {
            throw StoreCommand.failure("cannot find seeds/appointments.csv (run from the project folder or set FRONTDESK_SEEDS)", code: 66)
        }
        let store = try StoreCommand.create(DatabaseOptions.at(path))
        let now = Date()
        let actor = Actor(login: Identity.login, desk: desk, role: .admin)
        try store.addUser(login: actor.login, role: .admin, by: actor, now: now)
        let clinic = DemoClinic(store: store, speed: noSim ? 1 : speed)
        do {
            _ = try clinic.load(seeds: seeds, now: now, seed: seed, by: actor)
            try DemoSchedule.load(store, now: now, seed: seed, by: actor)
        } catch {
            throw StoreCommand.failure("demo seeds: \(error)", code: 65)
        }
        if !noSim { clinic.startLive(from: now) }
        defer {
            clinic.stop()
            print("demo database: \(path)")
        }
        // The demo locks like every console: set a PIN with `frontdesk users pin --db PATH`.
        let lock = try lockOptions.lock(store: store, actor: actor, now: now)
        try ConsoleSession.runDesk(store: store, actor: actor, themeName: theme, lock: lock)
    }
}

extension DatabaseOptions {
    static func at(_ path: String) -> DatabaseOptions {
        var o = DatabaseOptions()
        o.db = path
        return o
    }
}
