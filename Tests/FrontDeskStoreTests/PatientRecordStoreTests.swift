import Foundation
import Testing
import FrontDeskCore
import GRDB
@testable import FrontDeskStore

/// The store's side of issue 14: a late document ticked after check-in (one audited
/// transaction that keeps the follow-up tasks true), a record opened beyond today's list (an
/// audited view), a patient registered outside a visit under the new-patient rule, and the
/// copay kept with the visit under the schema's own check.
@Suite("Store: records beyond today, late documents, the copay")
struct PatientRecordStoreTests {
    /// A1 (José, insured) checked in with photo ID and consent still missing and insurance unverified.
    func checkedIn(_ store: ClinicStore) throws -> Visit {
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(-10))
        let s = try store.snapshot()
        let visit = try #require(s.visits.first { $0.appointmentRef == "A1" })
        let p = try #require(s.patient(visit.patientID))
        var readiness = Dictionary(uniqueKeysWithValues: ReadinessItem.allCases.map { ($0, ReadinessState.done) })
        readiness[.insuranceVerified] = .open
        readiness[.photoID] = .open
        readiness[.consentToTreat] = .open
        try store.completeCheckIn(visitID: visit.id, patient: p, expectedVersion: p.version, readiness: readiness,
                                  by: Fixture.desk1, now: Fixture.at(-5))
        return visit
    }

    func openTasks(_ store: ClinicStore, _ visit: Visit) throws -> [DeskTask] {
        try store.snapshot().tasks.filter { $0.visitID == visit.id && $0.state.isOpen }
    }

    @Test func aLateDocumentIsTickedInOneAuditedTransactionThatRenamesThenClosesItsTask() throws {
        let store = try Fixture.memoryClinic()
        let visit = try checkedIn(store)
        let before = try store.lastSequence()
        try store.setReadinessAfterCheckIn(visitID: visit.id, item: .photoID, to: .done, by: Fixture.desk2, now: Fixture.at(1))
        var docs = try #require(try openTasks(store, visit).first { $0.kind == .missingDocuments })
        #expect(!docs.title.contains(ReadinessItem.photoID.label) && docs.title.contains(ReadinessItem.consentToTreat.label))
        let trail = try store.auditTrail(limit: 10)
        #expect(trail.contains { $0.action == "readiness.done" && $0.detail == "photo-id" && $0.login == "ben" })
        #expect(trail.contains { $0.action == "task.retitled" })
        #expect(try store.lastSequence() > before)
        // The same tick again changes nothing and writes nothing.
        let seq = try store.lastSequence()
        try store.setReadinessAfterCheckIn(visitID: visit.id, item: .photoID, to: .done, by: Fixture.desk2, now: Fixture.at(2))
        #expect(try store.lastSequence() == seq)
        // The last document closes the task; verifying insurance closes its own.
        try store.setReadinessAfterCheckIn(visitID: visit.id, item: .consentToTreat, to: .done, by: Fixture.desk2, now: Fixture.at(3))
        try store.setReadinessAfterCheckIn(visitID: visit.id, item: .insuranceVerified, to: .done, by: Fixture.desk2, now: Fixture.at(4))
        #expect(try openTasks(store, visit).isEmpty)
        // Taking the insurance tick back opens a verification task again.
        try store.setReadinessAfterCheckIn(visitID: visit.id, item: .insuranceVerified, to: .open, by: Fixture.desk2, now: Fixture.at(5))
        docs = try #require(try openTasks(store, visit).first)
        #expect(docs.kind == .insuranceVerification && docs.title.contains("Ñúñez-O'Brien, José (A-001)"))
    }

    @Test func beforeCheckInOrForTheCopayATickIsRefusedAndNothingIsWritten() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.patientArrived(appointment: "A2")), by: Fixture.desk1, now: Fixture.at(-10))
        let arrived = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A2" })
        let before = try store.lastSequence()
        #expect(throws: StoreError.self) {
            try store.setReadinessAfterCheckIn(visitID: arrived.id, item: .photoID, to: .done, by: Fixture.desk1, now: Fixture.at(0))
        }
        let visit = try checkedIn(store)
        let after = try store.lastSequence()
        #expect(after > before)
        #expect(throws: StoreError.self) {
            try store.setReadinessAfterCheckIn(visitID: visit.id, item: .copay, to: .done, by: Fixture.desk1, now: Fixture.at(0))
        }
        #expect(try store.lastSequence() == after)
        // An integration feeds events; it ticks nothing.
        #expect(throws: (any Error).self) {
            try store.setReadinessAfterCheckIn(visitID: visit.id, item: .photoID, to: .done,
                                               by: Actor(login: "pbx", desk: "pbx", role: .integration), now: Fixture.at(0))
        }
        #expect(try store.lastSequence() == after)
    }

    @Test func aRecordBeyondTodayIsReadWithEveryVisitAndAuditedAsAView() throws {
        let store = try Fixture.memoryClinic()
        let day: TimeInterval = 86_400
        // Each booked when it was near (imports take times within a window of now).
        _ = try store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "OLD", at: Fixture.at(0).addingTimeInterval(-30 * day), mrn: "M002", provider: "Dr Lindqvist", reason: "Rash"),
        ], by: Fixture.desk1, now: Fixture.at(-60).addingTimeInterval(-30 * day))
        _ = try store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "NEW", at: Fixture.at(0).addingTimeInterval(14 * day), mrn: "M002", provider: "Dr Okafor", reason: "Review"),
        ], by: Fixture.desk1, now: Fixture.at(-30))
        let li = try #require(try store.patient(mrn: "M002"))
        let record = try store.viewPatientRecord(patientID: li.id, by: Fixture.desk1, now: Fixture.at(0))
        #expect(record.patient == li)
        #expect(record.visits.map(\.appointmentRef) == ["OLD", "A2", "NEW"])
        #expect(record.past(at: Fixture.at(0)).map(\.appointmentRef) == ["OLD"])
        #expect(record.upcoming(at: Fixture.at(0)).map(\.appointmentRef) == ["A2", "NEW"])
        let viewed = try #require(try store.auditTrail(limit: 1).first)
        #expect(viewed.action == "patient.viewed" && viewed.patientID == li.id && viewed.detail == "record" && viewed.login == "ana")
    }

    @Test func aPatientRegisteredOutsideAVisitFollowsTheNewPatientRule() throws {
        let store = try Fixture.memoryClinic()
        let before = try store.patientMRNs().count
        #expect(throws: StoreError.invalid("Date of birth is in the future")) {
            try store.registerPatient(Patient(id: 0, mrn: "", familyName: "Novak", givenName: "Jan", dateOfBirth: "2999-01-01"),
                                      by: Fixture.desk1, now: Fixture.at(0))
        }
        #expect(throws: StoreError.self) {
            try store.registerPatient(Patient(id: 0, mrn: "", familyName: "Novak", givenName: "Jan", dateOfBirth: "1990-01-01", phone: "12"),
                                      by: Fixture.desk1, now: Fixture.at(0))
        }
        #expect(try store.patientMRNs().count == before)
        let record = try store.registerPatient(Patient(id: 0, mrn: "", familyName: " Novak ", givenName: "Jan", dateOfBirth: "01/02/1990",
                                                       phone: "212.555.0134"), by: Fixture.desk1, now: Fixture.at(0))
        #expect(record.patient.mrn.hasPrefix("N") && record.patient.familyName == "Novak")
        #expect(record.patient.dateOfBirth == "1990-01-02" && record.patient.phone == "(212) 555-0134")
        #expect(record.visits.isEmpty)
        #expect(try store.auditTrail(limit: 3).contains { $0.action == "patient.created" && $0.patientID == record.patient.id })
    }

    @Test func theCopayIsKeptWithTheVisitAndTheSchemaTakesOnlyThePickListsMethods() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(-10))
        let s = try store.snapshot()
        let visit = try #require(s.visits.first { $0.appointmentRef == "A1" })
        let p = try #require(s.patient(visit.patientID))
        try store.completeCheckIn(visitID: visit.id, patient: p, expectedVersion: p.version, readiness: [.copay: .done],
                                  copay: CopayCollected(amountCents: 2500, method: .card, receipt: "R-77"),
                                  by: Fixture.desk1, now: Fixture.at(-5))
        #expect(try store.copay(visitID: visit.id) == CopayCollected(amountCents: 2500, method: .card, receipt: "R-77"))
        #expect(try store.auditTrail(limit: 10).contains { $0.action == "copay.recorded" && $0.detail == "card 25.00" })
        // Whatever writes the table, a method off the list is refused by the schema.
        #expect(Fixture.refusedByTheSchema {
            try store.write(Fixture.desk1, now: Fixture.at(0)) { tx in
                try tx.db.execute(sql: "UPDATE visit_copay SET method = 'visa' WHERE visit_id = ?", arguments: [visit.id])
            }
        })
        #expect(try store.copay(visitID: visit.id)?.method == .card)
    }
}
