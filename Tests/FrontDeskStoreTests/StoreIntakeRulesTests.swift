import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// Intake is strict and says why: whatever source an event comes from (feed, AMI, CSV), the
/// store refuses what cannot be true, names the reason, and changes nothing.
@Suite("Store: intake is strict and says why")
struct StoreIntakeRulesTests {
    func refusal(_ store: ClinicStore, _ event: TimedEvent, now: Date = Fixture.at(0),
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try store.snapshot()
        let seq = try store.lastSequence()
        var message = ""
        do {
            try store.apply(event, by: Fixture.desk1, now: now)
            Issue.record("accepted \(event)", sourceLocation: sourceLocation)
        } catch {
            message = "\(error)"
        }
        #expect(try store.snapshot() == before, "a refused event changed the clinic", sourceLocation: sourceLocation)
        #expect(try store.lastSequence() == seq, sourceLocation: sourceLocation)
        return message
    }

    func ringing(_ id: String, from: String = "555-0100", name: String? = nil, reason: String? = nil,
                 queue: String? = nil) -> IntakeEvent {
        .callRinging(call: id, from: from, name: name, reason: reason, queue: queue)
    }

    // MARK: times

    @Test("a call ringing in year -1, or a day from now, is refused with the window named")
    func timesOutsideTheWindow() throws {
        let store = try Fixture.memoryClinic()
        let yearMinusOne = Date(timeIntervalSince1970: -62_198_755_200)   // -0001-01-01
        for at in [yearMinusOne, Fixture.at(-25 * 60), Fixture.at(25 * 60)] {
            let message = try refusal(store, TimedEvent(ringing("c1"), at: at))
            #expect(message.contains("24 h"), "got: \(message)")
        }
        // Inside the window, past or future, is fine.
        try store.apply(TimedEvent(ringing("c2"), at: Fixture.at(-23 * 60)), by: Fixture.desk1, now: Fixture.at(0))
        try store.apply(TimedEvent(ringing("c3"), at: Fixture.at(23 * 60)), by: Fixture.desk1, now: Fixture.at(0))
        #expect(try store.snapshot().calls.count == 2)
    }

    @Test("a follow-up asking for more than two years ahead is refused, naming in_days")
    func followUpDaysOutOfRange() throws {
        let store = try Fixture.memoryClinic()
        let message = try refusal(store, TimedEvent(.providerRequest(patientMRN: "M001", kind: .followUp, note: nil, due: nil,
                                                                     provider: "okafor", inDays: 9_999)))
        #expect(message.contains("in_days") && message.contains("0–730"), "got: \(message)")
    }

    @Test("a provider request due in year 9999 is refused")
    func dueDateFarAway() throws {
        let store = try Fixture.memoryClinic()
        let far = Date(timeIntervalSince1970: 253_402_214_400)
        let message = try refusal(store, TimedEvent(.providerRequest(patientMRN: "M001", kind: .followUp, note: nil, due: far)))
        #expect(message.contains("due"), "got: \(message)")
    }

