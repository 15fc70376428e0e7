import Foundation
import FrontDeskCore
import GRDB

/// Rows → domain values. Kept in one place so every read builds the same shapes.
enum Decode {
    static func date(_ v: Double?) -> Date? { v.map { Date(timeIntervalSince1970: $0) } }

    static func patient(_ r: Row) -> Patient {
        var insurance: Insurance?
        if let payer: String = r["payer"] {
            insurance = Insurance(payer: payer, memberID: r["member_id"] ?? "", groupNumber: r["group_number"],
                                  subscriber: r["subscriber"], relationship: r["relationship"],
                                  verified: r["insurance_verified"])
        }
        return Patient(id: r["id"], mrn: r["mrn"], familyName: r["family_name"], givenName: r["given_name"],
                       preferredName: r["preferred_name"], dateOfBirth: r["date_of_birth"], sex: r["sex"],
                       phone: r["phone"], email: r["email"], address: r["address"], insurance: insurance,
                       interpreter: r["interpreter"], accessibility: r["accessibility"], version: r["version"])
    }

    static func visit(_ r: Row, readiness: [ReadinessCheck]) -> Visit {
        Visit(id: r["id"], ticket: r["ticket"], patientID: r["patient_id"], appointmentRef: r["appointment_ref"],
              provider: r["provider"], appointmentAt: date(r["appointment_at"]), walkIn: r["walk_in"],
              reason: r["reason"], status: VisitStatus(rawValue: r["status"]) ?? .scheduled,
              statusSince: Date(timeIntervalSince1970: r["status_since"]), arrivedAt: date(r["arrived_at"]),
              room: r["room"], readiness: readiness, version: r["version"])
    }

    static func readiness(_ r: Row) -> ReadinessCheck? {
        guard let item = ReadinessItem(rawValue: r["item"]), let state = ReadinessState(rawValue: r["state"]) else { return nil }
        return ReadinessCheck(item: item, state: state, since: Date(timeIntervalSince1970: r["since"]))
    }

    static func call(_ r: Row) -> Call {
        Call(id: r["id"], from: r["from_number"], callerName: r["caller_name"], reason: r["reason"], queue: r["queue"],
             state: CallState(rawValue: r["state"]) ?? .waiting, arrivedAt: Date(timeIntervalSince1970: r["arrived_at"]),
             answeredAt: date(r["answered_at"]), endedAt: date(r["ended_at"]), desk: r["desk"], patientID: r["patient_id"])
    }

    static func context(_ r: Row) -> TaskContext? {
        guard let at = r["suspended_at"] as Double? else {
            // A draft saved before the first suspension still counts as context.
            guard let draft: Data = r["draft"] else { return nil }
            return TaskContext(draft: draft, step: r["step"] ?? "", note: r["note"] ?? "",
                               progress: r["progress"] ?? 0, suspendedAt: Date(timeIntervalSince1970: r["created_at"]),
                               timesSuspended: r["times_suspended"])
        }
        return TaskContext(draft: r["draft"] ?? Data(), step: r["step"] ?? "", note: r["note"] ?? "",
                           progress: r["progress"] ?? 0, suspendedAt: Date(timeIntervalSince1970: at),
                           timesSuspended: r["times_suspended"])
    }

    static func task(_ r: Row) -> DeskTask {
        let state = TaskState(rawValue: r["state"]) ?? .queued
        let ctx = context(r)
        return DeskTask(id: r["id"], kind: TaskKind(rawValue: r["kind"]) ?? .providerRequest, state: state,
                        title: r["title"], createdAt: Date(timeIntervalSince1970: r["created_at"]),
                        dueAt: date(r["due_at"]), desk: r["desk"], patientID: r["patient_id"], visitID: r["visit_id"],
                        callID: r["call_id"], context: ctx, masked: r["masked"], bump: r["bump"],
                        assignedDesk: r["assigned_desk"])
    }
}

extension ClinicStore {
    /// The whole live state. With `since`, finished calls, tasks and visits older than
    /// that are left out (a long-running database keeps its history).
    public func snapshot(since: Date? = nil) throws -> ClinicSnapshot {
        let t = since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
        return try read { db in
            var s = ClinicSnapshot()
            s.sequence = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0
            for r in try Row.fetchAll(db, sql: "SELECT * FROM patient") {
                let p = Decode.patient(r); s.patients[p.id] = p
            }
            var checks: [Int64: [ReadinessCheck]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM readiness ORDER BY visit_id, item") {
                if let c = Decode.readiness(r) { checks[r["visit_id"], default: []].append(c) }
            }
            s.visits = try Row.fetchAll(db, sql: """
                SELECT * FROM visit WHERE status IN ('scheduled','arrived','checked-in','roomed','with-provider','checkout')
                   OR status_since >= ? ORDER BY coalesce(appointment_at, arrived_at), id
                """, arguments: [t]).map { Decode.visit($0, readiness: checks[$0["id"]] ?? []) }
            s.calls = try Row.fetchAll(db, sql: """
                SELECT * FROM call WHERE state IN ('waiting','on-hold','answered') OR arrived_at >= ? ORDER BY arrived_at, id
                """, arguments: [t]).map(Decode.call)
            s.tasks = try Row.fetchAll(db, sql: """
                SELECT * FROM task WHERE state IN ('queued','active','suspended') OR created_at >= ? ORDER BY id
                """, arguments: [t]).map(Decode.task)
            s.desks = try Row.fetchAll(db, sql: "SELECT * FROM desk ORDER BY name").map { r in
                let name: String = r["name"]
                return Desk(name: name, user: r["user"],
                            activeTaskID: s.tasks.first { $0.state == .active && $0.desk == name }?.id,
                            suspendedTaskIDs: s.tasks.filter { $0.state == .suspended && $0.desk == name }
                                .sorted { ($0.context?.suspendedAt ?? $0.createdAt, $0.id) < ($1.context?.suspendedAt ?? $1.createdAt, $1.id) }
                                .map(\.id),
                            note: r["note"], lastSeen: Decode.date(r["last_seen"]))
            }
            return s
        }
    }

    public func patient(id: Int64) throws -> Patient? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM patient WHERE id = ?", arguments: [id]).map(Decode.patient) }
    }

    public func patient(mrn: String) throws -> Patient? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM patient WHERE mrn = ?", arguments: [mrn]).map(Decode.patient) }
    }

    public func task(id: Int64) throws -> DeskTask? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM task WHERE id = ?", arguments: [id]).map(Decode.task) }
    }

    public func call(id: String) throws -> Call? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM call WHERE id = ?", arguments: [id]).map(Decode.call) }
    }

    /// Calls still open (waiting, on hold, answered): the AMI adapter closes those that
    /// vanished while it was disconnected.
    public func openCallIDs() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM call WHERE state IN ('waiting','on-hold','answered')")) }
    }
}
