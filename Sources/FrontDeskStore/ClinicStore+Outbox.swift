import Foundation
import FrontDeskCore
import GRDB

/// One message waiting for the practice system.
public struct OutboxEntry: Equatable, Sendable {
    public var id: Int64
    public var createdAt: Date
    public var appointment: OutboundAppointment
    /// Tries so far that got no AA (no connection, no reply, AR).
    public var attempts: Int
    public var lastError: String?
}

/// How far behind the practice system is: what `status --json` and the supervisor show.
public struct OutboxStatus: Equatable, Sendable {
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
            try Row.fetchOne(db, sql: """
                SELECT id, created_at, payload, attempts, last_error FROM hl7_outbox WHERE state = 'pending' ORDER BY id LIMIT 1
                """).map { try Self.outboxEntry($0) }
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
            guard let row = try Row.fetchOne(tx.db, sql: "SELECT id, created_at, payload, attempts, last_error FROM hl7_outbox WHERE id = ? AND state = 'pending'",
                                             arguments: [id]) else { return }
            let entry = try Self.outboxEntry(row)
            let why = String(error.prefix(300))
            try tx.db.execute(sql: "UPDATE hl7_outbox SET state = 'refused', last_attempt_at = ?, last_error = ? WHERE id = ?",
                              arguments: [tx.t, why, id])
            let a = entry.appointment
            let visit = try Row.fetchOne(tx.db, sql: "SELECT patient_id FROM visit WHERE id = ?", arguments: [a.visitID])
            let patient: Int64? = visit?[0]
            try tx.insert(NewTask.practiceNotice(patientName: try tx.patientName(patient),
                                                 note: "the practice system refused FrontDesk's \(a.event.rawValue) of appointment \(a.fillerID): \(why)",
                                                 patientID: patient, visitID: a.visitID, at: tx.now),
                          action: "practice.outbound-refused", detail: "outbox \(id)")
        }
    }

    public func outboxStatus() throws -> OutboxStatus {
        try read { db in
            let pending = try Row.fetchOne(db, sql: "SELECT count(*), min(created_at) FROM hl7_outbox WHERE state = 'pending'")
            let refused = try Int.fetchOne(db, sql: "SELECT count(*) FROM hl7_outbox WHERE state = 'refused'") ?? 0
            let lastSent = try Double.fetchOne(db, sql: "SELECT max(sent_at) FROM hl7_outbox")
            let lastError = try String.fetchOne(db, sql: "SELECT last_error FROM hl7_outbox WHERE state = 'pending' ORDER BY id LIMIT 1")
            return OutboxStatus(depth: pending?[0] ?? 0, oldestUnsentAt: Decode.date(pending?[1]), refused: refused,
                                lastSentAt: Decode.date(lastSent), lastError: lastError)
        }
    }

    /// The payload was written by `enqueueOutbound` from this very type; one that cannot be read
    /// (edited by hand) stops the line with its id rather than being skipped.
    static func outboxEntry(_ r: Row) throws -> OutboxEntry {
        let id: Int64 = r[0], payload: String = r[2]
        let appointment: OutboundAppointment
        do { appointment = try JSONDecoder().decode(OutboundAppointment.self, from: Data(payload.utf8)) } catch {
            throw StoreError.invalid("outbox message \(id) cannot be read: \(error)")
        }
        return OutboxEntry(id: id, createdAt: Date(timeIntervalSince1970: r[1]), appointment: appointment, attempts: r[3], lastError: r[4])
    }
}

extension Tx {
    /// Writes the message for what this transaction did to visit `id` (as the visit now
    /// stands). Only changes made in FrontDesk are told; the practice system's own never
    /// come back to it.
    func enqueueOutbound(_ event: PracticeAppointmentAction, visit id: Int64) throws {
        guard let r = try Row.fetchOne(db, sql: """
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
}
