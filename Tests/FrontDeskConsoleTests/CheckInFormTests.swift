import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

@Suite("Check-In form on the real store")
struct CheckInFormTests {
    @Test("c opens the form pre-filled from the record, audited; each keystroke is saved with field and cursor")
    func opensAndSavesAsTyped() throws {
        let s = try CheckInSession()
        s.type("c")
        #expect(s.screen.contains("Check-In · A-001 · MRN M001"))
        #expect(s.form?.draft.value(.familyName) == "Ñúñez-O'Brien")
        #expect(try s.store.auditTrail().contains { $0.action == "patient.viewed" && $0.login == "ana" })
        s.fill(.phone, "212555")
        #expect(s.savedDraft?.value(.phone) == "212555")
        s.press(.left, .left)
        #expect(s.savedDraft?.focus == .phone && s.savedDraft?.cursor == 4)
        #expect(s.task?.context?.step == "Contact · Phone")
    }

    @Test("a full check-in: fields fixed, documents ticked, copay taken; F10 checks the patient in with its follow-up tasks")
    func fullCheckIn() throws {
        let s = try CheckInSession()
        s.type("c")
        s.press(.function(10))
        // Refused: the 7-digit phone; the focus goes to it and the message shows in plain words.
        #expect(s.form?.draft.focus == .phone)
        #expect(s.screen.contains("Phone: enter 10 digits like (212) 555-0134, or + and the country code"))
        #expect(s.visit?.status == .arrived)
        s.fill(.phone, "(617) 555-0139")
        s.fill(.email, "jose@example")
        s.press(.tab)
        #expect(s.terminal.text.split(separator: "\n").contains { $0.contains("Email") && $0.contains("✗ enter an addre") })
        s.fill(.email, "jose@example.org")
        s.fill(.payer, "Acme Health")
        s.fill(.memberID, "XQ-1234")
        for f in [CheckInField.photoID, .insuranceCard, .consentToTreat, .privacyNotice] { s.go(to: f); s.type(" ") }
        s.fill(.copayAmount, "25.00")
        #expect(s.task?.masked == true)
        s.fill(.copayMethod, "card")
        s.fill(.reason, "Annual physical")
        #expect(s.task?.masked == false)
        s.press(.ctrl("s"))
        let snap = try s.store.snapshot()
        #expect(s.visit?.status == .checkedIn)
        let patient = try #require(snap.patient(s.visit?.patientID))
        #expect(patient.phone == "(617) 555-0139" && patient.email == "jose@example.org")
        #expect(patient.insurance?.memberID == "XQ-1234" && patient.insurance?.verified == false)
        let open = snap.tasks.filter { $0.visitID == s.visitID && $0.state.isOpen }.map(\.kind)
        #expect(Set(open) == [.missingDocuments, .insuranceVerification])
        #expect(snap.visits.first { $0.id == s.visitID }?.readiness.first { $0.item == .copay }?.state == .done)
        #expect(s.state.checkIn == nil && s.screen.contains("Waiting Room"))
    }

    @Test("the copay step masks interruptions: a and n are refused with a banner, an emergency still passes")
    func paymentMask() throws {
        let s = try CheckInSession()
        s.type("c")
        s.go(to: .copayAmount)
        #expect(s.task?.masked == true)
        #expect(s.screen.contains("interruptions masked"))
        try s.store.apply(TimedEvent(.callRinging(call: "k1", from: "(415) 555-0111", name: "Quentin", reason: nil, queue: nil)),
                          by: CheckInSession.ben, now: CheckInSession.t0)
        s.poll()
        s.press(.escape)                    // step out to the desk keys
        s.type("a")
        #expect(s.screen.contains("masked step"))
        #expect(try s.store.snapshot().calls.first { $0.id == "k1" }?.state == .waiting)
        s.type("!")
        s.press(.enter)
        #expect(s.task?.state == .suspended)
        #expect(try s.store.snapshot().tasks.contains { $0.kind == .emergency && $0.state == .active })
    }

    @Test("another desk saves the same patient: the form shows what changed; t takes theirs, k keeps mine")
    func concurrentChange() throws {
        for choice in ["t", "k"] {
            let s = try CheckInSession()
            s.type("c")
            s.fill(.phone, "(212) 555-0100")
            var theirs = try #require(try s.store.snapshot().patient(s.visit?.patientID))
            theirs.phone = "(617) 555-0199"
            try s.store.updatePatient(theirs, expectedVersion: theirs.version, by: CheckInSession.ben, now: CheckInSession.t0)
            s.poll()
            #expect(s.screen.contains("Record changed by another desk"))
            #expect(s.screen.contains("Phone: yours “(212) 555-0100” · theirs “(617) 555-0199”"))
            s.press(.function(10))
            #expect(s.visit?.status == .arrived, "nothing is saved while the choice is open")
            s.type(choice)
            #expect(s.form?.conflict == nil)
            s.fill(.reason, "Annual")
            s.press(.function(10))
            #expect(s.visit?.status == .checkedIn)
            let stored = try s.store.snapshot().patient(s.visit?.patientID)
            #expect(stored?.phone == (choice == "t" ? "(617) 555-0199" : "(212) 555-0100"))
        }
    }

