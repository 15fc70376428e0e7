import Foundation
import Testing
import GRDB
import FrontDeskCore
@testable import FrontDeskStore

/// The Waiting Room's moves as the store applies them: the domain's rule inside one
/// transaction, audited; a refusal changes nothing; a room holds one patient across desks.
@Suite("visit moves in the store")
struct VisitMoveStoreTests {
    static func visit(_ store: ClinicStore, _ ref: String) throws -> Visit {
        try #require(try store.snapshot().visits.first { $0.appointmentRef == ref })
    }

    static func arrive(_ store: ClinicStore, _ ref: String, at minute: Double) throws {
        try store.apply(TimedEvent(.patientArrived(appointment: ref)), by: Fixture.desk1, now: Fixture.at(minute))
    }

    @Test func aNoShowOnlyAfterTheirTimeInOneAuditedChange() throws {
        let store = try Fixture.memoryClinic()
        let a1 = try Self.visit(store, "A1")                 // 09:00
        let auditBefore = try store.auditTrail().count
        #expect(throws: VisitMoveRefusal.notLateYet) { try store.move(visitID: a1.id, .noShow, by: Fixture.desk1, now: Fixture.at(3)) }
        #expect(try store.auditTrail().count == auditBefore && (try Self.visit(store, "A1")).status == .scheduled)
        let seq = try store.lastSequence()
        try store.move(visitID: a1.id, .noShow, by: Fixture.desk1, now: Fixture.at(20))
        let moved = try Self.visit(store, "A1")
        #expect(moved.status == .noShow && moved.statusSince == Fixture.at(20) && moved.version == a1.version + 1)
        let audit = try store.auditTrail(limit: 1)
        #expect(audit.map(\.action) == ["visit.no-show"] && audit.first?.login == "ana" && audit.first?.patientID == a1.patientID)
        #expect(try store.changes(since: seq).map(\.kind) == [.visit])
        // They turn up after all: the late arrival gets a ticket and a check-in task.
        try store.move(visitID: a1.id, .arrivedLate, by: Fixture.desk1, now: Fixture.at(35))
        let late = try Self.visit(store, "A1")
        #expect(late.status == .arrived && late.ticket == "A-001" && late.arrivalOffset == 35 * 60)
        #expect(try store.snapshot().tasks.contains { $0.visitID == a1.id && $0.kind == .checkIn && $0.state == .queued })
        #expect(try store.auditTrail(limit: 5).contains { $0.action == "visit.arrived-late" })
    }

    @Test func leavingUnseenCancelsTheirCheckInUnlessAnotherDeskIsOnIt() throws {
        let store = try Fixture.memoryClinic()
        try Self.arrive(store, "A1", at: 0)
        try Self.arrive(store, "A2", at: 1)
        let a1 = try Self.visit(store, "A1"), a2 = try Self.visit(store, "A2")
        try store.move(visitID: a1.id, .leftWithoutBeingSeen, by: Fixture.desk1, now: Fixture.at(30))
        let tasks = try store.snapshot().tasks
        #expect(tasks.first { $0.visitID == a1.id && $0.kind == .checkIn }?.state == .cancelled)
        #expect(try Self.visit(store, "A1").status == .leftWithoutBeingSeen)

        // Desk 2 is checking A2 in: desk 1 cannot mark them gone under its hands.
        try store.start(.openCheckIn(visitID: a2.id), at: Fixture.desk2.desk, by: Fixture.desk2, now: Fixture.at(31))
        #expect(throws: StoreError.self) { try store.move(visitID: a2.id, .leftWithoutBeingSeen, by: Fixture.desk1, now: Fixture.at(32)) }
        #expect(try Self.visit(store, "A2").status == .arrived)
        #expect(try store.snapshot().tasks.first { $0.visitID == a2.id && $0.kind == .checkIn }?.state == .active)
    }

