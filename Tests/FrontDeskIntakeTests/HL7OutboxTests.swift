import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskStore
@testable import FrontDeskIntake
#if canImport(Glibc)
import Glibc
#endif

/// The outbox going out: a scripted practice system on 127.0.0.1 that records every frame
/// and answers as the test says; the sender in process (AR retried in place, AE set aside),
/// and `frontdesk hl7 send` killed with SIGKILL while waiting for an ACK, then started again.
@Suite("HL7 outbox to the practice system", .serialized)
struct HL7OutboxTests {
    typealias F = HL7Fixture
    static let hl7 = Actor(login: "hl7", desk: "hl7", role: .integration)
    static let desk = Actor(login: "ana", desk: "desk-1", role: .receptionist)

    /// The practice system's side: every frame it was sent, in order, and a script for its ACKs.
    final class Peer: @unchecked Sendable {
        private let lock = NSLock()
        private var frames: [HL7Message] = []
        /// The ACK code for a frame, given its control id and how many times it came before.
        let answer: @Sendable (String, Int) -> HL7AckCode
        /// A control id whose first arrival is held (no ACK) until `release()`.
        let holding: String?
        private let gate = DispatchSemaphore(value: 0)
        private(set) var listener: MLLPListener!

        init(holding: String? = nil, answer: @escaping @Sendable (String, Int) -> HL7AckCode = { _, _ in .accept }) throws {
            self.answer = answer
            self.holding = holding
            let acks = HL7AcknowledgmentBuilder(localApplication: "SCHEDPRO")
            listener = try MLLPListener(bind: "127.0.0.1", port: 0, frameTimeout: 5) { [unowned self] inbound in
                guard case .message(let m) = inbound.content else { return acks.acknowledgment(answering: nil, code: .reject) }
                let control = m.header.controlID ?? ""
                let before = record(m)
                if control == holding, before == 0 { gate.wait() }
                let code = answer(control, before)
                let error = code == .accept ? nil : HL7ErrorDetail(code: .unknownKeyIdentifier, location: HL7ErrorLocation(segment: "SCH", field: 2),
                                                                    message: "SCH-2 not known here")
                return acks.acknowledgment(answering: m.header, code: code, error: error)
            }
            listener.start()
        }

        /// Records the frame; returns how many frames with its control id came before.
        private func record(_ m: HL7Message) -> Int {
            lock.lock(); defer { lock.unlock() }
            let before = frames.filter { $0.header.controlID == m.header.controlID }.count
            frames.append(m)
            return before
        }

        var received: [HL7Message] { lock.lock(); defer { lock.unlock() }; return frames }
        var controls: [String] { received.compactMap(\.header.controlID) }
        func release() { gate.signal() }
        func stop() { listener.stop() }
    }

    static let calendar = HL7CommandTests.calendar

    /// A clinic file (this login may run the interface) with `count` bookings made at the
    /// desk tomorrow, every quarter hour from 09:00, and the last one cancelled.
    static func clinic(bookings count: Int) throws -> (ClinicStore, String, [Appointment]) {
        let (store, db) = try HL7CommandTests.clinic(role: .integration)
        try store.setOutbound(true, by: hl7, now: Date())
        _ = try store.importClinic(patients: (1...count).map { Patient(id: 0, mrn: "M\($0)", familyName: "Patient", givenName: "\($0)",
                                                                       dateOfBirth: "1980-01-0\($0 % 9 + 1)") },
                                   appointments: [], by: HL7CommandTests.admin, now: Date())
        let zone = HL7CommandTests.zone
        let day = CivilDate(Date(), in: zone).adding(days: 1)
        var booked: [Appointment] = []
        for n in 1...count {
            let pid = try #require(try store.patient(mrn: "M\(n)")).id
            booked.append(try store.book(Booking(patientID: pid, provider: "okafor", start: zone.date(day, at: TimeOfDay(9, 0).adding(minutes: 15 * (n - 1))),
                                                 typeCode: "follow-up"), by: desk, now: Date()))
        }
        try store.cancelAppointment(id: booked[count - 1].id, reason: "called to cancel", by: desk, now: Date())
        return (store, db, booked)
    }

