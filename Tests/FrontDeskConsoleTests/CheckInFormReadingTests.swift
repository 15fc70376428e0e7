import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// What the receptionist reads in the Check-In form at 80×24: limits said out loud, labels and
/// values apart, every message whole, a confirmation at the end, a pick-list where one is meant.
@Suite("Check-In form: what it says")
struct CheckInFormReadingTests {
    /// The rows of the screen, for checks on one line.
    static func rows(_ s: CheckInSession) -> [String] { (0..<s.terminal.height).map { s.terminal.frame.row(at: $0) } }

    @Test("a paste past the field's limit is refused visibly: the field says how much was not taken, what fit is kept and saved")
    func pastePastTheLimit() throws {
        let s = try CheckInSession()
        s.type("c")
        s.go(to: .notes)
        s.type(String(repeating: "x", count: 20_000))
        #expect(s.form?.draft.value(.notes).count == 200)
        #expect(s.savedDraft?.value(.notes).count == 200)
        #expect(s.screen.contains("19,800 not"), "the refusal is said on screen")
        #expect(s.screen.contains("200"), "the limit is said on screen")
        // The next key that fits ends the warning; nothing typed before it changed.
        s.press(.backspace)
        #expect(!s.screen.contains("19,800"))
        #expect(s.form?.draft.value(.notes).count == 199)
    }

    @Test("a long value in a field that is not focused shows its start, not its end")
    func unfocusedShowsStart() throws {
        let s = try CheckInSession()
        s.type("c")
        s.fill(.notes, "Allergic to penicillin; " + String(repeating: "z", count: 60) + " END")
        s.press(.tab)
        let notes = try #require(Self.rows(s).first { $0.contains("Notes") })
        #expect(notes.contains("Allergic to"), "got: \(notes)")
        #expect(!notes.contains("END"), "got: \(notes)")
    }

    @Test("an MRN that already starts with MRN is written once")
    func mrnOnce() throws {
        let s = try CheckInSession()
        s.type("jc")
        #expect(s.screen.contains("MRN100529"))
        #expect(!s.screen.contains("MRN MRN"))
        s.press(.ctrl("f"))
        s.type("tran mai")
        #expect(s.screen.contains("MRN100529"))
        #expect(!s.screen.contains("MRN MRN"))
    }

    @Test("a refused completion names each field once: no \"Phone: Phone:\" in the banner or the form")
    func labelOnce() throws {
        let s = try CheckInSession()
        s.type("c")
        s.press(.function(10))
        #expect(s.form?.draft.focus == .phone)
        #expect(!s.screen.contains("Phone: Phone"))
        #expect(!s.state.banners.contains { $0.text.contains("Phone: Phone") }, "\(s.state.banners.map(\.text))")
        // Beside a field its problem alone: the row's label already names it.
        let phoneRow = try #require(Self.rows(s).first { $0.contains("*Phone") })
        #expect(phoneRow.contains("✗ enter 10 digit") && !phoneRow.contains("✗ Phone"), "got: \(phoneRow)")
        s.fill(.copayAmount, "20")
        s.press(.function(10))
        #expect(!s.state.banners.contains { $0.text.contains("Collected by: Collected by") }, "\(s.state.banners.map(\.text))")
        s.go(to: .copayMethod)
        let methodRow = try #require(Self.rows(s).first { $0.contains("Collected by") && $0.contains("✗") })
        #expect(methodRow.components(separatedBy: "Collected by").count == 2, "got: \(methodRow)")
    }

    @Test("at 80 columns the form's footer keeps F1 help and Esc, on a text field, a checkbox, the pick-list and in the search")
    func footerKeepsHelp() throws {
        let s = try CheckInSession()
        s.type("c")
        func footer() -> String { s.terminal.frame.row(at: s.terminal.height - 1) }
        for field in [CheckInField.familyName, .photoID, .copayMethod, .notes] {
            s.go(to: field)
            #expect(footer().contains("F1 help") && footer().contains("Esc desk keys"), "\(field): \(footer())")
            #expect(footer().contains("F10/Ctrl-S complete"), "\(field): \(footer())")
        }
        s.press(.ctrl("f"))
        #expect(footer().contains("F1 help"), "\(footer())")
        s.press(.function(1))
        #expect(s.state.showsHelp)
        s.press(.escape)
        s.press(.escape)
        #expect(s.form?.search == nil)
        s.press(.function(1))
        // Help lists every way of moving, those the footer leaves out too.
        #expect(s.screen.contains("↓/Enter") && s.screen.contains("Shift-Tab/↑"), "\(s.screen)")
    }

