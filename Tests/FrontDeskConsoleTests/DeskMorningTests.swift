import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// What a receptionist tripped over on a morning at the desk (issue 14), each on the real
/// store through the desk's runtime: the keys do what the footer says, messages go when they
/// are no longer true, every task names its patient and can be acted on.
@Suite("A morning at the desk")
struct DeskMorningTests {
    @Test("the footer always keeps ? help and q quit, however many keys the moment offers")
    func footerKeepsHelpAndQuit() {
        let s = DeskSession()
        s.press(.tab)                                   // Phone Queue: the most keys
        let footer = s.screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)")
        // Pinned items are kept even in a footer too narrow for the rest.
        var grid = Grid(width: 30, height: 1)
        Footer(items: [.init(keys: "a", label: "answer"), .init(keys: "e", label: "end call"), .init(keys: "c", label: "check in"),
                       .init(keys: "?", label: "help", pinned: true), .init(keys: "q", label: "quit", pinned: true)])
            .render(in: Rect(x: 0, y: 0, width: 30, height: 1), into: &grid)
        let line = grid.text
        #expect(line.contains("? help") && line.contains("q quit") && line.hasPrefix("a answer"), "\(line)")
    }

    @Test("a banner about a call goes once the call is answered; 'already on a call' goes once it ends")
    func staleBannersGo() throws {
        let s = DeskSession(waitingCalls: false)
        try s.outside { try $0.apply(TimedEvent(.callRinging(call: "n1", from: "555-0188", name: "Nia Caller", reason: nil, queue: nil), at: Clinic.t0),
                                 by: Clinic.feed, now: Clinic.t0) }
        #expect(s.screen.contains("☎ Call from Nia Caller"))
        // Another desk answers it: the banner inviting this desk to answer goes.
        try s.outside { _ = try $0.start(.answer(callID: "n1"), at: "front-2", by: Clinic.ben, now: Clinic.t0) }
        #expect(!s.screen.contains("☎ Call from Nia Caller"), "\(s.screen)")

        try s.outside { try $0.apply(TimedEvent(.callRinging(call: "n2", from: "555-0189", name: "Noor Caller", reason: nil, queue: nil), at: Clinic.t0),
                                 by: Clinic.feed, now: Clinic.t0) }
        s.type("a")
        #expect(s.state.activeCall?.id == "n2")
        try s.outside { try $0.apply(TimedEvent(.callRinging(call: "n3", from: "555-0190", name: "Omar Caller", reason: nil, queue: nil), at: Clinic.t0),
                                 by: Clinic.feed, now: Clinic.t0) }
        s.type("a")
        #expect(s.screen.contains("Already on a call with Noor Caller"))
        try s.outside { try $0.endCall(id: "n2", outcome: .informationGiven, note: nil, by: Clinic.ana, now: Clinic.t0) }
        #expect(!s.screen.contains("Already on a call"), "\(s.screen)")
    }

    @Test("a key the footer does not offer says why; a masked step and an emergency in hand refuse a switch")
    func disabledKeysSayWhy() throws {
        let s = DeskSession(waitingCalls: false)
        s.type("a")
        #expect(s.screen.contains("no call is waiting") && s.effects.isEmpty)
    }

    @Test("while the terminal is too small, keys are not typed into what cannot be seen; q still quits")
    func tooSmallIgnoresKeys() throws {
        let s = DeskSession()
        let visit = s.visit("A1")
        s.press(.enter)                                  // W-001's form… select A1's instead
        _ = visit
        s.terminal.resize(width: 60, height: 15)
        s.runtime.send(.event(.resize(width: 60, height: 15)))
        #expect(s.screen.contains("terminal too small") && s.screen.contains("keys ignored, q quits"))
        let before = s.state
        s.type("TaylorXYZZ")
        #expect(s.state == before && s.effects.filter { if case .saveDraft = $0 { return true }; return false }.isEmpty)
        s.type("q")
        // q closes as always: the form in hand is suspended with its draft, then the desk quits.
        let closing = s.effects.contains { if case .suspend(_, _, closing: true) = $0 { return true }; return false }
        #expect(closing || s.runtime.isFinished, "\(s.effects)")
    }

    @Test("with a check-in in hand, Enter in Next Up goes back into the form, not to other work")
    func enterInNextUpReturnsToTheForm() throws {
        let s = DeskSession(waitingCalls: false)
        s.type("c")                                      // the selected visit's check-in
        let checkIn = try #require(s.state.activeTask)
        #expect(checkIn.kind == .checkIn && s.state.checkIn != nil)
        s.press(.escape)                                 // out of the form, to the desk keys
        s.press(.tab); s.press(.tab)                     // Next Up
        #expect(s.state.focus == .nextUp && s.screen.contains("Enter back to form"), "\(s.screen)")
        let effects = s.effects.count
        s.press(.enter)
        #expect(s.state.focus == .waitingRoom && s.state.checkIn?.isEditing == true && s.effects.count == effects)
        #expect(s.state.activeTask?.id == checkIn.id)
    }

    @Test("tasks name their patient: insurance, documents and a provider's request say who")
    func tasksNameTheirPatient() throws {
        let s = DeskSession(waitingCalls: false)
        let request = try #require(s.stored.tasks.first { $0.kind == .providerRequest })
        #expect(request.title == "Nguyen, Bao — schedule follow-up: in 2 weeks")
    }

    @Test("a waitlist offer is worked from Next Up: d asks what the patient said; took it books the slot, declined passes it on")
    func waitlistOfferFromTheDesk() throws {
        let store = try ScheduleClinic.store()
        let patients = try store.patientIDs()
        let slot = ScheduleClinic.at(11, 0, day: 3)
        let a = try store.book(Booking(patientID: patients[0], provider: "patel", start: slot, typeCode: "follow-up"), by: Clinic.ana, now: Clinic.t0)
        _ = try store.addToWaitlist(patientID: patients[1], provider: nil, type: nil, before: nil, partOfDay: nil, note: nil, by: Clinic.ana, now: Clinic.t0)
        _ = try store.addToWaitlist(patientID: patients[2], provider: nil, type: nil, before: nil, partOfDay: nil, note: nil, by: Clinic.ana, now: Clinic.t0)
        try store.cancelAppointment(id: a.id, reason: "moved away", by: Clinic.ana, now: Clinic.t0)
        let s = DeskSession(store)
        let offer = try #require(s.state.clinic.openTasks.first { $0.kind == .waitlistOffer })
        #expect(offer.patientID == patients[1])
        // The desk takes it (as Enter on its Next Up row does).
        try s.outside { _ = try $0.start(.take(taskID: offer.id), at: Clinic.ana.desk, by: Clinic.ana, now: Clinic.t0) }
        #expect(s.state.activeTask?.id == offer.id, "\(s.screen)")
        s.type("d")
        #expect(s.screen.contains("What did the patient say?") && s.screen.contains("▸ Took it"), "\(s.screen)")
        s.press(.down); s.press(.enter)                     // declined
        let next = try #require(try store.snapshot().openTasks.first { $0.kind == .waitlistOffer })
        #expect(next.patientID == patients[2] && next.id != offer.id)
        #expect(try store.appointments(on: CivilDate(year: 2026, month: 3, day: 3)!).filter { $0.status == .scheduled && $0.start == slot }.isEmpty)
    }

    @Test("S on a Waiting Room row opens the schedule on that appointment (cancel or move it there, under the same rules)")
    func scheduleForTheSelectedVisit() throws {
        let s = DeskSession(waitingCalls: false)
        let visit = try #require(s.state.board.selected(s.state.context))
        s.type("S")
        #expect(s.state.scheduleRequest == ScheduleRequest(patientID: visit.patientID, visitID: visit.appointmentAt != nil ? visit.id : nil))
    }

    @Test("S with a provider's follow-up request in hand hands the request over, so the schedule opens on what it asks")
    func scheduleForAFollowUpRequest() throws {
        let s = DeskSession(waitingCalls: false)
        let request = try #require(s.state.clinic.openTasks.first { $0.kind == .providerRequest })
        try s.outside { _ = try $0.start(.take(taskID: request.id), at: Clinic.ana.desk, by: Clinic.ana, now: Clinic.t0) }
        s.type("S")
        #expect(s.state.scheduleRequest?.requestTaskID == request.id && s.state.scheduleRequest?.patientID == request.patientID)
    }

    @Test("S on a call opens the schedule for the caller: the call stays in hand, nothing is suspended")
    func scheduleForTheCaller() throws {
        let store = try Clinic.store(waitingCalls: false)
        try store.apply(TimedEvent(.callRinging(call: "s1", from: "555-0101", name: nil, reason: "book", queue: nil), at: Clinic.at(-1)),
                        by: Clinic.feed, now: Clinic.at(-1))
        let s = DeskSession(store)
        s.type("a")
        let caller = try #require(s.state.activeCall?.patientID)
        let before = s.effects.count
        s.type("S")
        #expect(s.state.scheduleRequest == ScheduleRequest(patientID: caller))
        #expect(s.effects.count == before, "the desk hands over without a suspend or an end of call: \(s.effects)")
        #expect(try store.call(id: "s1")?.state == .answered)
    }

    @Test("on a call from a known patient, the Phone Queue shows their card: born, MRN, bookings beyond today, open work; the view is audited")
    func callerCard() throws {
        let store = try Clinic.store(waitingCalls: false)
        // Okafor has another appointment next week.
        _ = try store.importClinic(patients: [], appointments: [
            AppointmentRecord(ref: "A9", at: Clinic.at(7 * 24 * 60), mrn: "M001", provider: "Dr Lee", reason: "Bloods"),
        ], by: Clinic.ana, now: Clinic.at(-1))
        try store.apply(TimedEvent(.callRinging(call: "k1", from: "555-0101", name: nil, reason: "reschedule", queue: nil), at: Clinic.at(-1)),
                        by: Clinic.feed, now: Clinic.at(-1))
        let s = DeskSession(store)
        s.type("a")
        #expect(s.allEffects.contains(.loadCard(patientID: try #require(s.state.activeCall?.patientID))))
        #expect(s.screen.contains("☎ Okafor, Chidi · born 1980"), "\(s.screen)")
        #expect(s.screen.contains("today 09:30 · Dr Patel") && s.screen.contains("9 Mar 10:00 · Dr Lee"), "\(s.screen)")
        #expect(try store.auditTrail().contains { $0.action == "patient.viewed" && $0.detail == "card" })
        // The call ends: the card goes with it.
        s.type("e"); s.press(.down); s.press(.enter)   // message taken
        #expect(s.state.card == nil && !s.screen.contains("☎ Okafor"))
    }

    @Test("first use with the lock on and no PIN: the desk says so, P sets the PIN (twice, hidden), and it unlocks")
    func pinAtFirstUse() throws {
        let store = try Clinic.store(waitingCalls: false)
        try store.addUser(login: "ana", role: .receptionist, by: Actor(login: "ana", desk: "x", role: .admin), now: Clinic.t0)
        let s = DeskSession(store, needsPIN: true)
        #expect(s.screen.contains("press P to set your unlock PIN") && s.screen.contains("no PIN · P sets one"))
        s.type("P")
        #expect(s.screen.contains("Choose a PIN"))
        s.type("2468"); s.press(.enter)                 // too short: stays
        #expect(s.screen.contains("Choose a PIN") && s.screen.contains("••••") && !s.screen.contains("2468"))
        s.type("13"); s.press(.enter)
        #expect(s.screen.contains("The same PIN again"))
        s.type("246813"); s.press(.enter)
        #expect(s.effects.last == .setPIN("246813"))
        #expect(try store.hasPIN(login: "ana") && !s.screen.contains("no PIN"))
        #expect(try store.unlockWithPIN("246813", by: Clinic.ana, now: Clinic.at(1)) == .matched)
    }

    @Test("the soft PIN prompt never holds the desk up: any other key closes it and does its job")
    func pinPromptPassesOtherKeys() throws {
        let s = DeskSession(try Clinic.store(waitingCalls: false), needsPIN: true)
        s.type("P")
        #expect(s.state.prompt != nil)
        s.press(.tab)
        #expect(s.state.prompt == nil && s.state.focus == .phoneQueue)
    }
}
