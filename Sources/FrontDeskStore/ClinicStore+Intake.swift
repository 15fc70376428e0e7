import Foundation
import FrontDeskCore

/// What `apply` did with an event it accepted.
public enum IntakeOutcome: Equatable, Sendable, CustomStringConvertible {
    case applied
    /// The phone system said `desk` picked up `call`: that fact is recorded (the call is
    /// answered there), but a desk-work rule — the suspend cap, a masked step — kept the desk's
    /// work where it was. The call's task waits in the queue, assigned to that desk.
    case answeredButNotTaken(call: String, desk: String, because: WorkRefusal)

    public var description: String {
        switch self {
        case .applied: return "applied"
        case let .answeredButNotTaken(call, desk, why):
            return "call \(call) recorded as answered at \(desk), but \(why): the desk's work was not set aside, the call's task waits for \(desk)"
        }
    }
}

extension ClinicStore {
    /// The one path every source of outside events takes (feed lines, the AMI adapter,
    /// the simulator). Each event is one transaction: applied whole or not at all.
    /// `event.at` (when the source said it happened) wins over `now`.
    ///
    /// First the intake rules (`config.intake`): times within the window, ids of plain text,
    /// bounded fields, NUL in text made visible; then, inside the transaction, the order of
    /// events for the call they name; then the same desk-work rules as a console's.
    @discardableResult
    public func apply(_ event: TimedEvent, by actor: Actor, now: Date) throws -> IntakeOutcome {
        let rules = config.intake
        let checked = try StoreError.admitting { () throws(IntakeRefusal) in try rules.check(event, now: now) }
        let at = checked.at ?? now
        func inOrder(_ call: Call) throws {
            try StoreError.admitting { () throws(IntakeRefusal) in try rules.order(checked.event, at: at, call: call) }
        }
        return try write(actor, now: at) { tx in
            switch checked.event {
            case let .callRinging(call, from, name, reason, queue):
                try tx.callRinging(id: call, from: from, name: name, reason: reason, queue: queue)
            case let .callAnswered(call, desk):
                let stored = try tx.requireCall(call)
                try inOrder(stored)
                return try tx.phoneAnswered(stored, at: desk, lifecycle: lifecycle)
            case let .callEnded(call, _):
                try inOrder(try tx.requireCall(call))
                try tx.endCall(call, state: .ended)
            case let .callAbandoned(call):
                try inOrder(try tx.requireCall(call))
                try tx.abandonCall(call, callbackWindow: config.callbackWindow)
            case let .patientArrived(ref):
                guard let visitID = try Int64.fetchOne(tx.db, sql: "SELECT id FROM visit WHERE appointment_ref = ?", arguments: [ref]) else {
                    throw StoreError.unknownAppointment(ref)
                }
                try tx.arrive(visitID: visitID)
            case let .walkinArrived(name, dob):
                try tx.walkIn(name: name, dateOfBirth: dob)
            case let .providerRequest(mrn, kind, note, due, provider, inDays):
                guard let pid = try Int64.fetchOne(tx.db, sql: "SELECT id FROM patient WHERE mrn = ?", arguments: [mrn]) else {
                    throw StoreError.unknownPatient(mrn)
                }
                let id = try tx.insert(NewTask.providerRequest(kind, note: note, patientID: pid, patientName: try tx.patientName(pid), due: due, at: at),
                                       action: "provider.request", detail: kind.rawValue)
                if provider != nil || inDays != nil {
                    try tx.db.execute(sql: "UPDATE task SET request_provider = ?, request_in_days = ? WHERE id = ?", arguments: [provider, inDays, id])
                }
            case let .emergency(desk, note):
                _ = try tx.emergency(desk: desk, note: note)
            }
            return .applied
        }
    }
}

/// Digits of a phone number, last ten: enough to match "+1 (555) 010-1234" to "555-0101234".
func phoneKey(_ phone: String?) -> String? {
    guard let phone else { return nil }
    let digits = phone.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) && $0.isASCII }
    guard digits.count >= 7 else { return nil }
    return String(String.UnicodeScalarView(digits.suffix(10)))
}

extension Tx {
    func requireCall(_ id: String) throws -> Call {
        guard let call = try call(id) else { throw StoreError.unknownCall(id) }
        return call
    }

