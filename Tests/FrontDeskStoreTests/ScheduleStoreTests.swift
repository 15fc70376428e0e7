import Foundation
import Testing
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore

/// The schedule in the store: a calendar file loaded with its problems by line, bookings under
/// the rules in one transaction, cancels and no-shows that free the slot for the waitlist, a
/// reschedule that links the old to the new, and two processes racing for one slot.
@Suite("Schedule in the store")
struct ScheduleStoreTests {
    static let zone = TimeZone(identifier: "America/New_York")!
    /// Monday 1 June 2026, 07:00 in New York.
    static let now = zone.date(CivilDate(year: 2026, month: 6, day: 1)!, at: TimeOfDay(7))
    static func at(_ day: Int, _ h: Int, _ m: Int = 0) -> Date { zone.date(CivilDate(year: 2026, month: 6, day: day)!, at: TimeOfDay(h, m)) }
    static let admin = Actor(login: "adm", desk: "office", role: .admin)

    static let source = """
    # A small clinic
    time_zone = "America/New_York"

    [[type]]
    code = "follow-up"
    name = "Follow-up"
    minutes = 15

    [[type]]
    code = "new"
    name = "New patient"
    minutes = 30

    [[holiday]]
    date = "2026-06-19"
    name = "Juneteenth"

    [[provider]]
    id = "okafor"
    name = "Dr Okafor"
    slot_minutes = 15
    horizon_days = 60
    overbook_cap = 1
    mon = ["08:00-12:00", "13:00-17:00"]
    tue = ["08:00-12:00"]
    wed = ["08:00-12:00"]
    thu = ["08:00-12:00"]
    fri = ["08:00-12:00"]
    blocks = [{ days = ["wed"], from = "08:00", to = "09:00", reason = "Team meeting" }]

    [[provider]]
    id = "lindqvist"
    name = "Dr Lindqvist"
    slot_minutes = 15
    mon = ["08:00-12:00"]
    """

