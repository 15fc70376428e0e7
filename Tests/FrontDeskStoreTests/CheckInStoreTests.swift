import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

@Suite("Store: completing a check-in")
struct CheckInStoreTests {
    func arrived(_ store: ClinicStore) throws -> (visit: Visit, patient: Patient) {
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(-10))
        let s = try store.snapshot()
        let visit = try #require(s.visits.first { $0.appointmentRef == "A1" })
        return (visit, try #require(s.patient(visit.patientID)))
    }

    @Test func oneTransactionSavesTheRecordSetsReadinessOpensFollowUpTasksAndChecksIn() throws {
        let store = try Fixture.memoryClinic()
        let (visit, base) = try arrived(store)
        var p = base
        p.email = "jose@example.org"
        var readiness = Dictionary(uniqueKeysWithValues: ReadinessItem.allCases.map { ($0, ReadinessState.done) })
        readiness[.insuranceVerified] = .open
        readiness[.consentToTreat] = .open
        try store.completeCheckIn(visitID: visit.id, patient: p, expectedVersion: base.version, readiness: readiness,
                                  by: Fixture.desk1, now: Fixture.at(-5))
        let s = try store.snapshot()
        #expect(s.visits.first { $0.id == visit.id }?.status == .checkedIn)
        #expect(s.patient(base.id)?.email == "jose@example.org" && s.patient(base.id)?.version == base.version + 1)
        let open = s.tasks.filter { $0.visitID == visit.id && $0.state.isOpen }
        #expect(open.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.insuranceVerification, .missingDocuments])
        #expect(open.first { $0.kind == .missingDocuments }?.title == "Ñúñez-O'Brien, José (A-001) — missing \(ReadinessItem.consentToTreat.label)")
        // Due before the appointment (09:00 = at(0)), never in the past.
        #expect(open.first { $0.kind == .insuranceVerification }?.dueAt == Fixture.at(-5))
        #expect(s.visits.first { $0.id == visit.id }?.readiness.first { $0.item == .consentToTreat }?.state == .open)
        #expect(!s.tasks.contains { $0.kind == .checkIn && $0.state.isOpen })
        #expect(try store.auditTrail(limit: 5).contains { $0.action == "checkin.completed" && $0.patientID == base.id })
    }

    @Test func aRecordChangedMeanwhileIsRefusedAndNothingIsWritten() throws {
        let store = try Fixture.memoryClinic()
        let (visit, base) = try arrived(store)
        var other = base; other.phone = "(617) 555-0139"
        try store.updatePatient(other, expectedVersion: base.version, by: Fixture.desk2, now: Fixture.at(-8))
        let before = try store.lastSequence()
        var mine = base; mine.phone = "(212) 555-0134"
        #expect(throws: ConcurrentChange.self) {
            try store.completeCheckIn(visitID: visit.id, patient: mine, expectedVersion: base.version, readiness: [:],
                                      by: Fixture.desk1, now: Fixture.at(-5))
        }
        #expect(try store.lastSequence() == before)
        #expect(try store.snapshot().visits.first { $0.id == visit.id }?.status == .arrived)
    }

    @Test func aNewPatientGetsAFreshMRNAndBecomesTheVisitsPatient() throws {
        let store = try Fixture.memoryClinic()
        let (visit, _) = try arrived(store)
        let id = try store.registerPatient(Patient(id: 0, mrn: "", familyName: "Novak", givenName: "Ivana", dateOfBirth: "1990-01-02"),
                                           forVisit: visit.id, by: Fixture.desk1, now: Fixture.at(-4))
        let s = try store.snapshot()
        #expect(s.patient(id)?.mrn.hasPrefix("N") == true)
        #expect(s.visits.first { $0.id == visit.id }?.patientID == id)
        #expect(s.tasks.first { $0.kind == .checkIn && $0.visitID == visit.id }?.patientID == id)
        #expect(throws: StoreError.self) {
            try store.registerPatient(Patient(id: 0, mrn: "", familyName: "X", givenName: "Y", dateOfBirth: "1990-02-30"),
                                      forVisit: visit.id, by: Fixture.desk1, now: Fixture.at(-4))
        }
        #expect(try store.auditTrail(limit: 5).contains { $0.action == "patient.created" && $0.patientID == id })
    }
}
