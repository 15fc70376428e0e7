import Foundation
import FrontDeskCore

extension ClinicStore {
    /// The card of a patient a desk is talking to: their record, their appointments from
    /// `dayStart` on that are not over (at most `PatientCard.upcomingLimit`) and their open
    /// tasks. Reading it is a view of the record, audited as one in the same transaction.
    public func patientCard(patientID: Int64, from dayStart: Date, by actor: Actor, now: Date) throws -> PatientCard? {
        try write(actor, now: now) { tx in
            guard let patient = try SQLRow.fetchOne(tx.db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE id = ?",
                                                 arguments: [patientID]).map(Decode.patient) else { return nil }
            let upcoming = try Self.visits(tx.db, where: """
                patient_id = ? AND appointment_at >= ? AND status IN ('scheduled','arrived','checked-in','roomed','with-provider')
                """, [patientID, dayStart.timeIntervalSince1970])
            let tasks = try SQLRow.fetchAll(tx.db, sql: """
                SELECT \(Decode.taskColumns) FROM task WHERE patient_id = ? AND state IN ('queued','active','suspended') ORDER BY created_at, id
                """, arguments: [patientID]).map(Decode.task)
            try tx.audit("patient.viewed", patient: patientID, detail: "card")
            return PatientCard(patient: patient, upcoming: Array(upcoming.prefix(PatientCard.upcomingLimit)), openTasks: tasks)
        }
    }
}
