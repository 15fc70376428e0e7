import Foundation
import FrontDeskCore
import GRDB

/// Desk work: claims settled by one conditional UPDATE, suspend/resume with context,
/// and leases that hand a dead console's work back to the queue.
extension ClinicStore {
    /// Signs a desk in (or refreshes who sits there) and starts its lease.
    public func registerDesk(name: String, user: String?, now: Date) throws {
        guard !name.isEmpty else { throw StoreError.invalid("a desk needs a name") }
        let actor = Actor(login: user ?? "system", desk: name, role: .receptionist)
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: """
                INSERT INTO desk(name, user, last_seen, lease_until) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET user = excluded.user, last_seen = excluded.last_seen, lease_until = excluded.lease_until
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
            let rows = try Row.fetchAll(tx.db, sql: """
                SELECT task.id, task.desk, task.patient_id FROM task JOIN desk ON desk.name = task.desk
                WHERE task.state = 'active' AND desk.lease_until < ?
                """, arguments: [tx.t])
            for r in rows {
                let id: Int64 = r["id"]
                try tx.db.execute(sql: """
                    UPDATE task SET state = 'suspended', desk = NULL, suspended_at = ?, times_suspended = times_suspended + 1,
                      note = coalesce(nullif(note, ''), 'returned: desk ' || ? || ' stopped responding')
                    WHERE id = ?
                    """, arguments: [tx.t, r["desk"] as String, id])
                try tx.changed(.task, id, action: "task.lease-expired", patient: r["patient_id"], detail: r["desk"])
            }
            return rows.count
        }
    }

    /// Answers a waiting call at `desk`. Exactly one desk wins; the loser gets false.
    /// The call's task becomes the desk's active task; whatever the desk held before is
    /// suspended with its last saved draft, so nothing is lost.
    public func claimCall(id: String, desk: String, by actor: Actor, now: Date) throws -> Bool {
        try write(actor, now: now) { tx in
            guard try tx.call(id) != nil else { throw StoreError.unknownCall(id) }
            return try tx.claimCall(id, desk: desk, lease: config.leaseDuration)
        }
    }

    /// Closes an answered call. `.callbackPromised` leaves a callback task, due within the window.
    /// Returns the callback task's id when one was created.
    @discardableResult
    public func endCall(id: String, outcome: CallOutcome, note: String?, by actor: Actor, now: Date) throws -> Int64? {
        try write(actor, now: now) { tx in
            guard let row = try Row.fetchOne(tx.db, sql: "SELECT * FROM call WHERE id = ?", arguments: [id]) else {
                throw StoreError.unknownCall(id)
            }
            let call = Decode.call(row)
            try tx.endCall(id, state: "ended")
            try tx.audit("call.outcome", patient: call.patientID, detail: outcome.rawValue)
            guard outcome == .callbackPromised else { return nil }
            let task = try tx.insertTask(.callback, title: "Call back \(call.callerName ?? call.from)" + (note.map { ": \($0)" } ?? ""),
                                         due: now.addingTimeInterval(config.callbackWindow), patient: call.patientID, call: id)
            try tx.changed(.task, task, action: "callback.created", patient: call.patientID)
            return task
        }
    }

    /// Takes a queued task, or a suspended one this desk held or nobody holds. One wins.
    public func claimTask(id: Int64, desk: String, by actor: Actor, now: Date) throws -> Bool {
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: """
                UPDATE task SET state = 'active', desk = :desk
                WHERE id = :id AND (assigned_desk IS NULL OR assigned_desk = :desk)
                  AND (state = 'queued' OR (state = 'suspended' AND (desk IS NULL OR desk = :desk)))
                """, arguments: ["id": id, "desk": desk])
            guard tx.changes == 1 else { return false }   // another desk won; nothing changed
            try tx.setAside(desk: desk, except: id)
            let pid = try Int64.fetchOne(tx.db, sql: "SELECT patient_id FROM task WHERE id = ?", arguments: [id])
            try tx.changed(.task, id, action: "task.claimed", patient: pid)
            try tx.touchLease(desk: desk, duration: config.leaseDuration)
            return true
        }
    }

    /// Puts the active task aside with its context (draft stored byte for byte).
    /// Refused once the desk already holds `policy.suspendCap` suspended tasks.
    public func suspend(taskID: Int64, context: TaskContext, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            guard task.state == .active, let desk = task.desk else {
                throw StoreError.taskNotInState(taskID, expected: "active", actual: task.state.rawValue)
            }
            let held = try Int.fetchOne(tx.db, sql: "SELECT count(*) FROM task WHERE state = 'suspended' AND desk = ?", arguments: [desk]) ?? 0
            if held >= config.policy.suspendCap { throw StoreError.suspendCapReached(desk: desk, cap: config.policy.suspendCap) }
            try tx.db.execute(sql: """
                UPDATE task SET state = 'suspended', draft = ?, step = ?, note = ?, progress = ?, suspended_at = ?,
                  times_suspended = times_suspended + 1, masked = 0 WHERE id = ?
                """, arguments: [context.draft, context.step, context.note, context.progress, tx.t, taskID])
            try tx.changed(.task, taskID, action: "task.suspended", patient: task.patientID)
        }
    }

    /// Takes a suspended task back at the actor's desk and returns where it stopped.
    public func resume(taskID: Int64, by actor: Actor, now: Date) throws -> TaskContext? {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            guard task.state == .suspended else {
                throw StoreError.taskNotInState(taskID, expected: "suspended", actual: task.state.rawValue)
            }
            if let other = task.desk, other != actor.desk { throw StoreError.notAllowed("task \(taskID) is held by desk \(other)") }
            if let active = try Int64.fetchOne(tx.db, sql: "SELECT id FROM task WHERE state = 'active' AND desk = ?", arguments: [actor.desk]) {
                throw StoreError.deskBusy(desk: actor.desk, activeTask: active)
            }
            try tx.db.execute(sql: "UPDATE task SET state = 'active', desk = ? WHERE id = ?", arguments: [actor.desk, taskID])
            try tx.changed(.task, taskID, action: "task.resumed", patient: task.patientID)
            try tx.touchLease(desk: actor.desk, duration: config.leaseDuration)
            return task.context
        }
    }

    /// Stores the form as typed. Called every few hundred ms, so it is one UPDATE plus a
    /// journal row; it is not audited (the audit records the suspend, the save, the completion).
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

    public func complete(taskID: Int64, by actor: Actor, now: Date) throws {
        try close(taskID: taskID, state: .done, by: actor, now: now)
    }

    public func cancel(taskID: Int64, by actor: Actor, now: Date) throws {
        try close(taskID: taskID, state: .cancelled, by: actor, now: now)
    }

    private func close(taskID: Int64, state: TaskState, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            guard task.state.isOpen else { throw StoreError.taskNotInState(taskID, expected: "open", actual: task.state.rawValue) }
            try tx.db.execute(sql: "UPDATE task SET state = ?, masked = 0 WHERE id = ?", arguments: [state.rawValue, taskID])
            try tx.changed(.task, taskID, action: "task.\(state.rawValue)", patient: task.patientID)
        }
    }

    /// An emergency task, above everything; assigned to `desk` when given. Returns its id.
    public func raiseEmergency(desk: String?, note: String?, by actor: Actor, now: Date) throws -> Int64 {
        try write(actor, now: now) { tx in try tx.emergency(desk: desk, note: note) }
    }

    // MARK: supervisor

    public func reassign(taskID: Int64, toDesk desk: String?, by actor: Actor, now: Date) throws {
        try requireRole(.supervisor, actor)
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            guard task.state == .queued || task.state == .suspended else {
                throw StoreError.taskNotInState(taskID, expected: "queued or suspended", actual: task.state.rawValue)
            }
            try tx.db.execute(sql: "UPDATE task SET assigned_desk = ?, desk = CASE WHEN state = 'suspended' THEN ? ELSE desk END WHERE id = ?",
                              arguments: [desk, desk, taskID])
            try tx.changed(.task, taskID, action: "task.reassigned", patient: task.patientID, detail: desk)
        }
    }

    public func bump(taskID: Int64, points: Double, by actor: Actor, now: Date) throws {
        try requireRole(.supervisor, actor)
        guard points.isFinite else { throw StoreError.invalid("bump points must be a number") }
        try write(actor, now: now) { tx in
            let task = try tx.task(taskID)
            try tx.db.execute(sql: "UPDATE task SET bump = bump + ? WHERE id = ?", arguments: [points, taskID])
            try tx.changed(.task, taskID, action: "task.bumped", patient: task.patientID, detail: String(points))
        }
    }

    public func sendNote(toDesk desk: String, text: String?, by actor: Actor, now: Date) throws {
        try requireRole(.supervisor, actor)
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: "UPDATE desk SET note = ? WHERE name = ?", arguments: [text, desk])
            guard tx.changes == 1 else { throw StoreError.unknownDesk(desk) }
            try tx.changed(.desk, desk, action: "desk.note")
        }
    }

    func requireRole(_ role: Role, _ actor: Actor) throws {
        guard actor.role >= role else { throw StoreError.notAllowed("\(actor.login) is a \(actor.role.rawValue); this needs a \(role.rawValue)") }
    }
}

extension Tx {
    func call(_ id: String) throws -> Call? {
        try Row.fetchOne(db, sql: "SELECT * FROM call WHERE id = ?", arguments: [id]).map(Decode.call)
    }

    /// One conditional UPDATE settles the race: only a waiting call can be answered.
    func claimCall(_ id: String, desk: String, lease: TimeInterval?) throws -> Bool {
        try db.execute(sql: """
            UPDATE call SET state = 'answered', answered_at = ?, desk = ? WHERE id = ? AND state IN ('waiting','on-hold')
            """, arguments: [t, desk, id])
        guard changes == 1 else { return false }
        let pid = try Int64.fetchOne(db, sql: "SELECT patient_id FROM call WHERE id = ?", arguments: [id])
        try changed(.call, id, action: "call.answered", patient: pid, detail: desk)
        try setAside(desk: desk)
        for task in try Int64.fetchAll(db, sql: "SELECT id FROM task WHERE call_id = ? AND kind = 'call' AND state = 'queued'", arguments: [id]) {
            try db.execute(sql: "UPDATE task SET state = 'active', desk = ? WHERE id = ?", arguments: [desk, task])
            try journal(.task, task)
        }
        if let lease { try touchLease(desk: desk, duration: lease) } else {
            // Answered at a phone with no console: no lease, so nothing is reclaimed from it.
            try db.execute(sql: "INSERT OR IGNORE INTO desk(name, last_seen) VALUES (?, ?)", arguments: [desk, t])
        }
        return true
    }

    func task(_ id: Int64) throws -> DeskTask {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM task WHERE id = ?", arguments: [id]) else { throw StoreError.unknownTask(id) }
        return Decode.task(row)
    }

    /// Before a desk takes new work, what it holds is suspended with its saved draft.
    func setAside(desk: String, except: Int64? = nil) throws {
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM task WHERE state = 'active' AND desk = ? AND id IS NOT ?", arguments: [desk, except]) {
            try db.execute(sql: "UPDATE task SET state = 'suspended', suspended_at = ?, times_suspended = times_suspended + 1, masked = 0 WHERE id = ?",
                           arguments: [t, id])
            try changed(.task, id, action: "task.suspended", detail: "set aside for new work")
        }
    }

    func touchLease(desk: String, duration: TimeInterval) throws {
        try db.execute(sql: """
            INSERT INTO desk(name, user, last_seen, lease_until) VALUES (?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET last_seen = excluded.last_seen, lease_until = excluded.lease_until
            """, arguments: [desk, actor?.login, t, t + duration])
    }
}
