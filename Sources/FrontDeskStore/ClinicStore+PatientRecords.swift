import Foundation
import FrontDeskCore

/// Patient records beyond today's list: a record opened from the desk's lookup (an audited,
/// read-only view of every visit, past and future) and a patient registered outside a visit.
extension ClinicStore {
    /// The record and all its visits, read and audited as one view in one transaction: nobody
    /// sees a record without the audit trail saying so. Needs the role that opens records.
    public func viewPatientRecord(patientID: Int64, by actor: Actor, now: Date) throws -> PatientRecord {
        if let why = AccessPolicy.refusal(actor.role, .openRecord) { throw StoreError.notAllowed(why) }
        return try write(actor, now: now) { tx in
            let record = try tx.patientRecord(patientID)
            try tx.audit("patient.viewed", patient: patientID, detail: "record")
            return record
        }
    }

    /// A new record (fresh MRN, `N` + six digits) for someone not yet on any visit — the desk's
    /// lookup. The new-patient rule (`NewPatient`) decides what may be written; the caller has
    /// shown the likely duplicates. Returns the record as stored.
    public func registerPatient(_ p: Patient, by actor: Actor, now: Date) throws -> PatientRecord {
        try AccessPolicy.require(actor.role, .checkIn)
        let valid = try admitNewPatient(p, now: now)
        return try write(actor, now: now) { tx in
            let pid = try tx.insertNewPatient(valid)
            try tx.enqueuePatient(.register, patient: pid, visit: nil)
            return try tx.patientRecord(pid)
        }
    }

    /// The new-patient rule, on the clinic's calendar: the record normalised, or `invalid` with
    /// the rule's own words.
    func admitNewPatient(_ p: Patient, now: Date) throws -> Patient {
        let today = CivilDate(now, in: config.intake.timeZone).iso
        switch NewPatient.validate(p, today: today) {
        case .failure(let e): throw StoreError.invalid(e.message)
        case .success(var valid):
            // What the rule does not cover (an address, insurance from a form) is kept as given.
            valid.preferredName = p.preferredName; valid.sex = p.sex; valid.email = p.email; valid.address = p.address
            valid.insurance = p.insurance; valid.interpreter = p.interpreter; valid.accessibility = p.accessibility
            return valid
        }
    }

