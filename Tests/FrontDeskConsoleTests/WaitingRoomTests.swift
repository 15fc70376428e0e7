import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// "The board tells you who needs you": the Waiting Room's order, late appointments and the
/// moves on them, same-name rows, the one search, the filters, rooming and calling — scripted
/// keys on the real store, read off the screen, the store and the lobby board.
@Suite("Waiting Room")
struct WaitingRoomTests {
    /// The clinic of `Clinic.store()` with twelve more of Nguyen's appointments booked from
    /// 07:10 to 09:00, none of whom came: on the old appointment order they fill the board.
    static func busyMorning() throws -> ClinicStore {
        let store = try Clinic.store()
        let early = (0..<12).map { AppointmentRecord(ref: "E\($0)", at: Clinic.at(-170 + Double($0) * 10), mrn: "M003", provider: "Dr Lee", reason: "") }
        _ = try store.importClinic(patients: [], appointments: early, by: Clinic.ana, now: Clinic.at(-1))
        return store
    }

    /// The board's rows as drawn (the table's body lines), top first.
    static func boardRows(_ s: DeskSession) -> [String] {
        let f = s.terminal.frame
        return (0..<f.height).map { f.row(at: $0) }.filter { $0.contains("┃") && ($0.contains("-0") || $0.contains("·")) }
    }

    /// Moves the board's selection onto `visitID`.
    static func select(_ s: DeskSession, _ visitID: Int64) {
        for _ in 0..<60 where s.state.selectedVisit?.id != visitID { s.press(.down) }
        for _ in 0..<60 where s.state.selectedVisit?.id != visitID { s.press(.up) }
        #expect(s.state.selectedVisit?.id == visitID)
    }

    static func title(_ s: DeskSession) -> String { s.terminal.frame.row(at: 1) }

    // MARK: who needs the desk

    @Test("the default order is who needs the desk: the lobby longest-waiting first, so at 80×24 the first arrival is on screen")
    func whoNeedsTheDesk() throws {
        let s = DeskSession(try Self.busyMorning())
        let f = s.terminal.frame
        #expect(f.row(at: 3).contains("▸W-001") && f.row(at: 3).contains("● Arrived"), "\(s.screen)")
        #expect(f.row(at: 4).contains("A-003 Okafor") && f.row(at: 5).contains("A-004 Lindqvist"), "\(s.screen)")
        // Then the rest of the day as booked: the 07:10 appointment nobody came to.
        #expect(f.row(at: 6).contains("07:10"), "\(s.screen)")
        #expect(s.effects.isEmpty)
    }

    @Test("sort by wait puts the longest wait first, and those not here yet after everyone who is")
    func sortByWait() throws {
        let s = DeskSession(try Self.busyMorning())
        for _ in 0..<6 where !Self.title(s).contains("by wait") { s.type("o") }
        #expect(Self.title(s).contains("by wait"))
        let listed = s.state.boardVisits
        #expect(listed.first?.ticket == "W-001")
        let firstNotHere = try #require(listed.firstIndex { $0.status == .scheduled })
        #expect(listed[firstNotHere...].allSatisfy { $0.status == .scheduled }, "\(listed.map(\.ticket))")
        #expect(s.terminal.frame.row(at: 3).contains("W-001"))
    }

    // MARK: late, and the moves on it

