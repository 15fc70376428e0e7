import ArgumentParser
import Foundation
import FrontDeskConsole
import FrontDeskCore
import FrontDeskStore

/// `frontdesk unlock --desk NAME`: emergency access to a locked console without its user's
/// PIN (supervisors and admins), audited as such. The console opens within a second.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Emergency-unlock a desk's locked console (supervisors and admins; audited).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The desk whose console to unlock.") var desk: String

    func run() throws {
        let (store, actor) = try StoreCommand.session(database, .emergencyUnlock).pair
        do { try store.grantEmergencyUnlock(desk: desk, by: actor, now: Date()) }
        catch { throw StoreCommand.failure("\(error)", code: 65) }
        print("emergency unlock of \(desk) granted by \(actor.login) (audited)")
    }
}

/// `--lock-after MINUTES` (else `$FRONTDESK_LOCK_AFTER`, else 10; 0 never locks), for every console.
struct LockOptions: ParsableArguments {
    @Option(name: .customLong("lock-after"), help: "Lock after this many idle minutes (default $FRONTDESK_LOCK_AFTER, else 10; 0 disables).")
    var minutes: Double?

    func idleLimit() throws -> TimeInterval {
        var value = minutes
        if value == nil, let env = ProcessInfo.processInfo.environment["FRONTDESK_LOCK_AFTER"], !env.isEmpty {
            guard let parsed = Double(env) else {
                throw StoreCommand.failure("FRONTDESK_LOCK_AFTER=\(env) is not a number of minutes", code: 64)
            }
            value = parsed
        }
        let m = value ?? 10
        guard m.isFinite, m >= 0, m <= 24 * 60 else {
            throw StoreCommand.failure("--lock-after takes minutes from 0 (never) to 1440", code: 64)
        }
        return m * 60
    }

    /// The lock for a console of `actor`, or nil when locking is off.
    /// The console's lock: locked from the start when the store says this desk was left locked
    /// (even with `--lock-after 0`: an existing lock is never skipped by a restart).
    func lock(store: ClinicStore, actor: Actor, now: Date) throws -> ConsoleLock? {
        let limit = try idleLimit()
        let locked = try store.consoleLock(desk: actor.desk) != nil
        guard limit > 0 || locked else { return nil }
        return ConsoleLock(idleLimit: limit, login: actor.login, console: actor.desk,
                           backend: StoreLockBackend(store: store, actor: actor), now: now, locked: locked)
    }
}
