import Foundation
import FrontDeskCore

/// The Check-In form's writes: registering or re-pointing the patient of a visit, and
/// completing a check-in as one transaction (record, readiness, follow-up tasks, status).
extension ClinicStore {
    /// Creates a new patient record with a fresh MRN (`N` + six digits) and makes it the
    /// visit's patient, under the new-patient rule (`NewPatient`). Returns the new patient's
    /// id. The caller has shown likely duplicates.
    @discardableResult
    public func registerPatient(_ p: Patient, forVisit visitID: Int64, by actor: Actor, now: Date) throws -> Int64 {
        let valid = try admitNewPatient(p, now: now)
        return try write(actor, now: now) { tx in
            let pid = try tx.insertNewPatient(valid)
            try tx.assign(patient: pid, toVisit: visitID)
            try tx.enqueuePatient(.register, patient: pid, visit: visitID)
            return pid
        }
    }

    /// The copay a check-in took for the visit, if it took one.
    public func copay(visitID: Int64) throws -> CopayCollected? {
        try read { db in
            try SQLRow.fetchOne(db, sql: "SELECT amount_cents, method, receipt FROM visit_copay WHERE visit_id = ?", arguments: [visitID])
                .flatMap { row in
                    CopayMethod(rawValue: row["method"]).map { CopayCollected(amountCents: row["amount_cents"], method: $0, receipt: row["receipt"]) }
                }
        }
    }

    /// Makes an existing record the visit's patient (a walk-in registered under the wrong name).
    public func assignPatient(_ patientID: Int64, toVisit visitID: Int64, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            guard try Bool.fetchOne(tx.db, sql: "SELECT 1 FROM patient WHERE id = ?", arguments: [patientID]) != nil else {
                throw StoreError.unknownPatient("id \(patientID)")
            }
            try tx.assign(patient: patientID, toVisit: visitID)
        }
    }

    /// Completes a check-in in ONE transaction: saves the record if nobody changed it since
    /// `expectedVersion` (else throws `ConcurrentChange` and nothing is written), sets each
    /// readiness item, opens a missing-documents task and an insurance-verification task due
    /// before the appointment for what is still open, moves the visit to checked in and
    /// closes its check-in task.
    public func completeCheckIn(visitID: Int64, patient p: Patient, expectedVersion: Int,
                                readiness: [ReadinessItem: ReadinessState], copay: CopayCollected? = nil,
                                by actor: Actor, now: Date) throws {
        if let dob = p.dateOfBirth, CivilDate(iso: dob) == nil { throw StoreError.invalid("date of birth \(dob) is not yyyy-MM-dd") }
        try write(actor, now: now) { tx in
            guard let visit = try SQLRow.fetchOne(tx.db, sql: "SELECT patient_id, appointment_at, ticket FROM visit WHERE id = ?", arguments: [visitID]) else {
                throw StoreError.unknownVisit(visitID)
            }
            let before = try tx.storedPatient(p.id)
            try tx.savePatient(p, expectedVersion: expectedVersion)
            if (visit["patient_id"] as Int64) != p.id { try tx.assign(patient: p.id, toVisit: visitID) }
            try tx.enqueueCorrection(from: before, to: p, visit: visitID)

            for item in ReadinessItem.allCases {
                guard let state = readiness[item] else { continue }
                try tx.db.execute(sql: """
                    INSERT INTO readiness(visit_id, item, state, since) VALUES (?, ?, ?, ?)
                    ON CONFLICT(visit_id, item) DO UPDATE SET state = excluded.state, since = excluded.since
                    WHERE readiness.state <> excluded.state
                    """, arguments: [visitID, item.rawValue, state.rawValue, tx.t])
            }
            // The follow-up tasks under the same rule a late tick keeps true (`Tx.followUp`).
            let appointment = (visit["appointment_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
            try tx.followUp(readiness, visitID: visitID, patientID: p.id, ticket: visit["ticket"] as String?, appointmentAt: appointment)
            if let copay { try tx.record(copay, visit: visitID, patient: p.id) }
            try tx.checkIn(visit: visitID)
            try tx.audit("checkin.completed", patient: p.id, detail: "visit \(visitID)")
        }
    }
}

extension Tx {
    func assign(patient pid: Int64, toVisit visitID: Int64) throws {
        try db.execute(sql: "UPDATE visit SET patient_id = ?, version = version + 1 WHERE id = ?", arguments: [pid, visitID])
        guard changes == 1 else { throw StoreError.unknownVisit(visitID) }
        for task in try Int64.fetchAll(db, sql: "SELECT id FROM task WHERE visit_id = ? AND kind = 'check-in'", arguments: [visitID]) {
            try db.execute(sql: "UPDATE task SET patient_id = ? WHERE id = ?", arguments: [pid, task])
            try journal(.task, task)
        }
        try changed(.visit, visitID, action: "visit.patient-assigned", patient: pid)
    }

    /// The copay taken at check-in, kept with the visit (the schema checks the method).
    func record(_ copay: CopayCollected, visit visitID: Int64, patient pid: Int64) throws {
        try db.execute(sql: """
            INSERT INTO visit_copay(visit_id, amount_cents, method, receipt, recorded_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(visit_id) DO UPDATE SET amount_cents = excluded.amount_cents, method = excluded.method,
              receipt = excluded.receipt, recorded_at = excluded.recorded_at
            """, arguments: [visitID, copay.amountCents, copay.method.rawValue, copay.receipt, t])
        try changed(.visit, visitID, action: "copay.recorded", patient: pid,
                    detail: "\(copay.method.rawValue) \(copay.amountCents / 100).\(String(format: "%02d", copay.amountCents % 100))")
    }

    func hasOpenTask(_ kind: TaskKind, visit visitID: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM task WHERE visit_id = ? AND kind = ? AND state IN ('queued','active','suspended')",
                          arguments: [visitID, kind.rawValue]) != nil
    }
}
