import Foundation

/// How each kind of task comes into being — one place, so the console, the store, the
/// feed and the simulator make the same task for the same event. Ids are assigned by
/// whoever stores the task (0 here).
public enum NewTask {
    /// A ringing call is a task too: phone and lobby share one queue.
    public static func call(_ call: Call, callerLabel: String, at now: Date) -> DeskTask {
        var task = DeskTask(id: 0, kind: .call, title: "Call from \(callerLabel)", createdAt: call.arrivedAt,
                            patientID: call.patientID, callID: call.id)
        task.sites = call.sites   // answered by the desks of the sites its queue rang for
        return task
    }

    /// Why a callback is owed.
    public enum CallbackReason: Equatable, Sendable {
        /// The caller hung up before a desk answered.
        case abandoned
        /// The desk promised to call back (with the receptionist's note).
        case promised(note: String?)
    }

    /// The callback a call leaves behind, due within `window`. It always carries the number
    /// (and the call it came from), so whoever works it can dial.
    public static func callback(for call: Call, patientName: String?, reason: CallbackReason,
                                at now: Date, window: TimeInterval) -> DeskTask {
        let who = patientName ?? Call.meaningfulName(call.callerName)
        var title = "Call back " + (who.map { "\($0) · \(call.from)" } ?? call.from)
        if case .promised(let note?) = reason, !note.isEmpty { title += ": \(note)" }
        return DeskTask(id: 0, kind: .callback, title: title, createdAt: now, dueAt: now.addingTimeInterval(window),
                        patientID: call.patientID, callID: call.id)
    }

    /// A patient at the window waiting to be checked in.
    public static func checkIn(visit: Visit, patientName: String, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .checkIn, title: "Check in \(patientName)", createdAt: now,
                 patientID: visit.patientID, visitID: visit.id)
    }

    /// An emergency, above everything; assigned to the desk that raised it when there is one.
    public static func emergency(note: String?, desk: String?, at now: Date) -> DeskTask {
        let trimmed = note?.trimmingCharacters(in: .whitespaces) ?? ""
        let title = !trimmed.isEmpty ? trimmed : (desk.map { "raised at desk \($0)" } ?? "raised")
        return DeskTask(id: 0, kind: .emergency, title: title, createdAt: now, assignedDesk: desk)
    }

    /// "Okafor, Chidi (A-003)": who a task is about, first, so a narrow queue still says it.
    static func about(_ patientName: String?, ticket: String? = nil) -> String {
        let name = patientName.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown patient"
        return ticket.flatMap { $0.isEmpty ? nil : "\(name) (\($0))" } ?? name
    }

    /// Documents still missing at check-in become one task for the visit.
    public static func missingDocuments(_ items: [ReadinessItem], patientID: Int64, visitID: Int64, patientName: String?,
                                        ticket: String?, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .missingDocuments,
                 title: about(patientName, ticket: ticket) + " — missing " + items.map(\.label).joined(separator: ", "),
                 createdAt: now, patientID: patientID, visitID: visitID)
    }

    /// Insurance to verify before the appointment; a walk-in (or a late check-in) gets 15 minutes.
    public static func insuranceVerification(patientID: Int64, visitID: Int64, patientName: String?, ticket: String?,
                                             appointmentAt: Date?, at now: Date) -> DeskTask {
        let due = appointmentAt.map { max(now, $0.addingTimeInterval(-5 * 60)) } ?? now.addingTimeInterval(15 * 60)
        return DeskTask(id: 0, kind: .insuranceVerification, title: about(patientName, ticket: ticket) + " — verify insurance",
                        createdAt: now, dueAt: due, patientID: patientID, visitID: visitID)
    }

    public static func providerRequest(_ kind: ProviderRequestKind, note: String?, patientID: Int64, patientName: String?,
                                       due: Date?, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: about(patientName) + " — " + kind.label.lowercased() + (note.map { ": \($0)" } ?? ""),
                 createdAt: now, dueAt: due, patientID: patientID)
    }
}

extension Call {
    /// Caller-ID names that name nobody (what carriers send when they know no name).
    static let placeholderNames: Set<String> = ["unknown", "unknown caller", "unavailable", "anonymous",
                                                "private", "private caller", "restricted", "wireless caller",
                                                "out of area", "blocked"]

    /// The caller-ID name when it names someone, else nil.
    public static func meaningfulName(_ name: String?) -> String? {
        guard let n = name?.trimmingCharacters(in: .whitespaces), !n.isEmpty,
              !placeholderNames.contains(n.lowercased()) else { return nil }
        return n
    }
}