    static func store() throws -> ClinicStore {
        let s = try Fixture.memoryClinic()
        try s.loadCalendar(source: source, file: "clinic.toml", by: admin, now: now)
        return s
    }
    static func pid(_ s: ClinicStore, _ mrn: String) throws -> Int64 { try #require(try s.patient(mrn: mrn)).id }

    @Test("a calendar file with mistakes is refused whole, every problem with its line; the loaded one stays")
    func badFileRefusedWithLines() throws {
        let s = try Self.store()
        let bad = Self.source
            .replacingOccurrences(of: "minutes = 30", with: "minutes = 3000")
            .replacingOccurrences(of: #"tue = ["08:00-12:00"]"#, with: #"tue = ["12:00-08:00"]"#)
            .replacingOccurrences(of: "slot_minutes = 15\nhorizon_days", with: "slot_minute = 15\nhorizon_days")
        #expect(throws: StoreError.self) { try s.loadCalendar(source: bad, file: "clinic.toml", by: Self.admin, now: Self.now) }
        do { _ = try ScheduleFile.parse(bad, file: "clinic.toml") ; Issue.record("parsed") } catch {
            let lines = error.lines
            let typeLine = bad.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "minutes = 3000" }! + 1
            #expect(lines.contains("clinic.toml:\(typeLine): minutes must be a whole number 5–480"), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("clinic.toml:") && $0.contains("tue: \"12:00-08:00\"") }, "\(lines)")
            #expect(lines.contains { $0.contains("unknown setting `slot_minute`") }, "\(lines)")
        }
        // A syntax error names its line too.
        do { _ = try ScheduleFile.parse("[[type]]\ncode = \n", file: "x.toml"); Issue.record("parsed") } catch {
            #expect(error.lines.first?.hasPrefix("x.toml:2:") == true, "\(error.lines)")
        }
        // What was loaded before still holds.
        #expect(try s.calendar()?.type("new")?.minutes == 30)
    }

    @Test("a booked slot is taken: the next booking is refused with the holder, and told the next free time")
    func slotTakenNamesNextFree() throws {
        let s = try Self.store()
        let a = try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(1, 10), typeCode: "follow-up"),
                           by: Fixture.desk1, now: Self.now)
        #expect(a.providerName == "Dr Okafor" && a.minutes == 15 && a.status == .scheduled)
        do {
            try s.book(Booking(patientID: try Self.pid(s, "M002"), provider: "okafor", start: Self.at(1, 10), typeCode: "follow-up"),
                       by: Fixture.desk2, now: Self.now)
            Issue.record("double booked")
        } catch let e as BookingRefused {
            #expect(e.description == "Dr Okafor is booked 10:00–10:15 (Ñúñez-O'Brien, José) — next free 10:15", "\(e)")
        }
        // The patient's own diary: the same time with another provider is refused, naming it.
        do {
            try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "lindqvist", start: Self.at(1, 10), typeCode: "follow-up"),
                       by: Fixture.desk2, now: Self.now)
            Issue.record("patient in two places")
        } catch let e as BookingRefused {
            #expect(e.description == "José Ñúñez-O'Brien already has 10:00 with Dr Okafor", "\(e)")
        }
        #expect(try s.appointments(on: CivilDate(year: 2026, month: 6, day: 1)!).filter { $0.typeCode != nil }.count == 1)
    }

    @Test("each rule refuses with its own message and writes nothing", arguments: [
        (at(19, 9), "follow-up", "the clinic is closed on Fri 19 Jun (Juneteenth)"),
        (at(3, 8, 15), "follow-up", "Dr Okafor is blocked 08:00–09:00 (Team meeting)"),
        (at(2, 13), "follow-up", "13:00–13:15 is outside Dr Okafor's hours on Tuesday (08:00–12:00)"),
        (at(1, 10, 5), "follow-up", "10:05 is not on Dr Okafor's 15-minute grid (10:00 or 10:15)"),
        (at(1, 6), "follow-up", "06:00 Mon 1 Jun is in the past; 06:00–06:15 is outside Dr Okafor's hours on Monday (08:00–12:00, 13:00–17:00)"),
        (zone.date(CivilDate(year: 2026, month: 9, day: 1)!, at: TimeOfDay(9)), "follow-up", "more than 60 days ahead"),
        (at(1, 9), "walk-in", "no appointment type 'walk-in'"),
    ])
    func rulesRefuse(start: Date, type: String, message: String) throws {
        let s = try Self.store()
        let before = try s.auditTrail().count
        do {
            try s.book(Booking(patientID: try Self.pid(s, "M002"), provider: "okafor", start: start, typeCode: type), by: Fixture.desk1, now: Self.now)
            Issue.record("booked")
        } catch let e as BookingRefused { #expect(e.description == message) }
        #expect(try s.auditTrail().count == before)
    }

    @Test("overbooking: a receptionist may not; a supervisor may with a reason, within the day's cap; audited")
    func overbookRules() throws {
        let s = try Self.store()
        let start = Self.at(1, 9)
        try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: start, typeCode: "follow-up"), by: Fixture.desk1, now: Self.now)
        let over = Booking(patientID: try Self.pid(s, "M002"), provider: "okafor", start: start, typeCode: "follow-up", overbook: true, overbookReason: "urgent")
        #expect(throws: BookingRefused.self) { try s.book(over, by: Fixture.desk1, now: Self.now) }
        var noReason = over; noReason.overbookReason = nil
        do { try s.book(noReason, by: Fixture.supervisor, now: Self.now); Issue.record("no reason") } catch let e as BookingRefused {
            #expect(e.description.contains("an overbook needs a reason"))
        }
        let a = try s.book(over, by: Fixture.supervisor, now: Self.now)
        #expect(a.overbook)
        #expect(try s.auditTrail().first?.action == "appointment.overbooked")
        // The cap is one a day for Dr Okafor.
        let third = Booking(patientID: try Self.pid(s, "M003"), provider: "okafor", start: start, typeCode: "follow-up", overbook: true, overbookReason: "urgent")
        do { try s.book(third, by: Fixture.supervisor, now: Self.now); Issue.record("over cap") } catch let e as BookingRefused {
            #expect(e.description.contains("1 overbook already on Mon 1 Jun, the cap"), "\(e)")
        }
    }

    @Test("a cancelled slot comes back in next available and is offered to the waitlist; declined, it goes to the next patient")
    func cancelFreesSlotForWaitlist() throws {
        let s = try Self.store()
        // Fill Monday morning 08:00–12:00 for Dr Okafor except nothing: book 10:00 and look.
        let a = try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(2, 10), typeCode: "follow-up"),
                           by: Fixture.desk1, now: Self.now)
        let query = SlotQuery(provider: "okafor", typeCode: "follow-up", earliest: CivilDate(year: 2026, month: 6, day: 2))
        #expect(!(try s.openSlots(query, limit: 50, now: Self.now)).contains { $0.start == a.start })
        let w1 = try s.addToWaitlist(patientID: try Self.pid(s, "M002"), provider: "okafor", type: nil, before: nil, partOfDay: nil,
                                     note: nil, by: Fixture.desk1, now: Self.now)
        let w2 = try s.addToWaitlist(patientID: try Self.pid(s, "M003"), provider: nil, type: "follow-up", before: nil, partOfDay: .morning,
                                     note: nil, by: Fixture.desk1, now: Self.now.addingTimeInterval(60))
        try s.cancelAppointment(id: a.id, reason: "patient is travelling", by: Fixture.desk1, now: Self.now)
        #expect(try s.openSlots(query, limit: 50, now: Self.now).contains { $0.start == a.start })
        #expect(try s.appointment(id: a.id)?.status == .cancelled && s.appointment(id: a.id)?.statusReason == "patient is travelling")

        let offers = try s.snapshot().openTasks.filter { $0.kind == .waitlistOffer }
        let offer = try #require(offers.first)
        let m002 = try Self.pid(s, "M002")
        #expect(offers.count == 1 && offer.patientID == m002, "first come, first offered")
        #expect(offer.title == "李, 小龍 — offer 10:00 Tue 2 Jun with Dr Okafor (waitlist)")
        #expect(try #require(offer.dueAt) < a.start, "due well before the slot")

        try s.declineOffer(task: offer.id, by: Fixture.desk1, now: Self.now)
        let next = try #require(try s.snapshot().openTasks.first { $0.kind == .waitlistOffer })
        #expect(try next.patientID == Self.pid(s, "M003") && next.id != offer.id)
        let booked = try s.acceptOffer(task: next.id, by: Fixture.desk1, now: Self.now)
        let m003 = try Self.pid(s, "M003")
        #expect(booked.start == a.start && booked.patientID == m003)
        #expect(try s.waitlist().map(\.id) == [w1], "the booked entry leaves the list; the declined one waits again")
        _ = w2
    }

    @Test("an offer not worked by its due time passes to the next patient")
    func offerExpires() throws {
        let s = try Self.store()
        let a = try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(3, 10), typeCode: "follow-up"),
                           by: Fixture.desk1, now: Self.now)
        _ = try s.addToWaitlist(patientID: try Self.pid(s, "M002"), provider: nil, type: nil, before: nil, partOfDay: nil, note: nil, by: Fixture.desk1, now: Self.now)
        _ = try s.addToWaitlist(patientID: try Self.pid(s, "M003"), provider: nil, type: nil, before: nil, partOfDay: nil, note: nil, by: Fixture.desk1, now: Self.now)
        // A no-show before its time is refused (the Waiting Room's rule); a cancel frees the slot.
        #expect(throws: (any Error).self) { try s.markNoShow(id: a.id, by: Fixture.desk1, now: Self.now) }
        try s.cancelAppointment(id: a.id, reason: "called to cancel", by: Fixture.desk1, now: Self.now)
        let first = try #require(try s.snapshot().openTasks.first { $0.kind == .waitlistOffer })
        #expect(try s.expireOffers(now: try #require(first.dueAt).addingTimeInterval(1)) == 1)
        let second = try #require(try s.snapshot().openTasks.first { $0.kind == .waitlistOffer })
        #expect(try second.patientID == Self.pid(s, "M003"))
    }

    @Test("a reschedule books the new time under the rules and cancels the old with a link, in one transaction")
    func rescheduleLinks() throws {
        let s = try Self.store()
        let a = try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(1, 9), typeCode: "new"),
                           by: Fixture.desk1, now: Self.now)
        let b = try s.book(Booking(patientID: try Self.pid(s, "M002"), provider: "okafor", start: Self.at(1, 11), typeCode: "new"),
                           by: Fixture.desk1, now: Self.now)
        // Onto a taken time: refused, and nothing moved.
        #expect(throws: BookingRefused.self) { try s.rescheduleAppointment(id: a.id, to: b.start, by: Fixture.desk1, now: Self.now) }
        #expect(try s.appointment(id: a.id)?.status == .scheduled)
        // Later the same morning overlapping its own old time is fine (the old one is ignored).
        let moved = try s.rescheduleAppointment(id: a.id, to: Self.at(1, 9, 15), by: Fixture.desk1, now: Self.now)
        let old = try #require(try s.appointment(id: a.id))
        #expect(old.status == .cancelled && old.rescheduledTo == moved.id && moved.start == Self.at(1, 9, 15) && moved.typeCode == "new")
    }

    @Test("a weekly series books each allowed occurrence on its own and reports the one that clashes")
    func seriesReportsClash() throws {
        let s = try Self.store()
        // The third Monday's 09:00 is taken.
        try s.book(Booking(patientID: try Self.pid(s, "M002"), provider: "okafor", start: Self.at(15, 9), typeCode: "follow-up"),
                   by: Fixture.desk1, now: Self.now)
        let results = try s.bookSeries(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(1, 9), typeCode: "follow-up"),
                                       repeating: RecurrenceRule(.weekly(every: 1), .count(4)), by: Fixture.desk1, now: Self.now)
        #expect(results.map { $0.bookedID != nil } == [true, true, false, true])
        #expect(results[2].refusal == "Dr Okafor is booked 09:00–09:15 (李, 小龍)")
        // Each occurrence moves alone.
        let second = try #require(results[1].bookedID)
        try s.cancelAppointment(id: second, reason: "away that week", by: Fixture.desk1, now: Self.now)
        #expect(try s.appointment(id: try #require(results[3].bookedID))?.status == .scheduled)
    }

    @Test("next available never offers a slot that booking refuses: book every slot it returns")
    func nextAvailableIsBookable() throws {
        let s = try Self.store()
        var rng = SeededGenerator(seed: 41)
        let patients = try ["M001", "M002", "M003", "M004"].map { try Self.pid(s, $0) }
        for _ in 0..<40 {
            let type = rng.next() % 2 == 0 ? "follow-up" : "new"
            let provider: String? = [nil, "okafor", "lindqvist"][Int(rng.next() % 3)]
            let day = CivilDate(year: 2026, month: 6, day: 1 + Int(rng.next() % 20))!
            guard let slot = try s.openSlots(SlotQuery(provider: provider, typeCode: type, earliest: day), limit: 1, now: Self.now).first else { continue }
            let who = patients[Int(rng.next() % 4)]
            do { try s.book(Booking(patientID: who, provider: slot.provider, start: slot.start, typeCode: type), by: Fixture.desk1, now: Self.now) }
            catch let e as BookingRefused {
                // Only the patient's own diary may refuse a slot found without a patient.
                #expect(e.problems.allSatisfy { if case .patientDoubleBooked = $0 { return true }; return false }, "\(e)")
            }
        }
        // No two booked appointments of a provider overlap (none here is an overbook).
        let all = try (1...21).flatMap { try s.appointments(on: CivilDate(year: 2026, month: 6, day: $0)!) }.filter { $0.typeCode != nil }
        for p in ["okafor", "lindqvist"] {
            let mine = all.filter { $0.providerID == p }.sorted { $0.start < $1.start }
            for (x, y) in zip(mine, mine.dropFirst()) { #expect(x.end <= y.start, "\(x) overlaps \(y)") }
        }
    }

    @Test("two processes booking the same slot, many times: exactly one wins each time, the other is told it was just taken")
    func twoProcessesRaceForOneSlot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sched-race-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("r.sqlite").path
        let store = try Fixture.fileClinic(db)
        _ = try Fixture.clinic(store)
        let file = dir.appendingPathComponent("clinic.toml").path
        // A calendar where every minute of tomorrow is bookable, so each round has a fresh slot.
        try Self.source.replacingOccurrences(of: "horizon_days = 60", with: "horizon_days = 700").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Spawn.frontdesk(["schedule", "load", "--db", db, file]).status == 0)
        let tomorrow = Calendar(identifier: .gregorian).date(byAdding: .day, value: 7, to: Date())!
        let zone = Self.zone
        var day = zone.civilDate(of: tomorrow)
        while day.weekday != .monday { day = day.adding(days: 1) }
        for round in 0..<6 {
            let time = TimeOfDay(8).adding(minutes: 15 * round)
            let at = "\(day.iso) \(time.text)"
            let pids = try ["M001", "M002"].map { mrn -> pid_t in
                let err = open(dir.appendingPathComponent("\(mrn)-\(round).err").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                defer { close(err) }
                return try Spawn.start(Spawn.frontdesk, ["schedule", "book", "--db", db, "--patient", mrn, "--provider", "okafor",
                                                         "--at", at, "--type", "follow-up"], stderr: err)
            }
            let statuses = pids.map { Spawn.wait($0) }
            #expect(statuses.sorted() == [0, 65], "round \(round): \(statuses)")
            let loser = ["M001", "M002"][statuses.firstIndex(of: 65) ?? 0]
            let message = try String(contentsOfFile: dir.appendingPathComponent("\(loser)-\(round).err").path, encoding: .utf8)
            #expect(message.contains("Dr Okafor is booked \(time.text)") && message.contains("next free"), "\(message)")
        }
        let booked = try ClinicStore.open(path: db).appointments(on: day).filter { $0.providerID == "okafor" && $0.typeCode != nil }
        #expect(booked.count == 6)
    }

    @Test("a call ends 'appointment made' only once one was booked on it; refused, the call stays on the line")
    func appointmentMadeNeedsAnAppointment() throws {
        let s = try Self.store()
        try s.apply(TimedEvent(.callRinging(call: "c1", from: "555-0101", name: nil, reason: "book", queue: nil)), by: Fixture.desk1, now: Self.now)
        _ = try s.start(.answer(callID: "c1"), at: Fixture.desk1.desk, by: Fixture.desk1, now: Self.now)
        do {
            _ = try s.endCall(id: "c1", outcome: .appointmentMade, note: nil, by: Fixture.desk1, now: Self.now)
            Issue.record("ended without an appointment")
        } catch let e as StoreError {
            #expect(e.description.contains("no appointment was booked on this call"), "\(e)")
        }
        #expect(try s.call(id: "c1")?.state == .answered)
        // Another desk's booking is not this call's.
        try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(2, 9), typeCode: "follow-up"),
                   by: Fixture.desk2, now: Self.now)
        #expect(throws: StoreError.self) { try s.endCall(id: "c1", outcome: .appointmentMade, note: nil, by: Fixture.desk1, now: Self.now) }
        try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(2, 10), typeCode: "follow-up"),
                   by: Fixture.desk1, now: Self.now)
        _ = try s.endCall(id: "c1", outcome: .appointmentMade, note: nil, by: Fixture.desk1, now: Self.now)
        #expect(try s.call(id: "c1")?.state == .ended)
    }

    @Test("tomorrow's reminders: booked appointments only, as CSV cells a spreadsheet cannot run")
    func remindersExport() throws {
        let s = try Self.store()
        let a = try s.book(Booking(patientID: try Self.pid(s, "M001"), provider: "okafor", start: Self.at(2, 9), typeCode: "follow-up"),
                           by: Fixture.desk1, now: Self.now)
        let b = try s.book(Booking(patientID: try Self.pid(s, "M002"), provider: "okafor", start: Self.at(2, 10), typeCode: "new"),
                           by: Fixture.desk1, now: Self.now)
        try s.cancelAppointment(id: b.id, reason: "no longer needed", by: Fixture.desk1, now: Self.now)
        let rows = try s.reminders(on: CivilDate(year: 2026, month: 6, day: 2)!)
        #expect(rows.map(\.appointmentID) == [a.id] && rows.first?.phone == "555-0101" && rows.first?.typeName == "Follow-up")
    }
}
