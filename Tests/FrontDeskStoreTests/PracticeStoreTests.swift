import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// The practice system's messages applied to the real store (in memory), one transaction
/// each: every SIU trigger, a resend, a provider or type the calendar lacks, clashes with the
/// clinic's rules and the desk's bookings, and patients matched by identifier with the
/// identity check. Wire format aside: `FrontDeskIntakeTests` bring the same through HL7.
@Suite("Practice system messages in the store")
struct PracticeStoreTests {
    typealias S = ScheduleStoreTests
    static let hl7 = Actor(login: "hl7", desk: "hl7", role: .integration)
    static let sender = "SCHEDPRO^NORTH"

    static func message(_ control: String, _ change: PracticeChange, kind: String = "SIU") -> PracticeMessage {
        PracticeMessage(sender: sender, controlID: control, kind: kind, change: change)
    }

    /// M001 as the practice system names them (the same as the import did).
    static let jose = PracticePatient(identifiers: [PracticeIdentifier(id: "M001", authority: "NCL", type: "MR")],
                                      familyName: .set("Ñúñez-O'Brien"), givenName: .set("José"), dateOfBirth: .set("1980-02-29"))

    static func appointment(_ action: PracticeAppointmentAction, filler: String = "FL-1", start: Date? = S.at(1, 9),
                            minutes: Int? = 15, provider: String? = "okafor", type: String? = "follow-up",
                            patient: PracticePatient? = jose) -> PracticeChange {
        .appointment(PracticeAppointment(action: action, fillerID: filler, start: start, minutes: minutes, providerID: provider,
                                         providerName: provider.map { "Provider \($0)" }, typeCode: type, typeName: type,
                                         patient: patient))
    }

    @discardableResult
    static func apply(_ s: ClinicStore, _ control: String, _ change: PracticeChange, now: Date = S.now) throws -> PracticeOutcome {
        try s.apply(message(control, change), by: hl7, now: now)
    }

    static func openTasks(_ s: ClinicStore) throws -> [DeskTask] { try s.snapshot().openTasks }

    struct TriggerCase: CustomTestStringConvertible, Sendable {
        var name: String
        var then: PracticeChange?
        var status: VisitStatus
        var start: Date
        var minutes: Int
        var reason: String?
        var testDescription: String { name }
    }

    @Test("each SIU trigger onto the visit it keys (HL7:<filler id>), with no task when the rules are kept", arguments: [
        TriggerCase(name: "S12 book", then: nil, status: .scheduled, start: S.at(1, 9), minutes: 15),
        TriggerCase(name: "S13 reschedule", then: appointment(.reschedule, start: S.at(1, 10, 30)), status: .scheduled,
                    start: S.at(1, 10, 30), minutes: 15),
        TriggerCase(name: "S14 modify (length and type, no time sent)",
                    then: appointment(.modify, start: nil, minutes: 30, type: "new", patient: nil),
                    status: .scheduled, start: S.at(1, 9), minutes: 30),
        TriggerCase(name: "S15 cancel", then: appointment(.cancel, patient: nil), status: .cancelled, start: S.at(1, 9), minutes: 15,
                    reason: "cancelled in the practice system"),
        TriggerCase(name: "S17 delete", then: appointment(.delete, start: nil, patient: nil), status: .cancelled, start: S.at(1, 9),
                    minutes: 15, reason: "deleted in the practice system"),
        TriggerCase(name: "S26 no-show", then: appointment(.noShow, patient: nil), status: .noShow, start: S.at(1, 9), minutes: 15),
    ])
    func eachTrigger(_ c: TriggerCase) throws {
        let s = try S.store()
        let booked = try Self.apply(s, "C1", Self.appointment(.book))
        if let then = c.then { try Self.apply(s, "C2", then) }
        let a = try #require(try s.practiceAppointment(fillerID: "FL-1"))
        #expect(a.id == booked.appointmentID && a.ref == "HL7:FL-1")
        #expect(a.patientID == (try S.pid(s, "M001")))
        #expect(a.status == c.status && a.start == c.start && a.minutes == c.minutes && a.statusReason == c.reason)
        #expect(a.providerID == "okafor" && a.providerName == "Dr Okafor")
        let open = try Self.openTasks(s)
        #expect(open.isEmpty, "\(open.map(\.title))")
        #expect(try s.practiceMessagesApplied() == (c.then == nil ? 1 : 2))
    }

