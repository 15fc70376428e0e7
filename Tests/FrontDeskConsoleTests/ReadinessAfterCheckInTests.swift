import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI
import TestSupport

/// A document that arrives after the patient was checked in: the visit's readiness items open
/// again from the Waiting Room, and a tick closes the flag and its task in one audited step.
@Suite("Readiness after check-in")
struct ReadinessAfterCheckInTests {
    /// José checked in with four documents still missing (a missing-documents task) and the
    /// copay still to collect.
    static func checkedIn() throws -> CheckInSession {
        let s = try CheckInSession()
        s.type("c")
        s.fill(.phone, "(617) 555-0139")
        s.press(.function(10))
        #expect(s.visit?.status == .checkedIn)
        return s
    }

    /// ↓ until the sheet's marker is on the item (at most a screenful of presses).
    static func select(_ label: String, _ s: CheckInSession) {
        func marked() -> Bool { (0..<s.terminal.height).contains { y in let r = s.terminal.frame.row(at: y); return r.contains("▸") && r.contains(label) } }
        for _ in 0..<12 where !marked() { s.press(.down) }
    }

    static func missingDocuments(_ s: CheckInSession) -> DeskTask? {
        try? s.store.snapshot().tasks.first { $0.kind == .missingDocuments && $0.visitID == s.visitID }
    }

    @Test("i on a checked-in visit lists its readiness items; Space on one that arrived ticks it: the flag closes, the task lists what is still missing, audited")
    func tickALateDocument() throws {
        let s = try Self.checkedIn()
        #expect(Self.missingDocuments(s)?.title.contains("Photo ID") == true)
        for _ in 0..<10 where s.state.selectedVisit?.id != s.visitID { s.press(.down) }
        s.type("i")
        #expect(s.screen.contains("Photo ID"))
        #expect(s.screen.contains("Consent to treat"))
        assertSnapshot(s.terminal.frame, named: "desk-readiness-80x24")
        Self.select("Photo ID", s)
        s.type(" ")
        let visit = try #require(s.visit)
        #expect(visit.readiness.first { $0.item == .photoID }?.state == .done)
        let task = try #require(Self.missingDocuments(s))
        #expect(task.state.isOpen && !task.title.contains("Photo ID") && task.title.contains("Consent to treat"))
        #expect(try s.store.auditTrail().contains { $0.action == "readiness.done" && $0.detail == "photo-id" && $0.login == "ana" })
        #expect(s.visit?.status == .checkedIn, "ticking a document does not move the visit")
    }

    @Test("the last missing document ticked closes the missing-documents task; the sheet closes with Esc")
    func lastDocumentClosesTheTask() throws {
        let s = try Self.checkedIn()
        for _ in 0..<10 where s.state.selectedVisit?.id != s.visitID { s.press(.down) }
        s.type("i")
        for label in ["Photo ID", "Consent to treat", "Privacy notice", "Intake forms"] {
            Self.select(label, s)
            s.type(" ")
        }
        #expect(Self.missingDocuments(s)?.state == .done)
        #expect(s.visit?.readiness.filter { $0.item.isDocument && $0.state == .open }.isEmpty == true)
        s.press(.escape)
        #expect(s.screen.contains("Waiting Room"))
    }

    @Test("Enter on a missing-documents task in Next Up takes it and opens its visit's readiness items; the last tick closes the task")
    func aReadinessTaskOpensItsItems() throws {
        let s = try Self.checkedIn()
        let docs = try #require(Self.missingDocuments(s))
        for _ in 0..<3 where s.state.focus != .nextUp { s.press(.tab) }
        for _ in 0..<6 where s.state.nextUp.selected(in: s.state.rankedWork)?.id != docs.id { s.press(.down) }
        s.press(.enter)
        #expect(s.state.activeTask?.id == docs.id)
        guard case .readiness(let sheet)? = s.state.sheet else {
            Issue.record("no readiness sheet: \(s.screen)"); return
        }
        #expect(sheet.visitID == s.visitID && sheet.selected == .photoID)
        #expect(s.screen.contains("Readiness · A-001"))
        for label in ["Photo ID", "Consent to treat", "Privacy notice", "Intake forms"] {
            Self.select(label, s)
            s.type(" ")
        }
        #expect(Self.missingDocuments(s)?.state == .done)
        #expect(s.state.activeTask == nil, "the task in hand is done: the desk is free")
    }

    @Test("i on a visit not yet checked in says where its items are; keys the sheet does not take go to the desk")
    func iBeforeCheckIn() throws {
        let s = try CheckInSession()
        s.type("i")
        #expect(s.state.sheet == nil)
        #expect(s.state.banners.last?.text.contains("Check-In form (c)") == true, "\(s.state.banners.map(\.text))")
        let c = try Self.checkedIn()
        for _ in 0..<10 where c.state.selectedVisit?.id != c.visitID { c.press(.down) }
        c.type("i")
        #expect(c.state.sheet != nil)
        c.type("?")
        #expect(c.state.showsHelp && c.screen.contains("tick the item"))
        c.press(.escape)
        c.type("c")   // not the sheet's: the sheet closes and the desk takes it
        #expect(c.state.sheet == nil)
    }
}
