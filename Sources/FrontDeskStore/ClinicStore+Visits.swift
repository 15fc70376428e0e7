import Foundation
import FrontDeskCore

/// The Waiting Room's moves and the clinic's rooms. The rules are the domain's (`VisitMove`,
/// `RoomOccupancy`); here they are applied to the rows as they stand inside one IMMEDIATE
/// transaction, so two desks rooming two patients into one room cannot both win.
extension ClinicStore {
    /// One move from the Waiting Room — no-show, arrived late, left without being seen, into a
    /// room — in one audited transaction: the visit moves, the work the move ends is cancelled,
    /// a slot still ahead that the move frees is offered to the waitlist (as a cancel does), a
    /// room new to the clinic joins its list. Front-desk work: it needs the check-in permission.
    /// A refusal (`VisitMoveRefusal`, `AccessDenied`, or a `WorkRefusal` when another desk is
    /// working on the visit) changes nothing.
    public func move(visitID: Int64, _ move: VisitMove, by actor: Actor, now: Date) throws {
        try AccessPolicy.require(actor.role, .checkIn)
        let lifecycle = TaskLifecycle(policy: config.policy)
        try write(actor, now: now) { tx in try tx.move(visitID, move, lifecycle: lifecycle) }
    }

    /// Adds rooms to the clinic's list; a room already there, however spelled, is kept once.
    public func addRooms(_ names: [String], by actor: Actor, now: Date) throws {
        let normalized = try names.map { try RoomName.normalized($0) }
        try write(actor, now: now) { tx in
            for name in normalized { try tx.addRoom(name) }
        }
    }

    /// The clinic's rooms, in counting order.
    public func rooms() throws -> [String] {
        try read { db in try Self.rooms(db) }
    }

    static func rooms(_ db: any SQLConnection) throws -> [String] {
        RoomName.sorted(try String.fetchAll(db, sql: "SELECT name FROM room"))
    }
}

extension Tx {
    func visit(_ id: Int64) throws -> Visit {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.visitColumns) FROM visit WHERE id = ?", arguments: [id]) else {
            throw StoreError.unknownVisit(id)
        }
        return Decode.visit(row, readiness: [])
    }

    /// Every visit in a room now, whatever its day: the rooms rule's view of the clinic.
    func visitsInRooms() throws -> [Visit] {
        try SQLRow.fetchAll(db, sql: """
            SELECT \(Decode.visitColumns) FROM visit WHERE room IS NOT NULL AND status IN ('roomed','with-provider')
            """).map { Decode.visit($0, readiness: []) }
    }

    func move(_ visitID: Int64, _ move: VisitMove, lifecycle: TaskLifecycle) throws {
        let visit = try visit(visitID)
        let moved = try move.apply(to: visit, among: try visitsInRooms(), at: now)
        if move == .arrivedLate {
            // The same arrival as any other (ticket, readiness, check-in task), said to be late.
            try arrive(visitID: visitID)
            try audit("visit.\(move.kind.rawValue)", patient: visit.patientID, detail: try String.fetchOne(db, sql: "SELECT ticket FROM visit WHERE id = ?", arguments: [visitID]))
            return
        }
        try db.execute(sql: """
            UPDATE visit SET status = ?, status_since = ?, room = ?, version = version + 1 WHERE id = ? AND version = ?
            """, arguments: [moved.status.rawValue, t, moved.room, visitID, visit.version])
        guard changes == 1 else { throw StoreError.invalid("visit \(visitID) changed while it was being moved; try again") }
        let detail = move.kind == .room ? "\(visit.ticket) → \(moved.room ?? "")" : visit.ticket
        try changed(.visit, visitID, action: "visit.\(move.kind.rawValue)", patient: visit.patientID, detail: detail)
        if let room = moved.room, move.kind == .room { try addRoom(room) }
        // The schedule's rule: a status that gives the time back frees the slot (someone who
        // left before their time leaves it to the waitlist; a no-show's time has passed).
        if visit.appointmentAt != nil, !moved.status.holdsItsTime {
            // The practice system hears of a no-show made here (the outbox, same transaction).
            if moved.status == .noShow { try enqueueOutbound(.noShow, visit: visitID) }
            try offerFreedSlot(try appointment(visitID))
        }
        let kinds = move.closesTasks
        guard !kinds.isEmpty else { return }
        let open = try SQLRow.fetchAll(db, sql: """
            SELECT \(Decode.taskColumns) FROM task WHERE visit_id = ? AND state IN ('queued','active','suspended') ORDER BY id
            """, arguments: [visitID]).map(Decode.task).filter { kinds.contains($0.kind) }
        for task in open {
            let closed = try StoreError.checking { try lifecycle.close(task, as: .cancelled, by: actor?.desk) }
            try save(closed, was: task, action: "task.cancelled", detail: "visit \(move.kind.rawValue)")
        }
    }

    /// A room the clinic did not list yet joins the list (journalled, so every console's picker has it).
    func addRoom(_ name: String) throws {
        try db.execute(sql: "INSERT INTO room(name, added_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING", arguments: [name, t])
        guard changes > 0 else { return }
        try changed(.room, name, action: "room.added", detail: name)
    }
}
