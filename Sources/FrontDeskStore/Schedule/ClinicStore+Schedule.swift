import Foundation
import FrontDeskCore

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

    static func calendar(_ db: any SQLConnection) throws -> ClinicCalendar? {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT source, file FROM schedule_calendar WHERE id = 1") else { return nil }
        let source: String = row["source"], file: String = row["file"]
        return ParsedCalendar.shared.calendar(source: source, file: file)
    }

    static func requireCalendar(_ db: any SQLConnection) throws -> ClinicCalendar {
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

    static func appointment(_ r: SQLRow, calendar: ClinicCalendar?) -> Appointment {
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


    /// Appointments starting in `[from, to)`, optionally for one provider, every status.
    static func appointments(_ db: any SQLConnection, from: Date, to: Date, provider: String? = nil, calendar: ClinicCalendar?) throws -> [Appointment] {
        var sql = "SELECT \(appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.appointment_at >= ? AND v.appointment_at < ?"
        var args: SQLArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
        if let provider { sql += " AND v.provider_id = ?"; args += [provider] }
        return try SQLRow.fetchAll(db, sql: sql + " ORDER BY v.appointment_at, v.id", arguments: args).map { appointment($0, calendar: calendar) }
    }

    /// The booked index the rules read: every appointment from a day ago to the furthest
    /// horizon that still holds its time, under its calendar provider.
    static func bookedIndex(_ db: any SQLConnection, calendar: ClinicCalendar, now: Date) throws -> BookedIndex {
        let horizon = calendar.providers.map(\.bookingHorizonDays).max() ?? 0
        let from = now.addingTimeInterval(-86_400), to = now.addingTimeInterval(Double(horizon + 2) * 86_400)
        let held = try appointments(db, from: from, to: to, calendar: calendar).filter { $0.status.holdsItsTime && $0.providerID != nil }
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
            try SQLRow.fetchOne(db, sql: "SELECT \(Self.appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.id = ?",
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
            guard let r = try SQLRow.fetchOne(db, sql: "SELECT kind, created_at, request_provider, request_in_days FROM task WHERE id = ?",
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
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT \(ClinicStore.appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.id = ?",
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
        let id = try db.insert(sql: """
            INSERT INTO visit(patient_id, provider, provider_id, appointment_at, minutes, type_code, reason, status, status_since, overbook, status_reason, series_id, site)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?, ?, ?)
            """, arguments: [b.patientID, provider.displayName, provider.id, b.start.timeIntervalSince1970, type.minutes, type.code, type.name, t,
                             verdict.isOverbook, verdict.isOverbook ? b.overbookReason : nil, series,
                             try site(forProvider: provider.id, name: provider.displayName)])
        try db.execute(sql: "UPDATE visit SET appointment_ref = ? WHERE id = ?", arguments: ["FD-\(id)", id])
        // The practice system hears of it from the outbox, written in this same transaction.
        try enqueueOutbound(.book, visit: id)
        try changed(.visit, id, action: verdict.isOverbook ? "appointment.overbooked" : "appointment.booked", patient: b.patientID,
                    detail: "appointment \(id)\(verdict.isOverbook ? " overbook: \(b.overbookReason ?? "")" : "")")
        index.insert(ScheduledAppointment(id: id, provider: provider.id, patientID: b.patientID, patientName: name, start: b.start,
                                          minutes: type.minutes, typeCode: type.code, isOverbook: verdict.isOverbook, occupiesSlot: true))
        return id
    }
}