    @Test("a resent control id is answered as applied and changes nothing, even days later; the same booking under a new id is no second visit")
    func duplicates() throws {
        let s = try S.store()
        let first = try Self.apply(s, "C1", Self.appointment(.book))
        let audit = try s.auditTrail().count
        let again = try Self.apply(s, "C1", Self.appointment(.book))
        #expect(again.duplicate && again.appointmentID == nil && !first.duplicate)
        // Three days on the appointment is out of the intake window; a resend is still only a resend.
        let late = try Self.apply(s, "C1", Self.appointment(.book), now: S.now.addingTimeInterval(3 * 86_400))
        #expect(late.duplicate)
        #expect(try s.auditTrail().count == audit)
        // Another control id, the same booking: the appointment is known by its filler id.
        let resent = try Self.apply(s, "C2", Self.appointment(.book))
        #expect(resent.appointmentID == first.appointmentID && resent.actions.contains("appointment \(first.appointmentID!) unchanged"))
        #expect(try s.appointments(on: CivilDate(year: 2026, month: 6, day: 1)!).filter { $0.ref?.hasPrefix("HL7:") == true }.count == 1)
        // The same control id from another sender is another message.
        let other = try s.apply(PracticeMessage(sender: "OTHER^SITE", controlID: "C1", kind: "SIU", change: Self.appointment(.book, filler: "X-1")),
                                by: Self.hl7, now: S.now)
        #expect(!other.duplicate && other.appointmentID != first.appointmentID)
    }

    @Test("a provider and a type the calendar lacks: applied with the sender's ids and names, one set-up task each, however many messages")
    func unknownProviderAndType() throws {
        let s = try S.store()
        let out = try Self.apply(s, "C1", Self.appointment(.book, minutes: 40, provider: "D17", type: "ACUP"))
        let a = try #require(try s.appointment(id: out.appointmentID!))
        #expect(a.providerID == "D17" && a.providerName == "Provider D17" && a.typeCode == "ACUP" && a.minutes == 40)
        let titles = try Self.openTasks(s).map(\.title)
        #expect(titles.count == 2, "\(titles)")
        #expect(titles.contains("Set up provider D17 (Provider D17) in the calendar — SCHEDPRO^NORTH books with them"))
        #expect(titles.contains("Set up appointment type ACUP (ACUP) in the calendar — SCHEDPRO^NORTH books it"))
        #expect(try Self.openTasks(s).allSatisfy { $0.kind == .providerRequest })
        try Self.apply(s, "C2", Self.appointment(.book, filler: "FL-2", start: S.at(1, 11), provider: "D17", type: "ACUP"))
        #expect(try Self.openTasks(s).count == 2)
        // With no calendar entry there are no hours to keep, but the patient's own diary holds.
        let twice = try Self.apply(s, "C3", Self.appointment(.book, filler: "FL-3", start: S.at(1, 9, 15), provider: "lindqvist"))
        let title = try s.task(id: twice.tasks.first ?? -1)?.title ?? ""
        #expect(title.hasSuffix("José Ñúñez-O'Brien already has 09:00 with D17"), "\(title)")
    }

    @Test("a location that is one of the clinic's rooms is taken as it is; one that is not is kept as sent and asked for once")
    func unknownLocationIsAskedForOnce() throws {
        let s = try S.store()
        try s.addRooms(["Room 2"], by: Fixture.desk1, now: S.now)
        func booking(_ filler: String, hour: Int, room: String?, pointOfCare: String) -> PracticeChange {
            .appointment(PracticeAppointment(action: .book, fillerID: filler, start: S.at(1, hour), minutes: 15, providerID: "okafor",
                                             typeCode: "follow-up", location: [pointOfCare, room].compactMap { $0 }.joined(separator: " "),
                                             locationCode: room ?? pointOfCare, patient: Self.jose))
        }
        try Self.apply(s, "L1", booking("FL-1", hour: 9, room: "2", pointOfCare: "NORTH"))
        #expect(try Self.openTasks(s).isEmpty)
        let out = try Self.apply(s, "L2", booking("FL-2", hour: 10, room: nil, pointOfCare: "CARDIO"))
        #expect(try s.appointment(id: out.appointmentID!)?.status == .scheduled)
        try Self.apply(s, "L3", booking("FL-3", hour: 11, room: nil, pointOfCare: "CARDIO"))
        #expect(try Self.openTasks(s).map(\.title) == ["Set up room CARDIO — SCHEDPRO^NORTH books there"])
    }

