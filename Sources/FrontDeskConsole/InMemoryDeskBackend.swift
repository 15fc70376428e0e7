import Foundation
import FrontDeskCore

/// Where a desk's effects go and where its clinic comes from. The SQLite store implements
/// this for real; `InMemoryDeskBackend` implements it over one in-process snapshot.
public protocol DeskBackend: AnyObject {
    func snapshot() -> ClinicSnapshot
    /// Performs one effect; a refusal comes back as a message for `update`.
    func perform(_ effect: DeskEffect, desk: String, at now: Date) -> DeskMessage?
}

/// The desk's effects applied to a snapshot held in memory, with the same rules the store
/// enforces (one desk wins a call, only the holder suspends a task). Several desks can share
/// one backend, which is how tests play out races between desks.
public final class InMemoryDeskBackend: DeskBackend {
    public private(set) var clinic: ClinicSnapshot
    private var nextTaskID: Int64

    public init(_ clinic: ClinicSnapshot) {
        self.clinic = clinic
        nextTaskID = (clinic.tasks.map(\.id).max() ?? 0) + 1
    }

    public func snapshot() -> ClinicSnapshot { clinic }

    /// Applies an outside change (a call ringing, a patient arriving) as the feed would.
    public func change(_ body: (inout ClinicSnapshot) -> Void) {
        body(&clinic); clinic.sequence += 1
    }

    public func perform(_ effect: DeskEffect, desk name: String, at now: Date) -> DeskMessage? {
        let failure = apply(effect, desk: name, at: now)
        clinic.sequence += 1
        return failure.map { .effectFailed(effect, $0) }
    }

    private func apply(_ effect: DeskEffect, desk name: String, at now: Date) -> DeskFailure? {
        switch effect {
        case .claimCall(let id):
            guard let i = clinic.calls.firstIndex(where: { $0.id == id }) else { return .notFound }
            guard clinic.calls[i].state.isWaiting else { return .callTakenByAnotherDesk }
            clinic.calls[i].state = .answered; clinic.calls[i].answeredAt = now; clinic.calls[i].desk = name
            if let t = clinic.tasks.firstIndex(where: { $0.callID == id && $0.state.isOpen }) {
                activate(t, desk: name)
            }
        case .endCall(let id, let outcome, let note):
            guard let i = clinic.calls.firstIndex(where: { $0.id == id }) else { return .notFound }
            guard clinic.calls[i].desk == name, clinic.calls[i].state == .answered else { return .refused("that call is not on this desk") }
            clinic.calls[i].state = .ended; clinic.calls[i].endedAt = now
            for t in clinic.tasks.indices where clinic.tasks[t].callID == id && clinic.tasks[t].state.isOpen {
                clinic.tasks[t].state = .done
                deskIndex(name).map { clinic.desks[$0].activeTaskID = nil }
            }
            if outcome == .callbackPromised {
                let call = clinic.calls[i]
                addTask(DeskTask(id: 0, kind: .callback, title: "Call back \(call.callerName ?? call.from)" + (note.isEmpty ? "" : " · \(note)"),
                                 createdAt: now, dueAt: now.addingTimeInterval(3600), patientID: call.patientID, callID: nil))
            }
        case .claimTask(let id):
            guard let t = clinic.tasks.firstIndex(where: { $0.id == id }) else { return .notFound }
            guard clinic.tasks[t].state == .queued else { return .taskTakenByAnotherDesk }
            activate(t, desk: name)
        case .suspend(let id, let context):
            guard let t = clinic.tasks.firstIndex(where: { $0.id == id }), clinic.tasks[t].state == .active,
                  clinic.tasks[t].desk == name else { return .refused("only the desk holding a task can suspend it") }
            clinic.tasks[t].state = .suspended; clinic.tasks[t].context = context
            let d = ensureDesk(name)
            clinic.desks[d].activeTaskID = nil
            clinic.desks[d].suspendedTaskIDs.removeAll { $0 == id }
            clinic.desks[d].suspendedTaskIDs.append(id)
        case .resume(let id):
            guard let t = clinic.tasks.firstIndex(where: { $0.id == id }), clinic.tasks[t].state == .suspended else { return .notFound }
            activate(t, desk: name)
        case .complete(let id):
            guard let t = clinic.tasks.firstIndex(where: { $0.id == id }), clinic.tasks[t].state.isOpen else { return .notFound }
            clinic.tasks[t].state = .done
            if let d = deskIndex(name), clinic.desks[d].activeTaskID == id { clinic.desks[d].activeTaskID = nil }
            if let v = clinic.tasks[t].visitID, clinic.tasks[t].kind == .checkIn,
               let vi = clinic.visits.firstIndex(where: { $0.id == v }), clinic.visits[vi].status.canMove(to: .checkedIn) {
                try? clinic.visits[vi].transition(to: .checkedIn, at: now)
            }
        case .raiseEmergency(let note):
            addTask(DeskTask(id: 0, kind: .emergency, title: note.isEmpty ? "Emergency" : note, createdAt: now, desk: name))
            activate(clinic.tasks.count - 1, desk: name)
        case .openCheckIn(let visitID):
            guard let visit = clinic.visits.first(where: { $0.id == visitID }) else { return .notFound }
            if let t = clinic.tasks.firstIndex(where: { $0.kind == .checkIn && $0.visitID == visitID && $0.state.isOpen }) {
                if clinic.tasks[t].state == .active, clinic.tasks[t].desk != name { return .taskTakenByAnotherDesk }
                activate(t, desk: name)
            } else {
                let who = clinic.patient(visit.patientID)?.displayName ?? visit.ticket
                addTask(DeskTask(id: 0, kind: .checkIn, title: who, createdAt: now, patientID: visit.patientID, visitID: visitID))
                activate(clinic.tasks.count - 1, desk: name)
            }
        case .completeCheckIn(let id, _):
            return apply(.complete(id), desk: name, at: now)
        case .saveDraft(let id, let context):
            guard let t = clinic.tasks.firstIndex(where: { $0.id == id }), clinic.tasks[t].state.isOpen else { return .notFound }
            clinic.tasks[t].context = context
        case .setMasked(let id, let masked):
            guard let t = clinic.tasks.firstIndex(where: { $0.id == id }), clinic.tasks[t].state == .active else { return .notFound }
            clinic.tasks[t].masked = masked
        case .recordView, .assignPatient, .registerPatient:
            // Records and the audit trail live in the store; the in-memory desk only plays the queue.
            break
        case .quit:
            break
        }
        return nil
    }

    private func addTask(_ task: DeskTask) {
        var t = task
        t.id = nextTaskID; nextTaskID += 1
        clinic.tasks.append(t)
    }

    private func activate(_ index: Int, desk name: String) {
        let id = clinic.tasks[index].id
        clinic.tasks[index].state = .active
        clinic.tasks[index].desk = name
        let d = ensureDesk(name)
        clinic.desks[d].activeTaskID = id
        clinic.desks[d].suspendedTaskIDs.removeAll { $0 == id }
    }

    private func deskIndex(_ name: String) -> Int? { clinic.desks.firstIndex { $0.name == name } }

    private func ensureDesk(_ name: String) -> Int {
        if let d = deskIndex(name) { return d }
        clinic.desks.append(Desk(name: name))
        return clinic.desks.count - 1
    }
}

extension DeskBackend {
    /// The journal position of the clinic, for a cheap "did anything change" check.
    public var sequence: Int64 { snapshot().sequence }
}
