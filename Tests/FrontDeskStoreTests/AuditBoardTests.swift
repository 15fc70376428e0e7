import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

@Suite("Store: audit query and the public board's query")
struct AuditBoardTests {
    @Test func theAuditIsForSupervisorsAndFiltersByPatientUserAndTime() throws {
        let store = try Fixture.memoryClinic()
        let m1 = try #require(try store.patient(mrn: "M001"))
        let m2 = try #require(try store.patient(mrn: "M002"))
        try store.recordView(patientID: m1.id, by: Fixture.desk1, now: Fixture.at(1))
        try store.recordView(patientID: m2.id, by: Fixture.desk2, now: Fixture.at(2))
        try store.recordView(patientID: m1.id, by: Fixture.desk2, now: Fixture.at(3))

        #expect(throws: AccessDenied.self) { try store.audit(AuditQuery(), by: Fixture.desk1, now: Fixture.at(4)) }

        let aboutM1 = try store.audit(AuditQuery(patientMRN: "M001"), by: Fixture.supervisor, now: Fixture.at(4))
        #expect(aboutM1.filter { $0.entry.action == "patient.viewed" }.map(\.entry.login) == ["ben", "ana"])
        #expect(aboutM1.allSatisfy { $0.patientMRN == "M001" })
        let byBen = try store.audit(AuditQuery(login: "ben", since: Fixture.at(2.5)), by: Fixture.supervisor, now: Fixture.at(5))
        #expect(byBen.map(\.entry.action) == ["patient.viewed"] && byBen[0].patientMRN == "M001")
        // Reading the audit is itself audited.
        #expect(try store.auditTrail(limit: 1).first?.action == "audit.read")
        #expect(throws: StoreError.unknownPatient("M404")) { try store.audit(AuditQuery(patientMRN: "M404"), by: Fixture.supervisor, now: Fixture.at(6)) }
    }

    @Test func theBoardQueryCarriesTicketsAndNoNamesUnlessAskedFor() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(0))
        try store.apply(TimedEvent(.patientArrived(appointment: "A2")), by: Fixture.desk1, now: Fixture.at(2))
        let tickets = try store.boardTickets(since: Fixture.at(-600))
        #expect(tickets.map(\.ticket) == ["A-001", "A-002"])
        #expect(tickets.allSatisfy { $0.shortName == nil })
        let named = try store.boardTickets(since: Fixture.at(-600), showNames: true)
        #expect(named.map(\.shortName) == ["José Ñ.", "小龍 李."])
    }
}
