import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// What every command that opens the store shares, and the one identity check: a command
/// names the permission it needs, `session` opens the clinic, finds who runs it among the
/// clinic's users and applies the access table. There is no fallback role — an unknown login
/// is refused (exit 77) before anything is read or written.
enum StoreCommand {
    struct Session {
        let store: ClinicStore
        let actor: Actor
        var pair: (ClinicStore, Actor) { (store, actor) }
    }

    enum Access { case write, read }

    /// Opens the existing clinic and checks that the person (or integration) running this
    /// command is one of its users with `permission`.
    static func session(_ options: DatabaseOptions, _ permission: Permission, desk: String? = nil,
                        access: Access = .write) throws -> Session {
        let store = access == .write ? try open(options) : try openForReading(options)
        let actor = try identify(store, desk: desk)
        try require(actor, permission)
        return Session(store: store, actor: actor)
    }

    /// The clinic at `--db`, which must exist: only `init` (and the demo) create one.
    static func open(_ options: DatabaseOptions) throws -> ClinicStore {
        do {
            let store = try ClinicStore.open(at: options.path)
            store.warnings.forEach { warn($0) }
            return store
        } catch let e as StoreError {
            if case .noDatabase = e { throw failure("\(e)", code: 66) }
            throw failure("\(e)", code: 1)
        } catch { throw failure("\(error)", code: 1) }
    }

    /// A clinic that exists, for a command that only reads (`status`): no write, no migration.
    static func openForReading(_ options: DatabaseOptions) throws -> ClinicStore {
        let location = options.path
        do {
            // On PostgreSQL a reading command opens the clinic as any other does (the server's
            // roles, not a file mode, say who may write); it migrates nothing it does not know.
            return ClinicStore.isPostgresURL(location) ? try ClinicStore.open(postgres: location) : try ClinicStore.openReadOnly(path: location)
        } catch { throw failure("\(error)", code: 66) }
    }

    /// Creates the clinic (or opens and migrates it): `frontdesk init` and the demo only.
    static func create(_ options: DatabaseOptions) throws -> ClinicStore {
        do {
            let store = try ClinicStore.create(at: options.path)
            store.warnings.forEach { warn($0) }
            return store
        } catch { throw failure("\(error)", code: 1) }
    }

    /// The login running this process must be a user of this clinic (HIPAA §164.312(a)(2)(i):
    /// each user identified); its role comes from the users table and nowhere else.
    static func identify(_ store: ClinicStore, desk: String?) throws -> Actor {
        let login = Identity.login
        let user: UserRecord?
        do { user = try store.user(login: login) } catch { throw failure("\(error)", code: 1) }
        guard let user else {
            throw failure("the login \"\(login)\" is not a user of this clinic — ask an admin to run `frontdesk users add \(login) --role receptionist`", code: 77)
        }
        return Actor(login: login, desk: Identity.desk(desk), role: user.role)
    }

    /// The access table's refusal, as the command's error (exit 77, "permission denied").
    static func require(_ actor: Actor, _ permission: Permission) throws {
        if let why = AccessPolicy.refusal(actor.role, permission) {
            throw failure("\(actor.login): \(why)", code: 77)
        }
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
