import Foundation
import FrontDeskCore

/// What applying one practice-system message did: ids and actions, no patient data, so it
/// can go to a log, an audit row and an operator's terminal.
public struct PracticeOutcome: Equatable, Sendable {
    /// The same sender's same control id was applied before: nothing was done again.
    public var duplicate = false
    /// When it was first applied, for a duplicate.
    public var firstAppliedAt: Date?
    public var appointmentID: Int64?
    public var patientID: Int64?
    /// What was done, in words with ids only ("booked appointment 12 (HL7:FL-9001)").
    public var actions: [String] = []
    /// Tasks left for a person (new ones; one already open for the same thing is not repeated).
    public var tasks: [Int64] = []

    public init() {}

    public var summary: String {
        if duplicate { return "already applied" + (firstAppliedAt.map { " at \(ISOTime.string($0))" } ?? "") + ": nothing done again" }
        return actions.isEmpty ? "nothing to do" : actions.joined(separator: "; ")
    }
}

/// The practice system's messages (HL7 SIU and ADT, see `FrontDeskIntake`) applied to the
/// clinic: each message one transaction, applied whole or not at all; its control id is
/// recorded in the same transaction, so once it commits a resend changes nothing.
extension ClinicStore {
    /// Applies `message` and returns what it did. The intake rules first (`config.intake`):
    /// a refusal names the field by its `PracticeField` (`StoreError.intake`). A message
    /// already applied is not checked again (its times may have left the window since) and
    /// changes nothing. Committed (durable) when this returns.
    @discardableResult
    public func apply(_ message: PracticeMessage, by actor: Actor, now: Date) throws -> PracticeOutcome {
        try requirePermission(.ingestEvents, actor)
        if let earlier = try practiceReceipt(sender: message.sender, controlID: message.controlID) { return earlier }
        let checked = try StoreError.admitting { () throws(IntakeRefusal) in try config.intake.practice(message, now: now) }
        return try write(actor, now: now) { tx in try tx.applyPractice(checked, zone: try practiceZone(tx.db)) }
    }

    /// What `apply` would do, done and undone in one transaction: nothing is kept.
    public func rehearse(_ message: PracticeMessage, by actor: Actor, now: Date) throws -> PracticeOutcome {
        try requirePermission(.ingestEvents, actor)
        if let earlier = try practiceReceipt(sender: message.sender, controlID: message.controlID) { return earlier }
        let checked = try StoreError.admitting { () throws(IntakeRefusal) in try config.intake.practice(message, now: now) }
        return try write(actor, now: now, rollback: true) { tx in try tx.applyPractice(checked, zone: try practiceZone(tx.db)) }
    }

    /// The outcome of a message applied before (a duplicate), or nil.
    public func practiceReceipt(sender: String, controlID: String) throws -> PracticeOutcome? {
        try read { db in try Tx.receipt(db, sender: sender, controlID: controlID) }
    }

    /// How many practice messages have been applied (tests, status).
    public func practiceMessagesApplied() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM hl7_message") ?? 0 }
    }

    /// The practice's identifiers linked to a patient.
    public func practiceIdentifiers(patientID: Int64) throws -> [PracticeIdentifier] {
        try read { db in
            try SQLRow.fetchAll(db, sql: "SELECT authority, id, type FROM patient_identifier WHERE patient_id = ? ORDER BY authority, id",
                             arguments: [patientID]).map { PracticeIdentifier(id: $0[1], authority: $0[0], type: $0[2]) }
        }
    }

    /// The patient a merge folded this one into, if any.
    public func mergedInto(patientID: Int64) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT merged_into FROM patient WHERE id = ?", arguments: [patientID]) }
    }

    /// The appointment the practice system knows by `fillerID`.
    public func practiceAppointment(fillerID: String) throws -> Appointment? {
        try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM visit WHERE appointment_ref IN (?, ?) ORDER BY appointment_ref = ? DESC LIMIT 1",
                                              arguments: [PracticeAppointment.reference(fillerID), fillerID,
                                                          PracticeAppointment.reference(fillerID)]) else { return nil }
            return try SQLRow.fetchOne(db, sql: "SELECT \(Self.appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.id = ?",
                                    arguments: [id]).map { Self.appointment($0, calendar: try Self.calendar(db)) }
        }
    }

    /// "Today" for the practice's messages: the calendar's zone, else the intake rules'.
    func practiceZone(_ db: any SQLConnection) throws -> TimeZone {
        try Self.calendar(db)?.timeZone ?? config.intake.timeZone
    }
}

