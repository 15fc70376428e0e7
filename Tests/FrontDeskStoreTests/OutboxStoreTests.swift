import Foundation
import Testing
import FrontDeskCore
import GRDB
@testable import FrontDeskStore

/// The HL7 outbox in the store: each change made in FrontDesk writes its message in the same
/// transaction (a refused booking writes none), the practice system's own changes write
/// nothing back, and the sender's bookkeeping (sent, failed, refused → a task).
@Suite("HL7 outbox in the store")
struct OutboxStoreTests {
    typealias S = ScheduleStoreTests
    static let hl7 = Actor(login: "hl7", desk: "hl7", role: .integration)

    /// A clinic whose practice link is set up (as `hl7 send` does when it starts).
    static func linked(_ s: ClinicStore) throws -> ClinicStore {
        try s.setOutbound(true, by: hl7, now: S.now)
        return s
    }

    static func appointments(_ entries: [OutboxEntry]) -> [OutboundAppointment] {
        entries.compactMap { if case .appointment(let a) = $0.message { a } else { nil } }
    }

    static func patients(_ entries: [OutboxEntry]) -> [OutboundPatient] {
        entries.compactMap { if case .patient(let p) = $0.message { p } else { nil } }
    }

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
        let s = try Self.linked(try S.store())
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
        #expect(status.outbound && status.depth == 7 && status.oldestUnsentAt == S.now && status.refused == 0)

