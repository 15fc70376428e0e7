import Foundation
import Testing
@testable import FrontDeskCore

/// The Waiting Room's moves against a table written out by hand (not read back from the
/// code), the rooms rule, who-needs-the-desk order and telling same-named rows apart.
@Suite("visit moves, rooms and the board's order")
struct VisitMoveTests {
    static func visit(_ status: VisitStatus, appointment minutes: Double? = -30, id: Int64 = 1, room: String? = nil,
                      arrived: Double? = nil) -> Visit {
        Visit(id: id, ticket: "A-00\(id)", patientID: id, provider: "Dr Osei", appointmentAt: minutes.map { noon.addingTimeInterval($0 * 60) },
              walkIn: minutes == nil, status: status, statusSince: noon.addingTimeInterval(-600),
              arrivedAt: arrived.map { noon.addingTimeInterval($0 * 60) } ?? (status == .scheduled || status == .noShow ? nil : noon.addingTimeInterval(-1200)),
              room: room)
    }

    /// Which moves each status allows for a patient whose time has passed (30 minutes ago).
    static let allowedWhenLate: [VisitStatus: Set<VisitMove.Kind>] = [
        .scheduled: [.noShow, .arrivedLate],
        .arrived: [.leftWithoutBeingSeen],
        .checkedIn: [.leftWithoutBeingSeen, .room],
        .roomed: [.leftWithoutBeingSeen],
        .noShow: [.arrivedLate],
    ]

    @Test(arguments: VisitStatus.allCases)
    func movesPerStatus(status: VisitStatus) {
        let v = Self.visit(status)
        let allowed = Set(VisitMove.Kind.allCases.filter { VisitMove.refusal($0, for: v, at: noon) == nil })
        #expect(allowed == (Self.allowedWhenLate[status] ?? []), "\(status)")
    }

    @Test func nobodyIsANoShowOrLateBeforeTheirTime() {
        let onTime = Self.visit(.scheduled, appointment: -4)       // within the five minutes' slack
        #expect(VisitMove.refusal(.noShow, for: onTime, at: noon) == .notLateYet)
        #expect(VisitMove.refusal(.arrivedLate, for: onTime, at: noon) == .notLateYet)
        #expect(onTime.lateness(at: noon) == nil)
        let late = Self.visit(.scheduled, appointment: -25)
        #expect(abs((late.lateness(at: noon) ?? 0) - 25 * 60) < 0.001)
        #expect(Self.visit(.arrived, appointment: -25).lateness(at: noon) == nil, "once here, nobody is late any more")
        #expect(VisitMove.refusal(.leftWithoutBeingSeen, for: late, at: noon)?.description == "a visit cannot go from Scheduled to Left (LWBS)")
    }

    @Test func aMoveSaysWhatWorkItEnds() {
        #expect(VisitMove.leftWithoutBeingSeen.closesTasks == [.checkIn, .insuranceVerification, .missingDocuments])
        #expect(VisitMove.noShow.closesTasks == VisitMove.leftWithoutBeingSeen.closesTasks)
        #expect(VisitMove.room("Room 1").closesTasks.isEmpty && VisitMove.arrivedLate.closesTasks.isEmpty)
    }

    @Test(arguments: [("2", "Room 2"), ("room  2", "Room 2"), ("ROOM 12", "Room 12"), (" Exam 3 ", "Exam 3"), ("Lab", "Lab"), ("3B", "Room 3B")])
    func roomNames(raw: String, name: String) throws {
        #expect(try RoomName.normalized(raw) == name)
        #expect(RoomName.key(raw) == RoomName.key(name))
    }

    @Test func roomNamesThatCannotBe() {
        #expect(throws: VisitMoveRefusal.self) { try RoomName.normalized("   ") }
        #expect(throws: VisitMoveRefusal.self) { try RoomName.normalized("Room\u{1B}[2J") }
        #expect(throws: VisitMoveRefusal.self) { try RoomName.normalized(String(repeating: "x", count: 41)) }
        #expect(RoomName.sorted(["Room 10", "Room 2", "Lab"]) == ["Lab", "Room 2", "Room 10"])
    }