extension Tx {
    static func receipt(_ db: any SQLConnection, sender: String, controlID: String) throws -> PracticeOutcome? {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT applied_at FROM hl7_message WHERE sender = ? AND control_id = ?",
                                         arguments: [sender, controlID]) else { return nil }
        var outcome = PracticeOutcome()
        outcome.duplicate = true
        outcome.firstAppliedAt = Date(timeIntervalSince1970: row[0])
        return outcome
    }

    /// The whole message, and its control id recorded, in this transaction.
    func applyPractice(_ m: PracticeMessage, zone: TimeZone) throws -> PracticeOutcome {
        // Checked again inside the transaction: two connections may carry the same resend at once.
        if let earlier = try Tx.receipt(db, sender: m.sender, controlID: m.controlID) { return earlier }
        var out = PracticeOutcome()
        switch m.change {
        case .appointment(let a): try applyPracticeAppointment(a, sender: m.sender, zone: zone, into: &out)
        case .patient(let change): try applyPracticePatient(change, sender: m.sender, zone: zone, into: &out)
        }
        try db.execute(sql: "INSERT INTO hl7_message(sender, control_id, kind, applied_at, summary) VALUES (?, ?, ?, ?, ?)",
                       arguments: [m.sender, m.controlID, m.kind, t, out.summary])
        try audit("practice.message", patient: out.patientID, detail: "\(m.kind) \(m.controlID) from \(m.sender): \(out.summary)")
        return out
    }

    /// A task for a person, unless one just like it (same title, same patient) is still open:
    /// a practice system that says the same thing twice does not make twice the work.
    @discardableResult
    func insertPracticeTask(_ task: DeskTask, action: String, into out: inout PracticeOutcome) throws -> Int64 {
        if let open = try Int64.fetchOne(db, sql: """
            SELECT id FROM task WHERE title = ? AND patient_id IS NOT DISTINCT FROM ? AND state IN ('queued', 'active', 'suspended') LIMIT 1
            """, arguments: [task.title, task.patientID]) {
            out.actions.append("task \(open) still open")
            return open
        }
        let id = try insert(task, action: action)
        out.tasks.append(id)
        out.actions.append("task \(id) for a person")
        return id
    }

    /// A provider or type the calendar lacks is asked for once, however many messages name it.
    func requestSetUp(kind: String, code: String, _ task: DeskTask, into out: inout PracticeOutcome) throws {
        if try Int64.fetchOne(db, sql: "SELECT task_id FROM practice_setup WHERE kind = ? AND code = ?", arguments: [kind, code]) != nil {
            return
        }
        let id = try insertPracticeTask(task, action: "practice.setup-requested", into: &out)
        try db.execute(sql: "INSERT INTO practice_setup(kind, code, task_id) VALUES (?, ?, ?)", arguments: [kind, code, id])
    }

    func storedPatient(_ id: Int64) throws -> Patient {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE id = ?", arguments: [id]) else {
            throw StoreError.unknownPatient("id \(id)")
        }
        return Decode.patient(row)
    }
}

extension StoreError {
    /// A practice message's field broke a rule only the store can see (a new patient without a name).
    static func practice(_ field: PracticeField, _ problem: String) -> StoreError {
        .intake(IntakeRefusal(field.rawValue, problem))
    }
}