    @Test("a label that fills its column still has a space before the value")
    func labelAndValueApart() throws {
        let s = try CheckInSession()
        s.type("jc")
        s.go(to: .accessibility)
        let row = try #require(Self.rows(s).first { $0.contains("Interpreter") })
        #expect(!row.contains("(language)Vietnamese"), "got: \(row)")
        #expect(row.contains("Vietnamese"), "got: \(row)")
        #expect(row.range(of: #"Interpreter \(language\)\s+Vietnamese"#, options: .regularExpression) != nil
                || row.range(of: #"Interpreter[^ ]*…\s+Vietnamese"#, options: .regularExpression) != nil, "got: \(row)")
    }

    @Test("at 80×24 the focused field's message is shown whole, for every message a field can give")
    func messagesFit() throws {
        let s = try CheckInSession()
        s.type("c")
        s.press(.function(10))
        let phone = try #require(FieldValidation.phone("555-0101").error)
        #expect(s.screen.contains(phone.message), "cut: \(phone.message)")
        // Everything wrong at once: each message, focused, reads in full.
        let bad: [(CheckInField, String)] = [(.familyName, " "), (.dateOfBirth, "31/31/1999"), (.phone, "12"),
                                             (.email, "nobody@"), (.memberID, "A B"), (.copayAmount, "1.234"),
                                             (.reason, " ")]
        for (field, value) in bad { s.fill(field, value) }
        s.press(.function(10))
        let errors = try #require(s.form?.draft.errors(today: "2026-03-02"))
        for (field, _) in bad {
            s.go(to: field)
            let message = try #require(errors[field]?.message)
            let shown = Self.rows(s).joined(separator: " ").replacingOccurrences(of: "┃", with: " ")
                .split(separator: " ").joined(separator: " ")
            #expect(shown.contains(message.split(separator: " ").joined(separator: " ")), "\(field): \(message) is cut")
        }
    }

    @Test("completing says so — ticket, patient and what is still open — and leaves the desk clean: form closed, find filter off")
    func confirmation() throws {
        let s = try CheckInSession()
        s.type("/ñúñez"); s.press(.enter)
        #expect(s.state.board.findQuery == "ñúñez")
        s.type("c")
        s.fill(.phone, "(617) 555-0139")
        s.press(.function(10))
        #expect(s.visit?.status == .checkedIn)
        #expect(s.state.checkIn == nil)
        #expect(s.state.board.findQuery.isEmpty, "the find filter is off after the check-in")
        let last = try #require(s.state.banners.last?.text)
        #expect(last.contains("A-001") && last.contains("checked in"), "got: \(last)")
        #expect(last.contains("5 items open") && last.contains("Photo ID"), "got: \(last)")
        #expect(s.screen.contains("A-001"))
        #expect(s.screen.contains("checked in"))
    }

    @Test("\"Collected by\" is a pick-list: letters and arrows choose cash, card, check or waived; nothing else can be typed")
    func collectedByIsAChoice() throws {
        let s = try CheckInSession()
        s.type("c")
        s.go(to: .copayMethod)
        for choice in ["cash", "card", "check", "waived"] { #expect(s.screen.contains(choice), "\(choice) is offered") }
        s.type("c")
        #expect(s.form?.draft.value(.copayMethod) == "cash")
        s.type("c")
        #expect(s.form?.draft.value(.copayMethod) == "card")
        s.type("zq9")
        #expect(s.form?.draft.value(.copayMethod) == "card", "free text never gets in")
        s.press(.right)
        #expect(s.form?.draft.value(.copayMethod) == "check")
        s.press(.right)
        #expect(s.form?.draft.value(.copayMethod) == "waived")
        s.press(.left)
        #expect(s.savedDraft?.value(.copayMethod) == "check")
        s.press(.backspace)
        #expect(s.form?.draft.value(.copayMethod) == "")
    }

    @Test("the copay taken is kept with the visit: amount, the method picked, the receipt")
    func copayIsKept() throws {
        let s = try CheckInSession()
        s.type("c")
        s.fill(.phone, "(617) 555-0139")
        s.fill(.copayAmount, "25")
        s.go(to: .copayMethod)
        s.type("ca")
        s.fill(.receipt, "R-1001")
        s.press(.function(10))
        #expect(s.visit?.status == .checkedIn)
        #expect(try s.store.copay(visitID: s.visitID) == CopayCollected(amountCents: 2500, method: .cash, receipt: "R-1001"))
    }

    @Test("new patient while the form still describes the visit's own patient: they are not listed as a likely duplicate and no record is made silently")
    func ownPatientIsNotADuplicate() throws {
        let s = try CheckInSession()
        s.type("c")
        let before = try s.store.patientMRNs().count
        s.press(.ctrl("f"), .ctrl("n"))
        #expect(try s.store.patientMRNs().count == before, "no second record of the same person is made without asking")
        #expect(s.visit?.patientID == s.form?.draft.patientID)
        let listed = Self.rows(s).filter { $0.contains("Ñúñez-O'Brien, José —") }
        #expect(listed.isEmpty, "the visit's own patient is not a likely duplicate: \(listed)")
        #expect(s.screen.contains("this visit"), "the box says why nothing was made")
    }
}

extension Result {
    /// The failure, if it is one (what the receptionist would read).
    var error: Failure? { if case .failure(let e) = self { return e }; return nil }
}