    @Test func aRoomHoldsOnePatientWhicheverDeskAsks() throws {
        let store = try Fixture.diskClinic()
        for (ref, minute) in [("A1", 0.0), ("A2", 1.0)] {
            try Self.arrive(store, ref, at: minute)
            try store.checkIn(visitID: try Self.visit(store, ref).id, by: Fixture.desk1, now: Fixture.at(minute + 2))
        }
        let a1 = try Self.visit(store, "A1"), a2 = try Self.visit(store, "A2")
        let before = try store.snapshot()
        try store.move(visitID: a1.id, .room("1"), by: Fixture.desk1, now: Fixture.at(10))
        #expect(try Self.visit(store, "A1").room == "Room 1" && (try store.rooms()) == ["Room 1"])
        #expect(try store.refresh(before).rooms == ["Room 1"], "a new room reaches every console through the journal")
        #expect(try store.auditTrail(limit: 3).map(\.action).contains("room.added"))
        #expect(throws: VisitMoveRefusal.roomTaken(room: "Room 1", ticket: "A-001")) {
            try store.move(visitID: a2.id, .room("room 1"), by: Fixture.desk2, now: Fixture.at(11))
        }
        #expect(try Self.visit(store, "A2").status == .checkedIn)
        // With the provider the room is still theirs; at checkout it is free.
        try store.setVisitStatus(visitID: a1.id, to: .withProvider, by: Fixture.desk1, now: Fixture.at(20))
        #expect(throws: VisitMoveRefusal.self) { try store.move(visitID: a2.id, .room("Room 1"), by: Fixture.desk2, now: Fixture.at(21)) }
        try store.setVisitStatus(visitID: a1.id, to: .checkout, by: Fixture.desk1, now: Fixture.at(40))
        try store.move(visitID: a2.id, .room("Room 1"), by: Fixture.desk2, now: Fixture.at(41))
        #expect(try Self.visit(store, "A2").status == .roomed && (try store.rooms()) == ["Room 1"])
    }

    @Test func aMoveIsFrontDeskWorkAnIntegrationMayNotMakeIt() throws {
        let store = try Fixture.memoryClinic()
        let a1 = try Self.visit(store, "A1")
        let integration = Actor(login: "hl7", desk: "hl7", role: .integration)
        #expect(throws: AccessDenied.self) { try store.move(visitID: a1.id, .noShow, by: integration, now: Fixture.at(20)) }
        #expect(try Self.visit(store, "A1").status == .scheduled)
    }

    @Test func leavingBeforeTheirTimeOffersTheSlotToTheWaitlistAsACancelDoes() throws {
        let s = try ScheduleStoreTests.store()
        let m001 = try ScheduleStoreTests.pid(s, "M001"), m002 = try ScheduleStoreTests.pid(s, "M002")
        let now = ScheduleStoreTests.now                      // Monday 07:00
        let a = try s.book(Booking(patientID: m001, provider: "okafor", start: ScheduleStoreTests.at(1, 10), typeCode: "follow-up"),
                           by: Fixture.desk1, now: now)
        _ = try s.addToWaitlist(patientID: m002, provider: "okafor", type: nil, before: nil, partOfDay: nil, note: nil, by: Fixture.desk1, now: now)
        try s.setVisitStatus(visitID: a.id, to: .arrived, by: Fixture.desk1, now: now.addingTimeInterval(30 * 60))
        #expect(try s.snapshot().openTasks.allSatisfy { $0.kind != .waitlistOffer })
        try s.move(visitID: a.id, .leftWithoutBeingSeen, by: Fixture.desk1, now: now.addingTimeInterval(60 * 60))
        let offer = try #require(try s.snapshot().openTasks.first { $0.kind == .waitlistOffer }, "the 10:00 slot is free again")
        #expect(offer.patientID == m002)
        #expect(try s.snapshot().tasks.first { $0.visitID == a.id && $0.kind == .checkIn }?.state == .cancelled)
    }

    @Test func theRoomsMigrationListsTheRoomsAlreadyInUse() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v4-integration-role")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO patient(mrn, family_name, given_name) VALUES ('M1', 'A', 'B')")
            for room in ["3", "Lab", "3", " 7 "] {
                try db.execute(sql: """
                    INSERT INTO visit(patient_id, provider, walk_in, status, status_since, room) VALUES (1, '', 1, 'done', 0, ?)
                    """, arguments: [room])
            }
        }
        let store = ClinicStore(writer: queue, path: nil, config: .default)
        try store.migrate()
        #expect(try store.rooms() == ["Lab", "Room 3", "Room 7"])
    }
}