    @Test("in order, each until its ACK: an AR is the same message again, an AE is set aside with a task and the next goes")
    func arRetriedAeSetAside() throws {
        let (store, _, booked) = try Self.clinic(bookings: 3)
        let entries = (1...4).map { "FDOUT-\($0)" }
        // The second is refused once (AR: try again), the third for its content (AE).
        let peer = try Peer { control, before in
            if control == entries[1], before == 0 { return .reject }
            if control == entries[2] { return .error }
            return .accept
        }
        defer { peer.stop() }
        var options = HL7SendOptions(timeZone: HL7CommandTests.zone)
        options.backoff = ReconnectBackoff(initial: 0.01, maximum: 0.05)
        options.receivingApplication = "SCHEDPRO"
        let sender = HL7OutboxSender(store: store, actor: Self.hl7, host: "127.0.0.1", port: peer.listener.port, options: options)
        #expect(sender.run(untilEmpty: true) == 3)
        #expect(peer.controls == [entries[0], entries[1], entries[1], entries[2], entries[3]])
        let status = try store.outboxStatus()
        #expect(status.depth == 0 && status.refused == 1)
        let refusedTask = try store.snapshot().openTasks.first { $0.visitID == booked[2].id && $0.kind == .providerRequest }
        #expect(refusedTask?.title.hasSuffix("refused FrontDesk's book of appointment \(booked[2].ref!): SCH-2 not known here") == true)

        // What went out: SIU^S12 for each booking (ours as the filler id), S15 for the cancel.
        let first = peer.received[0]
        #expect(first.header.messageType == "SIU" && first.header.triggerEvent == "S12" && first.header.receivingApplication == "SCHEDPRO")
        #expect(first["SCH", 2].text() == booked[0].ref && first["PID", 3].text() == "M1" && first["AIP", 3].text() == "okafor")
        let interpreted = try HL7Interpreter(options: .init(defaultTimeZone: HL7CommandTests.zone)).interpret(first)
        guard case .schedule(let event) = interpreted else { Issue.record("not a schedule event"); return }
        #expect(event.start?.date == booked[0].start && event.duration == 15 * 60 && event.appointmentType?.code == "follow-up")
        let cancel = try #require(peer.received.last)
        #expect(cancel.header.triggerEvent == "S15" && cancel["SCH", 2].text() == booked[2].ref)
        #expect(cancel["SCH", 6].text(component: 2) == "called to cancel")
    }

