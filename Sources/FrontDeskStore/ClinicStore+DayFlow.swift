import Foundation
import FrontDeskCore

/// The day as it happened, read in one snapshot for the day report: the day's visits (booked
/// for it, or arrived on it) with every status they passed through, its calls, and the tasks
/// it touched with their steps. The cost is the day's, never the whole history's.
extension ClinicStore {
    public func dayFlow(_ day: CivilDate, timeZone: TimeZone) throws -> DayFlow {
        let start = day.start(in: timeZone).timeIntervalSince1970
        let end = day.adding(days: 1).start(in: timeZone).timeIntervalSince1970
        return try read { db in
            let visitRows = try SQLRow.fetchAll(db, sql: """
                SELECT v.id, v.ticket, v.provider, v.appointment_at, v.walk_in, v.status, v.arrived_at, v.status_since,
                       p.family_name, p.given_name, p.preferred_name, p.mrn
                FROM visit v JOIN patient p ON p.id = v.patient_id
                WHERE (v.appointment_at >= ? AND v.appointment_at < ?) OR (v.arrived_at >= ? AND v.arrived_at < ?)
                """, arguments: [start, end, start, end])
            let ids = visitRows.map { $0["id"] as Int64 }
            var steps: [Int64: [(status: VisitStatus, at: Date)]] = [:]
            var readiness: [Int64: [ReadinessItem: (state: ReadinessState, since: Date)]] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let list = chunk.map(String.init).joined(separator: ",")
                for r in try SQLRow.fetchAll(db, sql: "SELECT subject_id, event, at FROM flow_event WHERE subject = 'visit' AND subject_id IN (\(list)) ORDER BY id") {
                    guard let status = VisitStatus(rawValue: r[1]) else { continue }
                    steps[r[0], default: []].append((status, Date(timeIntervalSince1970: r[2])))
                }
                for r in try SQLRow.fetchAll(db, sql: "SELECT visit_id, item, state, since FROM readiness WHERE visit_id IN (\(list))") {
                    guard let item = ReadinessItem(rawValue: r[1]), let state = ReadinessState(rawValue: r[2]) else { continue }
                    readiness[r[0], default: [:]][item] = (state, Date(timeIntervalSince1970: r[3]))
                }
            }
            let visits = visitRows.map { r in
                let id: Int64 = r["id"]
                let name = Patient(id: 0, mrn: r["mrn"], familyName: r["family_name"], givenName: r["given_name"],
                                   preferredName: r["preferred_name"]).displayName
                return DayFlow.VisitFlow(id: id, ticket: r["ticket"], patientName: name, mrn: r["mrn"], provider: r["provider"],
                                         appointmentAt: Decode.date(r["appointment_at"]), walkIn: r["walk_in"],
                                         status: VisitStatus(rawValue: r["status"]) ?? .scheduled, arrivedAt: Decode.date(r["arrived_at"]),
                                         steps: steps[id] ?? [], readiness: readiness[id] ?? [:])
            }
            let calls = try SQLRow.fetchAll(db, sql: """
                SELECT id, arrived_at, answered_at, ended_at, state FROM call WHERE arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at
                """, arguments: [start, end]).map { r in
                DayFlow.CallFlow(id: r[0], arrivedAt: Date(timeIntervalSince1970: r[1]), answeredAt: Decode.date(r[2]),
                                 endedAt: Decode.date(r[3]), state: CallState(rawValue: r[4]) ?? .ended)
            }
            // The tasks the day touched: made, stepped or due on it.
            var taskSteps: [Int64: [DayFlow.TaskStep]] = [:]
            for r in try SQLRow.fetchAll(db, sql: """
                SELECT subject_id, event, at, desk FROM flow_event WHERE subject = 'task' AND at >= ? AND at < ? ORDER BY id
                """, arguments: [start, end]) {
                taskSteps[r[0], default: []].append(DayFlow.TaskStep(event: r[1], at: Date(timeIntervalSince1970: r[2]), desk: r[3]))
            }
            let taskRows = try SQLRow.fetchAll(db, sql: """
                SELECT id, kind, created_at, due_at, state FROM task
                WHERE (created_at >= ? AND created_at < ?) OR (due_at >= ? AND due_at < ?)
                   OR id IN (SELECT DISTINCT subject_id FROM flow_event WHERE subject = 'task' AND at >= ? AND at < ?)
                """, arguments: [start, end, start, end, start, end])
            // When each was closed, whatever day (a callback done the evening before is no
            // overdue one today).
            var closed: [Int64: Date] = [:]
            let taskIDs = taskRows.map { $0[0] as Int64 }
            for chunk in stride(from: 0, to: taskIDs.count, by: 500).map({ Array(taskIDs[$0..<min($0 + 500, taskIDs.count)]) }) {
                let list = chunk.map(String.init).joined(separator: ",")
                for r in try SQLRow.fetchAll(db, sql: """
                    SELECT subject_id, max(at) FROM flow_event
                    WHERE subject = 'task' AND subject_id IN (\(list)) AND event IN ('task.done', 'task.cancelled') GROUP BY subject_id
                    """) {
                    closed[r[0]] = Date(timeIntervalSince1970: r[1])
                }
            }
            let tasks = taskRows.compactMap { r -> DayFlow.TaskFlow? in
                guard let kind = TaskKind(rawValue: r[1]), let state = TaskState(rawValue: r[4]) else { return nil }
                let id: Int64 = r[0]
                return DayFlow.TaskFlow(id: id, kind: kind, createdAt: Date(timeIntervalSince1970: r[2]), dueAt: Decode.date(r[3]),
                                        state: state, steps: taskSteps[id] ?? [], closedAt: closed[id])
            }
            return DayFlow(day: day, timeZone: timeZone, visits: visits, calls: calls, tasks: tasks)
        }
    }
}

extension ClinicStore {
    /// A report that names the patients of a day is a view of their visits: audited.
    public func recordReportNames(day: String, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in try tx.audit("report.names", detail: "day \(day)") }
    }
}
