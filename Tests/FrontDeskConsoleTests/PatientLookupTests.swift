import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI
import TestSupport

/// Finding any patient from the desk — not only today's — opening their record read-only
/// (an audited view) and registering a new one with the form's own rules.
@Suite("Patient lookup from the desk")
struct PatientLookupTests {
    /// Noor Haddad is not on today's list: she came a month ago and is booked in two weeks.
    static func withNoor() throws -> (CheckInSession, Patient) {
        let s = try CheckInSession()
        let day: TimeInterval = 86_400
        _ = try s.store.importClinic(patients: [
            Patient(id: 0, mrn: "M077", familyName: "Haddad", givenName: "Noor", dateOfBirth: "1988-12-01", phone: "(617) 555-0142"),
        ], appointments: [
            AppointmentRecord(ref: "P1", at: CheckInSession.t0.addingTimeInterval(-30 * day), mrn: "M077", provider: "Dr Lee", reason: "Sprain"),
        ], by: CheckInSession.ana, now: CheckInSession.t0.addingTimeInterval(-30 * day - 3600))
        _ = try s.store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "F1", at: CheckInSession.t0.addingTimeInterval(14 * day), mrn: "M077", provider: "Dr Patel", reason: "Review"),
        ], by: CheckInSession.ana, now: CheckInSession.t0)
        s.poll()
        let noor = try #require(try s.store.patient(mrn: "M077"))
        return (s, noor)
    }

    @Test("f finds a patient beyond today's list with the form's matcher (a typo'd name); Enter opens the record read-only with past and future visits, audited")
    func findAndOpen() throws {
        let (s, noor) = try Self.withNoor()
        #expect(!s.screen.contains("Haddad"), "not on today's board")
        s.type("?")
        #expect(s.screen.contains("find any patient"), "the desk's help lists f")
        s.press(.escape)
        s.type("f")
        #expect(s.terminal.frame.row(at: s.terminal.height - 1).contains("Esc close"))
        s.type("hadad noor")
        #expect(s.screen.contains("Haddad, Noor"))
        s.press(.enter)
        #expect(s.screen.contains("M077"))
        #expect(s.screen.contains("1988-12-01"))
        #expect(s.screen.contains("2026-01-31"), "the visit a month ago")
        #expect(s.screen.contains("2026-03-16"), "the visit in two weeks")
        assertSnapshot(s.terminal.frame, named: "desk-patient-record-80x24")
        #expect(try s.store.auditTrail().contains { $0.action == "patient.viewed" && $0.patientID == noor.id && $0.login == "ana" })
        // Read-only: typing changes nothing in the record.
        s.type("xyz")
        #expect(try s.store.patient(mrn: "M077") == noor)
        s.press(.escape)
        s.press(.escape)
        #expect(s.screen.contains("Waiting Room"))
    }

    @Test("the lookup registers a new patient with the form's rules: a bad date of birth is refused and nothing is made; likely duplicates first; then the record")
    func registerFromTheDesk() throws {
        let (s, _) = try Self.withNoor()
        let before = try s.store.patientMRNs().count
        s.type("f")
        s.press(.ctrl("n"))
        s.type("Novak"); s.press(.tab); s.type("Jan"); s.press(.tab); s.type("2030-01-01")
        s.press(.ctrl("n"))
        #expect(s.screen.contains("Date of birth is in the future"))
        #expect(try s.store.patientMRNs().count == before)
        // Noor's twin by date of birth and a close name: shown first, Ctrl-N again makes the new one.
        s.press(.backTab)
        s.press(.backTab)
        s.press(.ctrl("u")); s.type("Hadad")
        s.press(.tab)
        s.press(.ctrl("u")); s.type("Nour")
        s.press(.tab)
        s.press(.ctrl("u")); s.type("12/01/1988")
        s.press(.ctrl("n"))
        #expect(s.screen.contains("Likely the same person"))
        #expect(s.screen.contains("Haddad, Noor"))
        assertSnapshot(s.terminal.frame, named: "desk-new-patient-duplicates-80x24")
        #expect(try s.store.patientMRNs().count == before)
        s.press(.ctrl("n"))
        #expect(try s.store.patientMRNs().count == before + 1)
        let created = try #require(try s.store.searchPatients("Hadad, Nour").first { $0.familyName == "Hadad" })
        #expect(created.dateOfBirth == "1988-12-01" && created.givenName == "Nour" && created.mrn.hasPrefix("N"))
        #expect(s.screen.contains(created.mrn), "the new record is shown")
        #expect(try s.store.auditTrail().contains { $0.action == "patient.created" && $0.patientID == created.id })
    }
}
