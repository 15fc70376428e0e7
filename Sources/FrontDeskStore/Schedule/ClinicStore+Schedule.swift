import Foundation
import FrontDeskCore
import GRDB

/// An appointment as the schedule shows it: a visit on any day, with its slot.
public struct Appointment: Equatable, Sendable {
    public var id: Int64
    public var ref: String?
    public var patientID: Int64
    public var patientName: String
    public var mrn: String
    public var phone: String?
    public var providerID: String?
    public var providerName: String
    public var start: Date
    public var minutes: Int
    public var typeCode: String?
    public var status: VisitStatus
    public var overbook: Bool
    public var statusReason: String?
    public var rescheduledTo: Int64?
    public var seriesID: Int64?
    public var end: Date { start.addingTimeInterval(TimeInterval(minutes * 60)) }
    /// Cancelled for a new time (the link names the new appointment).
    public var isRescheduled: Bool { rescheduledTo != nil }
}

/// What the desk asks to book.
public struct Booking: Equatable, Sendable {
    public var patientID: Int64
    public var provider: String
    public var start: Date
    public var typeCode: String
    public var overbook: Bool
    public var overbookReason: String?
    public init(patientID: Int64, provider: String, start: Date, typeCode: String, overbook: Bool = false, overbookReason: String? = nil) {
        self.patientID = patientID; self.provider = provider; self.start = start; self.typeCode = typeCode
        self.overbook = overbook; self.overbookReason = overbookReason
    }
}

/// A booking the rules refused, with every reason and (when the slot was the only problem)
/// the next free slots for the same provider and type.
public struct BookingRefused: Error, Equatable, CustomStringConvertible {
    public var problems: [BookingProblem]
    public var nextFree: [OpenSlot]
    public var requested: Date
    public var timeZone: TimeZone
    public var slotTaken: Bool { problems.contains { if case .slotTaken = $0 { return true }; return false } }
    /// "Dr Okafor is booked 10:00–10:15 (Lindqvist, Ana) — next free 10:15" (the date too when
    /// the next free slot is on another day).
    public var description: String {
        let reasons = problems.map(\.message).joined(separator: "; ")
        guard slotTaken, let next = nextFree.first else { return reasons }
        let stamp = timeZone.stamp(next.start)
        let when = stamp.date == timeZone.civilDate(of: requested) ? stamp.time.text : stamp.text
        return "\(reasons) — next free \(when)"
    }
}

/// One occurrence of a series: booked (its id) or refused (why).
public struct SeriesResult: Equatable, Sendable {
    public var start: Date
    public var bookedID: Int64?
    public var refusal: String?
}

public struct WaitlistRow: Equatable, Sendable {
    public var id: Int64
    public var patientID: Int64
    public var patientName: String
    public var providerID: String?
    public var typeCode: String?
    public var before: CivilDate?
    public var partOfDay: DayPart?
    public var note: String?
    public var createdAt: Date
    public var state: String
}

/// Tomorrow's appointments for a dialer or a text-message system.
public struct Reminder: Equatable, Sendable {
    public var appointmentID: Int64
    public var patientID: Int64
    public var mrn: String
    public var phone: String?
    public var start: Date
    public var providerName: String
    public var typeName: String
}

extension ClinicStore {
    // MARK: the calendar