    /// The phone system says `desk` (or a phone it does not name, when nil) picked up `call`:
    /// the same rules as a console answering. A call another desk holds, or one already over,
    /// is refused; the same desk told again changes nothing. At the suspend cap or in a masked
    /// step the fact is still recorded — the call is answered at `desk` — but the desk's work
    /// is not set aside: the call's task waits, assigned to `desk`, and the outcome says so.
    func phoneAnswered(_ call: Call, at desk: String?, lifecycle: TaskLifecycle) throws -> IntakeOutcome {
        if call.state == .answered, desk == nil || call.desk == desk { return .applied }
        guard call.state.isWaiting else {
            throw StoreError.refused(.callNotWaiting(call: call.id, state: call.state, desk: call.desk))
        }
        guard let desk else {
            try db.execute(sql: "UPDATE call SET state = 'answered', answered_at = ? WHERE id = ?", arguments: [t, call.id])
            try changed(.call, call.id, action: "call.answered", patient: call.patientID)
            return .applied
        }
        do {
            // In a savepoint: a refusal undoes the claim's own writes, and the fact is recorded below instead.
            try db.inSavepoint {
                _ = try start(.answer(callID: call.id), at: desk, settingAside: nil, lifecycle: lifecycle, lease: nil)
            }
            return .applied
        } catch StoreError.refused(let why) where Self.keepsWorkInHand(why) {
            try answeredWithoutTaking(call, at: desk)
            return .answeredButNotTaken(call: call.id, desk: desk, because: why)
        }
    }

    /// The refusals after which a phone system's "desk picked up" is still a fact to record —
    /// including a pick-up at a desk of another site than the call's: someone there is talking
    /// to the caller, so the call is theirs (assigned to that desk, which the site rule lets take it).
    static func keepsWorkInHand(_ why: WorkRefusal) -> Bool {
        switch why {
        case .suspendCapReached, .maskedStep, .emergencyInHand, .otherSite: return true
        default: return false
        }
    }