    @Test("Ctrl-F finds a patient by a typo'd, unaccented name; Enter picks: the visit is theirs and the record view audited")
    func search() throws {
        let s = try CheckInSession()
        s.type("c")
        s.press(.ctrl("f"))
        s.type("lindqvst ana")
        #expect(s.screen.contains("Lindqvist, Ana · 1975-06-01 · MRN M002"))
        s.press(.enter)
        #expect(s.form?.draft.value(.familyName) == "Lindqvist")
        let m002 = try #require(try s.store.patient(mrn: "M002"))
        #expect(s.visit?.patientID == m002.id)
        #expect(s.screen.contains("MRN M002"))
        #expect(try s.store.auditTrail().contains { $0.action == "patient.viewed" && $0.patientID == m002.id })
    }

    @Test("new patient: likely duplicates are shown first; Enter uses the existing record, Ctrl-N creates anyway")
    func duplicateWarning() throws {
        let s = try CheckInSession()
        s.type("c")
        s.fill(.familyName, "Lindquist")
        s.fill(.givenName, "Anna")
        s.fill(.dateOfBirth, "06/01/1975")
        s.press(.ctrl("f"), .ctrl("n"))
        #expect(s.screen.contains("Likely the same person"))
        #expect(s.screen.contains("Lindqvist, Ana — same date of birth, similar name · 1975-06-01 · MRN M002"))
        let before = try s.store.patientMRNs().count
        s.press(.ctrl("n"))
        let after = try s.store.snapshot()
        #expect(try s.store.patientMRNs().count == before + 1)
        let created = try #require(after.patient(s.visit?.patientID))
        #expect(created.mrn.hasPrefix("N") && created.familyName == "Lindquist" && created.dateOfBirth == "1975-06-01")
        #expect(s.form?.draft.patientID == created.id)
    }

    @Test("a new patient with an impossible date of birth is refused with the rule's message; nothing is created")
    func newPatientRefused() throws {
        let s = try CheckInSession()
        s.type("c")
        s.fill(.familyName, "Novak")
        s.fill(.dateOfBirth, "2030-01-01")
        let before = try s.store.snapshot().patients.count
        s.press(.ctrl("f"), .ctrl("n"))
        #expect(s.screen.contains("Date of birth is in the future"))
        #expect(try s.store.snapshot().patients.count == before)
    }

    /// Prints what one keystroke costs with the real store behind it (durable save of the
    /// draft, snapshot reload, frame): a figure for the docs, not a timed assertion.
    @Test("figures: keystroke → durable save → frame, on an on-disk store")
    func keystrokeFigures() throws {
        let s = try CheckInSession()
        s.type("c")
        s.go(to: .notes)
        var times: [Double] = []
        for i in 0..<300 {
            let start = DispatchTime.now().uptimeNanoseconds
            s.type(i % 40 == 39 ? " " : "x")
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        print(String(format: "check-in keystroke→saved+frame: p50 %.2f ms, p99 %.2f ms, max %.2f ms (300 keys)",
                     times[150], times[296], times[299]))
        #expect(s.savedDraft?.value(.notes).count == 200)
        // The parts: the durable save alone, and the snapshot reload that follows every write.
        let task = try #require(s.task)
        let ctx = try #require(task.context)
        func median(_ body: () throws -> Void) rethrows -> Double {
            var t: [Double] = []
            for _ in 0..<100 {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                t.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return t.sorted()[50]
        }
        let save = try median { try s.store.saveDraft(taskID: task.id, context: ctx, by: CheckInSession.ana, now: CheckInSession.t0) }
        let reload = try median { _ = try s.store.snapshot() }
        var grid = Grid(width: 80, height: 24)
        let frame = median { render(s.state, into: &grid) }
        let draft = try #require(s.form?.draft)
        let errors = median { _ = draft.errors(today: "2026-03-02") }
        let pane = median { _ = renderCheckInForm(s.state, in: Rect(x: 0, y: 1, width: 80, height: 14), into: &grid) }
        var short = s.state; short.checkIn?.draft.focus = .phone; short.checkIn?.draft.cursor = 8
        let shortPane = median { _ = renderCheckInForm(short, in: Rect(x: 0, y: 1, width: 80, height: 14), into: &grid) }
        print(String(format: "  validation of every field %.2f ms; the form pane alone %.2f ms (200-char field), %.2f ms (8-char field)",
                     errors, pane, shortPane))
        print(String(format: "  parts (p50): saveDraft %.2f ms, snapshot reload %.2f ms, render %.2f ms", save, reload, frame))
    }
}