    @Test("a call answered, ended or abandoned before it rang is refused, naming both times")
    func callEventsOutOfOrder() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(ringing("c1"), at: Fixture.at(5)), by: Fixture.desk1, now: Fixture.at(6))
        let answered = try refusal(store, TimedEvent(.callAnswered(call: "c1", desk: "desk-2"), at: Fixture.at(1)), now: Fixture.at(6))
        #expect(answered.contains("answered") && answered.contains("before it rang"), "got: \(answered)")
        #expect(answered.contains(ISOTime.string(Fixture.at(1))) && answered.contains(ISOTime.string(Fixture.at(5))), "got: \(answered)")
        #expect(try refusal(store, TimedEvent(.callAnswered(call: "c1", desk: nil), at: Fixture.at(1)), now: Fixture.at(6))
            .contains("before it rang"))
        #expect(try refusal(store, TimedEvent(.callAbandoned(call: "c1"), at: Fixture.at(4)), now: Fixture.at(6))
            .contains("before it rang"))
        #expect(try refusal(store, TimedEvent(.callEnded(call: "c1", reason: nil), at: Fixture.at(4)), now: Fixture.at(6))
            .contains("before it rang"))
        // Answered at 7, then an end stamped 6: it cannot end before it was answered.
        try store.apply(TimedEvent(.callAnswered(call: "c1", desk: "desk-2"), at: Fixture.at(7)), by: Fixture.desk1, now: Fixture.at(8))
        #expect(try refusal(store, TimedEvent(.callEnded(call: "c1", reason: nil), at: Fixture.at(6)), now: Fixture.at(8))
            .contains("before it was answered"))
    }

    // MARK: control characters

    @Test("NUL inside a call id is refused: two ids that differ after a NUL stay two calls")
    func nulInIds() throws {
        let store = try Fixture.memoryClinic()
        let message = try refusal(store, TimedEvent(ringing("nu\u{0}ll")))
        #expect(message.contains("control character"), "got: \(message)")
        try store.apply(TimedEvent(ringing("nu")), by: Fixture.desk1, now: Fixture.at(0))
        _ = try refusal(store, TimedEvent(ringing("nu\u{0}xx")))
        #expect(try store.snapshot().calls.map(\.id) == ["nu"])
    }

    @Test("controls, bidi and invisible characters are refused in every kind of id", arguments: [
        "c\u{1B}[2J", "c\u{7F}", "c\u{9B}1m", "c\u{202E}1", "c\u{200B}1", "c\u{FEFF}", "c\u{E0041}", " ", "",
    ])
    func hostileIds(_ id: String) throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "ok")
        let events: [IntakeEvent] = [
            ringing(id), .callAnswered(call: id, desk: nil), .callAnswered(call: "ok", desk: id), .callEnded(call: id, reason: nil),
            .callAbandoned(call: id), .patientArrived(appointment: id),
            .providerRequest(patientMRN: id, kind: .results, note: nil, due: nil), .emergency(desk: id, note: nil),
        ]
        for event in events {
            let message = try refusal(store, TimedEvent(event))
            #expect(!message.isEmpty)
        }
    }

    @Test("NUL in a text field is kept visible (␀), not cut: the rest of the name survives")
    func nulInText() throws {
        let store = try Fixture.memoryClinic()
        try store.apply(TimedEvent(ringing("c1", name: "Ann\u{0}Lee", reason: "refill\u{0}urgent")), by: Fixture.desk1, now: Fixture.at(0))
        let call = try #require(try store.call(id: "c1"))
        #expect(call.callerName == "Ann\u{2400}Lee")
        #expect(call.reason == "refill\u{2400}urgent")
    }

    // MARK: lengths

    @Test("over-long fields are refused with the field and its limit named")
    func lengths() throws {
        let store = try Fixture.memoryClinic()
        let cases: [(IntakeEvent, String)] = [
            (.walkinArrived(name: String(repeating: "N", count: 60_000), dateOfBirth: nil), "200"),
            (ringing("c1", name: String(repeating: "n", count: 201)), "200"),
            (ringing("c1", reason: String(repeating: "r", count: 501)), "500"),
            (ringing("c1", from: String(repeating: "5", count: 41)), "40"),
            (ringing("c1", queue: String(repeating: "q", count: 65)), "64"),
            (ringing(String(repeating: "i", count: 129)), "128"),
            (.emergency(desk: nil, note: String(repeating: "e", count: 501)), "500"),
            (.providerRequest(patientMRN: "M001", kind: .referral, note: String(repeating: "p", count: 501), due: nil), "500"),
        ]
        for (event, limit) in cases {
            let message = try refusal(store, TimedEvent(event))
            #expect(message.contains("longer than") && message.contains(limit), "got: \(message)")
        }
        // At the limit is fine.
        try store.apply(TimedEvent(ringing(String(repeating: "i", count: 128), name: String(repeating: "n", count: 200))),
                        by: Fixture.desk1, now: Fixture.at(0))
    }

    @Test("a walk-in's date of birth must be a real date, not in the future")
    func walkInBirthDates() throws {
        let store = try Fixture.memoryClinic()
        for dob in ["2026-02-30", "2999-01-01", "1066-10-14"] {
            _ = try refusal(store, TimedEvent(.walkinArrived(name: "Lee", dateOfBirth: dob)))
        }
    }

    // MARK: claims from the phone system follow the console's rules

    @Test("the feed cannot answer at desk-2 a call desk-1 already holds: refused, desk-1 keeps it")
    func losingDeskIsTold() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c1")
        try store.start(.answer(callID: "c1"), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1))
        let message = try refusal(store, TimedEvent(.callAnswered(call: "c1", desk: "desk-2")), now: Fixture.at(2))
        #expect(message.contains("desk-1"), "got: \(message)")
        #expect(try store.call(id: "c1")?.desk == "desk-1")
        // The same desk told again (a retransmit) is fine.
        try store.apply(TimedEvent(.callAnswered(call: "c1", desk: "desk-1")), by: Fixture.desk1, now: Fixture.at(2))
    }

    @Test("answering an ended call is refused")
    func answeringAnEndedCall() throws {
        let store = try Fixture.memoryClinic()
        try Fixture.ring(store, "c1")
        try store.apply(TimedEvent(.callAbandoned(call: "c1")), by: Fixture.desk1, now: Fixture.at(1))
        let message = try refusal(store, TimedEvent(.callAnswered(call: "c1", desk: "desk-2")), now: Fixture.at(2))
        #expect(message.contains("abandoned"), "got: \(message)")
    }

    /// desk-1 holds one active call and two suspended ones: the cap.
    func deskAtTheCap(_ store: ClinicStore) throws {
        let aside = TaskContext(note: "back soon", suspendedAt: .distantPast)
        for i in 0..<3 {
            try Fixture.ring(store, "held\(i)")
            try store.start(.answer(callID: "held\(i)"), at: "desk-1", settingAside: aside, by: Fixture.desk1, now: Fixture.at(Double(i)))
        }
    }

    @Test("at the suspend cap, a call the phone system says desk-1 picked up is recorded, but desk-1's work is not set aside")
    func suspendCapHolds() throws {
        let store = try Fixture.memoryClinic()
        try deskAtTheCap(store)
        let before = try store.snapshot().holding(of: "desk-1")
        try Fixture.ring(store, "c9", at: 4)
        try? store.apply(TimedEvent(.callAnswered(call: "c9", desk: "desk-1")), by: Fixture.desk1, now: Fixture.at(5))
        let s = try store.snapshot()
        #expect(s.holding(of: "desk-1").suspended.count == 2, "the cap was ignored")
        #expect(s.holding(of: "desk-1").active?.id == before.active?.id)
        let call = try #require(s.calls.first { $0.id == "c9" })
        #expect(call.state == .answered && call.desk == "desk-1", "the phone system's fact is recorded")
        // Its task waits for desk-1, and no other desk can take it.
        let task = try #require(s.tasks.first { $0.callID == "c9" && $0.kind == .call })
        #expect(task.state == .queued && task.assignedDesk == "desk-1")
    }

    @Test("in a masked step, the call is recorded as answered and the masked work stays in hand")
    func maskHolds() throws {
        let store = try Fixture.memoryClinic()
        let visit = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A1" }?.id)
        let checkIn = try store.start(.openCheckIn(visitID: visit), at: "desk-1", by: Fixture.desk1, now: Fixture.at(1)).taskID
        try store.setMasked(taskID: checkIn, true, by: Fixture.desk1, now: Fixture.at(2))
        try Fixture.ring(store, "c1", at: 3)
        try? store.apply(TimedEvent(.callAnswered(call: "c1", desk: "desk-1")), by: Fixture.desk1, now: Fixture.at(4))
        let s = try store.snapshot()
        #expect(s.holding(of: "desk-1").active?.id == checkIn)
        #expect(s.task(checkIn)?.masked == true)
        #expect(s.calls.first { $0.id == "c1" }?.state == .answered)
    }
}
