import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// The HL7 outbox in the store: each change made in FrontDesk writes its message in the same
/// transaction (a refused booking writes none), the practice system's own changes write
/// nothing back, and the sender's bookkeeping (sent, failed, refused → a task).
@Suite("HL7 outbox in the store")
struct OutboxStoreTests {
    typealias S = ScheduleStoreTests
    static let hl7 = Actor(login: "hl7", desk: "hl7", role: .integration)

    static func pending(_ s: ClinicStore) throws -> [OutboxEntry] {
        var entries: [OutboxEntry] = []
        while let next = try s.outboxNext(by: hl7) {
            entries.append(next)
            try s.outboxSent(next.id, by: hl7, now: S.now)
        }
        return entries
    }

    @Test("book, reschedule, cancel, no-show each write their message with the change; a refused booking and the practice's own changes write none")
    func writtenWithTheChange() throws {
        let s = try S.store()
        let m1 = try S.pid(s, "M001"), m2 = try S.pid(s, "M002")
        let a = try s.book(Booking(patientID: m1, provider: "okafor", start: S.at(1, 9), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        var renamed = try #require(try s.patient(mrn: "M001"))
        renamed.familyName = "Núñez"
        try s.updatePatient(renamed, expectedVersion: renamed.version, by: Fixture.desk1, now: S.now)
        #expect(throws: BookingRefused.self) {
            try s.book(Booking(patientID: m2, provider: "okafor", start: S.at(1, 9), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        }
        let moved = try s.rescheduleAppointment(id: a.id, to: S.at(1, 10), by: Fixture.desk1, now: S.now)
        try s.cancelAppointment(id: moved.id, reason: "patient is travelling", by: Fixture.desk1, now: S.now)
        let b = try s.book(Booking(patientID: m2, provider: "lindqvist", start: S.at(1, 8), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        try s.markNoShow(id: b.id, by: Fixture.desk1, now: S.at(1, 8, 30))
        // What the practice system did itself is not told back to it.
        try s.apply(PracticeMessage(sender: "PMS", controlID: "1", kind: "SIU^S12",
                                    change: .appointment(PracticeAppointment(action: .book, fillerID: "P-1", start: S.at(1, 11), minutes: 15,
                                                                            providerID: "okafor", typeCode: "follow-up",
                                                                            patient: PracticeStoreTests.jose))),
                    by: Self.hl7, now: S.now)
        let status = try s.outboxStatus()
        #expect(status.depth == 6 && status.oldestUnsentAt == S.now && status.refused == 0)

        let sent = try Self.pending(s)
        // A reschedule is the new booking and the old one's cancel, in the order they were made.
        #expect(sent.map(\.appointment.event) == [.book, .book, .cancel, .cancel, .book, .noShow])
        #expect(sent.map(\.appointment.visitID) == [a.id, moved.id, a.id, moved.id, b.id, b.id])
        #expect(sent[2].appointment.reason == "rescheduled")
        // Each as it stood when it changed: the booking still names the patient as they were then.
        let first = try #require(sent.first?.appointment)
        #expect(first.fillerID == a.ref && first.start == S.at(1, 9) && first.minutes == 15 && first.providerID == "okafor")
        #expect(first.patientMRN == "M001" && first.familyName == "Ñúñez-O'Brien" && first.dateOfBirth == "1980-02-29")
        #expect(sent[2].appointment.familyName == "Núñez")
        let cancel = try #require(sent.first { $0.appointment.event == .cancel && $0.appointment.visitID == moved.id }?.appointment)
        #expect(cancel.reason == "patient is travelling" && cancel.start == S.at(1, 10))
        #expect(try s.outboxStatus().depth == 0 && s.outboxStatus().lastSentAt == S.now)
    }

    @Test("a try that fails is counted and kept first in line; a message the practice refused is set aside with a task for a person")
    func failedAndRefused() throws {
        let s = try S.store()
        let a = try s.book(Booking(patientID: try S.pid(s, "M001"), provider: "okafor", start: S.at(1, 9), typeCode: "follow-up"),
                           by: Fixture.desk1, now: S.now)
        try s.book(Booking(patientID: try S.pid(s, "M002"), provider: "okafor", start: S.at(1, 10), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        let first = try #require(try s.outboxNext(by: Self.hl7))
        try s.outboxFailed(first.id, error: "connection refused", by: Self.hl7, now: S.at(1, 7, 1))
        let again = try #require(try s.outboxNext(by: Self.hl7))
        #expect(again.id == first.id && again.attempts == 1 && again.lastError == "connection refused")
        #expect(try s.outboxStatus().lastError == "connection refused")
        try s.outboxRefused(first.id, error: "SCH-2 unknown appointment", by: Self.hl7, now: S.at(1, 7, 2))
        #expect(try s.outboxNext(by: Self.hl7)?.id != first.id)
        let status = try s.outboxStatus()
        #expect(status.depth == 1 && status.refused == 1)
        let task = try #require(try s.snapshot().openTasks.first { $0.visitID == a.id && $0.kind == .providerRequest })
        #expect(task.title == "Ñúñez-O'Brien, José — the practice system refused FrontDesk's book of appointment \(a.ref!): SCH-2 unknown appointment")
        // Only the integration role (or an admin) works the outbox.
        #expect(throws: StoreError.self) { try s.outboxNext(by: Fixture.desk1) }
    }
}
