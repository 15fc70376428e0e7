import Foundation
import FrontDeskCore

/// What a desk starts working on. Each is one transaction: whatever the desk holds is set
/// aside first (with the context the screen passes), then the new work is claimed — so
/// another desk can never act in between.
public enum DeskWork: Equatable, Sendable {
    /// Answer a waiting call (its call task becomes the desk's).
    case answer(callID: String)
    /// Take a queued task, or resume a suspended one.
    case take(taskID: Int64)
    /// Check in a visit: a scheduled patient is marked arrived, the check-in task claimed,
    /// the record view audited.
    case openCheckIn(visitID: Int64)
    /// Raise an emergency at this desk and take it at once (it passes masks and the cap).
    case emergency(note: String?)
}

/// What starting work gave the desk.
public struct WorkStarted: Equatable, Sendable {
    /// The desk's active task now.
    public var taskID: Int64
    /// The task that was set aside for it, if any.
    public var setAside: Int64?
}

/// Desk work on the store: the domain's `TaskLifecycle` applied inside one IMMEDIATE
/// transaction per user action, and leases that hand a dead console's work back.
extension ClinicStore {
    var lifecycle: TaskLifecycle { TaskLifecycle(policy: config.policy) }

    /// Signs a desk in (or refreshes who sits there) and starts its lease.
    public func registerDesk(name: String, user: String?, now: Date) throws {
        guard !name.isEmpty else { throw StoreError.invalid("a desk needs a name") }
        let actor = Actor(login: user ?? "system", desk: name, role: .receptionist)
        try write(actor, now: now) { tx in
            if let user { try tx.requireUserMayWork(user, at: name) }
            try tx.db.execute(sql: """
                INSERT INTO desk(name, "user", last_seen, lease_until) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET "user" = excluded."user", last_seen = excluded.last_seen, lease_until = excluded.lease_until
                """, arguments: [name, user, tx.t, tx.t + config.leaseDuration])
            try tx.changed(.desk, name, action: "desk.signed-in")
        }
    }

    /// A console calls this every few seconds. Not journalled: a heartbeat is not news.
    public func renewLease(desk: String, now: Date) throws {
        try write(nil, now: now) { tx in
            try tx.db.execute(sql: "UPDATE desk SET last_seen = ?, lease_until = ? WHERE name = ?",
                              arguments: [tx.t, tx.t + config.leaseDuration, desk])
        }
    }

    /// Active tasks of desks whose lease ran out go back to the queue as suspended, draft
    /// kept, holder cleared so any desk can resume them. Returns how many came back.
    @discardableResult
    public func reclaimExpiredLeases(now: Date) throws -> Int {
        try write(nil, now: now) { tx in
            let rows = try SQLRow.fetchAll(tx.db, sql: """
                SELECT \(Decode.taskColumns(of: "task")) FROM task JOIN desk ON desk.name = task.desk
                WHERE task.state = 'active' AND desk.lease_until < ?
                """, arguments: [tx.t])
            for r in rows {
                let task = Decode.task(r)
                try tx.save(lifecycle.returnToQueue(task, from: task.desk ?? "?", now: now), was: task,
                            action: "task.lease-expired", detail: task.desk)
            }
            return rows.count
        }
    }

    /// Starts `work` at `desk` in one transaction; whatever the desk held is set aside first
    /// with `aside` as its context (else its last saved one). Throws `StoreError.refused`
    /// with the rule that said no (another desk won the call, the cap, a masked step…);
    /// nothing changes then.
    @discardableResult
    public func start(_ work: DeskWork, at desk: String, settingAside aside: TaskContext? = nil,
                      by actor: Actor, now: Date) throws -> WorkStarted {
        try write(actor, now: now) { tx in
            try tx.start(work, at: desk, settingAside: aside, lifecycle: lifecycle, lease: config.leaseDuration)
        }
    }