    /// Validates a calendar file's text and makes it the clinic's (every console reads it from
    /// here). A file with any problem changes nothing and throws every problem with its line.
    @discardableResult
    public func loadCalendar(source: String, file: String, by actor: Actor, now: Date) throws -> ClinicCalendar {
        try requirePermission(.manageSchedule, actor)
        let calendar: ClinicCalendar
        do { calendar = try ScheduleFile.parse(source, file: file) } catch { throw StoreError.invalid(error.description) }
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: """
                INSERT INTO schedule_calendar(id, source, file, loaded_at, loaded_by) VALUES (1, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET source = excluded.source, file = excluded.file, loaded_at = excluded.loaded_at,
                  loaded_by = excluded.loaded_by, version = schedule_calendar.version + 1
                """, arguments: [source, (file as NSString).lastPathComponent, tx.t, actor.login])
            // Visits imported by provider name are tied to the calendar's provider of that name.
            for p in calendar.providers {
                try tx.db.execute(sql: "UPDATE visit SET provider_id = ? WHERE provider_id IS NULL AND provider = ?", arguments: [p.id, p.displayName])
            }
            try tx.changed(.other, "calendar", action: "schedule.loaded",
                           detail: "\(calendar.providers.count) providers, \(calendar.types.count) types, \(calendar.holidays.count) holidays")
        }
        return calendar
    }

    /// The clinic's calendar; nil until one is loaded (`frontdesk schedule load FILE`).
    public func calendar() throws -> ClinicCalendar? {
        try read { db in try Self.calendar(db) }
    }

    static func calendar(_ db: Database) throws -> ClinicCalendar? {
        guard let row = try Row.fetchOne(db, sql: "SELECT source, file FROM schedule_calendar WHERE id = 1") else { return nil }
        let source: String = row["source"], file: String = row["file"]
        return ParsedCalendar.shared.calendar(source: source, file: file)
    }

    static func requireCalendar(_ db: Database) throws -> ClinicCalendar {
        guard let c = try calendar(db) else {
            throw StoreError.invalid("no schedule loaded — an admin runs `frontdesk schedule load FILE`")
        }
        return c
    }

    // MARK: reading the schedule

    static let appointmentColumns = """
        v.id, v.appointment_ref, v.patient_id, p.family_name, p.given_name, p.mrn, p.phone, v.provider_id, v.provider,
        v.appointment_at, v.minutes, v.type_code, v.status, v.overbook, v.status_reason, v.rescheduled_to, v.series_id
        """

    static func appointment(_ r: Row, calendar: ClinicCalendar?) -> Appointment {
        let given: String = r[4], family: String = r[3]
        let providerID: String? = r[7]
        let provider = providerID.flatMap { calendar?.provider($0) }
        return Appointment(id: r[0], ref: r[1], patientID: r[2], patientName: given.isEmpty ? family : "\(family), \(given)",
                           mrn: r[5], phone: r[6], providerID: providerID, providerName: provider?.displayName ?? r[8],
                           start: Date(timeIntervalSince1970: r[9]),
                           minutes: r[10] ?? provider?.slotMinutes ?? 15, typeCode: r[11],
                           status: VisitStatus(rawValue: r[12]) ?? .scheduled, overbook: r[13], statusReason: r[14],
                           rescheduledTo: r[15], seriesID: r[16])
    }

    /// Statuses that hold their time: the rest free it (for next available and the waitlist).
    static let freeingStatuses: [VisitStatus] = [.cancelled, .noShow, .leftWithoutBeingSeen]

    /// Appointments starting in `[from, to)`, optionally for one provider, every status.
    static func appointments(_ db: Database, from: Date, to: Date, provider: String? = nil, calendar: ClinicCalendar?) throws -> [Appointment] {
        var sql = "SELECT \(appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.appointment_at >= ? AND v.appointment_at < ?"
        var args: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
        if let provider { sql += " AND v.provider_id = ?"; args += [provider] }
        return try Row.fetchAll(db, sql: sql + " ORDER BY v.appointment_at, v.id", arguments: args).map { appointment($0, calendar: calendar) }
    }

    /// The booked index the rules read: every appointment from a day ago to the furthest
    /// horizon that still holds its time, under its calendar provider.
    static func bookedIndex(_ db: Database, calendar: ClinicCalendar, now: Date) throws -> BookedIndex {
        let horizon = calendar.providers.map(\.bookingHorizonDays).max() ?? 0
        let from = now.addingTimeInterval(-86_400), to = now.addingTimeInterval(Double(horizon + 2) * 86_400)
        let held = try appointments(db, from: from, to: to, calendar: calendar).filter { !freeingStatuses.contains($0.status) && $0.providerID != nil }
        return BookedIndex(held.map(scheduled), timeZone: calendar.timeZone)
    }

    static func scheduled(_ a: Appointment) -> ScheduledAppointment {
        ScheduledAppointment(id: a.id, provider: a.providerID ?? "", patientID: a.patientID, patientName: a.patientName, start: a.start,
                             minutes: a.minutes, typeCode: a.typeCode ?? "", isOverbook: a.overbook, occupiesSlot: true)
    }

    public func appointments(on date: CivilDate, provider: String? = nil) throws -> [Appointment] {
        try read { db in
            let calendar = try Self.calendar(db)
            let zone = calendar?.timeZone ?? .current
            let start = date.start(in: zone), end = date.adding(days: 1).start(in: zone)
            return try Self.appointments(db, from: start, to: end, provider: provider, calendar: calendar)
        }
    }

    public func appointment(id: Int64) throws -> Appointment? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.id = ?",
                             arguments: [id]).map { Self.appointment($0, calendar: try Self.calendar(db)) }
        }
    }

    /// The first `limit` open slots the rules would book.
    public func openSlots(_ query: SlotQuery, limit: Int = 10, now: Date) throws -> [OpenSlot] {
        try read { db in
            let calendar = try Self.requireCalendar(db)
            if let p = query.provider, calendar.provider(p) == nil { throw StoreError.invalid("no provider '\(p)' in the calendar") }
            if calendar.type(query.typeCode) == nil { throw StoreError.invalid("no appointment type '\(query.typeCode)'") }
            return NextAvailable.search(query, calendar: calendar, index: try Self.bookedIndex(db, calendar: calendar, now: now), now: now, limit: limit)
        }
    }

    // MARK: booking

    /// Books one appointment in one transaction: the rules read what is committed, so of two
    /// desks booking the same slot at once exactly one wins; the other is told the next free.
    @discardableResult
    public func book(_ b: Booking, by actor: Actor, now: Date) throws -> Appointment {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in try tx.book(b, series: nil) }
    }

    /// Books each occurrence that the rules allow, each an appointment of its own (moved or
    /// cancelled alone); the others are reported, not skipped silently. One transaction.
    public func bookSeries(_ b: Booking, repeating rule: RecurrenceRule, by actor: Actor, now: Date) throws -> [SeriesResult] {
        try requirePermission(.bookAppointments, actor)
        if let problem = rule.problem { throw StoreError.invalid(problem) }
        return try write(actor, now: now) { tx in
            let calendar = try Self.requireCalendar(tx.db)
            let series = (try Int64.fetchOne(tx.db, sql: "SELECT coalesce(max(series_id), 0) + 1 FROM visit")) ?? 1
            var results: [SeriesResult] = []
            for start in rule.occurrences(startingAt: b.start, in: calendar.timeZone) {
                var one = b; one.start = start
                do {
                    let a = try tx.book(one, series: series)
                    results.append(SeriesResult(start: start, bookedID: a.id, refusal: nil))
                } catch let e as BookingRefused {
                    results.append(SeriesResult(start: start, bookedID: nil, refusal: e.problems.map(\.message).joined(separator: "; ")))
                }
            }
            return results
        }
    }

    /// Books many in one transaction (an import, the demo's weeks), each under the rules and
    /// against the ones before it. Returns per booking its id or why it was refused.
    public func bookMany(_ bookings: [Booking], by actor: Actor, now: Date) throws -> [Result<Int64, BookingRefused>] {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in
            let calendar = try Self.requireCalendar(tx.db)
            var index = try Self.bookedIndex(tx.db, calendar: calendar, now: now)
            return try bookings.map { b in
                do { return .success(try tx.book(b, series: nil, ignoring: nil, calendar: calendar, index: &index)) }
                catch let e as BookingRefused { return .failure(e) }
            }
        }
    }

    /// Cancels an appointment (a reason is required), freeing its slot for the waitlist.
    public func cancelAppointment(id: Int64, reason: String, by actor: Actor, now: Date) throws {
        try requirePermission(.bookAppointments, actor)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty, why.count <= 200, !why.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw StoreError.invalid("a cancellation needs a reason (one line, at most 200 characters)")
        }
        try write(actor, now: now) { tx in
            let a = try tx.appointment(id)
            try tx.moveVisit(id, to: .cancelled)
            try tx.db.execute(sql: "UPDATE visit SET status_reason = ? WHERE id = ?", arguments: [why, id])
            try tx.audit("appointment.cancelled", patient: a.patientID, detail: "appointment \(id)")
            try tx.enqueueOutbound(.cancel, visit: id)
            try tx.offerFreedSlot(a)
        }
    }

    /// The patient did not come: the Waiting Room's no-show move, one rule whoever asks (not
    /// before the appointment's time; the visit's check-in work ends with it).
    public func markNoShow(id: Int64, by actor: Actor, now: Date) throws {
        try requirePermission(.bookAppointments, actor)
        try move(visitID: id, .noShow, by: actor, now: now)
    }

    /// Moves an appointment to a new time (and provider): the new one is booked under the
    /// same rules, the old one is cancelled with a link to it, in one transaction.
    @discardableResult
    public func rescheduleAppointment(id: Int64, to start: Date, provider: String? = nil, by actor: Actor, now: Date) throws -> Appointment {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in
            let old = try tx.appointment(id)
            try VisitStatus.validate(from: old.status, to: .cancelled)
            guard let type = old.typeCode, !type.isEmpty else {
                throw StoreError.invalid("appointment \(id) has no type (imported): cancel it and book a new one")
            }
            let b = Booking(patientID: old.patientID, provider: provider ?? old.providerID ?? "", start: start, typeCode: type)
            let new = try tx.book(b, series: nil, ignoring: id)
            try tx.moveVisit(id, to: .cancelled)
            try tx.db.execute(sql: "UPDATE visit SET status_reason = 'rescheduled', rescheduled_to = ? WHERE id = ?", arguments: [new.id, id])
            try tx.audit("appointment.rescheduled", patient: old.patientID, detail: "appointment \(id) → \(new.id)")
            try tx.enqueueOutbound(.cancel, visit: id)
            try tx.offerFreedSlot(old)
            return new
        }
    }

    /// A no-show (or a cancelled visit) booked again at the next free slot of the same provider
    /// and type, for the same patient, in one transaction; the old one links to the new.
    @discardableResult
    public func rebook(id: Int64, by actor: Actor, now: Date) throws -> Appointment {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in
            let old = try tx.appointment(id)
            guard old.status == .noShow || old.status == .cancelled, old.rescheduledTo == nil else {
                throw StoreError.invalid("only a no-show or a cancelled appointment is rebooked (this one is \(old.status.label.lowercased()))")
            }
            guard let type = old.typeCode, !type.isEmpty, let provider = old.providerID else {
                throw StoreError.invalid("appointment \(id) has no type (imported): book a new one")
            }
            let calendar = try Self.requireCalendar(tx.db)
            var index = try Self.bookedIndex(tx.db, calendar: calendar, now: now)
            let query = SlotQuery(provider: provider, typeCode: type, patientID: old.patientID)
            guard let slot = NextAvailable.search(query, calendar: calendar, index: index, now: now, limit: 1).first else {
                throw StoreError.invalid("no open slot with \(old.providerName) within the booking horizon")
            }
            let newID = try tx.book(Booking(patientID: old.patientID, provider: provider, start: slot.start, typeCode: type),
                                    series: nil, ignoring: nil, calendar: calendar, index: &index)
            try tx.db.execute(sql: "UPDATE visit SET rescheduled_to = ? WHERE id = ?", arguments: [newID, id])
            try tx.audit("appointment.rebooked", patient: old.patientID, detail: "appointment \(id) → \(newID)")
            return try tx.appointment(newID)
        }
    }

    // MARK: waitlist

    @discardableResult
    public func addToWaitlist(patientID: Int64, provider: String?, type: String?, before: CivilDate?, partOfDay: DayPart?,
                              note: String?, by actor: Actor, now: Date) throws -> Int64 {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in
            let calendar = try Self.requireCalendar(tx.db)
            if let provider, calendar.provider(provider) == nil { throw StoreError.invalid("no provider '\(provider)' in the calendar") }
            if let type, calendar.type(type) == nil { throw StoreError.invalid("no appointment type '\(type)'") }
            guard try tx.patientName(patientID) != nil else { throw StoreError.invalid("no patient \(patientID)") }
            try tx.db.execute(sql: """
                INSERT INTO waitlist(patient_id, provider_id, type_code, before, part_of_day, note, created_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting')
                """, arguments: [patientID, provider, type, before?.iso, partOfDay == .any ? nil : partOfDay?.rawValue, note, tx.t])
            let id = tx.db.lastInsertedRowID
            try tx.changed(.other, "waitlist-\(id)", action: "waitlist.added", patient: patientID, detail: "waitlist \(id)")
            return id
        }
    }

    public func waitlist(includeClosed: Bool = false) throws -> [WaitlistRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT w.*, p.family_name, p.given_name FROM waitlist w JOIN patient p ON p.id = w.patient_id
                \(includeClosed ? "" : "WHERE w.state IN ('waiting', 'offered')") ORDER BY w.created_at, w.id
                """).map { r in
                let given: String = r["given_name"], family: String = r["family_name"]
                return WaitlistRow(id: r["id"], patientID: r["patient_id"], patientName: given.isEmpty ? family : "\(family), \(given)",
                                   providerID: r["provider_id"], typeCode: r["type_code"],
                                   before: (r["before"] as String?).flatMap { CivilDate(iso: $0) },
                                   partOfDay: (r["part_of_day"] as String?).flatMap(DayPart.init(rawValue:)), note: r["note"],
                                   createdAt: Date(timeIntervalSince1970: r["created_at"]), state: r["state"])
            }
        }
    }

    public func removeFromWaitlist(id: Int64, by actor: Actor, now: Date) throws {
        try requirePermission(.bookAppointments, actor)
        try write(actor, now: now) { tx in
            guard let pid = try Int64.fetchOne(tx.db, sql: "SELECT patient_id FROM waitlist WHERE id = ? AND state IN ('waiting', 'offered')", arguments: [id]) else {
                throw StoreError.invalid("no open waitlist entry \(id)")
            }
            try tx.db.execute(sql: "UPDATE waitlist SET state = 'removed' WHERE id = ?", arguments: [id])
            // An offer out to this entry is withdrawn and goes to the next one.
            for task in try Int64.fetchAll(tx.db, sql: "SELECT task_id FROM waitlist_offer WHERE waitlist_id = ? AND state = 'open'", arguments: [id]) {
                try tx.closeOffer(task: task, as: "declined")
            }
            try tx.changed(.other, "waitlist-\(id)", action: "waitlist.removed", patient: pid, detail: "waitlist \(id)")
        }
    }

    /// The patient took the offered slot: it is booked for them (under the rules, as of now)
    /// and the offer task is done. Returns the appointment.
    @discardableResult
    public func acceptOffer(task id: Int64, by actor: Actor, now: Date) throws -> Appointment {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in
            let offer = try tx.openOffer(id)
            // Their later appointment of that type (the one they waited to bring forward) moves.
            let later = try Int64.fetchOne(tx.db, sql: """
                SELECT id FROM visit WHERE patient_id = ? AND type_code = ? AND status = 'scheduled' AND appointment_at > ?
                ORDER BY appointment_at LIMIT 1
                """, arguments: [offer.patientID, offer.type, offer.slot.timeIntervalSince1970])
            let a = try tx.book(Booking(patientID: offer.patientID, provider: offer.provider, start: offer.slot, typeCode: offer.type),
                                series: nil, ignoring: later)
            if let later {
                try tx.moveVisit(later, to: .cancelled)
                try tx.db.execute(sql: "UPDATE visit SET status_reason = 'rescheduled', rescheduled_to = ? WHERE id = ?", arguments: [a.id, later])
                try tx.enqueueOutbound(.cancel, visit: later)
                try tx.offerFreedSlot(try tx.appointment(later))
            }
            try tx.db.execute(sql: "UPDATE waitlist_offer SET state = 'accepted' WHERE task_id = ?", arguments: [id])
            try tx.db.execute(sql: "UPDATE waitlist SET state = 'booked' WHERE id = ?", arguments: [offer.waitlistID])
            try tx.db.execute(sql: "UPDATE task SET state = 'done', desk = NULL WHERE id = ?", arguments: [id])
            try tx.changed(.task, id, action: "waitlist.accepted", patient: offer.patientID, detail: "appointment \(a.id)")
            return a
        }
    }

    /// The patient said no (or could not be reached in time): the slot goes to the next one.
    public func declineOffer(task id: Int64, by actor: Actor, now: Date) throws {
        try requirePermission(.bookAppointments, actor)
        try write(actor, now: now) { tx in
            _ = try tx.openOffer(id)
            try tx.closeOffer(task: id, as: "declined")
        }
    }

    /// Offers past their due time pass to the next patient; run by every schedule command and
    /// once a minute by a desk. Returns how many expired.
    @discardableResult
    public func expireOffers(now: Date) throws -> Int {
        // Read first: a desk calls this on every heartbeat and most beats have nothing to do.
        let any = try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM waitlist_offer o JOIN task t ON t.id = o.task_id
                WHERE o.state = 'open' AND (t.due_at < ? OR o.slot_at <= ?))
                """, arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970]) ?? false
        }
        guard any else { return 0 }
        return try write(nil, now: now) { tx in
            let due = try Int64.fetchAll(tx.db, sql: """
                SELECT o.task_id FROM waitlist_offer o JOIN task t ON t.id = o.task_id
                WHERE o.state = 'open' AND (t.due_at < ? OR o.slot_at <= ?)
                """, arguments: [tx.t, tx.t])
            for task in due { try tx.closeOffer(task: task, as: "expired") }
            return due.count
        }
    }

    // MARK: exports

    /// The appointments of `date` still booked, for reminder calls and texts.
    public func reminders(on date: CivilDate) throws -> [Reminder] {
        try read { db in
            let calendar = try Self.calendar(db)
            let zone = calendar?.timeZone ?? .current
            return try Self.appointments(db, from: date.start(in: zone), to: date.adding(days: 1).start(in: zone), calendar: calendar)
                .filter { $0.status == .scheduled }
                .map { Reminder(appointmentID: $0.id, patientID: $0.patientID, mrn: $0.mrn, phone: $0.phone, start: $0.start,
                                providerName: $0.providerName, typeName: $0.typeCode.flatMap { calendar?.type($0)?.name } ?? "") }
        }
    }

    /// What a follow-up request asks for: next available from `inDays` after it was made (the
    /// clinic's date), with its provider when one is named. Nil for a task that asks nothing.
    public func followUpQuery(taskID: Int64) throws -> SlotQuery? {
        try read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT kind, created_at, request_provider, request_in_days FROM task WHERE id = ?",
                                           arguments: [taskID]),
                  (r["kind"] as String) == TaskKind.providerRequest.rawValue,
                  let calendar = try Self.calendar(db) else { return nil }
            let provider: String? = r["request_provider"]
            let days: Int? = r["request_in_days"]
            guard provider != nil || days != nil else { return nil }
            let made = calendar.timeZone.civilDate(of: Date(timeIntervalSince1970: r["created_at"]))
            let type = calendar.type("follow-up")?.code ?? calendar.types.first?.code ?? ""
            return SlotQuery(provider: provider.flatMap { calendar.provider($0) != nil ? $0 : nil }, typeCode: type,
                             earliest: made.adding(days: days ?? 0))
        }
    }

    /// Every patient's id (the demo books among them).
    public func patientIDs() throws -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM patient ORDER BY id") }
    }

    func requirePermission(_ permission: Permission, _ actor: Actor) throws {
        if let why = AccessPolicy.refusal(actor.role, permission) { throw StoreError.notAllowed(why) }
    }
}

