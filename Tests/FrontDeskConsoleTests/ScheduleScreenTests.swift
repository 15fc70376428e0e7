import Foundation
import Testing
import TestSupport
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

@Suite("Schedule screen")
struct ScheduleScreenTests {
    @Test("the day opens on now: open slots read ·  open, bookings show patient, type and status")
    func dayOpensOnNow() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        #expect(s.state.selectedLine?.time.text == "10:00" && s.state.selectedLine?.isOpen == true)
        #expect(s.row("10:00").contains("▸·  open"), "\(s.screen)")
        #expect(s.row("09:30").contains("Okafor, Chidi") && s.row("09:30").contains("Arrived"))
        #expect(s.row("10:15").contains("Nguyen, Bao") && s.row("10:15").contains("Scheduled"))
        #expect(s.screen.contains("Dr Patel (1 of 3)"))
    }

    @Test("b books the selected open slot: the patient by name search, the type, Enter; the grid shows it")
    func bookIntoAnOpenSlot() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        s.type("b")
        #expect(s.screen.contains("Book 10:00 Mon 2 Mar with Dr Patel"))
        s.type("okafr")                      // a typo still finds him
        #expect(s.state.prompt?.matches.first?.mrn == "M001")
        #expect(s.screen.contains("▸ Okafor, Chidi  MRN M001"))
        s.type("\n")
        #expect(s.writes == [.book(Booking(patientID: s.pid("M001"), provider: "patel", start: ScheduleClinic.at(10), typeCode: "follow-up"))])
        #expect(s.state.prompt == nil)
        #expect(s.row("10:00").contains("Okafor, Chidi  follow-up  · Scheduled"), "\(s.screen)")
        #expect(s.state.banner == "booked Okafor, Chidi 10:00 Mon 2 Mar with Dr Patel")
        let stored = try s.store.appointments(on: CivilDate(year: 2026, month: 3, day: 2)!, provider: "patel")
        #expect(stored.contains { $0.start == ScheduleClinic.at(10) && $0.mrn == "M001" && $0.typeCode == "follow-up" })
    }

    @Test("by MRN, and the type chosen with →: a new-patient visit covers two slots")
    func bookByMRNWithAnotherType() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        s.down(to: "10:30")
        s.type("bM002\t")
        s.press(.right)
        #expect(s.screen.contains("‹ New patient (30 min) ›"))
        s.press(.enter)
        #expect(s.writes == [.book(Booking(patientID: s.pid("M002"), provider: "patel", start: ScheduleClinic.at(10, 30), typeCode: "new"))])
        #expect(s.row("10:30").contains("Lindqvist, Ana  new  · Scheduled"))
        #expect(s.row("10:45").contains("│"), "the second half of the visit is held: \(s.row("10:45"))")
    }

    @Test("another desk books the slot under the cursor first: the booking is refused with the next free time, nothing typed is lost")
    func slotTakenMeanwhile() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        s.type("bokafor")
        // A second process, between the desk looking and pressing Enter.
        try s.store.book(Booking(patientID: s.pid("M002"), provider: "patel", start: ScheduleClinic.at(10), typeCode: "follow-up"),
                         by: Clinic.ben, now: Clinic.t0)
        s.type("\n")
        #expect(s.state.banner == "Dr Patel is booked 10:00–10:15 (Lindqvist, Ana) — next free 10:30")
        #expect(s.state.bannerIsError)
        #expect(s.screen.contains("Dr Patel is booked 10:00–10:15 (Lindqvist, Ana) — next free 10:30"))
        // The box is as it was: the name typed, the patient chosen.
        #expect(s.state.prompt?.fields.first?.text == "okafor" && s.state.prompt?.chosenPatient?.mrn == "M001")
        // And the grid now shows who took it.
        #expect(s.row("10:00").contains("Lindqvist, Ana"))
        // Ctrl-N takes the next free slot the store named; Enter books it.
        #expect(s.screen.contains("Ctrl-N next free 10:30"))
        s.press(.ctrl("n"))
        #expect(s.screen.contains("Book 10:30 Mon 2 Mar with Dr Patel"))
        s.press(.enter)
        #expect(s.row("10:30").contains("Okafor, Chidi  follow-up  · Scheduled"))
        #expect(s.state.selectedLine?.time.text == "10:30")
    }

    @Test("the screen is live: a booking by another process shows without a key")
    func liveAcrossProcesses() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        #expect(s.row("11:00").contains("·  open"))
        try s.outside { store in
            try store.book(Booking(patientID: s.pid("M005"), provider: "patel", start: ScheduleClinic.at(11), typeCode: "follow-up"),
                           by: Clinic.ben, now: Clinic.t0)
        }
        #expect(s.row("11:00").contains("Tanaka, 田中  follow-up  · Scheduled"), "\(s.screen)")
    }

    @Test("x asks for a reason (required), cancels in the store and frees the slot")
    func cancelNeedsAReasonAndFreesTheSlot() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        s.down(to: "10:15")
        let a3 = try #require(s.state.selectedBooking)
        #expect(a3.mrn == "M003")
        s.type("x")
        #expect(s.screen.contains("Cancel Nguyen, Bao 10:15 Mon 2 Mar"))
        s.type("\n")
        #expect(s.writes.isEmpty && s.state.banner == "a cancellation needs a reason" && s.state.prompt != nil)
        s.type("patient called\n")
        #expect(s.writes == [.cancel(appointmentID: a3.id, reason: "patient called")])
        #expect(try s.store.appointment(id: a3.id)?.status == .cancelled)
        #expect(s.row("10:15").contains("▸·  open"), "\(s.screen)")
        #expect(s.screen.contains("Nguyen, Bao  – Cancelled"))
        #expect(s.state.banner == "cancelled Nguyen, Bao 10:15 Mon 2 Mar — the slot is open again")
    }

    @Test("N marks the selected appointment a no-show once its time has passed (the Waiting Room's rule); the slot is free again")
    func noShow() throws {
        let early = ScheduleSession(try ScheduleClinic.store())
        early.down(to: "10:15")
        early.type("N")
        #expect(try early.store.appointment(id: try #require(early.state.selectedBooking?.id))?.status == .scheduled)
        let s = ScheduleSession(try ScheduleClinic.store(), now: ScheduleClinic.at(10, 25))
        s.down(to: "10:15")
        let id = try #require(s.state.selectedBooking?.id)
        s.type("N")
        #expect(s.writes == [.noShow(appointmentID: id)])
        #expect(try s.store.appointment(id: id)?.status == .noShow)
        #expect(s.screen.contains("Nguyen, Bao  ✗ No-show"))
        #expect(s.row("10:15").contains("·  open"))
    }

    @Test("a no-show is rebooked in two keys: N, then R books the next free slot with the same provider and type")
    func noShowRebookedInTwoKeys() throws {
        let (store, a) = try Self.withFollowUp()
        let s = ScheduleSession(store, now: ScheduleClinic.at(11, 0))
        s.up(to: "10:45")
        #expect(s.state.selectedBooking?.id == a.id)
        s.type("N")
        #expect(try store.appointment(id: a.id)?.status == .noShow)
        s.type("R")
        #expect(s.writes.last == .rebook(appointmentID: a.id), "\(s.writes) \(s.state.banner ?? "")\n\(s.screen)")
        let old = try #require(try store.appointment(id: a.id))
        let new = try #require(try old.rescheduledTo.flatMap { try store.appointment(id: $0) })
        #expect(new.patientID == a.patientID && new.providerID == "patel" && new.typeCode == "follow-up" && new.start >= ScheduleClinic.at(11, 0) && new.id != a.id)
        #expect(old.status == .noShow, "the no-show stays on the record")
        #expect(s.state.banner?.hasPrefix("booked") == true, "\(s.state.banner ?? "")")
    }

    @Test("a day beyond the provider's booking horizon shows no open slot: the screen agrees with the rules")
    func beyondTheHorizonIsNotOpen() throws {
        let store = try ScheduleClinic.store()
        // Dr Patel books 60 days ahead; Monday 4 May 2026 is 63 days after Monday 2 March.
        let s = ScheduleSession(store, date: CivilDate(year: 2026, month: 5, day: 4)!, provider: "patel")
        #expect(!s.screen.contains("·  open") && s.screen.contains("beyond the 60-day booking horizon"), "\(s.screen)")
        let near = ScheduleSession(try ScheduleClinic.store(), date: CivilDate(year: 2026, month: 4, day: 27)!, provider: "patel")
        #expect(near.screen.contains("·  open"), "\(near.screen)")
        // And the rules say the same of that day.
        #expect(throws: BookingRefused.self) {
            try store.book(Booking(patientID: try store.patientIDs()[0], provider: "patel",
                                   start: Clinic.utc.date(CivilDate(year: 2026, month: 5, day: 4)!, at: TimeOfDay(9)), typeCode: "follow-up"),
                           by: Clinic.ana, now: Clinic.t0)
        }
    }

    @Test("a provider's follow-up ('in 2 weeks with Dr Lee') opens the schedule on its next available")
    func followUpRequestOpensItsNextAvailable() throws {
        let store = try ScheduleClinic.store()
        try store.apply(TimedEvent(.providerRequest(patientMRN: "M001", kind: .followUp, note: "in 2 weeks", due: nil,
                                                    provider: "lee", inDays: 14), at: Clinic.t0), by: Clinic.feed, now: Clinic.t0)
        let requests = try store.snapshot().openTasks.filter { $0.kind == .providerRequest }
        // The fixture's own follow-up asks nothing in particular; this one asks for Dr Lee in 14 days.
        let query = try #require(try requests.compactMap { try store.followUpQuery(taskID: $0.id) }.first)
        #expect(query.provider == "lee" && query.earliest == CivilDate(year: 2026, month: 3, day: 16) && query.typeCode == "follow-up")
        let s = ScheduleSession(store, pendingFind: query)
        #expect(s.state.providerID == "lee" && s.state.date >= CivilDate(year: 2026, month: 3, day: 16)!, "\(s.state.date)")
        #expect(s.state.selectedLine?.isOpen == true && s.state.banner?.hasPrefix("next free:") == true, "\(s.state.banner ?? "")")
    }

    /// Nguyen's typed follow-up at 10:45 (the imported 10:15 has no type, so it cannot move).
    static func withFollowUp() throws -> (ClinicStore, Appointment) {
        let store = try ScheduleClinic.store()
        let a = try store.book(Booking(patientID: try store.patient(mrn: "M003")!.id, provider: "patel", start: ScheduleClinic.at(10, 45),
                                       typeCode: "follow-up"), by: Clinic.ben, now: Clinic.t0)
        return (store, a)
    }

    @Test("r reschedules: move the cursor to an open slot (another provider too) and press Enter")
    func rescheduleByPicking() throws {
        let (store, old) = try Self.withFollowUp()
        let s = ScheduleSession(store)
        s.down(to: "10:45")
        #expect(s.state.selectedBooking?.id == old.id)
        s.type("r")
        #expect(s.state.moving?.id == old.id)
        #expect(s.screen.contains("Enter move here") && s.screen.contains("Esc keep time"))
        s.press(.right); s.press(.right)            // Dr Kim
        s.down(to: "11:00")
        #expect(s.state.selectedLine?.isOpen == true)
        s.press(.enter)
        #expect(s.writes == [.reschedule(appointmentID: old.id, to: ScheduleClinic.at(11), provider: "kim")])
        #expect(s.state.moving == nil)
        let moved = try #require(try s.store.appointment(id: old.id))
        #expect(moved.status == .cancelled && moved.rescheduledTo != nil)
        #expect(s.state.providerID == "kim" && s.row("11:00").contains("▸Nguyen, Bao  follow-up  · Scheduled"), "\(s.screen)")
        s.press(.left); s.press(.left)
        #expect(s.screen.contains("Nguyen, Bao  – rescheduled"))
    }

    @Test("while moving, Enter on a taken line says why and writes nothing; Esc keeps the time; an untyped import cannot move")
    func rescheduleRefusedAndStopped() throws {
        let (store, _) = try Self.withFollowUp()
        let s = ScheduleSession(store)
        s.down(to: "10:45")
        s.type("r")
        s.press(.up); s.press(.up)
        #expect(s.state.selectedLine?.time.text == "10:15")
        s.press(.enter)
        #expect(s.writes.isEmpty && s.state.banner == "pick an open slot (·  open) for the new time")
        s.type("\u{1B}")
        #expect(s.state.moving == nil && s.state.banner == "reschedule stopped; the appointment keeps its time")
        s.type("r")
        #expect(s.state.moving == nil && s.state.banner == "imported without a type: x cancels it, b books a new one")
    }

    @Test("f finds the next available of a type, for a provider, in the afternoon, and jumps there")
    func findNextAvailable() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        s.type("f")
        #expect(s.screen.contains("Find the next available slot"))
        s.press(.tab)                               // provider: Dr Patel (the current one)
        s.press(.tab); s.press(.right); s.press(.right)   // afternoon
        #expect(s.screen.contains("‹ afternoon ›"))
        s.press(.enter)
        let found = s.writes.first
        guard case .findNext(let q, _)? = found else { Issue.record("\(s.writes)"); return }
        #expect(q.provider == "patel" && q.typeCode == "follow-up" && q.partOfDay == .afternoon)
        #expect(s.state.selectedLine?.time.text == "13:00" && s.state.selectedLine?.isOpen == true)
        #expect(s.state.banner == "next free: 13:00 Mon 2 Mar with Dr Patel — b books it")
        #expect(s.row("13:00").contains("▸·  open"))
    }

    @Test("at a site's desk the schedule is that site's: its providers and those of no site, shown, searched and offered")
    func aSitesDeskBooksItsOwnProviders() throws {
        let store = try ScheduleClinic.store()
        let admin = ScheduleClinic.admin
        try store.addSite(Site(id: "north", name: "North Street"), by: admin, now: Clinic.t0)
        try store.addSite(Site(id: "south", name: "South Park"), by: admin, now: Clinic.t0)
        try store.setDeskSite(Clinic.ana.desk, site: "north", by: admin, now: Clinic.t0)
        try store.setProviderSite("patel", site: "south", by: admin, now: Clinic.t0)
        try store.setProviderSite("Dr Lee", site: "north", by: admin, now: Clinic.t0)   // by name, as imported visits name him
        let mine = try #require(try store.siteProviders(forDesk: Clinic.ana.desk))
        #expect(mine == ["lee", "kim"])
        #expect(try store.siteProviders(forDesk: "central") == nil, "a desk at no site books for everyone")

        let s = ScheduleSession(store, siteProviders: mine)
        #expect(s.state.columns.map(\.provider.id) == ["lee", "kim"])
        #expect(s.screen.contains("Dr Lee (1 of 2)") && !s.screen.contains("Dr Patel"), "\(s.screen)")
        s.type("f")
        s.press(.tab); s.press(.left)                // provider: any provider
        #expect(s.screen.contains("‹ any provider ›"), "\(s.screen)")
        s.press(.enter)
        guard case .findNext(let q, _)? = s.writes.first else { Issue.record("\(s.writes)"); return }
        #expect(q.provider == nil && q.among == ["lee", "kim"])
        #expect(s.state.banner?.hasPrefix("next free:") == true && s.state.banner?.contains("Dr Patel") == false, "\(s.state.banner ?? "")")
        // The search itself keeps to them: any provider among these, never one outside.
        for among: Set<String> in [["patel"], ["lee", "kim"]] {
            var query = SlotQuery(typeCode: "follow-up"); query.among = among
            let slots = try store.openSlots(query, limit: 20, now: Clinic.t0)
            #expect(!slots.isEmpty && slots.allSatisfy { among.contains($0.provider) }, "\(among): \(slots.map(\.provider))")
        }
    }

    @Test("W puts the selected appointment's patient on the waitlist for an earlier slot")
    func waitlist() throws {
        let store = try ScheduleClinic.store()
        // Nguyen's follow-up next Monday: they would rather come sooner.
        let later = try store.book(Booking(patientID: try store.patient(mrn: "M003")!.id, provider: "patel",
                                           start: ScheduleClinic.at(9, day: 9), typeCode: "follow-up"), by: Clinic.ben, now: Clinic.t0)
        let s = ScheduleSession(store, date: CivilDate(year: 2026, month: 3, day: 9)!)
        s.down(to: "09:00")
        #expect(s.state.selectedBooking?.id == later.id)
        s.type("W")
        #expect(s.screen.contains("Waitlist Nguyen, Bao for an earlier follow-up"))
        s.press(.enter)
        #expect(s.writes == [.waitlist(patientID: later.patientID, provider: "patel", type: "follow-up",
                                       before: CivilDate(year: 2026, month: 3, day: 9)!, part: .any)])
        let rows = try store.waitlist()
        #expect(rows.count == 1 && rows[0].patientID == later.patientID && rows[0].providerID == "patel")
        #expect(s.state.banner?.hasPrefix("Nguyen, Bao is on the waitlist") == true)
    }

    @Test("at 80×24 one provider at a time, ←/→ changes it; at 120 columns all three side by side")
    func providersAsColumns() throws {
        let store = try ScheduleClinic.store()
        let s = ScheduleSession(store)
        #expect(s.screen.contains("Dr Patel (1 of 3)") && !s.screen.contains("Dr Lee"))
        s.press(.right)
        #expect(s.state.providerID == "lee")
        #expect(s.screen.contains("Dr Lee (2 of 3)") && s.screen.contains("20-min slots") && !s.screen.contains("Dr Patel"))
        #expect(s.row("09:40").contains("Lindqvist, Ana"))
        #expect(s.state.selectedLine?.time.text == "10:00", "the time of day stays under the cursor")
        s.press(.left)
        #expect(s.state.providerID == "patel")
        let wide = ScheduleSession(store, width: 120, height: 40)
        #expect(wide.screen.contains("Dr Patel") && wide.screen.contains("Dr Lee") && wide.screen.contains("Dr Kim"))
        #expect(wide.screen.contains("providers 1–3 of 3"))
    }

    @Test("[ and ] (PgUp/PgDn) step a day, t comes back to today; w shows one provider's week")
    func daysAndWeek() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        s.type("]")
        #expect(s.state.date == CivilDate(year: 2026, month: 3, day: 3)! && s.screen.contains("Tue 3 Mar 2026"))
        s.press(.pageDown)
        #expect(s.state.date == CivilDate(year: 2026, month: 3, day: 4)!)
        s.press(.pageUp); s.type("[")
        #expect(s.state.date == CivilDate(year: 2026, month: 3, day: 2)! && s.screen.contains("(today)"))
        s.type("]]t")
        #expect(s.state.date == CivilDate(year: 2026, month: 3, day: 2)!)
        s.type("w")
        #expect(s.state.mode == .week)
        for day in ["Mon 2 Mar •", "Tue 3 Mar", "Wed 4 Mar", "Thu 5 Mar", "Fri 6 Mar"] { #expect(s.screen.contains(day), "\(day)") }
        #expect(!s.screen.contains("Sat 7 Mar"), "Dr Patel does not work weekends")
        s.press(.right)
        #expect(s.state.date == CivilDate(year: 2026, month: 3, day: 3)!)
        s.press(.tab)
        #expect(s.state.providerID == "lee" && s.screen.contains("Week · Dr Lee (2 of 3)"))
        s.type("]")
        #expect(s.state.date == CivilDate(year: 2026, month: 3, day: 10)!)
        s.press(.enter)
        #expect(s.state.mode == .day && s.state.providerID == "lee")
    }

    @Test("every key is in the table: ? lists them all; the footer keeps ? help and q quit")
    func helpAndFooter() throws {
        let s = ScheduleSession(try ScheduleClinic.store())
        let footer = s.terminal.frame.row(at: 23)
        #expect(footer.contains("? help") && footer.contains("q quit") && footer.contains("b book"), "\(footer)")
        s.type("?")
        for b in s.state.keymap.bindings { #expect(s.screen.contains(b.help), "\(b.help)\n\(s.screen)") }
        s.type("b")
        #expect(s.state.prompt == nil, "keys do not reach the screen under help")
        s.press(.escape)
        #expect(!s.state.showsHelp)
        // A key the line does not offer says why.
        s.type("x")
        #expect(s.state.banner == "x cancels a booked appointment: select one" && s.writes.isEmpty)
        // It was about that line: moving on clears it.
        s.press(.down)
        #expect(s.state.banner == nil && !s.screen.contains("x cancels"))
    }

    @Test("a role without the schedule's permissions sees no names and is told why keys do nothing")
    func roleWithoutPatients() throws {
        let s = ScheduleSession(try ScheduleClinic.store(), actor: Actor(login: "pbx", desk: "pbx", role: .integration))
        #expect(!s.screen.contains("Okafor") && s.row("09:30").contains("booked"))
        s.type("b")
        #expect(s.state.prompt == nil && s.state.banner == AccessPolicy.refusal(.integration, .bookAppointments))
    }

    @Test("names from the store are drawn inert: no escape sequence reaches the terminal")
    func inertNames() throws {
        let store = try ScheduleClinic.store()
        let evil = try #require(try store.searchPatients("Evil").first)
        try store.book(Booking(patientID: evil.id, provider: "patel", start: ScheduleClinic.at(11), typeCode: "follow-up"),
                       by: Clinic.ben, now: Clinic.t0)
        for (w, h) in [(80, 24), (120, 40)] {
            let s = ScheduleSession(store, width: w, height: h)
            s.down(to: "11:00")
            let all = s.terminal.frame.cells.map(\.text).joined()
            #expect(!all.unicodeScalars.contains { $0.value < 0x20 || (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) })
            #expect(s.screen.contains("Evil␛[2J"), "\(s.screen)")
        }
    }

    @Test("snapshots: the day at 80×24, the day at 120×40, the week at 80×24, booking at 80×24")
    func snapshots() throws {
        let store = try ScheduleClinic.store()
        try store.book(Booking(patientID: try store.patient(mrn: "M002")!.id, provider: "lee", start: ScheduleClinic.at(10, 20),
                               typeCode: "new"), by: Clinic.ben, now: Clinic.t0)
        let s = ScheduleSession(store)
        assertSnapshot(s.terminal.frame, named: "schedule-day-80x24", withStyles: true)
        assertSnapshot(ScheduleSession(store, width: 120, height: 40).terminal.frame, named: "schedule-day-120x40")
        s.type("w")
        assertSnapshot(s.terminal.frame, named: "schedule-week-80x24")
        s.type("wbnguy")
        assertSnapshot(s.terminal.frame, named: "schedule-book-80x24")
    }

    @Test("any terminal size draws without crashing, with and without a prompt",
          arguments: [(1, 1), (30, 8), (80, 24), (119, 30), (250, 70)])
    func anySize(size: (Int, Int)) throws {
        let s = ScheduleSession(try ScheduleClinic.store(), width: size.0, height: size.1)
        var state = s.state
        for mode in [ScheduleMode.day, .week] {
            state.mode = mode
            for prompt in [false, true] {
                if prompt { state.openFind() } else { state.prompt = nil }
                var grid = Grid(width: size.0, height: size.1)
                _ = renderSchedule(state, into: &grid)
                #expect(grid.width == size.0)
            }
        }
    }
}
