import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore

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
                var o: [String: Any] = ["id": e.id, "at": ISOTime.string(e.at), "login": e.login, "desk": e.desk, "action": e.action]
                o["patientID"] = e.patientID; o["mrn"] = r.patientMRN; o["detail"] = e.detail
                let data = try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                // Desk names and details come from outside: control characters are dropped.
                let fields = [ISOTime.string(e.at), e.login, e.desk, e.action, r.patientMRN ?? "-", e.detail ?? ""]
                print(fields.map(Self.plain).joined(separator: "\t"))
            }
        }
    }

    static func plain(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
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
