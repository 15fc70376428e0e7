import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskStore
@testable import FrontDeskIntake

/// A day of the practice systems' messages over real MLLP on 127.0.0.1 into a real clinic
/// store on disk: every ACK checked (MSA-1, MSA-2 echoing MSH-10, where ERR points), each AA
/// already visible to another connection to the database when it arrives, the store's end
/// state, and a peer that reconnects and sends the whole day again changing nothing.
@Suite("HL7 into the clinic store over MLLP", .serialized)
struct HL7StoreRoundTripTests {
    typealias Day = HL7ClinicDay
    static let hl7 = Actor(login: "hl7", desk: "hl7", role: .integration)
    static let desk = Actor(login: "ana", desk: "desk-1", role: .receptionist)
    static let admin = Actor(login: "adm", desk: "office", role: .admin)

    /// The clock the listener applies messages at, moved on by the test as the day goes.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Date
        init(_ start: Date) { value = start }
        var now: Date {
            get { lock.lock(); defer { lock.unlock() }; return value }
            set { lock.lock(); value = newValue; lock.unlock() }
        }
    }

    struct Clinic {
        var store: ClinicStore
        var path: String
        var listener: MLLPListener
        var clock: Clock
        var deskBooking: Appointment
    }

    /// A clinic with its calendar and one booking made at the desk (11:00 with Dr Okafor),
    /// and a listener applying to it.
    static func clinic() throws -> Clinic {
        let store = try ClinicStore.temporary()
        try store.loadCalendar(source: Day.calendar, file: "clinic.toml", by: admin, now: Day.now)
        _ = try store.importClinic(patients: [Patient(id: 0, mrn: "D-1", familyName: "Desk", givenName: "Booked", dateOfBirth: "1970-01-01")],
                                   appointments: [], by: admin, now: Day.now)
        let deskBooking = try store.book(Booking(patientID: try #require(try store.patient(mrn: "D-1")).id, provider: "okafor",
                                                 start: Day.at(11), typeCode: "follow-up"), by: desk, now: Day.now)
        let clock = Clock(Day.now)
        let responder = HL7Responder(interpreter: HL7Interpreter(options: .init(defaultTimeZone: Day.zone)),
                                     acknowledgments: HL7AcknowledgmentBuilder(timeZone: Day.zone))
        let intake = HL7StoreIntake(store: store, actor: hl7, responder: responder, now: { clock.now })
        let listener = try MLLPListener(bind: "127.0.0.1", port: 0, idleTimeout: 10, frameTimeout: 5) { intake.answer($0) }
        listener.start()
        return Clinic(store: store, path: try #require(store.path), listener: listener, clock: clock, deskBooking: deskBooking)
    }

    struct Reply: Equatable {
        var code: String?, control: String?, errorAt: String?
    }

    /// MSA-1, MSA-2, and the position ERR names (ERR-2 from v2.5, ERR-1 before).
    static func reply(_ text: String) throws -> Reply {
        let ack = try HL7Fixture.parse(text)
        var at: String?
        if let err = ack.segment("ERR") {
            if let segment = err.text(2) {
                at = "\(segment)-\(err.text(2, component: 3) ?? "")" + (err.text(2, component: 5).map { ".\($0)" } ?? "")
            } else if let segment = err.text(1) {
                at = "\(segment)-\(err.text(1, component: 3) ?? "")"
            }
        }
        return Reply(code: ack["MSA", 1].text(), control: ack["MSA", 2].text(), errorAt: at)
    }

    /// The desk sees Anna through: arrived, checked in, roomed, with the provider.
    static func seeAnna(_ c: Clinic) throws {
        let visit = try #require(try c.store.practiceAppointment(fillerID: "FL-5150")).id
        try c.store.setVisitStatus(visitID: visit, to: .arrived, by: desk, now: Day.at(10, 50))
        try c.store.checkIn(visitID: visit, by: desk, now: Day.at(10, 55))
        try c.store.setVisitStatus(visitID: visit, to: .roomed, by: desk, now: Day.at(11))
        try c.store.setVisitStatus(visitID: visit, to: .withProvider, by: desk, now: Day.at(11, 5))
        c.clock.now = Day.at(12, 10)
    }

    /// Sends the day on one connection, checking each ACK as it comes.
    static func sendDay(_ c: Clinic, deskActs: Bool, other: ClinicStore) throws -> [Reply] {
        let client = MLLPClient(host: "127.0.0.1", port: c.listener.port, replyTimeout: 10)
        defer { client.close() }
        var replies: [Reply] = []
        for step in Day.steps {
            if deskActs, Day.deskAct(before: step) == .seeAnna { try seeAnna(c) }
            let reply = try Self.reply(try client.send(step.frame))
            #expect(reply.code == step.code, "\(step.control ?? "garbage"): \(reply)")
            #expect(reply.control == step.control, "MSA-2 echoes MSH-10")
            if let at = step.errorAt { #expect(reply.errorAt == at, "\(step.control ?? ""): \(reply)") }
            if reply.code == "AA", let control = step.control {
                // Durable before the AA: another connection to the file already sees it.
                let sender = step.frame.hasPrefix("MSH|^~\\&|SMALLPMS") ? "SMALLPMS^CLINIC" : "EHRCORE^NORTH"
                #expect(try other.practiceReceipt(sender: sender, controlID: control) != nil, "\(control) not committed at its AA")
            }
            replies.append(reply)
        }
        return replies
    }

    @Test("a day of sparse v2.3 and rich v2.8 SIU and ADT: every ACK, durable at its AA, and the clinic as the day left it")
    func dayOfMessages() throws {
        let c = try Self.clinic()
        defer { c.listener.stop() }
        let other = try ClinicStore.open(path: c.path)
        _ = try Self.sendDay(c, deskActs: true, other: other)
        let s = c.store

        // SMALLPMS: Chidi's follow-up booked at 09:00, moved to 10:00, then a no-show; Ana's
        // with a provider we had not set up, cancelled.
        let chidi = try #require(try s.patient(mrn: "4711"))
        let fl100 = try #require(try s.practiceAppointment(fillerID: "FL-100"))
        #expect(fl100.ref == "HL7:FL-100" && fl100.patientID == chidi.id && fl100.start == Day.at(10) && fl100.status == .noShow)
        #expect(fl100.providerID == "okafor" && fl100.typeCode == "follow-up" && fl100.minutes == 15)
        let fl101 = try #require(try s.practiceAppointment(fillerID: "FL-101"))
        #expect(fl101.providerID == "D17" && fl101.providerName == "Ilona Varga" && fl101.minutes == 20 && fl101.status == .cancelled)
        #expect(fl101.statusReason == "cancelled in the practice system")
        // A08 cleared the phone and set the address; the other person under the MRN changed nothing.
        #expect(chidi.familyName == "Okafor" && chidi.givenName == "Chidi" && chidi.dateOfBirth == "1980-03-15")
        #expect(chidi.phone == nil && chidi.address == "12 Elm St, Springfield, MA 01101")

        // EHRCORE: Anna's new-patient visit at 11:00 over the desk's booking, lengthened to
        // 45 minutes, seen and ended; her duplicate record merged into her.
        let anna = try #require(try s.patient(mrn: "556677"))
        #expect(anna.familyName == "Meier-Lüthi" && anna.givenName == "Anna" && anna.dateOfBirth == "1992-02-29" && anna.sex == "F")
        #expect(anna.address == "Bahnhofstrasse 1, Zürich, 8001, CH" && anna.phone == "+41 44 5550101")
        #expect(try s.practiceIdentifiers(patientID: anna.id).map(\.id) == ["7561234567897", "556677", "998877"])
        #expect(try s.mergedInto(patientID: try #require(try s.patient(mrn: "998877")).id) == anna.id)
        let fl5150 = try #require(try s.practiceAppointment(fillerID: "FL-5150"))
        #expect(fl5150.patientID == anna.id && fl5150.start == Day.at(11) && fl5150.minutes == 45 && fl5150.status == .done)
        #expect(fl5150.providerName == "Dr Okafor" && fl5150.typeCode == "new")
        #expect(try s.appointment(id: c.deskBooking.id) == c.deskBooking)

        // Four things for a person, each once (the room EHRCORE books in is not one of the clinic's).
        let titles = try s.snapshot().openTasks.filter { $0.kind == .providerRequest }.map(\.title).sorted()
        #expect(titles == [
            "Meier-Lüthi, Anna — check 11:00 Mon 1 Jun with Dr Okafor from the practice system: Dr Okafor is booked 11:00–11:15 (Desk, Booked) (booked at the desk)",
            "Set up provider D17 (Ilona Varga) in the calendar — SMALLPMS^CLINIC books with them",
            "Set up room Room 3 (ROOM3 3 Room three) — EHRCORE^NORTH books there",
            "Verify identity of MRN 4711: here Okafor, Chidi born 1980-03-15, EHRCORE^NORTH says Smith, John born 1961-07-04 — record not changed",
        ], "\(titles)")
        // Each message applied once: the resend of S-002 and the refused ones are not counted.
        #expect(try s.practiceMessagesApplied() == 13)
        #expect(c.listener.statistics.framesAnswered == Day.steps.count)
    }

    @Test("a peer that reconnects and sends the whole day again: the same ACKs, and not one row written")
    func reconnectAndResend() throws {
        let c = try Self.clinic()
        defer { c.listener.stop() }
        let other = try ClinicStore.open(path: c.path)
        let first = try Self.sendDay(c, deskActs: true, other: other)
        let sequence = try c.store.lastSequence()
        let audit = try c.store.auditTrail(limit: 100_000).count
        let snapshot = try c.store.snapshot()
        // A new connection, as after a dropped link: every frame again, no desk in between.
        let again = try Self.sendDay(c, deskActs: false, other: other)
        #expect(again == first)
        #expect(try c.store.lastSequence() == sequence)
        #expect(try c.store.auditTrail(limit: 100_000).count == audit)
        #expect(try c.store.snapshot() == snapshot)
        #expect(try c.store.practiceMessagesApplied() == 13)
        #expect(c.listener.statistics.connectionsAccepted == 2)
    }

    @Test("two connections resending the same message at once: one applies it, both get AA")
    func sameMessageOnTwoConnections() throws {
        let c = try Self.clinic()
        defer { c.listener.stop() }
        let results = HL7MLLPNetworkTests.ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            let client = MLLPClient(host: "127.0.0.1", port: c.listener.port, replyTimeout: 10)
            results.add("lane-\(lane)", Result { try client.send(Day.s002) })
        }
        for (_, outcome) in results.all {
            #expect(try Self.reply(try outcome.get()) == Reply(code: "AA", control: "S-002", errorAt: nil))
        }
        #expect(try c.store.practiceMessagesApplied() == 1)
        #expect(try c.store.appointments(on: CivilDate(year: 2026, month: 6, day: 1)!).filter { $0.ref == "HL7:FL-100" }.count == 1)
    }
}
