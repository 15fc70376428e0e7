import Foundation
import FrontDeskCore

/// The task rows as the desk-work rules see them, and the one way a changed task is written.
extension Tx {
    func task(_ id: Int64) throws -> DeskTask {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE id = ?", arguments: [id]) else { throw StoreError.unknownTask(id) }
        return Decode.task(row)
    }

    func call(_ id: String) throws -> Call? {
        try SQLRow.fetchOne(db, sql: "SELECT \(Decode.callColumns) FROM call WHERE id = ?", arguments: [id]).map(Decode.call)
    }

    /// What `desk` holds, read inside this transaction.
    func holding(of desk: String) throws -> DeskHolding {
        DeskHolding(desk: desk, tasks: try SQLRow.fetchAll(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE desk = ? AND state IN ('active','suspended')",
                                                       arguments: [desk]).map(Decode.task),
                    site: try deskSite(desk))
    }

    /// The open callbacks, with the numbers they are owed to (callbacks rule: one per caller).
    func openCallbacks() throws -> OpenCallbacks {
        let tasks = try SQLRow.fetchAll(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE kind = 'callback' AND state IN ('queued','active','suspended')")
            .map(Decode.task)
        let ids = Set(tasks.compactMap(\.callID))
        guard !ids.isEmpty else { return OpenCallbacks(tasks: [], calls: []) }
        let calls = try SQLRow.fetchAll(db, sql: "SELECT \(Decode.callColumns) FROM call WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                                     arguments: SQLArguments(Array(ids))).map(Decode.call)
        return OpenCallbacks(tasks: tasks, calls: calls)
    }

    /// A caller who rang again and was answered at `desk` is served: their open callbacks close.
    func serveCallbacks(answering call: Call, at desk: String) throws {
        for closed in CallbackRules.servedByAnswering(call, at: desk, open: try openCallbacks()) {
            try save(closed, was: try task(closed.id), action: "callback.served", detail: "by call \(call.id) at \(desk)")
        }
    }

    func patientName(_ id: Int64?) throws -> String? {
        guard let id else { return nil }
        return try SQLRow.fetchOne(db, sql: "SELECT family_name, given_name FROM patient WHERE id = ?", arguments: [id]).map {
            let given: String = $0["given_name"]
            let family: String = $0["family_name"]
            return given.isEmpty ? family : "\(family), \(given)"
        }
    }

    func visitStatus(_ id: Int64) throws -> VisitStatus {
        guard let raw = try String.fetchOne(db, sql: "SELECT status FROM visit WHERE id = ?", arguments: [id]) else {
            throw StoreError.unknownVisit(id)
        }
        return VisitStatus(rawValue: raw) ?? .scheduled
    }

    /// Stores a new task (its id is the row's); journalled and audited. Returns the id.
    @discardableResult
    func insert(_ task: DeskTask, action: String, detail: String? = nil) throws -> Int64 {
        let id = try db.insert(sql: """
            INSERT INTO task(kind, state, title, created_at, due_at, desk, patient_id, visit_id, call_id, assigned_desk, masked, bump, sites)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [task.kind.rawValue, task.state.rawValue, task.title, task.createdAt.timeIntervalSince1970,
                             task.dueAt?.timeIntervalSince1970, task.desk, task.patientID, task.visitID, task.callID,
                             task.assignedDesk, task.masked, task.bump, SiteRule.encode(try sites(for: task))])
        try changed(.task, id, action: action, patient: task.patientID, detail: detail)
        if task.state == .active { try flow(task: id, "task.claimed", desk: task.desk) }
        return id
    }

    /// Writes what the rules changed on `old`, only if the row is still as it was read (a
    /// compare-and-set: within an IMMEDIATE transaction it always holds; it is the guard that
    /// keeps "exactly one desk wins" true on any engine). Journalled and audited.
    func save(_ new: DeskTask, was old: DeskTask, action: String? = nil, detail: String? = nil) throws {
        let c = new.context
        try db.execute(sql: """
            UPDATE task SET state = ?, desk = ?, assigned_desk = ?, masked = ?, draft = ?, step = ?, note = ?, progress = ?,
              suspended_at = ?, times_suspended = ?
            WHERE id = ? AND state = ? AND desk IS NOT DISTINCT FROM ?
            """, arguments: [new.state.rawValue, new.desk, new.assignedDesk, new.masked, c?.draft, c?.step, c?.note, c?.progress,
                             // Stamped once the task has really been put aside; a draft alone is no suspension.
                             (c?.timesSuspended ?? 0) > 0 ? c?.suspendedAt.timeIntervalSince1970 : nil,
                             c?.timesSuspended ?? 0, new.id, old.state.rawValue, old.desk])
        guard changes == 1 else { throw StoreError.invalid("task \(new.id) changed while it was being updated; try again") }
        let said = action ?? Self.action(from: old.state, to: new.state)
        try changed(.task, new.id, action: said, patient: new.patientID, detail: detail ?? new.desk)
        // The flow log says what happened to the task (claimed, suspended, resumed, done…), in
        // its own words whatever the audit calls the action ("callback.served" is a task done);
        // a reclaim keeps its name, since the report counts it apart.
        if old.state != new.state {
            let event = action == "task.lease-expired" ? "task.lease-expired" : Self.action(from: old.state, to: new.state)
            try flow(task: new.id, event, desk: new.state == .active ? new.desk : old.desk ?? new.desk)
        }
    }

    /// One step of a task for the day report: `task.claimed`, `task.suspended`, … (the audit's
    /// own words), at this transaction's time, at the desk it happened at.
    func flow(task id: Int64, _ event: String, desk: String?) throws {
        try db.execute(sql: "INSERT INTO flow_event(at, subject, subject_id, event, desk) VALUES (?, 'task', ?, ?, ?)",
                       arguments: [t, id, event, desk])
    }

    static func action(from old: TaskState, to new: TaskState) -> String {
        switch (old, new) {
        case (.queued, .active): return "task.claimed"
        case (.suspended, .active): return "task.resumed"
        case (.active, .suspended): return "task.suspended"
        default: return "task.\(new.rawValue)"
        }
    }

    /// Applies the rules' changes in order: every task written or nothing.
    func apply(_ changed: [DeskTask]) throws {
        for new in changed { try save(new, was: try task(new.id)) }
    }

    /// One user action: set aside what the desk holds, claim the new work (see `DeskWork`).
    /// The same rules hold whoever asks: a console, or the phone system reporting a pick-up
    /// (which may be refused by the cap or a mask; see `phoneAnswered`).
    func start(_ work: DeskWork, at desk: String, settingAside aside: TaskContext?, lifecycle: TaskLifecycle,
               lease: TimeInterval?) throws -> WorkStarted {
        let holding = try holding(of: desk)
        let target: DeskTask
        switch work {
        case .answer(let id):
            guard let call = try call(id) else { throw StoreError.unknownCall(id) }
            guard call.state.isWaiting else {
                throw StoreError.refused(.callNotWaiting(call: id, state: call.state, desk: call.desk))
            }
            if let queued = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE call_id = ? AND kind = 'call' AND state = 'queued'",
                                             arguments: [id]).map(Decode.task) {
                target = queued
            } else {
                let label = try patientName(call.patientID) ?? Call.meaningfulName(call.callerName) ?? call.from
                let made = try insert(NewTask.call(call, callerLabel: label, at: now), action: "call.task")
                target = try task(made)
            }
            try db.execute(sql: "UPDATE call SET state = 'answered', answered_at = ?, desk = ? WHERE id = ?", arguments: [t, desk, id])
            try changed(.call, id, action: "call.answered", patient: call.patientID, detail: desk)
            try serveCallbacks(answering: call, at: desk)
        case .take(let id):
            target = try task(id)
        case .openCheckIn(let visitID):
            let status = try visitStatus(visitID)
            if status == .scheduled || status == .noShow { try arrive(visitID: visitID) }
            guard let open = try SQLRow.fetchOne(db, sql: """
                SELECT \(Decode.taskColumns) FROM task WHERE visit_id = ? AND kind = 'check-in' AND state IN ('queued','active','suspended')
                ORDER BY id DESC LIMIT 1
                """, arguments: [visitID]).map(Decode.task) else {
                let ticket = try String.fetchOne(db, sql: "SELECT ticket FROM visit WHERE id = ?", arguments: [visitID]) ?? ""
                throw StoreError.invalid("\(ticket.isEmpty ? "this visit" : ticket) is \(try visitStatus(visitID).label.lowercased()); there is nothing to check in")
            }
            target = open
        case .emergency(let note):
            target = try task(try insert(NewTask.emergency(note: note, desk: desk, at: now), action: "emergency"))
        }
        let changed = try StoreError.checking { try lifecycle.take(target, at: holding, settingAside: aside, now: now) }
        try apply(changed)
        if let pid = target.patientID, target.kind == .checkIn {
            // The form shows the record: opening or resuming a check-in is a view of it.
            try audit("patient.viewed", patient: pid)
        }
        if let lease { try touchLease(desk: desk, duration: lease) } else {
            // Answered at a phone with no console: no lease, so nothing is reclaimed from it.
            try db.execute(sql: "INSERT INTO desk(name, last_seen) VALUES (?, ?) ON CONFLICT DO NOTHING", arguments: [desk, t])
        }
        return WorkStarted(taskID: target.id, setAside: changed.count > 1 ? changed.first?.id : nil)
    }

    func closeCheckInTasks(visit: Int64) throws {
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM task WHERE visit_id = ? AND kind = 'check-in' AND state IN ('queued','active','suspended')", arguments: [visit]) {
            let old = try task(id)
            var done = old; done.state = .done; done.masked = false
            try save(done, was: old, action: "task.done")
        }
    }

    /// Renews the desk's lease; a desk seen for the first time is news (journalled).
    func touchLease(desk: String, duration: TimeInterval) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM desk WHERE name = ?", arguments: [desk]) == nil { try journal(.desk, desk) }
        try db.execute(sql: """
            INSERT INTO desk(name, "user", last_seen, lease_until) VALUES (?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET last_seen = excluded.last_seen, lease_until = excluded.lease_until
            """, arguments: [desk, actor?.login, t, t + duration])
    }
}
