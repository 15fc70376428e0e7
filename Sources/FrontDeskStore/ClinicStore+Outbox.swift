import Foundation
import FrontDeskCore

/// One message waiting for the practice system.
public struct OutboxEntry: Equatable, Sendable {
    public var id: Int64
    public var createdAt: Date
    public var message: OutboundMessage
    /// Tries so far that got no AA (no connection, no reply, AR).
    public var attempts: Int
    public var lastError: String?

    public init(id: Int64, createdAt: Date, message: OutboundMessage, attempts: Int = 0, lastError: String? = nil) {
        self.id = id; self.createdAt = createdAt; self.message = message; self.attempts = attempts; self.lastError = lastError
    }
}

/// How far behind the practice system is: what `status --json` and the supervisor show.
public struct OutboxStatus: Equatable, Sendable {
    /// Whether FrontDesk writes messages for the practice system at all (a practice link is
    /// set up: `hl7 send` ran, or `hl7 outbound on`).
    public var outbound: Bool
    /// Messages not yet acknowledged.
    public var depth: Int
    public var oldestUnsentAt: Date?
    /// Messages the practice system refused (AE): not resent; each is a task for a person.
    public var refused: Int
    public var lastSentAt: Date?
    /// Why the oldest unsent message has not gone yet, when a try failed.
    public var lastError: String?
}

/// The outbox: what FrontDesk changed for the practice system, written in the transaction of
/// the change (so a change is never made without its message, nor a message without its
/// change), then sent in order by `frontdesk hl7 send`, at least once each.
extension ClinicStore {
    /// The oldest message not yet acknowledged: the one to send next (order is kept: nothing
    /// after it goes before it).
    public func outboxNext(by actor: Actor) throws -> OutboxEntry? {
        try requirePermission(.ingestEvents, actor)
        return try read { db in
            try SQLRow.fetchOne(db, sql: """
                SELECT id, created_at, payload, attempts, last_error, event FROM hl7_outbox WHERE state = 'pending' ORDER BY id LIMIT 1
                """).map { try Self.outboxEntry($0) }
        }
    }

