import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// A re-import updates appointments, but never changes who a visit is for once it has begun.
@Suite("Store: re-importing appointments")
struct StoreReimportTests {
    @Test("re-importing an arrived visit's appointment for another patient is refused, all or nothing")
    func reimportCannotSwapAnArrivedPatient() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(1))
        let before = try store.snapshot()
        let patientBefore = try #require(before.visits.first { $0.appointmentRef == "A1" }?.patientID)
        var message = ""
        do {
            _ = try store.importClinic(patients: [], appointments: [
                AppointmentRecord(ref: "A2", at: Fixture.at(30), mrn: "M002", provider: "Dr New", reason: "moved"),
                AppointmentRecord(ref: "A1", at: Fixture.at(0), mrn: "M002", provider: "Dr Okafor", reason: "Annual"),
            ], by: Fixture.desk1, now: Fixture.at(2))
            Issue.record("the import swapped an arrived visit's patient")
        } catch { message = "\(error)" }
        #expect(message.contains("A1") && message.contains("arrived"), "got: \(message)")
        let after = try store.snapshot()
        #expect(after.visits.first { $0.appointmentRef == "A1" }?.patientID == patientBefore)
        #expect(after.visits.first { $0.appointmentRef == "A2" }?.provider == "Dr Lindqvist", "nothing of the file was applied")
        // The same patient with other fields changed is fine.
        _ = try store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "A1", at: Fixture.at(10), mrn: "M001", provider: "Dr Rossi", reason: "Annual"),
        ], by: Fixture.desk1, now: Fixture.at(3))
        #expect(try store.snapshot().visits.first { $0.appointmentRef == "A1" }?.provider == "Dr Rossi")
    }
}
