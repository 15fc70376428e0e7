import Foundation
import FrontDeskCore

/// Rows → domain values, kept in one place so every read builds the same shapes. Each table
/// is read through its column list, and each value by its position in that list: a lookup by
/// name folds the column's case on every field of every row, which was a quarter of loading a
/// busy day.
enum Decode {
    static func date(_ v: Double?) -> Date? { v.map { Date(timeIntervalSince1970: $0) } }

    static let patientColumns = """
        id, mrn, family_name, given_name, preferred_name, date_of_birth, sex, phone, email, address, payer, member_id, \
        group_number, subscriber, relationship, insurance_verified, interpreter, accessibility, version
        """

    static func patient(_ r: SQLRow) -> Patient {
        var insurance: Insurance?
        if let payer: String = r[10] {
            insurance = Insurance(payer: payer, memberID: r[11] ?? "", groupNumber: r[12], subscriber: r[13],
                                  relationship: r[14], verified: r[15])
        }
        return Patient(id: r[0], mrn: r[1], familyName: r[2], givenName: r[3], preferredName: r[4], dateOfBirth: r[5],
                       sex: r[6], phone: r[7], email: r[8], address: r[9], insurance: insurance,
                       interpreter: r[16], accessibility: r[17], version: r[18])
    }

    static let visitColumns = """
        id, ticket, patient_id, appointment_ref, provider, appointment_at, walk_in, reason, status, status_since, \
        arrived_at, room, version, site
        """

    static func visit(_ r: SQLRow, readiness: [ReadinessCheck]) -> Visit {
        var visit = Visit(id: r[0], ticket: r[1], patientID: r[2], appointmentRef: r[3], provider: r[4], appointmentAt: date(r[5]),
              walkIn: r[6], reason: r[7], status: VisitStatus(rawValue: r[8]) ?? .scheduled,
              statusSince: Date(timeIntervalSince1970: r[9]), arrivedAt: date(r[10]), room: r[11],
              readiness: readiness, version: r[12])
        visit.site = r[13]
        return visit
    }

    static let readinessColumns = "visit_id, item, state, since"

    static func readiness(_ r: SQLRow) -> ReadinessCheck? {
        guard let item = ReadinessItem(rawValue: r[1]), let state = ReadinessState(rawValue: r[2]) else { return nil }
        return ReadinessCheck(item: item, state: state, since: Date(timeIntervalSince1970: r[3]))
    }

    static let callColumns = "id, from_number, caller_name, reason, queue, state, arrived_at, answered_at, ended_at, desk, patient_id, sites"

    static func call(_ r: SQLRow) -> Call {
        Call(id: r[0], from: r[1], callerName: r[2], reason: r[3], queue: r[4], state: CallState(rawValue: r[5]) ?? .waiting,
             arrivedAt: Date(timeIntervalSince1970: r[6]), answeredAt: date(r[7]), endedAt: date(r[8]), desk: r[9], patientID: r[10],
             sites: SiteRule.decode(r[11]))
    }

    static let deskColumns = "name, \"user\", note, site"

    static func desk(_ r: SQLRow) -> Desk { Desk(name: r[0], user: r[1], note: r[2], site: r[3]) }

    static let taskNames = ["id", "kind", "state", "title", "created_at", "due_at", "desk", "patient_id", "visit_id", "call_id",
                            "masked", "bump", "assigned_desk", "draft", "step", "note", "progress", "suspended_at", "times_suspended", "attempts", "sites"]
    static let taskColumns = taskColumns(of: nil)

    /// The task columns, qualified by `table` for a join.
    static func taskColumns(of table: String?) -> String {
        taskNames.map { name in table.map { "\($0).\(name)" } ?? name }.joined(separator: ", ")
    }

    static func task(_ r: SQLRow) -> DeskTask {
        var task = DeskTask(id: r[0], kind: TaskKind(rawValue: r[1]) ?? .providerRequest, state: TaskState(rawValue: r[2]) ?? .queued,
                 title: r[3], createdAt: Date(timeIntervalSince1970: r[4]), dueAt: date(r[5]), desk: r[6], patientID: r[7],
                 visitID: r[8], callID: r[9], context: context(r), masked: r[10], bump: r[11], assignedDesk: r[12],
                 attempts: r[19])
        task.sites = SiteRule.decode(r[20])
        return task
    }

    /// What the task keeps for its resumption; a draft saved before the first suspension counts too.
    static func context(_ r: SQLRow) -> TaskContext? {
        let draft: Data? = r[13]
        guard let at: Double = r[17] else {
            guard let draft else { return nil }
            return TaskContext(draft: draft, step: r[14] ?? "", note: r[15] ?? "", progress: r[16] ?? 0,
                               suspendedAt: Date(timeIntervalSince1970: r[4]), timesSuspended: r[18])
        }
        return TaskContext(draft: draft ?? Data(), step: r[14] ?? "", note: r[15] ?? "", progress: r[16] ?? 0,
                           suspendedAt: Date(timeIntervalSince1970: at), timesSuspended: r[18])
    }
}