    @Test func aRoomHoldsOnePatientUntilTheyLeaveIt() throws {
        let inRoom = Self.visit(.withProvider, id: 1, room: "2")    // an old row's bare number
        let next = Self.visit(.checkedIn, id: 2)
        #expect(VisitMove.room("Room 2").refusal(for: next, among: [inRoom, next], at: noon) == .roomTaken(room: "Room 2", ticket: "A-001"))
        let moved = try VisitMove.room("room 3").apply(to: next, among: [inRoom, next], at: noon)
        #expect(moved.status == .roomed && moved.room == "Room 3" && moved.statusSince == noon)
        for gone in [VisitStatus.checkout, .done, .leftWithoutBeingSeen] {
            let left = Self.visit(gone, id: 1, room: "2")
            #expect(VisitMove.room("2").refusal(for: next, among: [left, next], at: noon) == nil, "\(gone) leaves the room")
        }
        let listed = RoomOccupancy.rooms(["Room 1", "Room 2"], visits: [inRoom, Self.visit(.roomed, id: 3, room: "Lab")])
        #expect(listed.map(\.name) == ["Lab", "Room 1", "Room 2"], "a room in use that the list lacks is listed too")
        #expect(listed.map { $0.holder?.id } == [3, nil, 1])
    }

    @Test func whoNeedsTheDeskComesFirst() {
        let scheduledEarly = Self.visit(.scheduled, appointment: -120, id: 1)
        let arrivedRecently = Self.visit(.arrived, appointment: -10, id: 2, arrived: -5)
        let checkedInLongAgo = Self.visit(.checkedIn, appointment: -40, id: 3, arrived: -45)
        let withProvider = Self.visit(.withProvider, appointment: -90, id: 4, arrived: -95)
        let order = [scheduledEarly, arrivedRecently, checkedInLongAgo, withProvider]
            .sorted { WaitingOrder.needsDesk($0, $1) ?? ($0.id < $1.id) }.map(\.id)
        #expect(order == [3, 2, 1, 4])
        let byWait = [scheduledEarly, arrivedRecently, checkedInLongAgo, withProvider]
            .sorted { WaitingOrder.longestWait($0, $1) ?? ($0.id < $1.id) }.map(\.id)
        #expect(byWait == [4, 3, 2, 1], "the longest in the building first; nobody waits before they came")
    }

    static func patient(_ id: Int64, _ mrn: String, _ family: String, _ given: String, _ dob: String?) -> Patient {
        Patient(id: id, mrn: mrn, familyName: family, givenName: given, dateOfBirth: dob)
    }

    @Test func sameNamesAreToldApart() {
        let chidi80 = Self.patient(1, "M001", "Okafor", "Chidi", "1980-04-02")
        let chidi92 = Self.patient(2, "M101", "OKAFOR", "Chidi", "1992-07-07")
        let ana = Self.patient(3, "M002", "Lindqvist", "Ana", "1975-06-01")
        let bao = Self.patient(4, "M003", "Nguyen", "Bao", nil)
        let tags = NameCollisions.tags([chidi80, ana, chidi92, ana, bao, nil])
        #expect(tags.map { $0?.full } == ["b.1980", "MRN M002", "b.1992", "MRN M002", nil, nil])
        #expect(tags.map { $0?.short } == ["1980", "M002", "1992", "M002", nil, nil])
        // Same birth year: the MRN tails, as long as it takes to tell them apart.
        let twinA = Self.patient(5, "W000120", "Twin", "Al", "1990-01-01"), twinB = Self.patient(6, "W000220", "Twin", "Al", "1990-01-01")
        #expect(NameCollisions.tags([twinA, twinB]).map { $0?.full } == ["MRN …120", "MRN …220"])
        #expect(NameCollisions.tags([twinA, twinB]).map { $0?.short } == ["…120", "…220"])
        #expect(NameCollisions.tags([chidi80, bao]) == [nil, nil], "nothing collides, nothing is added")
    }

    @Test func theBoardAndTheFormShareOneMatcher() throws {
        let people = [Self.patient(1, "M001", "Nguyễn", "Minh", "1990-04-02"), Self.patient(2, "MRN100207", "O'Brien", "Siobhán", nil)]
        for (query, ids) in [("M001", [1]), ("mrn m001", [1]), ("mrn100207", [2]), ("nguyen", [1]), ("Obrein", []), ("Siobhn", [2])] {
            let q = try #require(PatientQuery(query))
            #expect(people.filter(q.matches).map(\.id) == ids.map(Int64.init), "\(query)")
            #expect(PatientSearch.search(query, in: people).map(\.id) == ids.map(Int64.init), "\(query)")
        }
        #expect(PatientQuery("   ") == nil)
    }
}
