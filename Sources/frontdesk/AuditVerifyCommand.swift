import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore

/// `frontdesk audit`: reading the trail (the default) and verifying it.
struct AuditGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit trail: read it (default), or verify that nothing in it was changed.",
        subcommands: [AuditCommand.self, AuditVerifyCommand.self], defaultSubcommand: AuditCommand.self)
}

/// `frontdesk audit verify`: walks the hash chain and checks it against the heads recorded
/// outside the database; names the first row that does not match and exits 65.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit trail's hash chain end to end and against the heads recorded outside the database.",
        discussion: "A row edited, deleted or moved breaks the chain; rows cut off the end are found against DB.audit-heads (and the system log). On success the head is recorded again. Exit 0 when intact, 65 with the first row that does not match.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let (store, _) = try StoreCommand.session(database, .readAudit).pair
        let log = AuditHeadLog(databasePath: database.localPath)
        let result: AuditVerification
        do { result = try store.verifyAudit(against: log, now: Date()) } catch { throw StoreCommand.failure("\(error)", code: 65) }
        if let problem = result.problem { throw StoreCommand.failure(problem, code: 65) }
        let head = result.head.map { "head row \($0.id) \($0.hash)" } ?? "no rows yet"
        let restored = result.restoredAt.map {
            "; restored from a backup on \(ISOTime.string($0)) (heads recorded before that describe the database the restore replaced)"
        } ?? ""
        print("audit trail intact: \(result.rows) rows, \(head); recorded in \(log.path)\(restored)")
    }
}
