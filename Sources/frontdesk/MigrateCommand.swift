import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore

/// `frontdesk migrate --from sqlite:PATH --to postgres://…`: a clinic moves from its SQLite
/// file to a PostgreSQL database, every row with it, and the copy is checked before it is
/// called done.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a clinic from its SQLite file to an empty PostgreSQL database, journal and audit trail included, and check the copy.",
        discussion: """
        The copy is read from one snapshot of the file and written in one transaction on the server: every \
        table's rows, then each table counted on both sides and the audit trail's hash chain verified on the \
        server, which continues with a clinic.migrated row. Stop the consoles first: what they write to the \
        file after the snapshot stays in the file. Run it as an admin of the clinic. Exit 0 when the copy \
        checks out, 65 when a count or the chain does not (the server then keeps what was copied, for a look; \
        drop that database before trying again).
        """)

    @Option(help: "The clinic to copy: sqlite:PATH (or the file's path).") var from: String
    @Option(help: "An empty PostgreSQL database: postgres://USER@HOST:PORT/DB (created with `createdb`).") var to: String

    func run() throws {
        let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        guard ClinicStore.isPostgresURL(to) else {
            throw StoreCommand.failure("--to must be a PostgreSQL URL (postgres://USER@HOST:PORT/DB)", code: 64)
        }
        let source: ClinicStore
        do { source = try ClinicStore.open(path: path) } catch { throw StoreCommand.failure("\(error)", code: 66) }
        let actor = try StoreCommand.identify(source, desk: nil)
        try StoreCommand.require(actor, .manageUsers)
        let target: ClinicStore
        do { target = try ClinicStore.create(postgres: to) } catch { throw StoreCommand.failure("\(error)", code: 66) }
        let copy: ClinicCopy
        do { copy = try source.copyClinic(to: target, by: actor, now: Date()) } catch { throw StoreCommand.failure("\(error)", code: 65) }
        var problems: [String] = []
        for t in copy.tables where t.source != t.target { problems.append("\(t.name): \(t.source) rows in the file, \(t.target) on the server") }
        if let problem = copy.targetVerification.problem { problems.append(problem) }
        if let head = copy.sourceHead, copy.targetVerification.rows < head.id {
            problems.append("the server's audit trail ends before the file's head row \(head.id)")
        }
        let rows = copy.tables.map(\.source).reduce(0, +)
        if !problems.isEmpty { throw StoreCommand.failure("the copy does not check out: " + problems.joined(separator: "; "), code: 65) }
        print("copied \(rows) rows in \(copy.tables.count) tables to \(target.location); every count matches")
        print("audit trail intact on the server: \(copy.targetVerification.rows) rows (the file's \(copy.sourceHead.map { "head row \($0.id)" } ?? "empty trail") and the clinic.migrated row)")
        print("next: point every console at it (--db or $FRONTDESK_DB, or the site configuration) and keep the file as the last SQLite copy")
    }
}