    /// Whether the practice already accepted a registration (A04) for `visitID` before outbox
    /// row `id`: then a check-in sent as A04 would announce the same arrival twice.
    public func outboxRegistered(visitID: Int64, before id: Int64, by actor: Actor) throws -> Bool {
        try requirePermission(.ingestEvents, actor)
        return try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM hl7_outbox WHERE visit_id = ? AND event = 'register' AND state = 'sent' AND id < ? LIMIT 1
                """, arguments: [visitID, id]) != nil
        }
    }

    /// The practice system answered AA: done.
    public func outboxSent(_ id: Int64, by actor: Actor, now: Date) throws {
        try requirePermission(.ingestEvents, actor)
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: "UPDATE hl7_outbox SET state = 'sent', sent_at = ?, last_attempt_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'",
                              arguments: [tx.t, tx.t, id])
        }
    }

    /// No AA this time (no connection, no reply, AR): tried again later.
    public func outboxFailed(_ id: Int64, error: String, by actor: Actor, now: Date) throws {
        try requirePermission(.ingestEvents, actor)
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: """
                UPDATE hl7_outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'
                """, arguments: [tx.t, String(error.prefix(500)), id])
        }
    }

    /// The practice system refused the message's content (AE): resending it unchanged would
    /// fail again, so it is set aside and a person is told, and the next one can go.
    public func outboxRefused(_ id: Int64, error: String, by actor: Actor, now: Date) throws {
        try requirePermission(.ingestEvents, actor)
        try write(actor, now: now) { tx in
            guard let row = try SQLRow.fetchOne(tx.db, sql: "SELECT id, created_at, payload, attempts, last_error, event FROM hl7_outbox WHERE id = ? AND state = 'pending'",
                                             arguments: [id]) else { return }
            let entry = try Self.outboxEntry(row)
            let why = String(error.prefix(300))
            try tx.db.execute(sql: "UPDATE hl7_outbox SET state = 'refused', last_attempt_at = ?, last_error = ? WHERE id = ?",
                              arguments: [tx.t, why, id])
            let patient: Int64? = switch entry.message {
            case .appointment(let a): try Int64.fetchOne(tx.db, sql: "SELECT patient_id FROM visit WHERE id = ?", arguments: [a.visitID])
            case .patient(let p): p.patientID
            }
            try tx.insert(NewTask.practiceNotice(patientName: try tx.patientName(patient),
                                                 note: "the practice system refused FrontDesk's \(entry.message.summary): \(why)",
                                                 patientID: patient, visitID: entry.message.visitID, at: tx.now),
                          action: "practice.outbound-refused", detail: "outbox \(id)")
        }
    }

    public func outboxStatus() throws -> OutboxStatus {
        try read { db in
            let pending = try SQLRow.fetchOne(db, sql: "SELECT count(*), min(created_at) FROM hl7_outbox WHERE state = 'pending'")
            let refused = try Int.fetchOne(db, sql: "SELECT count(*) FROM hl7_outbox WHERE state = 'refused'") ?? 0
            let lastSent = try Double.fetchOne(db, sql: "SELECT max(sent_at) FROM hl7_outbox")
            let lastError = try String.fetchOne(db, sql: "SELECT last_error FROM hl7_outbox WHERE state = 'pending' ORDER BY id LIMIT 1")
            return OutboxStatus(outbound: try Tx.outboundOn(db), depth: pending?[0] ?? 0, oldestUnsentAt: Decode.date(pending?[1]), refused: refused,
                                lastSentAt: Decode.date(lastSent), lastError: lastError)
        }
    }

    /// The payload was written by `enqueueOutbound` from this very type; one that cannot be read
    /// (edited by hand) stops the line with its id rather than being skipped.
    static func outboxEntry(_ r: SQLRow) throws -> OutboxEntry {
        let id: Int64 = r[0], payload: String = r[2], event: String = r[5]
        let message: OutboundMessage
        do {
            let data = Data(payload.utf8)
            message = OutboundPatientEvent(rawValue: event) != nil
                ? .patient(try JSONDecoder().decode(OutboundPatient.self, from: data))
                : .appointment(try JSONDecoder().decode(OutboundAppointment.self, from: data))
        } catch {
            throw StoreError.invalid("outbox message \(id) cannot be read: \(error)")
        }
        return OutboxEntry(id: id, createdAt: Date(timeIntervalSince1970: r[1]), message: message, attempts: r[3], lastError: r[4])
    }

    /// Turns the practice link's outbound side on (from now on every change made here writes
    /// its message) or off (nothing more is written; what waits stays and goes if it comes
    /// back on). `hl7 send` turns it on as it starts. Audited; admin or integration role.
    public func setOutbound(_ on: Bool, by actor: Actor, now: Date) throws {
        try requirePermission(.ingestEvents, actor)
        try write(actor, now: now) { tx in
            guard try Tx.outboundOn(tx.db) != on else { return }
            try tx.db.execute(sql: """
                INSERT INTO practice_link(id, outbound, since, changed_by) VALUES (1, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET outbound = excluded.outbound, since = excluded.since, changed_by = excluded.changed_by
                """, arguments: [on, tx.t, actor.login])
            try tx.audit(on ? "hl7.outbound-on" : "hl7.outbound-off", detail: "practice link")
        }
    }
}

extension Tx {
    /// Writes the message for what this transaction did to visit `id` (as the visit now
    /// stands). Only changes made in FrontDesk are told; the practice system's own never
    /// come back to it.
    func enqueueOutbound(_ event: PracticeAppointmentAction, visit id: Int64) throws {
        guard try Tx.outboundOn(db) else { return }
        guard let r = try SQLRow.fetchOne(db, sql: """
            SELECT v.appointment_ref, v.appointment_at, v.minutes, v.provider_id, v.provider, v.type_code, v.reason, v.status_reason,
                   p.mrn, p.family_name, p.given_name, p.date_of_birth, p.sex, h.filler_id, h.placer_id
            FROM visit v JOIN patient p ON p.id = v.patient_id LEFT JOIN hl7_appointment h ON h.visit_id = v.id
            WHERE v.id = ? AND v.appointment_at IS NOT NULL
            """, arguments: [id]) else { return }
        let ref: String? = r[0]
        let reason: String = r[6]
        let outbound = OutboundAppointment(
            event: event, visitID: id, fillerID: (r[13] as String?) ?? ref ?? "FD-\(id)", placerID: r[14],
            start: Date(timeIntervalSince1970: r[1]), minutes: (r[2] as Int?) ?? 15, providerID: r[3], providerName: r[4],
            typeCode: r[5], typeName: reason.isEmpty ? nil : reason, reason: r[7], patientMRN: r[8], familyName: r[9],
            givenName: r[10], dateOfBirth: r[11], sex: r[12])
        let payload = String(decoding: try JSONEncoder().encode(outbound), as: UTF8.self)
        try db.execute(sql: "INSERT INTO hl7_outbox(created_at, event, visit_id, payload) VALUES (?, ?, ?, ?)",
                       arguments: [t, event.rawValue, id, payload])
    }

    /// Writes the message for what this transaction did to patient `id` (as the record now
    /// stands), about `visit` when it happened at a visit's check-in. `cleared`: what the desk
    /// removed, which the message tells the practice to remove too.
    func enqueuePatient(_ event: OutboundPatientEvent, patient id: Int64, visit: Int64?,
                        cleared: [OutboundPatient.Field] = []) throws {
        guard try Tx.outboundOn(db) else { return }
        let patient = try storedPatient(id)
        var outbound = OutboundPatient(event: event, patient: patient, cleared: cleared, visitID: visit)
        if let visit, let r = try SQLRow.fetchOne(db, sql: """
            SELECT v.appointment_ref, v.appointment_at, v.provider_id, v.provider, v.room, h.filler_id
            FROM visit v LEFT JOIN hl7_appointment h ON h.visit_id = v.id WHERE v.id = ?
            """, arguments: [visit]) {
            outbound.appointmentID = (r[5] as String?) ?? (r[0] as String?) ?? "FD-\(visit)"
            outbound.appointmentAt = (r[1] as Double?).map { Date(timeIntervalSince1970: $0) }
            outbound.providerID = r[2]
            outbound.providerName = r[3]
            outbound.room = r[4]
        }
        let payload = String(decoding: try JSONEncoder().encode(outbound), as: UTF8.self)
        try db.execute(sql: "INSERT INTO hl7_outbox(created_at, event, visit_id, patient_id, payload) VALUES (?, ?, ?, ?, ?)",
                       arguments: [t, event.rawValue, visit, id, payload])
    }

    /// A correction the practice should hear about (`OutboundPatient.correction`): written
    /// only when something it carries changed.
    func enqueueCorrection(from old: Patient, to new: Patient, visit: Int64?) throws {
        guard let cleared = OutboundPatient.correction(from: old, to: new) else { return }
        try enqueuePatient(.update, patient: new.id, visit: visit, cleared: cleared)
    }

    static func outboundOn(_ db: any SQLConnection) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT outbound FROM practice_link WHERE id = 1") ?? false
    }
}