extension Tx {
    func appointment(_ id: Int64) throws -> Appointment {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(ClinicStore.appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.id = ?",
                                         arguments: [id]), row[9] as Double? != nil else {
            throw StoreError.invalid("no appointment \(id)")
        }
        return ClinicStore.appointment(row, calendar: try ClinicStore.calendar(db))
    }

    /// The rules against what is committed, then the row. Throws `BookingRefused`.
    func book(_ b: Booking, series: Int64?, ignoring: Int64? = nil) throws -> Appointment {
        let calendar = try ClinicStore.requireCalendar(db)
        var index = try ClinicStore.bookedIndex(db, calendar: calendar, now: now)
        return try appointment(try book(b, series: series, ignoring: ignoring, calendar: calendar, index: &index))
    }

    /// The same against an index kept in memory (many bookings in one transaction); the new
    /// appointment joins `index`. Returns its id.
    func book(_ b: Booking, series: Int64?, ignoring: Int64?, calendar: ClinicCalendar, index: inout BookedIndex) throws -> Int64 {
        guard let name = try patientName(b.patientID) else { throw StoreError.invalid("no patient \(b.patientID)") }
        let may = actor.map { AccessPolicy.allows($0.role, .overbook) } ?? false
        let request = BookingRequest(provider: b.provider, patientID: b.patientID, patientName: name, start: b.start, typeCode: b.typeCode,
                                     overbook: b.overbook, overbookReason: b.overbookReason, mayOverbook: may, ignoring: ignoring)
        let verdict = BookingRules.check(request, calendar: calendar, existing: index, now: now)
        guard verdict.isAllowed else {
            var next: [OpenSlot] = []
            if verdict.problems.contains(where: { if case .slotTaken = $0 { return true }; return false }) {
                let day = calendar.timeZone.civilDate(of: b.start)
                next = NextAvailable.search(SlotQuery(provider: b.provider, typeCode: b.typeCode, earliest: day), calendar: calendar,
                                            index: index, now: max(now, b.start), limit: 3)
            }
            throw BookingRefused(problems: verdict.problems, nextFree: next, requested: b.start, timeZone: calendar.timeZone)
        }
        let provider = calendar.provider(b.provider)!, type = calendar.type(b.typeCode)!
        try db.execute(sql: """
            INSERT INTO visit(patient_id, provider, provider_id, appointment_at, minutes, type_code, reason, status, status_since, overbook, status_reason, series_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?, ?)
            """, arguments: [b.patientID, provider.displayName, provider.id, b.start.timeIntervalSince1970, type.minutes, type.code, type.name, t,
                             verdict.isOverbook, verdict.isOverbook ? b.overbookReason : nil, series])
        let id = db.lastInsertedRowID
        try db.execute(sql: "UPDATE visit SET appointment_ref = ? WHERE id = ?", arguments: ["FD-\(id)", id])
        // The practice system hears of it from the outbox, written in this same transaction.
        try enqueueOutbound(.book, visit: id)
        try changed(.visit, id, action: verdict.isOverbook ? "appointment.overbooked" : "appointment.booked", patient: b.patientID,
                    detail: "appointment \(id)\(verdict.isOverbook ? " overbook: \(b.overbookReason ?? "")" : "")")
        index.insert(ScheduledAppointment(id: id, provider: provider.id, patientID: b.patientID, patientName: name, start: b.start,
                                          minutes: type.minutes, typeCode: type.code, isOverbook: verdict.isOverbook, occupiesSlot: true))
        return id
    }

