import Foundation
import FrontDeskCore
import FrontDeskStore

/// The desk's effects performed on the shared SQLite store. Reads are cached by journal
/// sequence: `snapshot()` costs one cheap query unless something changed (here or in
/// another process), so the loop may ask as often as it likes.
public final class StoreDeskBackend: DeskBackend {
    public let store: ClinicStore
    public let actor: Actor
    private let clinic: CachedClinic
    private var lastHeartbeat: Date?
    /// How often the desk renews its lease and hands back dead desks' work.
    public var heartbeatInterval: TimeInterval = 5

    public init(store: ClinicStore, actor: Actor) {
        self.store = store; self.actor = actor; clinic = CachedClinic(store: store)
    }

    public var sequence: Int64 { clinic.sequence }
    public func snapshot() -> ClinicSnapshot { clinic.snapshot() }

    /// Renews this desk's lease and reclaims expired ones, at most every `heartbeatInterval`.
    public func heartbeat(at now: Date) {
        if let last = lastHeartbeat, now.timeIntervalSince(last) < heartbeatInterval { return }
        lastHeartbeat = now
        try? store.renewLease(desk: actor.desk, now: now)
        _ = try? store.reclaimExpiredLeases(now: now)
    }

    public func perform(_ effect: DeskEffect, desk: String, at now: Date) -> DeskMessage? {
        do {
            let failure = try apply(effect, desk: desk, at: now)
            return failure.map { .effectFailed(effect, $0) }
        } catch let e as StoreError {
            return .effectFailed(effect, Self.failure(e))
        } catch let e as ConcurrentChange {
            return .effectFailed(effect, .refused(e.description))
        } catch {
            return .effectFailed(effect, Self.isBusy(error) ? .busy : .refused("\(error)"))
        }
    }

    private func apply(_ effect: DeskEffect, desk: String, at now: Date) throws -> DeskFailure? {
        switch effect {
        case .claimCall(let id):
            return try store.claimCall(id: id, desk: desk, by: actor, now: now) ? nil : .callTakenByAnotherDesk
        case .endCall(let id, let outcome, let note):
            try store.endCall(id: id, outcome: outcome, note: note.isEmpty ? nil : note, by: actor, now: now)
        case .claimTask(let id):
            return try store.claimTask(id: id, desk: desk, by: actor, now: now) ? nil : .taskTakenByAnotherDesk
        case .suspend(let id, let context):
            try store.suspend(taskID: id, context: context, by: actor, now: now)
        case .resume(let id):
            _ = try store.resume(taskID: id, by: actor, now: now)
        case .complete(let id):
            // Completing a check-in is checking the patient in: the visit moves and the task closes together.
            if let task = try store.task(id: id), task.kind == .checkIn, let visit = task.visitID,
               snapshot().visits.first(where: { $0.id == visit })?.status == .arrived {
                try store.checkIn(visitID: visit, by: actor, now: now)
            } else {
                try store.complete(taskID: id, by: actor, now: now)
            }
        case .raiseEmergency(let note):
            let id = try store.raiseEmergency(desk: desk, note: note.isEmpty ? nil : note, by: actor, now: now)
            _ = try store.claimTask(id: id, desk: desk, by: actor, now: now)
        case .openCheckIn(let visitID):
            return try openCheckIn(visitID, desk: desk, at: now)
        case .saveDraft(let id, let context):
            try store.saveDraft(taskID: id, context: context, by: actor, now: now)
        case .setMasked(let id, let masked):
            try store.setMasked(taskID: id, masked, by: actor, now: now)
        case .recordView(let pid):
            try store.recordView(patientID: pid, by: actor, now: now)
        case .assignPatient(let pid, let visitID):
            try store.assignPatient(pid, toVisit: visitID, by: actor, now: now)
        case .registerPatient(let patient, let visitID):
            try store.registerPatient(patient, forVisit: visitID, by: actor, now: now)
        case .completeCheckIn(_, let draft):
            return try completeCheckIn(draft, at: now)
        case .quit:
            break
        }
        return nil
    }

    /// The visit's open check-in task becomes this desk's; a scheduled patient at the window
    /// is marked arrived first (which creates the task).
    private func openCheckIn(_ visitID: Int64, desk: String, at now: Date) throws -> DeskFailure? {
        var snap = try store.snapshot()
        guard let visit = snap.visits.first(where: { $0.id == visitID }) else { return .notFound }
        if visit.status == .scheduled || visit.status == .noShow {
            try store.setVisitStatus(visitID: visitID, to: .arrived, by: actor, now: now)
            snap = try store.snapshot()
        }
        guard let task = snap.tasks.first(where: { $0.kind == .checkIn && $0.visitID == visitID && $0.state.isOpen }) else {
            return .refused("\(visit.ticket.isEmpty ? "this visit" : visit.ticket) is \(visit.status.label.lowercased()); there is nothing to check in")
        }
        if task.state == .active { return task.desk == desk ? nil : .taskTakenByAnotherDesk }
        if try store.claimTask(id: task.id, desk: desk, by: actor, now: now) { return nil }
        return .taskTakenByAnotherDesk
    }

    /// The form's values over the stored record, saved with the version the form started
    /// from: a record another desk saved meanwhile comes back as a refusal, and the next
    /// snapshot shows the form what changed.
    private func completeCheckIn(_ draft: FrontDeskCore.CheckInDraft, at now: Date) throws -> DeskFailure? {
        guard let pid = draft.patientID, let base = try store.patient(id: pid) else { return .notFound }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = .current
        let c = cal.dateComponents([.year, .month, .day], from: now)
        let today = String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
        switch draft.updatedPatient(base, today: today) {
        case .failure(let incomplete): return .refused(incomplete.description)
        case .success(let patient):
            try store.completeCheckIn(visitID: draft.visitID, patient: patient, expectedVersion: draft.basePatientVersion,
                                      readiness: draft.readiness, by: actor, now: now)
            return nil
        }
    }

    static func failure(_ e: StoreError) -> DeskFailure {
        switch e {
        case .unknownCall, .unknownTask, .unknownVisit, .unknownAppointment: return .notFound
        default: return .refused(e.description)
        }
    }

    static func isBusy(_ error: Error) -> Bool {
        let text = "\(error)".lowercased()
        return text.contains("busy") || text.contains("locked")
    }
}