    @Test("patients go out as ADT: A28 for a record registered without a visit, A08 with \"\" for what the desk removed, the check-in as the event the peer wants", arguments: [
        HL7SendOptions.CheckInEvent.a04, .a10, .none,
    ])
    func patientsAsADT(checkInAs: HL7SendOptions.CheckInEvent) throws {
        let (store, _) = try HL7CommandTests.clinic(role: .integration)
        try store.setOutbound(true, by: Self.hl7, now: Date())
        let record = try store.registerPatient(Patient(id: 0, mrn: "", familyName: "Osei", givenName: "Kofi", dateOfBirth: "1975-05-06",
                                                       sex: "M", phone: "(617) 555-0101", email: "kofi@example.org"),
                                               by: Self.desk, now: Date())
        var corrected = record.patient
        corrected.phone = nil
        corrected.address = "12 Elm St"
        try store.updatePatient(corrected, expectedVersion: record.patient.version, by: Self.desk, now: Date())
        _ = try store.importClinic(patients: [], appointments: [AppointmentRecord(ref: "A-77", at: Date().addingTimeInterval(600), mrn: record.patient.mrn,
                                                                                  provider: "Dr Okafor", reason: "follow-up")],
                                   by: HL7CommandTests.admin, now: Date())
        let visit = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A-77" })
        try store.setVisitStatus(visitID: visit.id, to: .arrived, by: Self.desk, now: Date())
        try store.checkIn(visitID: visit.id, by: Self.desk, now: Date())

        let peer = try Peer()
        defer { peer.stop() }
        var options = HL7SendOptions(timeZone: HL7CommandTests.zone)
        options.checkInEvent = checkInAs
        options.version = "2.5.1"
        let sender = HL7OutboxSender(store: store, actor: Self.hl7, host: "127.0.0.1", port: peer.listener.port, options: options)
        #expect(sender.run(untilEmpty: true) == (checkInAs == .none ? 2 : 3))   // a skipped check-in is no exchange
        #expect(try store.outboxStatus().depth == 0)
        let frames = peer.received
        #expect(frames.map { "\($0.header.messageType ?? "")^\($0.header.triggerEvent ?? "")" }
                == ["ADT^A28", "ADT^A08"] + (checkInAs == .none ? [] : ["ADT^\(checkInAs.rawValue)"]))
        let added = frames[0]
        #expect(added["MSH", 9].text(component: 3) == "ADT_A05" && added["PID", 3].text() == record.patient.mrn)
        #expect(added["PID", 5].text() == "Osei" && added["PID", 7].text() == "19750506" && added["PID", 8].text() == "M")
        #expect(added["PV1", 2].text() == "N")
        // The phone the desk removed goes as "" (delete yours); the e-mail stays in PID-13; the address is new.
        let update = frames[1]
        let interpreted = try HL7Interpreter(options: .init(defaultTimeZone: HL7CommandTests.zone)).interpret(update)
        guard case .patient(let event) = interpreted else { Issue.record("not a patient event"); return }
        #expect(event.patient.address.value?.street == "12 Elm St")
        #expect(event.patient.homePhones.value?.map(\.email) == ["kofi@example.org"])
        #expect(event.patient.phone == nil)
        if checkInAs != .none {
            let checkIn = frames[2]
            #expect(checkIn["PV1", 2].text() == "O" && checkIn["PV1", 19].text() == "A-77" && checkIn["PV1", 44].text() != nil)
        }
    }

    @Test("a walk-in registered at the desk and checked in: one A04 announces the visit (an A10 peer also hears the arrival)", arguments: [
        HL7SendOptions.CheckInEvent.a04, .a10,
    ])
    func registrationAndCheckInAreOneArrival(checkInAs: HL7SendOptions.CheckInEvent) throws {
        let (store, _) = try HL7CommandTests.clinic(role: .integration)
        try store.setOutbound(true, by: Self.hl7, now: Date())
        try store.apply(TimedEvent(.walkinArrived(name: "Novak, Ivana", dateOfBirth: "1990-01-02")), by: Self.desk, now: Date())
        let visit = try #require(try store.snapshot().visits.first { $0.walkIn })
        let pid = try store.registerPatient(Patient(id: 0, mrn: "", familyName: "Novak", givenName: "Ivana", dateOfBirth: "1990-01-02"),
                                            forVisit: visit.id, by: Self.desk, now: Date())
        let p = try #require(try store.snapshot().patient(pid))
        try store.completeCheckIn(visitID: visit.id, patient: p, expectedVersion: p.version, readiness: [:], by: Self.desk, now: Date())
        let peer = try Peer()
        defer { peer.stop() }
        var options = HL7SendOptions(timeZone: HL7CommandTests.zone)
        options.checkInEvent = checkInAs
        let sender = HL7OutboxSender(store: store, actor: Self.hl7, host: "127.0.0.1", port: peer.listener.port, options: options)
        sender.run(untilEmpty: true)
        #expect(try store.outboxStatus().depth == 0)
        #expect(peer.received.map { $0.header.triggerEvent ?? "" } == (checkInAs == .a04 ? ["A04"] : ["A04", "A10"]))
    }

    @Test("a removed value the practice must delete is sent as \"\"; one never there is left out")
    func clearedIsExplicitNull() throws {
        let base = Patient(id: 1, mrn: "N000001", familyName: "Osei", givenName: "Kofi", sex: "M", phone: "(617) 555-0101")
        var cleared = base
        cleared.phone = nil
        cleared.sex = nil
        let fields = try #require(OutboundPatient.correction(from: base, to: cleared))
        let entry = OutboxEntry(id: 5, createdAt: Date(), message: .patient(OutboundPatient(event: .update, patient: cleared, cleared: fields)),
                                attempts: 0, lastError: nil)
        let text = try #require(HL7OutboxSender.message(entry, options: HL7SendOptions(timeZone: HL7CommandTests.zone), controlID: "FDOUT-5", at: Date()))
        let pid = try #require(text.split(separator: "\r").first { $0.hasPrefix("PID") }).split(separator: "|", omittingEmptySubsequences: false)
        #expect(pid[8] == "\"\"" && pid[13] == "\"\"" && pid[11] == "" && pid[7] == "")
        // Nothing the practice carries changed: no message at all.
        var interpreterOnly = base
        interpreterOnly.interpreter = "Twi"
        #expect(OutboundPatient.correction(from: base, to: interpreterOnly) == nil)
    }

    @Test("kill -9 of hl7 send while it waits for an ACK loses nothing: started again, it resends that one and the rest, in order")
    func killNineMidStream() throws {
        let (store, db, _) = try Self.clinic(bookings: 6)
        #expect(try store.outboxStatus().depth == 7)
        // status --json shows the depth and the oldest unsent before anything goes.
        let before = try Spawn.frontdesk(["status", "--json", "--db", db])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])
        let outbox = try #require(json["outbox"] as? [String: Any])
        #expect(outbox["depth"] as? Int == 7 && outbox["oldestUnsentAt"] is String && outbox["refused"] as? Int == 0, "\(outbox)")

        // The practice system holds its ACK for the fourth message: the sender waits on it.
        let peer = try Peer(holding: "FDOUT-4")
        defer { peer.stop() }
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_HL7_BACKOFF"] = "0.01,0.05"
        let args = ["hl7", "send", "--db", db, "--to", "127.0.0.1:\(peer.listener.port)"]
        let first = try Spawn.start(Spawn.frontdesk, args, environment: env)
        #expect(eventually { peer.controls.contains("FDOUT-4") }, "\(peer.controls)")
        #expect(try store.outboxStatus().depth == 4)
        kill(first, SIGKILL)
        #expect(Spawn.wait(first) == 128 + SIGKILL)
        peer.release()

        let second = try Spawn.start(Spawn.frontdesk, args, environment: env)
        #expect(eventually(timeout: 20) { (try? store.outboxStatus().depth) == 0 })
        kill(second, SIGTERM)
        #expect(Spawn.wait(second) == 0)

        // Every message arrived; the only one twice is the one whose ACK the kill cut off; in order.
        let controls = peer.controls
        #expect(controls == ["FDOUT-1", "FDOUT-2", "FDOUT-3", "FDOUT-4", "FDOUT-4", "FDOUT-5", "FDOUT-6", "FDOUT-7"], "\(controls)")
        #expect(peer.received.map { $0.header.triggerEvent ?? "" } == ["S12", "S12", "S12", "S12", "S12", "S12", "S12", "S15"])
        // The resend is the same message, byte for byte but its timestamp.
        let fourth = peer.received.filter { $0.header.controlID == "FDOUT-4" }
        #expect(fourth[0].segments.dropFirst() == fourth[1].segments.dropFirst())
        let after = try Spawn.frontdesk(["status", "--json", "--db", db])
        let done = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect((done["outbox"] as? [String: Any])?["depth"] as? Int == 0)
        #expect((done["outbox"] as? [String: Any])?["oldestUnsentAt"] is NSNull)
    }
}
