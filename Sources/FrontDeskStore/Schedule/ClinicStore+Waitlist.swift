import Foundation
import FrontDeskCore

/// The waitlist: patients waiting for an earlier slot, and the offers a freed slot becomes.
extension ClinicStore {
    @discardableResult
    public func addToWaitlist(patientID: Int64, provider: String?, type: String?, before: CivilDate?, partOfDay: DayPart?,
                              note: String?, by actor: Actor, now: Date) throws -> Int64 {
        try requirePermission(.bookAppointments, actor)
        return try write(actor, now: now) { tx in
            let calendar = try Self.requireCalendar(tx.db)
            if let provider, calendar.provider(provider) == nil { throw StoreError.invalid("no provider '\(provider)' in the calendar") }
            if let type, calendar.type(type) == nil { throw StoreError.invalid("no appointment type '\(type)'") }
            guard try tx.patientName(patientID) != nil else { throw StoreError.invalid("no patient \(patientID)") }
            let id = try tx.db.insert(sql: """
                INSERT INTO waitlist(patient_id, provider_id, type_code, before, part_of_day, note, created_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting')
                """, arguments: [patientID, provider, type, before?.iso, partOfDay == .any ? nil : partOfDay?.rawValue, note, tx.t])
            try tx.changed(.other, "waitlist-\(id)", action: "waitlist.added", patient: patientID, detail: "waitlist \(id)")
            return id
        }
    }

    public func waitlist(includeClosed: Bool = false) throws -> [WaitlistRow] {
        try read { db in
            try SQLRow.fetchAll(db, sql: """
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
            try tx.flow(task: id, "task.done", desk: actor.desk)
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
}

extension Tx {
    /// A freed slot still ahead goes to the first waitlisted patient it fits, as an offer task
    /// due well before the slot (`Waitlist.offerDeadline`).
    func offerFreedSlot(_ a: Appointment, skipping: Set<Int64> = []) throws {
        guard let provider = a.providerID, let type = a.typeCode, !type.isEmpty, a.start > now,
              let calendar = try ClinicStore.calendar(db), let due = Waitlist.offerDeadline(slotStart: a.start, now: now) else { return }
        let index = try ClinicStore.bookedIndex(db, calendar: calendar, now: now)
        // Entries that already had this slot (declined, expired) are not asked again.
        let asked = Set(try Int64.fetchAll(db, sql: "SELECT waitlist_id FROM waitlist_offer WHERE provider_id = ? AND slot_at = ?",
                                           arguments: [provider, a.start.timeIntervalSince1970])).union(skipping)
        let entries = try SQLRow.fetchAll(db, sql: "SELECT * FROM waitlist WHERE state = 'waiting'").compactMap { r -> WaitlistEntry? in
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
        guard let r = try SQLRow.fetchOne(db, sql: """
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
        let closed = changes == 1
        try changed(.task, task, action: "waitlist.\(state)", patient: offer.patientID, detail: "waitlist \(offer.waitlistID)")
        if closed { try flow(task: task, "task.cancelled", desk: actor?.desk) }
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