    /// A freed slot still ahead goes to the first waitlisted patient it fits, as an offer task
    /// due well before the slot (`Waitlist.offerDeadline`).
    func offerFreedSlot(_ a: Appointment, skipping: Set<Int64> = []) throws {
        guard let provider = a.providerID, let type = a.typeCode, !type.isEmpty, a.start > now,
              let calendar = try ClinicStore.calendar(db), let due = Waitlist.offerDeadline(slotStart: a.start, now: now) else { return }
        let index = try ClinicStore.bookedIndex(db, calendar: calendar, now: now)
        // Entries that already had this slot (declined, expired) are not asked again.
        let asked = Set(try Int64.fetchAll(db, sql: "SELECT waitlist_id FROM waitlist_offer WHERE provider_id = ? AND slot_at = ?",
                                           arguments: [provider, a.start.timeIntervalSince1970])).union(skipping)
        let entries = try Row.fetchAll(db, sql: "SELECT * FROM waitlist WHERE state = 'waiting'").compactMap { r -> WaitlistEntry? in
            let id: Int64 = r["id"]
            if asked.contains(id) { return nil }
            return WaitlistEntry(id: id, patientID: r["patient_id"], provider: r["provider_id"], typeCode: r["type_code"],
                                 before: (r["before"] as String?).flatMap { CivilDate(iso: $0) },
                                 partOfDay: (r["part_of_day"] as String?).flatMap(DayPart.init(rawValue:)),
                                 createdAt: Date(timeIntervalSince1970: r["created_at"]))
        }
        let slot = OpenSlot(provider: provider, typeCode: type, start: a.start, end: a.end)
        guard let entry = Waitlist.candidates(for: slot, entries: entries, index: index, calendar: calendar, now: now).first else { return }
        let who = try patientName(entry.patientID) ?? "patient \(entry.patientID)"
        let when = calendar.timeZone.stamp(a.start).text
        let code = entry.typeCode ?? type
        let task = DeskTask(id: 0, kind: .waitlistOffer, title: "\(who) — offer \(when) with \(calendar.providerName(provider)) (waitlist)",
                            createdAt: now, dueAt: due, patientID: entry.patientID)
        let taskID = try insert(task, action: "waitlist.offered", detail: "waitlist \(entry.id)")
        try db.execute(sql: """
            INSERT INTO waitlist_offer(task_id, waitlist_id, provider_id, type_code, slot_at, freed_visit_id, state)
            VALUES (?, ?, ?, ?, ?, ?, 'open')
            """, arguments: [taskID, entry.id, provider, code, a.start.timeIntervalSince1970, a.id])
        try db.execute(sql: "UPDATE waitlist SET state = 'offered' WHERE id = ?", arguments: [entry.id])
    }