    @Test("a clash with a desk booking or the clinic's hours is applied and becomes a task; the desk's booking stays as it was")
    func clashesBecomeTasks() throws {
        let s = try S.store()
        let desk = try s.book(Booking(patientID: try S.pid(s, "M002"), provider: "okafor", start: S.at(1, 9), typeCode: "follow-up"),
                              by: Fixture.desk1, now: S.now)
        let out = try Self.apply(s, "C1", Self.appointment(.book))
        #expect(out.tasks.count == 1)
        let task = try #require(try s.task(id: out.tasks[0]))
        #expect(try task.kind == .providerRequest && task.visitID == out.appointmentID && task.patientID == S.pid(s, "M001"))
        #expect(task.title == "Ñúñez-O'Brien, José — check 09:00 Mon 1 Jun with Dr Okafor from the practice system: "
                + "Dr Okafor is booked 09:00–09:15 (李, 小龍) (booked at the desk)", "\(task.title)")
        #expect(try s.appointment(id: desk.id) == desk)
        #expect(try s.appointment(id: out.appointmentID!)?.status == .scheduled)
        // Outside the hours and off the grid: still booked, one task naming both.
        let late = try Self.apply(s, "C2", Self.appointment(.book, filler: "FL-2", start: S.at(2, 17, 5)))
        #expect(try s.appointment(id: late.appointmentID!)?.start == S.at(2, 17, 5))
        let title = try #require(try s.task(id: late.tasks.first ?? -1)).title
        #expect(title.contains("17:05–17:20 is outside Dr Okafor's hours on Tuesday (08:00–12:00)"), "\(title)")
        // Moving a desk booking is done, and said.
        let moved = try s.apply(Self.message("C3", .appointment(PracticeAppointment(action: .reschedule, fillerID: "X", placerID: desk.ref,
                                                                                    start: S.at(1, 11)))), by: Self.hl7, now: S.now)
        #expect(try moved.appointmentID == desk.id && s.appointment(id: desk.id)?.start == S.at(1, 11))
        #expect(try s.task(id: moved.tasks.first ?? -1)?.title.contains("the practice system moved this desk booking from 09:00 Mon 1 Jun") == true)
    }

    @Test("what the clinic saw stands: a no-show for a patient who arrived, a cancel of a roomed visit, each a task")
    func statusesTheClinicSawOtherwise() throws {
        let s = try S.store()
        let booked = try Self.apply(s, "C1", Self.appointment(.book))
        let id = try #require(booked.appointmentID)
        try s.setVisitStatus(visitID: id, to: .arrived, by: Fixture.desk1, now: S.at(1, 8, 50))
        let noShow = try Self.apply(s, "C2", Self.appointment(.noShow, patient: nil))
        #expect(try s.appointment(id: id)?.status == .arrived)
        #expect(try s.task(id: noShow.tasks.first ?? -1)?.title == "Ñúñez-O'Brien, José — the practice system says the patient did not come, here the visit is arrived")
        try s.setVisitStatus(visitID: id, to: .checkedIn, by: Fixture.desk1, now: S.at(1, 8, 55))
        try s.setVisitStatus(visitID: id, to: .roomed, by: Fixture.desk1, now: S.at(1, 9))
        let cancel = try Self.apply(s, "C3", Self.appointment(.cancel, patient: nil))
        #expect(try s.appointment(id: id)?.status == .roomed && cancel.tasks.count == 1)
        // A cancel of what is not here is nothing to do (and no error).
        let unknown = try Self.apply(s, "C4", Self.appointment(.cancel, filler: "NOPE", patient: nil))
        #expect(unknown.actions == ["no appointment NOPE here: nothing to cancel"] && unknown.tasks.isEmpty)
    }

    @Test("ADT: A04 registers with the practice's identifiers, A08 updates field by field (\"\" clears), A03 ends today's visit")
    func registerUpdateEnd() throws {
        let s = try S.store()
        let ana = PracticePatient(identifiers: [PracticeIdentifier(id: "P-900", authority: "NCL", type: "MR"),
                                                PracticeIdentifier(id: "756.1234", authority: "AHV", type: "SS")],
                                  familyName: .set("Lindqvist"), givenName: .set("Ana"), dateOfBirth: .set("1990-05-17"),
                                  sex: .set("F"), phone: .set("555-0177"))
        let reg = try Self.apply(s, "A1", .patient(PracticePatientChange(action: .register, patient: ana)), now: S.now)
        let pid = try #require(reg.patientID)
        #expect(try s.patient(mrn: "P-900")?.id == pid)
        #expect(try s.practiceIdentifiers(patientID: pid).map(\.authority) == ["AHV", "NCL"])
        // Found again by the other identifier alone; a left-out field keeps, "" clears, a value sets.
        let update = PracticePatient(identifiers: [PracticeIdentifier(id: "756.1234", authority: "AHV")], familyName: .set("Lindqvist-Berg"),
                                     phone: .clear, address: .set("1 Main St, Springfield"))
        let upd = try Self.apply(s, "A2", .patient(PracticePatientChange(action: .update, patient: update)))
        #expect(upd.patientID == pid)
        let p = try #require(try s.patient(mrn: "P-900"))
        #expect(p.familyName == "Lindqvist-Berg" && p.givenName == "Ana" && p.phone == nil && p.address == "1 Main St, Springfield"
                && p.dateOfBirth == "1990-05-17" && p.version == 2)
        // The same number from another authority is somebody else.
        let stranger = PracticePatient(identifiers: [PracticeIdentifier(id: "756.1234", authority: "LAB")], familyName: .set("Other"))
        let other = try Self.apply(s, "A3", .patient(PracticePatientChange(action: .register, patient: stranger)))
        #expect(other.patientID != pid)

        // A03: the visit with the provider is done; one only arrived needs a person.
        let visit = try #require(try Self.apply(s, "S1", Self.appointment(.book, start: S.at(1, 9), patient: update)).appointmentID)
        for status in [VisitStatus.arrived, .checkedIn, .roomed, .withProvider] {
            try s.setVisitStatus(visitID: visit, to: status, by: Fixture.desk1, now: S.at(1, 9))
        }
        let end = try Self.apply(s, "A4", .patient(PracticePatientChange(action: .endVisit, patient: update)), now: S.at(1, 10))
        #expect(try s.appointment(id: visit)?.status == .done && end.actions.last == "visit \(visit) done")
        let jose = try S.pid(s, "M001")
        let v2 = try #require(try Self.apply(s, "S2", Self.appointment(.book, filler: "FL-2", start: S.at(1, 11))).appointmentID)
        try s.setVisitStatus(visitID: v2, to: .arrived, by: Fixture.desk1, now: S.at(1, 10, 50))
        let early = try Self.apply(s, "A5", .patient(PracticePatientChange(action: .endVisit, patient: Self.jose)), now: S.at(1, 11, 30))
        #expect(try s.appointment(id: v2)?.status == .arrived)
        #expect(try s.task(id: early.tasks.first ?? -1)?.patientID == jose)
    }

    @Test("same MRN, another name and birth date: a verify-identity task, the record untouched; a new surname alone is an update")
    func identityMismatch() throws {
        let s = try S.store()
        let before = try #require(try s.patient(mrn: "M001"))
        let impostor = PracticePatient(identifiers: [PracticeIdentifier(id: "M001", authority: "NCL", type: "MR")],
                                       familyName: .set("Smith"), givenName: .set("John"), dateOfBirth: .set("1961-07-04"))
        let out = try Self.apply(s, "A1", .patient(PracticePatientChange(action: .update, patient: impostor)))
        #expect(try s.patient(mrn: "M001") == before)
        let task = try #require(try s.task(id: out.tasks.first ?? -1))
        #expect(task.title == "Verify identity of MRN M001: here Ñúñez-O'Brien, José born 1980-02-29, SCHEDPRO^NORTH says Smith, John born 1961-07-04 — record not changed")
        #expect(task.kind == .providerRequest && task.patientID == before.id)
        // Said again under another control id: the task is already open.
        let again = try Self.apply(s, "A2", .patient(PracticePatientChange(action: .update, patient: impostor)))
        #expect(try again.tasks.isEmpty && Self.openTasks(s).count == 1)
        // Nor linked: the identifier does not lead to the record until someone verifies.
        #expect(try s.practiceIdentifiers(patientID: before.id).isEmpty)
        // A marriage: new surname, same birth date — an update.
        var married = Self.jose
        married.familyName = .set("García")
        try Self.apply(s, "A3", .patient(PracticePatientChange(action: .update, patient: married)))
        #expect(try s.patient(mrn: "M001")?.familyName == "García")
        #expect(try Self.openTasks(s).count == 1)
    }

    @Test("A40: the prior record's visits and identifiers move to the survivor, which searches find; later messages for the old id follow")
    func merge() throws {
        let s = try S.store()
        let old = PracticePatient(identifiers: [PracticeIdentifier(id: "P-1", authority: "NCL", type: "MR")],
                                  familyName: .set("Okafor"), givenName: .set("Chidi"), dateOfBirth: .set("1980-03-15"))
        let oldID = try #require(try Self.apply(s, "A1", .patient(PracticePatientChange(action: .register, patient: old))).patientID)
        let visit = try #require(try Self.apply(s, "S1", Self.appointment(.book, patient: old)).appointmentID)
        let survivor = PracticePatient(identifiers: [PracticeIdentifier(id: "P-2", authority: "NCL", type: "MR")],
                                       familyName: .set("Okafor"), givenName: .set("Chidi"), dateOfBirth: .set("1980-03-15"))
        let newID = try #require(try Self.apply(s, "A2", .patient(PracticePatientChange(action: .register, patient: survivor))).patientID)
        let merged = try Self.apply(s, "A3", .patient(PracticePatientChange(action: .merge(prior: old.identifiers), patient: survivor)))
        #expect(merged.patientID == newID && merged.actions.contains("merged patient \(oldID) into \(newID)"))
        #expect(try s.appointment(id: visit)?.patientID == newID)
        #expect(try s.mergedInto(patientID: oldID) == newID)
        #expect(try s.searchPatients("Okafor Chidi").map(\.id) == [newID])
        let cancel = try Self.apply(s, "S2", Self.appointment(.cancel, patient: old))
        #expect(try cancel.patientID == newID && s.appointment(id: visit)?.status == .cancelled)
        #expect(try s.practiceIdentifiers(patientID: newID).map(\.id) == ["P-1", "P-2"])
    }

    @Test("intake rules first: a birth date in the future, a booking with no patient, a length of a week — refused by field, nothing kept")
    func refusals() throws {
        let s = try S.store()
        var future = Self.jose
        future.dateOfBirth = .set("2090-01-01")
        let cases: [(PracticeChange, PracticeField)] = [
            (.patient(PracticePatientChange(action: .update, patient: future)), .dateOfBirth),
            (Self.appointment(.book, patient: nil), .patient),
            (Self.appointment(.book, minutes: 7 * 1440), .minutes),
            (Self.appointment(.book, filler: "bad\u{7}id"), .fillerID),
            (Self.appointment(.book, patient: PracticePatient(identifiers: [PracticeIdentifier(id: "NEW-1")])), .familyName),
        ]
        let audit = try s.auditTrail().count
        for (change, field) in cases {
            do {
                try Self.apply(s, "R", change)
                Issue.record("applied \(field)")
            } catch StoreError.intake(let refusal) {
                #expect(refusal.field == field.rawValue, "\(refusal)")
            }
        }
        #expect(try s.practiceMessagesApplied() == 0 && (try s.auditTrail().count) == audit)
        // Once right, the same control id applies: a refused message was never recorded.
        #expect(try Self.apply(s, "R", Self.appointment(.book)).appointmentID != nil)
    }

    @Test("a rehearsal says what would happen and keeps nothing; only the integration role (or an admin) applies")
    func rehearsalAndRole() throws {
        let s = try S.store()
        let seq = try s.lastSequence()
        let would = try s.rehearse(Self.message("C1", Self.appointment(.book, provider: "D17")), by: Self.hl7, now: S.now)
        #expect(would.appointmentID != nil && would.tasks.count == 1)
        #expect(try s.lastSequence() == seq && (try s.practiceMessagesApplied()) == 0 && (try Self.openTasks(s)).isEmpty)
        #expect(throws: StoreError.self) { try s.apply(Self.message("C1", Self.appointment(.book)), by: Fixture.desk1, now: S.now) }
        #expect(try s.apply(Self.message("C1", Self.appointment(.book)), by: S.admin, now: S.now).appointmentID != nil)
    }
}