    /// Ticks (or unticks) one readiness item of a visit that is already checked in — a
    /// document that arrives late — in ONE audited transaction that keeps the follow-up tasks
    /// in step (`ReadinessFollowUp`): the missing-documents task lists what is still missing and
    /// is done when nothing is; the insurance task is done once insurance is verified (and comes
    /// back if the tick is taken away). Refused, with nothing written, before check-in or for
    /// the copay.
    public func setReadinessAfterCheckIn(visitID: Int64, item: ReadinessItem, to state: ReadinessState,
                                         by actor: Actor, now: Date) throws {
        try AccessPolicy.require(actor.role, .checkIn)
        try write(actor, now: now) { tx in
            guard let row = try SQLRow.fetchOne(tx.db, sql: "SELECT status, patient_id, appointment_at, ticket FROM visit WHERE id = ?",
                                             arguments: [visitID]) else { throw StoreError.unknownVisit(visitID) }
            let status = VisitStatus(rawValue: row["status"]) ?? .scheduled
            if let why = ReadinessFollowUp.refusal(item, in: status) { throw StoreError.invalid(why) }
            let pid: Int64 = row["patient_id"]
            guard try tx.setReadiness(visitID: visitID, item: item, state: state, patientID: pid) else { return }
            let readiness = try tx.readiness(visitID)
            let appointment = (row["appointment_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
            try tx.followUp(readiness, visitID: visitID, patientID: pid, ticket: row["ticket"] as String?, appointmentAt: appointment)
        }
    }
}

extension Tx {
    /// Inserts a new patient with the next free `N` MRN; journalled and audited. Returns the id.
    func insertNewPatient(_ p: Patient) throws -> Int64 {
        var n = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM patient")) ?? 1
        // MRNs from imports may already use the N range: step past any taken one.
        while try Bool.fetchOne(db, sql: "SELECT 1 FROM patient WHERE mrn = ?", arguments: [String(format: "N%06lld", n)]) != nil { n += 1 }
        let pid = try db.insert(sql: """
            INSERT INTO patient(family_name, given_name, preferred_name, date_of_birth, sex, phone, phone_key, email,
              address, payer, member_id, group_number, subscriber, relationship, insurance_verified, interpreter,
              accessibility, mrn) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, arguments: Tx.patientColumns(p) + [String(format: "N%06lld", n)])
        try changed(.patient, pid, action: "patient.created", patient: pid)
        return pid
    }

    func patientRecord(_ id: Int64) throws -> PatientRecord {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE id = ?", arguments: [id]) else {
            throw StoreError.unknownPatient("id \(id)")
        }
        return PatientRecord(patient: Decode.patient(row), visits: try ClinicStore.visits(db, where: "patient_id = ?", [id]))
    }

    func readiness(_ visitID: Int64) throws -> [ReadinessItem: ReadinessState] {
        var out: [ReadinessItem: ReadinessState] = [:]
        for r in try SQLRow.fetchAll(db, sql: "SELECT item, state FROM readiness WHERE visit_id = ?", arguments: [visitID]) {
            if let item = ReadinessItem(rawValue: r["item"]), let state = ReadinessState(rawValue: r["state"]) { out[item] = state }
        }
        return out
    }

    /// The follow-up tasks a visit's readiness calls for, opened, renamed or closed to match:
    /// what the completing transaction starts and every later tick keeps true.
    func followUp(_ readiness: [ReadinessItem: ReadinessState], visitID: Int64, patientID: Int64, ticket: String?,
                  appointmentAt: Date?) throws {
        let missing = ReadinessFollowUp.missingDocuments(readiness)
        let name = try patientName(patientID)
        let docTasks = try openTasks(.missingDocuments, visit: visitID)
        if missing.isEmpty {
            for t in docTasks { try close(t, detail: "documents received") }
        } else if let t = docTasks.first {
            let title = NewTask.missingDocuments(missing, patientID: patientID, visitID: visitID, patientName: name, ticket: ticket, at: now).title
            if t.title != title {
                try db.execute(sql: "UPDATE task SET title = ? WHERE id = ?", arguments: [title, t.id])
                try changed(.task, t.id, action: "task.retitled", patient: patientID, detail: missing.map(\.rawValue).joined(separator: ","))
            }
        } else {
            try insert(NewTask.missingDocuments(missing, patientID: patientID, visitID: visitID, patientName: name, ticket: ticket, at: now),
                       action: "task.missing-documents")
        }
        let insuranceTasks = try openTasks(.insuranceVerification, visit: visitID)
        if ReadinessFollowUp.needsInsuranceVerification(readiness) {
            if insuranceTasks.isEmpty {
                try insert(NewTask.insuranceVerification(patientID: patientID, visitID: visitID, patientName: name, ticket: ticket,
                                                        appointmentAt: appointmentAt, at: now),
                           action: "task.insurance-verification")
            }
        } else {
            for t in insuranceTasks { try close(t, detail: "insurance verified") }
        }
    }

    func openTasks(_ kind: TaskKind, visit visitID: Int64) throws -> [DeskTask] {
        try SQLRow.fetchAll(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE visit_id = ? AND kind = ? AND state IN ('queued','active','suspended') ORDER BY id",
                         arguments: [visitID, kind.rawValue]).map(Decode.task)
    }

    /// A task whose reason is gone is done (the masked flag cleared), wherever it stood.
    func close(_ task: DeskTask, detail: String) throws {
        var done = task; done.state = .done; done.masked = false
        try save(done, was: task, action: "task.done", detail: detail)
    }
}