    /// Puts the desk's active task aside with its context (draft stored byte for byte).
    /// Refused at the suspend cap, unless `closing` (a console quitting or hanging up never
    /// drops its work).
    public func suspend(taskID: Int64, context: TaskContext, closing: Bool = false, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            guard task.state == .active, let desk = task.desk else {
                throw StoreError.taskNotInState(taskID, expected: "active", actual: task.state.rawValue)
            }
            let holding = try tx.holding(of: desk)
            let aside = try StoreError.checking { try lifecycle.suspend(at: holding, context: context, now: now, pastCap: closing) }
            try tx.save(aside, was: task)
        }
    }

    /// Closes an answered call. `.callbackPromised` leaves a callback task, due within the window.
    /// Returns the callback task's id when one was created.
    @discardableResult
    public func endCall(id: String, outcome: CallOutcome, note: String?, by actor: Actor, now: Date) throws -> Int64? {
        try write(actor, now: now) { tx in
            guard let call = try tx.call(id) else { throw StoreError.unknownCall(id) }
            // "Appointment made" is a fact, not a label: a booking at this desk since the call was
            // answered (for this caller, or any patient when the caller is not matched to one).
            if outcome == .appointmentMade {
                let since = (call.answeredAt ?? call.arrivedAt).timeIntervalSince1970
                let booked = try Bool.fetchOne(tx.db, sql: """
                    SELECT EXISTS (SELECT 1 FROM audit WHERE action IN ('appointment.booked', 'appointment.overbooked', 'appointment.rescheduled')
                      AND desk = ? AND at >= ? AND (CAST(? AS BIGINT) IS NULL OR patient_id = ?))
                    """, arguments: [actor.desk, since, call.patientID, call.patientID]) ?? false
                if !booked {
                    throw StoreError.invalid("no appointment was booked on this call — S opens the schedule with the caller; or choose another outcome")
                }
            }
            try tx.endCall(id, state: .ended)
            try tx.audit("call.outcome", patient: call.patientID, detail: outcome.rawValue)
            guard outcome == .callbackPromised else { return nil }
            let name = try tx.patientName(call.patientID)
            let open = try tx.openCallbacks()
            // One callback per caller: a promise already open stands (with its due time).
            guard let task = CallbackRules.afterPromise(call, patientName: name, note: note, open: open, at: now,
                                                        window: config.callbackWindow) else {
                return open.owed(to: call.from).first?.id
            }
            return try tx.insert(task, action: "callback.created")
        }
    }

    /// Stores the form as typed. Called on every change, so it is one UPDATE plus a journal
    /// row; it is not audited (the audit records the suspend, the save, the completion).
    public func saveDraft(taskID: Int64, context: TaskContext, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: """
                UPDATE task SET draft = ?, step = ?, note = ?, progress = ? WHERE id = ? AND state IN ('active','suspended')
                """, arguments: [context.draft, context.step, context.note, context.progress, taskID])
            guard tx.changes == 1 else { throw StoreError.taskNotInState(taskID, expected: "active or suspended", actual: try tx.task(taskID).state.rawValue) }
            try tx.journal(.task, taskID)
        }
    }

    /// Marks whether the task is in a step that masks interruptions (taking a payment).
    public func setMasked(taskID: Int64, _ masked: Bool, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: "UPDATE task SET masked = ? WHERE id = ? AND state = 'active'", arguments: [masked, taskID])
            guard tx.changes == 1 else { throw StoreError.taskNotInState(taskID, expected: "active", actual: try tx.task(taskID).state.rawValue) }
            try tx.journal(.task, taskID)
        }
    }

    /// Marks a task done. Completing a check-in task of a patient still marked arrived is
    /// checking them in: the visit moves and the task closes together, decided here, in the
    /// transaction, not from what a console last read.
    public func complete(taskID: Int64, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            if task.kind == .checkIn, let visit = task.visitID, try tx.visitStatus(visit) == .arrived {
                try tx.checkIn(visit: visit)
                return
            }
            // An emergency is closed with what was done about it (`closeEmergency`); a callback
            // with what the call came to (`recordCallbackAttempt`).
            if task.kind == .emergency { throw StoreError.invalid("an emergency is closed with a note of what was done") }
            if task.kind == .callback { throw StoreError.invalid("a callback is closed with what the call came to") }
            if task.kind == .waitlistOffer { throw StoreError.invalid("a waitlist offer is accepted (booked) or declined (offered to the next)") }
            try tx.save(try StoreError.checking { try lifecycle.close(task, by: actor.desk) }, was: task)
        }
    }

    /// Closes an emergency with what was done about it (required; audited).
    public func closeEmergency(taskID: Int64, resolution: String, by actor: Actor, now: Date) throws {
        let note = resolution.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw StoreError.invalid("say what was done about the emergency (a note is required)") }
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            guard task.kind == .emergency else { throw StoreError.invalid("task \(taskID) is not an emergency") }
            try tx.save(try StoreError.checking { try lifecycle.close(task, by: actor.desk) }, was: task,
                        action: "emergency.resolved", detail: note)
        }
    }

    /// One try at a callback: reached or voicemail closes it; no answer puts it back, due again
    /// later, the attempt counted (`CallbackRules.afterAttempt`). Audited with the result.
    public func recordCallbackAttempt(taskID: Int64, result: CallbackResult, note: String?, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            let next = try StoreError.checking { try CallbackRules.afterAttempt(task, result: result, at: actor.desk, now: now) }
            try tx.db.execute(sql: """
                UPDATE task SET state = ?, desk = ?, due_at = ?, attempts = ?, masked = 0 WHERE id = ? AND state = 'active' AND desk = ?
                """, arguments: [next.state.rawValue, next.desk, next.dueAt?.timeIntervalSince1970, next.attempts, taskID, actor.desk])
            guard tx.changes == 1 else { throw StoreError.invalid("task \(taskID) changed while it was being updated; try again") }
            let detail = [result == .noAnswer ? "attempt \(next.attempts)" : nil, note.flatMap { $0.isEmpty ? nil : $0 }]
                .compactMap { $0 }.joined(separator: ": ")
            try tx.changed(.task, taskID, action: "callback.\(result.rawValue)", patient: task.patientID, detail: detail.isEmpty ? nil : detail)
            try tx.flow(task: taskID, "task.\(next.state.rawValue)", desk: actor.desk)
        }
    }

    public func cancel(taskID: Int64, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            try tx.save(try StoreError.checking { try lifecycle.close(task, as: .cancelled, by: actor.desk) }, was: task)
        }
    }

    /// An emergency task, above everything, assigned to `desk` when given — without taking it
    /// (the feed's path; a desk raising one uses `start(.emergency)`). Returns its id.
    public func raiseEmergency(desk: String?, note: String?, by actor: Actor, now: Date) throws -> Int64 {
        try write(actor, now: now) { tx in try tx.insert(NewTask.emergency(note: note, desk: desk, at: now), action: "emergency") }
    }

    // MARK: supervisor

    public func reassign(taskID: Int64, toDesk desk: String?, by actor: Actor, now: Date) throws {
        try requireRole(.supervisor, actor)
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            try tx.requireSitesOf(actor, task: task)
            if let desk { try tx.requireSitesOf(actor, desk: desk) }
            guard task.state == .queued || task.state == .suspended else {
                throw StoreError.taskNotInState(taskID, expected: "queued or suspended", actual: task.state.rawValue)
            }
            var moved = task
            moved.assignedDesk = desk
            if task.state == .suspended { moved.desk = desk }
            try tx.save(moved, was: task, action: "task.reassigned", detail: desk)
        }
    }

    public func bump(taskID: Int64, points: Double, by actor: Actor, now: Date) throws {
        try requireRole(.supervisor, actor)
        guard points.isFinite else { throw StoreError.invalid("bump points must be a number") }
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            try tx.requireSitesOf(actor, task: task)
            try tx.db.execute(sql: "UPDATE task SET bump = bump + ? WHERE id = ?", arguments: [points, taskID])
            try tx.changed(.task, taskID, action: "task.bumped", patient: task.patientID, detail: String(points))
        }
    }

    public func sendNote(toDesk desk: String, text: String?, by actor: Actor, now: Date) throws {
        try requireRole(.supervisor, actor)
        try write(actor, now: now) { tx in
            try tx.requireSitesOf(actor, desk: desk)
            try tx.db.execute(sql: "UPDATE desk SET note = ? WHERE name = ?", arguments: [text, desk])
            guard tx.changes == 1 else { throw StoreError.unknownDesk(desk) }
            try tx.changed(.desk, desk, action: "desk.note")
        }
    }

    func requireRole(_ role: Role, _ actor: Actor) throws {
        guard actor.role >= role else { throw StoreError.notAllowed("\(actor.login) is a \(actor.role.rawValue); this needs a \(role.rawValue)") }
    }
}