    struct OpenOffer { var waitlistID: Int64; var patientID: Int64; var provider: String; var type: String; var slot: Date; var freed: Int64? }

    func openOffer(_ task: Int64) throws -> OpenOffer {
        guard let r = try Row.fetchOne(db, sql: """
            SELECT o.*, w.patient_id FROM waitlist_offer o JOIN waitlist w ON w.id = o.waitlist_id WHERE o.task_id = ? AND o.state = 'open'
            """, arguments: [task]) else {
            throw StoreError.invalid("task \(task) is not an open waitlist offer")
        }
        return OpenOffer(waitlistID: r["waitlist_id"], patientID: r["patient_id"], provider: r["provider_id"], type: r["type_code"],
                         slot: Date(timeIntervalSince1970: r["slot_at"]), freed: r["freed_visit_id"])
    }

    /// Closes an open offer (declined or expired): its task is cancelled, the entry waits
    /// again, and the slot is offered to the next entry that fits.
    func closeOffer(task: Int64, as state: String) throws {
        let offer = try openOffer(task)
        try db.execute(sql: "UPDATE waitlist_offer SET state = ? WHERE task_id = ?", arguments: [state, task])
        try db.execute(sql: "UPDATE waitlist SET state = 'waiting' WHERE id = ? AND state = 'offered'", arguments: [offer.waitlistID])
        try db.execute(sql: "UPDATE task SET state = 'cancelled', desk = NULL WHERE id = ? AND state IN ('queued', 'active', 'suspended')", arguments: [task])
        try changed(.task, task, action: "waitlist.\(state)", patient: offer.patientID, detail: "waitlist \(offer.waitlistID)")
        guard let calendar = try ClinicStore.calendar(db), let type = calendar.type(offer.type) else { return }
        let freed = Appointment(id: offer.freed ?? 0, ref: nil, patientID: 0, patientName: "", mrn: "", phone: nil, providerID: offer.provider,
                                providerName: "", start: offer.slot, minutes: type.minutes, typeCode: offer.type, status: .cancelled,
                                overbook: false, statusReason: nil, rescheduledTo: nil, seriesID: nil)
        try offerFreedSlot(freed)
    }
}

/// The last calendar parsed, by its source text: a transaction asks for the calendar several
/// times (the rules, each appointment's provider name), and parsing the TOML each time was
/// most of the cost of applying a practice-system message. The text is compared, not a
/// version number, so a calendar loaded by another process is never served stale.
final class ParsedCalendar: @unchecked Sendable {
    static let shared = ParsedCalendar()
    private let lock = NSLock()
    private var last: (source: String, file: String, calendar: ClinicCalendar?)?

    func calendar(source: String, file: String) -> ClinicCalendar? {
        lock.lock()
        if let last, last.source == source, last.file == file { lock.unlock(); return last.calendar }
        lock.unlock()
        let parsed = try? ScheduleFile.parse(source, file: file)
        lock.lock()
        last = (source, file, parsed)
        lock.unlock()
        return parsed
    }
}
