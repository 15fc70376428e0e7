import Foundation
import Testing
import FrontDeskCore
import FrontDeskConsole
@testable import FrontDeskStore
import TerminalUI

@Suite("Public board")
struct BoardTests {
    static let t0 = Date(timeIntervalSince1970: 1_772_445_600)
    static let people = [
        Patient(id: 0, mrn: "M1", familyName: "Okafor", givenName: "Chidi", phone: "555-0101"),
        Patient(id: 0, mrn: "M2", familyName: "Lindqvist", givenName: "Ana", phone: "555-0102"),
        Patient(id: 0, mrn: "M3", familyName: "Nguyen", givenName: "Bao", phone: "555-0103"),
    ]

    func clinic() throws -> ClinicStore {
        let store = try ClinicStore.temporary()
        let admin = Actor(login: "root", desk: "office", role: .admin)
        _ = try store.importClinic(patients: Self.people, appointments: Self.people.enumerated().map { i, p in
            AppointmentRecord(ref: "A\(i)", at: Self.t0, mrn: p.mrn, provider: "Dr Patel", reason: "Chest pain")
        }, by: admin, now: Self.t0)
        for i in 0..<3 { try store.apply(TimedEvent(.patientArrived(appointment: "A\(i)")), by: admin, now: Self.t0.addingTimeInterval(Double(i) * 60)) }
        let first = try #require(try store.snapshot().visits.first { $0.ticket == "A-001" })
        try store.setVisitStatus(visitID: first.id, to: .checkedIn, by: admin, now: Self.t0.addingTimeInterval(300))
        try store.setVisitStatus(visitID: first.id, to: .roomed, by: admin, now: Self.t0.addingTimeInterval(600))
        return store
    }

    func screen(_ store: ClinicStore, showNames: Bool, at now: Date) throws -> String {
        let model = try StoreBoardSource(store: store, showNames: showNames).model(at: now)
        var grid = Grid(width: 80, height: 24)
        render(model, now: now, timeZone: TimeZone(identifier: "UTC")!, into: &grid)
        return grid.text
    }

    @Test func theBoardShowsTicketsAndNoPatientNameFromTheDatabase() throws {
        let store = try clinic()
        let now = Self.t0.addingTimeInterval(660)
        let text = try screen(store, showNames: false, at: now)
        #expect(text.contains("Now calling") && text.contains("A-001") && text.contains("A-002") && text.contains("A-003"))
        #expect(text.contains("Estimated wait about 10 min"), "\(text)")
        for p in try store.snapshot().patients.values {
            for name in [p.familyName, p.givenName] {
                #expect(!text.contains(name), "the public board shows \(name):\n\(text)")
            }
        }
        #expect(!text.contains("Dr Patel") && !text.contains("Chest pain"))
    }

    @Test func theOptInShowsFirstNameAndLastInitialOnly() throws {
        let store = try clinic()
        let text = try screen(store, showNames: true, at: Self.t0.addingTimeInterval(660))
        #expect(text.contains("Chidi O.") && text.contains("Ana L."), "\(text)")
        #expect(!text.contains("Okafor") && !text.contains("Lindqvist"))
    }

    @Test func aRoomIsCalledByItsNameAndHoldsOneTicketUntilItsPatientLeaves() throws {
        let store = try clinic()                              // A-001 roomed (no room named); in the lobby
        let admin = Actor(login: "root", desk: "office", role: .admin)
        let visits = try store.snapshot().visits
        let second = try #require(visits.first { $0.ticket == "A-002" }), third = try #require(visits.first { $0.ticket == "A-003" })
        for v in [second, third] { try store.checkIn(visitID: v.id, by: admin, now: Self.t0.addingTimeInterval(620)) }
        try store.setVisitStatus(visitID: second.id, to: .roomed, room: "Room 2", by: admin, now: Self.t0.addingTimeInterval(640))
        // "2" is the same room: a second ticket may not be sent there while A-002 is in it.
        #expect(throws: VisitMoveRefusal.roomTaken(room: "Room 2", ticket: "A-002")) {
            try store.setVisitStatus(visitID: third.id, to: .roomed, room: "2", by: admin, now: Self.t0.addingTimeInterval(650))
        }
        var text = try screen(store, showNames: false, at: Self.t0.addingTimeInterval(660))
        #expect(text.contains("A-002  → Room 2") && !text.contains("Room Room") && !text.contains("A-003  →"), "\(text)")
        // Seen and gone: the room is free again, and the next ticket is called to it.
        try store.setVisitStatus(visitID: second.id, to: .withProvider, by: admin, now: Self.t0.addingTimeInterval(700))
        try store.setVisitStatus(visitID: second.id, to: .done, by: admin, now: Self.t0.addingTimeInterval(710))
        try store.setVisitStatus(visitID: third.id, to: .roomed, room: "2", by: admin, now: Self.t0.addingTimeInterval(720))
        text = try screen(store, showNames: false, at: Self.t0.addingTimeInterval(730))
        #expect(text.contains("▶ A-003  → Room 2"), "\(text)")
    }
}
