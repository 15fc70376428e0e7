import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// `frontdesk audit`: every view of a patient's record and every change (supervisors, admins).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Read the audit trail (supervisors and admins only); newest first.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only rows about this patient (MRN).") var patient: String?
    @Option(help: "Only what this login did.") var user: String?
    @Option(help: "Only since TIME: ISO 8601 (2026-03-02T09:00:00Z), a day (2026-03-02), or minutes/hours ago (90m, 8h).")
    var since: String?
    @Option(help: "At most this many rows.") var limit = 1000
    @Flag(help: "One JSON object per row.") var json = false

    func run() throws {
        let now = Date()
        var from: Date?
        if let since {
            guard let d = Self.parseTime(since, now: now) else {
                throw StoreCommand.failure("--since \(since): use ISO 8601, yyyy-MM-dd, or a duration like 90m or 8h", code: 64)
            }
            from = d
        }
        let (store, actor) = try StoreCommand.session(database, .readAudit).pair
        let rows: [AuditRow]
        do { rows = try store.audit(AuditQuery(patientMRN: patient, login: user, since: from, limit: limit), by: actor, now: now) }
        catch { throw StoreCommand.failure("\(error)", code: 65) }
        for r in rows {
            let e = r.entry
            if json {
                // The one inert JSON writer: C1, bidi and invisible characters are escaped, read back exactly.
                print(String(decoding: try InertJSON.encode(AuditLine(r), pretty: false), as: UTF8.self))
            } else {
                // Desk names, logins, MRNs and details come from outside: shown inert, never a
                // formula. ("-" for no patient is ours, and a lone dash is no formula.)
                let outside = [e.login, e.desk, e.action, r.patientMRN, e.detail ?? ""].map { $0.map(InertText.delimitedField) }
                print(([ISOTime.string(e.at)] + outside.map { $0 ?? "-" }).joined(separator: "\t"))
            }
        }
    }

    /// One row of `--json`, keys in alphabetical order as before; absent values are `null`.
    struct AuditLine: Encodable {
        let row: AuditRow
        init(_ row: AuditRow) { self.row = row }
        enum CodingKeys: String, CodingKey { case action, at, desk, detail, id, login, mrn, patientID }
        func encode(to encoder: Encoder) throws {
            let e = row.entry
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(e.action, forKey: .action)
            try c.encode(ISOTime.string(e.at), forKey: .at)
            try c.encode(e.desk, forKey: .desk)
            try c.encodeOrNull(e.detail, forKey: .detail)
            try c.encode(e.id, forKey: .id)
            try c.encode(e.login, forKey: .login)
            try c.encodeOrNull(row.patientMRN, forKey: .mrn)
            try c.encodeOrNull(e.patientID, forKey: .patientID)
        }
    }

    static func parseTime(_ s: String, now: Date) -> Date? {
        if let d = ISOTime.parse(s) { return d }
        if let day = CivilDate(iso: s) { return day.start(in: .current) }
        guard let unit = s.last, let n = Double(s.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "m": return now.addingTimeInterval(-n * 60)
        case "h": return now.addingTimeInterval(-n * 3600)
        case "d": return now.addingTimeInterval(-n * 86_400)
        default: return nil
        }
    }
}