    /// The fixture with Nguyen also booked at 09:35: 25 minutes late at 10:00, not here.
    static func lateNguyen() throws -> (DeskSession, Int64) {
        let store = try Clinic.store()
        _ = try store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "L1", at: Clinic.at(-25), mrn: "M003", provider: "Dr Lee", reason: "Bloods"),
        ], by: Clinic.ana, now: Clinic.at(-1))
        let s = DeskSession(store)
        return (s, s.visit("L1").id)
    }

    @Test("an appointment past its time reads late 25m, not Scheduled; one still to come reads Scheduled")
    func lateShowsHowLate() throws {
        let (s, _) = try Self.lateNguyen()
        let late = try #require(Self.boardRows(s).first { $0.contains("09:35") })
        #expect(late.contains("· late 25m") && !late.contains("Scheduled"), "\(late)")
        let upcoming = try #require(Self.boardRows(s).first { $0.contains("10:15") })
        #expect(upcoming.contains("· Scheduled"))
    }

    @Test("m on a late appointment offers the moves the rules allow; x marks a no-show in one audited move")
    func noShow() throws {
        let (s, late) = try Self.lateNguyen()
        Self.select(s, s.visit("A3").id)                     // 10:15: not late yet, nothing to move
        #expect(!s.terminal.frame.row(at: 23).contains("move"))
        s.type("m")
        #expect(s.screen.contains("Nothing to mark yet: their appointment time has not passed"), "m pressed anyway says why")
        s.type("x")
        #expect(!s.screen.contains("Move the visit") && s.stored.visits.first { $0.appointmentRef == "A3" }?.status == .scheduled)
        Self.select(s, late)
        #expect(s.terminal.frame.row(at: 23).contains("m move"), "\(s.terminal.frame.row(at: 23))")
        s.type("m")
        #expect(s.screen.contains("Move the visit") && s.screen.contains("x  no-show") && s.screen.contains("l  arrived late"), "\(s.screen)")
        #expect(s.screen.contains("w  left without being seen — not from Scheduled"), "they never came, so they cannot have left")
        s.type("w")
        #expect(s.stored.visits.first { $0.id == late }?.status == .scheduled, "a move the rules refuse does nothing")
        #expect(s.screen.contains("Not now: a visit cannot go from Scheduled to Left (LWBS)"), "\(s.screen)")
        #expect(s.screen.contains("Move the visit"), "the menu stays open for another choice")
        s.type("x")
        #expect(s.stored.visits.first { $0.id == late }?.status == .noShow)
        let audit = try s.store.auditTrail(limit: 5)
        #expect(audit.first { $0.action == "visit.no-show" }?.login == "ana")
        #expect(s.screen.contains("marked a no-show") && !s.screen.contains("Move the visit"))
    }

    @Test("m l on a late appointment records a late arrival: a ticket, in the queue to check in, the arrival late")
    func arrivedLate() throws {
        let (s, late) = try Self.lateNguyen()
        Self.select(s, late)
        s.type("ml")
        let v = try #require(s.stored.visits.first { $0.id == late })
        #expect(v.status == .arrived && v.arrivedAt == Clinic.t0 && !v.ticket.isEmpty && v.arrivalOffset == 25 * 60)
        #expect(s.stored.tasks.contains { $0.visitID == late && $0.kind == .checkIn && $0.state == .queued })
        #expect(s.screen.contains("arrived late"))
    }

    @Test("m w on a patient in the lobby: left without being seen; their check-in leaves Next Up")
    func leftWithoutBeingSeen() throws {
        let s = DeskSession()
        let a1 = s.visit("A1")                                // A-003, at the window
        Self.select(s, a1.id)
        #expect(s.terminal.frame.row(at: 23).contains("m move"), "\(s.terminal.frame.row(at: 23))")
        s.type("m")
        #expect(s.screen.contains("A-003 Okafor, Chidi · Arrived") && s.screen.contains("w  left without being seen"), "\(s.screen)")
        s.press(.escape)
        #expect(s.stored.visits.first { $0.id == a1.id }?.status == .arrived, "Esc leaves the visit as it is")
        s.type("mw")
        #expect(s.stored.visits.first { $0.id == a1.id }?.status == .leftWithoutBeingSeen)
        #expect(s.stored.tasks.first { $0.visitID == a1.id && $0.kind == .checkIn }?.state == .cancelled)
        #expect(!s.state.rankedWork.contains { $0.visitID == a1.id })
        #expect(!Self.boardRows(s).contains { $0.contains("A-003") }, "gone from the open board")
    }

    @Test("help lists the move key from the same table, marked not now when the rules allow no move")
    func movesInHelp() throws {
        let s = DeskSession()                                 // W-001 selected: arrived, may leave unseen
        s.type("?")
        #expect(s.screen.contains("m           move the visit: no-show, late, left unseen, room  "), "\(s.screen)")
        s.press(.escape)
        Self.select(s, s.visit("A3").id)                     // 10:15, not here yet: nothing to move
        s.type("?")
        #expect(s.screen.contains("move the visit: no-show, late, left unseen, room (not now)"), "\(s.screen)")
    }

    // MARK: same names

    @Test("rows whose names collide on screen show what tells them apart: birth year, else the MRN's tail")
    func sameNames() throws {
        let store = try Clinic.store()
        _ = try store.importClinic(patients: [
            Patient(id: 0, mrn: "M101", familyName: "Okafor", givenName: "Chidi", dateOfBirth: "1992-07-07", phone: "555-0171"),
        ], appointments: [
            AppointmentRecord(ref: "S1", at: Clinic.at(40), mrn: "M101", provider: "Dr Lee", reason: ""),
            AppointmentRecord(ref: "S2", at: Clinic.at(50), mrn: "M002", provider: "Dr Lee", reason: ""),
        ], by: Clinic.ana, now: Clinic.at(-1))
        let s = DeskSession(store, width: 120, height: 40)
        let rows = Self.boardRows(s)
        #expect(rows.contains { $0.contains("Okafor, Chidi b.1980") } && rows.contains { $0.contains("Okafor, Chidi b.1992") }, "\(s.screen)")
        // One person booked twice: the same MRN tail on both rows says it is one record.
        #expect(rows.filter { $0.contains("Lindqvist, Ana MRN M002") }.count == 2, "\(s.screen)")
        #expect(rows.contains { $0.contains("Nguyen, Bao ") && !$0.contains("b.") && !$0.contains("MRN") })
        // At 80 columns the tag goes short and the given name to an initial before anything is cut.
        let narrow = Self.boardRows(DeskSession(store))
        #expect(narrow.contains { $0.contains("Okafor, C. 1980 ") } && narrow.contains { $0.contains("Okafor, C. 1992 ") }, "\(narrow)")
        #expect(narrow.filter { $0.contains(" M002 ") }.count == 2, "\(narrow)")
    }

    // MARK: one search

    @Test("/ finds what the Check-In search finds: birth date, MRN, phone, accents and case, Last, First, typos",
          arguments: ["1990-01-15", "01/15/1990", "M005", "mrn m001", "555-0101", "0102", "ÓKAFOR", "okafr", "Lindqvst, Ana", "nguyen bao"])
    func oneSearch(query: String) throws {
        let s = DeskSession()
        s.type("/")
        for c in query { s.press(.char(c)) }
        let onBoard = Set(s.state.boardVisits.map(\.patientID))
        let today = Array(s.state.clinic.patients.values)
        let found = Set(PatientSearch.search(query, in: today).map(\.id)).filter { id in s.state.clinic.visits.contains { $0.patientID == id && $0.status.isOpen } }
        #expect(!found.isEmpty, "the form's search finds someone for \(query)")
        #expect(onBoard == found, "\(query): board \(onBoard), form \(found)")
    }

    @Test("/ finds an MRN typed bare, and still tickets and providers")
    func searchTicketsAndProviders() {
        let s = DeskSession()
        s.type("/m005")
        #expect(s.state.boardVisits.map(\.ticket) == ["A-002"], "Tanaka's MRN")
        s.press(.escape)
        s.type("/a-004")
        #expect(s.state.boardVisits.map(\.ticket) == ["A-004"])
        s.press(.escape)
        s.type("/patel")
        #expect(Set(s.state.boardVisits.map(\.provider)) == ["Dr Patel"])
    }

    // MARK: filters

    @Test("p names every step, all providers included, never a blank title; s cycles every status and all statuses")
    func filtersNamed() {
        let s = DeskSession()
        // The title's parts between the dots: none may be blank.
        func parts(_ title: String) -> [String] {
            (title.components(separatedBy: "━").first { $0.contains("Waiting Room") } ?? "").components(separatedBy: " · ")
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var providerTitles: [String] = []
        for _ in 0..<5 { s.type("p"); providerTitles.append(Self.title(s)) }
        #expect(providerTitles.allSatisfy { parts($0).count >= 2 && !parts($0).contains("") }, "\(providerTitles)")
        #expect(providerTitles.contains { $0.contains("all providers") } && providerTitles.contains { $0.contains("Dr Lee") })
        #expect(providerTitles.contains { $0.contains("no provider") }, "the walk-in has no provider: that step is named")
        var statusTitles: [String] = []
        for _ in 0..<(VisitStatus.allCases.count + 2) { s.type("s"); statusTitles.append(Self.title(s)) }
        #expect(statusTitles.contains { $0.contains("all statuses") })
        for status in VisitStatus.allCases { #expect(statusTitles.contains { $0.contains("· \(status.label)") }, "\(status)") }
        #expect(s.state.board.statusFilter == .open, "a full cycle comes back to the open visits")
    }

    // MARK: rooming and calling

    /// The lobby display as `frontdesk board` draws it from the same store.
    static func lobbyBoard(_ store: ClinicStore, at now: Date) throws -> String {
        let model = try StoreBoardSource(store: store, showNames: false).model(at: now, calendar: utcCalendar)
        var grid = Grid(width: 80, height: 24)
        render(model, now: now, timeZone: Clinic.utc, into: &grid)
        return grid.text
    }

    static var utcCalendar: Calendar { var c = Calendar(identifier: .gregorian); c.timeZone = Clinic.utc; return c }

    @Test("m r rooms a checked-in patient in a free room; the lobby board says now calling A-004 → Room 2; a taken room is refused")
    func roomAndCall() throws {
        let s = DeskSession()
        let a2 = s.visit("A2")                                // A-004, checked in
        Self.select(s, a2.id)
        s.type("m")
        #expect(s.screen.contains("r  room") && !s.screen.contains("r  room —"), "\(s.screen)")
        s.type("r")
        // The clinic's rooms with who is in each: A-002 is with the provider in Room 4.
        #expect(s.screen.contains("Room 4") && s.screen.contains("taken · A-002"), "\(s.screen)")
        #expect(s.screen.contains("▸ Room 2") && s.screen.contains("free"), "\(s.screen)")
        s.press(.enter)
        let roomed = try #require(s.stored.visits.first { $0.id == a2.id })
        #expect(roomed.status == .roomed && roomed.room == "Room 2")
        #expect(s.screen.contains("roomed in Room 2"))
        let lobby = try Self.lobbyBoard(s.store, at: Clinic.at(1))
        #expect(lobby.contains("A-004  → Room 2") && !lobby.contains("Room Room"), "\(lobby)")

        // Another patient for the same room: the picker says why not, and nothing moves.
        try s.outside { try $0.checkIn(visitID: s.visit("A1").id, by: Clinic.ben, now: Clinic.at(0.5)) }
        Self.select(s, s.visit("A1").id)
        s.type("mr")
        for c in "2" { s.press(.char(c)) }
        s.press(.enter)
        #expect(s.screen.contains("Room 2 is taken by A-004"), "\(s.screen)")
        #expect(s.stored.visits.first { $0.appointmentRef == "A1" }?.status == .checkedIn)
        s.press(.escape)
        #expect(!s.screen.contains("taken by A-004"))
    }
}
