import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

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
}