        let all = try Self.pending(s)
        // The rename is a correction the practice hears of, between the booking and the move.
        #expect(all.map(\.message.summary).prefix(2) == ["book of appointment \(a.ref!)", "update of patient M001"])
        let sent = Self.appointments(all)
        // A reschedule is the new booking and the old one's cancel, in the order they were made.
        #expect(sent.map(\.event) == [.book, .book, .cancel, .cancel, .book, .noShow])
        #expect(sent.map(\.visitID) == [a.id, moved.id, a.id, moved.id, b.id, b.id])
        #expect(sent[2].reason == "rescheduled")
        // Each as it stood when it changed: the booking still names the patient as they were then.
        let first = try #require(sent.first)
        #expect(first.fillerID == a.ref && first.start == S.at(1, 9) && first.minutes == 15 && first.providerID == "okafor")
        #expect(first.patientMRN == "M001" && first.familyName == "Ñúñez-O'Brien" && first.dateOfBirth == "1980-02-29")
        #expect(sent[2].familyName == "Núñez")
        let cancel = try #require(sent.first { $0.event == .cancel && $0.visitID == moved.id })
        #expect(cancel.reason == "patient is travelling" && cancel.start == S.at(1, 10))
        #expect(try s.outboxStatus().depth == 0 && s.outboxStatus().lastSentAt == S.now)
    }

    @Test("a try that fails is counted and kept first in line; a message the practice refused is set aside with a task for a person")
    func failedAndRefused() throws {
        let s = try Self.linked(try S.store())
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

    @Test("a clinic without a practice link writes no messages; on, every change does; off again, none, and what waits stays")
    func onlyWithAPracticeLink() throws {
        let s = try S.store()
        let m1 = try S.pid(s, "M001"), m2 = try S.pid(s, "M002")
        try s.book(Booking(patientID: m1, provider: "okafor", start: S.at(1, 9), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        #expect(try s.outboxStatus() == OutboxStatus(outbound: false, depth: 0, oldestUnsentAt: nil, refused: 0, lastSentAt: nil, lastError: nil))
        #expect(throws: StoreError.self) { try s.setOutbound(true, by: Fixture.desk1, now: S.now) }
        try s.setOutbound(true, by: Self.hl7, now: S.now)
        let b = try s.book(Booking(patientID: m2, provider: "okafor", start: S.at(1, 10), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        try s.setOutbound(false, by: Self.hl7, now: S.now)
        try s.cancelAppointment(id: b.id, reason: "ill", by: Fixture.desk1, now: S.now)
        let status = try s.outboxStatus()
        #expect(!status.outbound && status.depth == 1)
        #expect(Self.appointments(try Self.pending(s)).map(\.visitID) == [b.id])
        #expect(try s.auditTrail(limit: 10).map(\.action).filter { $0.hasPrefix("hl7.outbound") } == ["hl7.outbound-off", "hl7.outbound-on"])
    }

    @Test("a registration, a correction and a check-in each write their patient message with the change; what the desk removed is marked to be removed")
    func patientsGoOutToo() throws {
        let s = try Self.linked(try Fixture.memoryClinic())
        try s.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Fixture.desk1, now: Fixture.at(-10))
        let visit = try #require(try s.snapshot().visits.first { $0.appointmentRef == "A1" })
        // A walk-in who turns out to be new: registered at the visit, then checked in with a correction.
        let pid = try s.registerPatient(Patient(id: 0, mrn: "", familyName: "Novak", givenName: "Ivana", dateOfBirth: "1990-01-02",
                                                phone: "(617) 555-0101", address: "1 Elm St"),
                                        forVisit: visit.id, by: Fixture.desk1, now: Fixture.at(-9))
        var stored = try #require(try s.snapshot().patient(pid))
        var corrected = stored
        corrected.phone = nil
        corrected.address = "12 Elm St"
        try s.completeCheckIn(visitID: visit.id, patient: corrected, expectedVersion: stored.version, readiness: [:],
                              by: Fixture.desk1, now: Fixture.at(-5))
        // A check-in that changes nothing the practice carries sends the check-in alone.
        try s.apply(TimedEvent(.patientArrived(appointment: "A2")), by: Fixture.desk1, now: Fixture.at(-4))
        let second = try #require(try s.snapshot().visits.first { $0.appointmentRef == "A2" })
        stored = try #require(try s.snapshot().patient(second.patientID))
        var same = stored
        same.interpreter = "Portuguese"
        try s.completeCheckIn(visitID: second.id, patient: same, expectedVersion: stored.version, readiness: [:],
                              by: Fixture.desk1, now: Fixture.at(-3))
        // Someone registered at the lookup, with no visit.
        let walkUp = try s.registerPatient(Patient(id: 0, mrn: "", familyName: "Osei", givenName: "Kofi", dateOfBirth: "1975-05-06"),
                                           by: Fixture.desk1, now: Fixture.at(-2))

        let sent = Self.patients(try Self.pending(s))
        #expect(sent.map(\.event) == [.register, .update, .checkIn, .checkIn, .register])
        #expect(sent.map(\.visitID) == [visit.id, visit.id, visit.id, second.id, nil])
        #expect(sent[0].mrn == corrected.mrn && sent[0].phone == "(617) 555-0101" && sent[0].appointmentID == "A1")
        #expect(sent[1].phone == nil && sent[1].address == "12 Elm St" && sent[1].cleared == [.phone])
        #expect(sent[3].patientID == second.patientID && sent[3].cleared.isEmpty)
        #expect(sent[4].patientID == walkUp.patient.id && sent[4].familyName == "Osei")
    }

    @Test("the practice system's own patient messages write nothing back")
    func practicePatientsAreNotEchoed() throws {
        let s = try Self.linked(try S.store())
        var renamed = PracticeStoreTests.jose
        renamed.familyName = .set("Nunez")
        try s.apply(PracticeMessage(sender: "PMS", controlID: "9", kind: "ADT^A08",
                                    change: .patient(PracticePatientChange(action: .update, patient: renamed))),
                    by: Self.hl7, now: S.now)
        #expect(try s.patient(mrn: "M001")?.familyName == "Nunez")
        #expect(try s.outboxStatus().depth == 0)
    }

    @Test("the outbox migration keeps a clinic's sent and waiting messages when it had a practice link, and drops those written for none")
    func migrationKeepsALinkedClinicsOutbox() throws {
        for linked in [true, false] {
            let queue = try DatabaseQueue()
            try Schema.migrator.migrate(queue, upTo: "v10-follow-up-request")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO patient(mrn, family_name, given_name) VALUES ('M1', 'A', 'B')")
                try db.execute(sql: "INSERT INTO visit(patient_id, provider, walk_in, status, status_since, appointment_at) VALUES (1, '', 0, 'scheduled', 0, 0)")
                try db.execute(sql: "INSERT INTO hl7_outbox(created_at, event, visit_id, payload, state) VALUES (1, 'book', 1, '{}', ?)",
                               arguments: [linked ? "sent" : "pending"])
                try db.execute(sql: "INSERT INTO hl7_outbox(created_at, event, visit_id, payload) VALUES (2, 'cancel', 1, '{}')")
            }
            let store = ClinicStore(writer: queue, path: nil, config: .default)
            try store.migrate()
            let status = try store.outboxStatus()
            #expect(status.outbound == linked)
            #expect(status.depth == (linked ? 1 : 0))
            let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, patient_id FROM hl7_outbox ORDER BY id") }
            #expect(rows.map { $0[0] as Int64 } == (linked ? [1, 2] : []))
            if linked { #expect(rows.allSatisfy { ($0[1] as Int64?) == 1 }) }
        }
    }

    @Test("every outbox event the code can write is one the frozen schema takes (a new one needs its own migration)")
    func everyEventFitsTheSchema() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        let events = PracticeAppointmentAction.allCases.map(\.rawValue) + OutboundPatientEvent.allCases.map(\.rawValue)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO patient(mrn, family_name, given_name) VALUES ('M1', 'A', 'B')")
            for e in events {
                try db.execute(sql: "INSERT INTO hl7_outbox(created_at, event, patient_id, payload) VALUES (0, ?, 1, '{}')", arguments: [e])
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "INSERT INTO hl7_outbox(created_at, event, patient_id, payload) VALUES (0, 'bogus', 1, '{}')") }
        }
    }
}
