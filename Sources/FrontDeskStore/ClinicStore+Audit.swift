import Foundation
import FrontDeskCore

/// Which audit rows `frontdesk audit` asks for. Every filter is optional; all given must hold.
public struct AuditQuery: Equatable, Sendable {
    /// Rows about this patient (by MRN).
    public var patientMRN: String?
    public var login: String?
    public var since: Date?
    public var limit: Int

    public init(patientMRN: String? = nil, login: String? = nil, since: Date? = nil, limit: Int = 10_000) {
        self.patientMRN = patientMRN; self.login = login; self.since = since; self.limit = limit
    }
}

/// One audit row with the patient's MRN beside its id (an MRN identifies a record to an
/// auditor without printing the patient's name).
public struct AuditRow: Equatable, Sendable {
    public var entry: AuditEntry
    public var patientMRN: String?
}

extension ClinicStore {
    /// The audit trail filtered, newest first. Supervisors and admins only (`readAudit`);
    /// reading it is itself audited, so who looked at whom leaves a trace too.
    public func audit(_ query: AuditQuery, by actor: Actor, now: Date) throws -> [AuditRow] {
        try AccessPolicy.require(actor.role, .readAudit)
        var patientID: Int64?
        if let mrn = query.patientMRN {
            guard let p = try patient(mrn: mrn) else { throw StoreError.unknownPatient(mrn) }
            patientID = p.id
        }
        var clauses: [String] = []
        var args: SQLArguments = []
        if let patientID { clauses.append("a.patient_id = ?"); args.append(patientID) }
        if let login = query.login { clauses.append("a.login = ?"); args.append(login) }
        if let since = query.since { clauses.append("a.at >= ?"); args.append(since.timeIntervalSince1970) }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        args.append(max(1, query.limit))
        let rows = try read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT a.*, p.mrn AS mrn FROM audit a LEFT JOIN patient p ON p.id = a.patient_id
                \(filter) ORDER BY a.id DESC LIMIT ?
                """, arguments: args)
        }
        let detail = [query.patientMRN.map { "patient=\($0)" }, query.login.map { "user=\($0)" }]
            .compactMap { $0 }.joined(separator: " ")
        try write(actor, now: now) { tx in
            try tx.audit("audit.read", patient: patientID, detail: detail.isEmpty ? nil : detail)
        }
        return rows.map {
            AuditRow(entry: AuditEntry(id: $0["id"], at: Date(timeIntervalSince1970: $0["at"]), login: $0["login"],
                                       desk: $0["desk"], action: $0["action"], patientID: $0["patient_id"],
                                       detail: $0["detail"]),
                     patientMRN: $0["mrn"])
        }
    }
}