    /// The call is answered at `desk`; its task stays queued, assigned to that desk.
    func answeredWithoutTaking(_ call: Call, at desk: String) throws {
        try db.execute(sql: "UPDATE call SET state = 'answered', answered_at = ?, desk = ? WHERE id = ?", arguments: [t, desk, call.id])
        try changed(.call, call.id, action: "call.answered", patient: call.patientID, detail: desk)
        try serveCallbacks(answering: call, at: desk)
        if let queued = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE call_id = ? AND kind = 'call' AND state = 'queued'",
                                         arguments: [call.id]).map(Decode.task) {
            var held = queued
            held.assignedDesk = desk
            try save(held, was: queued, action: "task.assigned", detail: desk)
        } else {
            let label = try patientName(call.patientID) ?? Call.meaningfulName(call.callerName) ?? call.from
            var task = NewTask.call(call, callerLabel: label, at: now)
            task.assignedDesk = desk
            try insert(task, action: "call.task", detail: desk)
        }
        try db.execute(sql: "INSERT INTO desk(name, last_seen) VALUES (?, ?) ON CONFLICT DO NOTHING", arguments: [desk, t])
    }

    /// A ringing call is a Call and a queued call task: phone and lobby share one queue.
    /// Ringing again for the same id (a retransmit, a second source) changes nothing.
    func callRinging(id: String, from: String, name: String?, reason: String?, queue: String?) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM call WHERE id = ?", arguments: [id]) != nil { return }
        let sites = try sites(forQueue: queue)
        var patient: Int64?
        if let key = phoneKey(from) {
            // Same number, or one ends with the other ("555-0139" rings for "(617) 555-0139").
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM patient WHERE phone_key = ?
                   OR (length(phone_key) < length(?) AND ? LIKE ('%' || phone_key))
                   OR (length(?) < length(phone_key) AND phone_key LIKE ('%' || ?))
                LIMIT 2
                """, arguments: [key, key, key, key, key])
            if ids.count == 1 { patient = ids[0] }
        }
        try db.execute(sql: """
            INSERT INTO call(id, from_number, caller_name, reason, queue, state, arrived_at, patient_id, sites)
            VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?)
            """, arguments: [id, from, name, reason, queue, t, patient, SiteRule.encode(sites)])
        try changed(.call, id, action: "call.ringing", patient: patient)
        let call = Call(id: id, from: from, callerName: name, reason: reason, queue: queue, arrivedAt: now, patientID: patient, sites: sites)
        let label = try patientName(patient) ?? Call.meaningfulName(name) ?? from
        try insert(NewTask.call(call, callerLabel: label, at: now), action: "call.task")
    }

    func endCall(_ id: String, state: CallState) throws {
        try db.execute(sql: "UPDATE call SET state = ?, ended_at = ? WHERE id = ? AND state IN ('waiting','on-hold','answered')",
                       arguments: [state.rawValue, t, id])
        guard changes > 0 else { return }
        try changed(.call, id, action: "call.\(state.rawValue)")
        // The call's task is over whether or not a desk took it.
        for row in try SQLRow.fetchAll(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE call_id = ? AND kind = 'call' AND state IN ('queued','active','suspended')", arguments: [id]) {
            let old = Decode.task(row)
            var closed = old; closed.state = state == .ended ? .done : .cancelled; closed.masked = false
            try save(closed, was: old)
        }
    }

    /// The caller hung up before anyone answered: a callback is owed, due within the window.
    func abandonCall(_ id: String, callbackWindow: TimeInterval) throws {
        guard let call = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.callColumns) FROM call WHERE id = ? AND state IN ('waiting','on-hold')", arguments: [id]) else {
            return   // already answered or closed: nothing to call back
        }
        try endCall(id, state: .abandoned)
        let c = Decode.call(call)
        // One callback per caller: one already owed keeps its due time.
        if let task = CallbackRules.afterAbandon(c, patientName: try patientName(c.patientID), open: try openCallbacks(),
                                                 at: now, window: callbackWindow) {
            try insert(task, action: "callback.created")
        } else {
            try audit("callback.already-owed", patient: c.patientID, detail: c.id)
        }
    }

    /// Next ticket of the day for a prefix: A-001 for appointments, W-001 for walk-ins.
    func nextTicket(prefix: String) throws -> String {
        let dayStart = Calendar.current.startOfDay(for: now).timeIntervalSince1970
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM visit WHERE ticket LIKE ? AND arrived_at >= ?",
                                 arguments: ["\(prefix)-%", dayStart]) ?? 0
        return String(format: "%@-%03d", prefix, n + 1)
    }

    func openReadiness(visitID: Int64) throws {
        for item in ReadinessItem.allCases {
            try db.execute(sql: """
                INSERT INTO readiness(visit_id, item, state, since) VALUES (?, ?, 'open', ?)
                ON CONFLICT(visit_id, item) DO UPDATE SET state = excluded.state, since = excluded.since
                """,
                           arguments: [visitID, item.rawValue, t])
        }
    }

    /// scheduled (or no-show) → arrived, with a ticket, every readiness check open and a
    /// check-in task queued.
    func arrive(visitID: Int64) throws {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT status, patient_id, ticket FROM visit WHERE id = ?", arguments: [visitID]) else {
            throw StoreError.unknownVisit(visitID)
        }
        let status = VisitStatus(rawValue: row["status"]) ?? .scheduled
        try VisitStatus.validate(from: status, to: .arrived)
        let pid: Int64 = row["patient_id"]
        let existing: String = row["ticket"]
        let ticket = existing.isEmpty ? try nextTicket(prefix: "A") : existing
        try db.execute(sql: """
            UPDATE visit SET status = 'arrived', status_since = ?, arrived_at = coalesce(arrived_at, ?), ticket = ?, version = version + 1
            WHERE id = ?
            """, arguments: [t, t, ticket, visitID])
        try openReadiness(visitID: visitID)
        try changed(.visit, visitID, action: "patient.arrived", patient: pid, detail: ticket)
        let visit = Visit(id: visitID, ticket: ticket, patientID: pid, provider: "", appointmentAt: nil, statusSince: now)
        try insert(NewTask.checkIn(visit: visit, patientName: try patientName(pid) ?? "", at: now), action: "checkin.queued")
    }

    /// A walk-in: a new patient record (MRN W…), a visit with a W ticket, a check-in task.
    func walkIn(name: String, dateOfBirth: String?) throws {
        // The intake rules made sure of a name and a real date of birth.
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        // "Family, Given" or "Given Family": the form fixes it later at check-in.
        let family: String, given: String
        if let comma = trimmed.firstIndex(of: ",") {
            family = trimmed[..<comma].trimmingCharacters(in: .whitespaces)
            given = trimmed[trimmed.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        } else if let space = trimmed.lastIndex(of: " ") {
            given = String(trimmed[..<space]); family = String(trimmed[trimmed.index(after: space)...])
        } else { family = trimmed; given = "" }
        let seq = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM patient")) ?? 1
        let pid = try db.insert(sql: "INSERT INTO patient(mrn, family_name, given_name, date_of_birth) VALUES (?, ?, ?, ?)",
                       arguments: [String(format: "W%06lld", seq), family, given, dateOfBirth])
        let ticket = try nextTicket(prefix: "W")
        let visitID = try db.insert(sql: """
            INSERT INTO visit(ticket, patient_id, provider, walk_in, reason, status, status_since, arrived_at, site)
            VALUES (?, ?, '', 1, 'Walk-in', 'arrived', ?, ?, ?)
            """, arguments: [ticket, pid, t, t, try site(forProvider: nil, name: "", walkInAt: actor?.desk)])
        try openReadiness(visitID: visitID)
        try changed(.patient, pid, action: "patient.created", patient: pid)
        try changed(.visit, visitID, action: "walkin.arrived", patient: pid, detail: ticket)
        let visit = Visit(id: visitID, ticket: ticket, patientID: pid, provider: "", appointmentAt: nil, walkIn: true, statusSince: now)
        try insert(NewTask.checkIn(visit: visit, patientName: try patientName(pid) ?? family, at: now), action: "checkin.queued")
    }

    func emergency(desk: String?, note: String?) throws -> Int64 {
        try insert(NewTask.emergency(note: note, desk: desk, at: now), action: "emergency")
    }
}
