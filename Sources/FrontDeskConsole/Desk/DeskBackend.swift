import Foundation
import FrontDeskCore
import FrontDeskStore

/// The desk's effects performed on the shared store, on the worker thread. Each effect is one
/// intention-named transaction; the clinic is kept by a `ClinicFollower` (patched from the
/// journal); leases are renewed from the worker's heartbeat.
public final class StoreDeskBackend: ConsoleBackend {
    public let store: ClinicStore
    public let actor: Actor
    private let follower: ClinicFollower
    private var lastHeartbeat: Date?
    private var lastHeadCheck: Date?
    private var signedIn = false
    /// How often the desk renews its lease and hands back dead desks' work.
    public var heartbeatInterval: TimeInterval = 5

    let timeZone: TimeZone

    public init(store: ClinicStore, actor: Actor, timeZone: TimeZone = .current) {
        self.store = store; self.actor = actor; self.timeZone = timeZone
        follower = ClinicFollower(store: store, timeZone: timeZone)
    }

    /// The first picture, read before the screen starts (the first frame needs it).
    public func initialClinic(at now: Date) -> ClinicSnapshot { follower.first(at: now) }

    public func refresh(at now: Date) -> DeskMessage? { follower.message(at: now, clinic: { .clinic($0) }, failed: { .readFailed($0) }) }

    /// Signs the desk in on the first beat (who sits here, its lease), then renews the lease
    /// and hands back dead desks' work every `heartbeatInterval`.
    public func heartbeat(at now: Date) {
        if !signedIn { signedIn = (try? store.registerDesk(name: actor.desk, user: actor.login, now: now)) != nil }
        if let last = lastHeartbeat, now.timeIntervalSince(last) < heartbeatInterval { return }
        lastHeartbeat = now
        try? store.renewLease(desk: actor.desk, now: now)
        _ = try? store.reclaimExpiredLeases(now: now)
        // A waitlist offer nobody worked by its due time passes to the next patient.
        _ = try? store.expireOffers(now: now)
        // The audit chain's head goes outside the database at least daily while a desk runs,
        // so a truncated tail is found even if nobody runs `audit verify` (checked hourly).
        if let path = store.path, lastHeadCheck.map({ now.timeIntervalSince($0) >= 3600 }) ?? true {
            lastHeadCheck = now
            _ = try? store.recordAuditHeadIfDue(AuditHeadLog(databasePath: path), now: now)
        }
    }

    public func isBusy(_ error: Error) -> Bool { (error as? StoreError) == .busy }

    public func failure(_ effect: DeskEffect, _ error: Error) -> DeskMessage {
        .effectFailed(effect, Self.failure(error))
    }

    public func perform(_ effect: DeskEffect, at now: Date) throws -> [DeskMessage] {
        let desk = actor.desk
        switch effect {
        case let .start(work, aside):
            try store.start(work, at: desk, settingAside: aside, by: actor, now: now)
        case let .suspend(id, context, closing):
            try store.suspend(taskID: id, context: context, closing: closing, by: actor, now: now)
        case let .endCall(id, outcome, note):
            try store.endCall(id: id, outcome: outcome, note: note.isEmpty ? nil : note, by: actor, now: now)
        case .complete(let id):
            try store.complete(taskID: id, by: actor, now: now)
        case let .closeEmergency(id, resolution):
            try store.closeEmergency(taskID: id, resolution: resolution, by: actor, now: now)
        case let .callbackAttempt(id, result, note):
            try store.recordCallbackAttempt(taskID: id, result: result, note: note.isEmpty ? nil : note, by: actor, now: now)
        case let .saveDraft(id, context):
            try store.saveDraft(taskID: id, context: context, by: actor, now: now)
        case let .setMasked(id, masked):
            try store.setMasked(taskID: id, masked, by: actor, now: now)
        case .recordView(let pid):
            try store.recordView(patientID: pid, by: actor, now: now)
        case let .assignPatient(pid, visitID):
            try store.assignPatient(pid, toVisit: visitID, by: actor, now: now)
        case let .registerPatient(patient, visitID):
            let id = try store.registerPatient(patient, forVisit: visitID, by: actor, now: now)
            return [.patientRegistered(id, visitID: visitID)]
        case let .completeCheckIn(_, draft):
            return try completeCheckIn(draft, at: now)
        case let .moveVisit(id, move):
            try store.move(visitID: id, move, by: actor, now: now)
            return [.visitMoved(id, move)]
        case .searchPatients(let lookup):
            return [.searchResults(lookup, try search(lookup))]
        case .openRecord(let pid):
            return [.recordOpened(try store.viewPatientRecord(patientID: pid, by: actor, now: now))]
        case .registerNewPatient(let patient):
            return [.patientCreated(try store.registerPatient(patient, by: actor, now: now))]
        case let .setReadiness(visitID, item, state):
            try store.setReadinessAfterCheckIn(visitID: visitID, item: item, to: state, by: actor, now: now)
        case .setPIN(let pin):
            try store.setPIN(pin, by: actor, now: now)
            return [.pinSet]
        case .loadCard(let pid):
            let dayStart = ClinicDay.interval(containing: now, in: timeZone).start
            return [.card(try store.patientCard(patientID: pid, from: dayStart, by: actor, now: now), patientID: pid)]
        case let .answerOffer(taskID, accepted):
            if accepted { try store.acceptOffer(task: taskID, by: actor, now: now) } else { try store.declineOffer(task: taskID, by: actor, now: now) }
        case .quit, .openSchedule:
            break
        }
        return []
    }

    private func search(_ lookup: PatientLookup) throws -> [Patient] {
        switch lookup {
        case .text(let q): return try store.searchPatients(q, limit: 8)
        case .duplicatesOf(let c): return try store.likelyDuplicates(of: c).map(\.patient)
        }
    }

    /// The form's values over the stored record, saved with the version the form started
    /// from: a record another desk saved meanwhile comes back as a refusal, and the next
    /// snapshot shows the form what changed.
    private func completeCheckIn(_ draft: FrontDeskCore.CheckInDraft, at now: Date) throws -> [DeskMessage] {
        guard let pid = draft.patientID, let base = try store.patient(id: pid) else {
            return [.effectFailed(.completeCheckIn(taskID: 0, draft), .notFound)]
        }
        let today = CivilDate(now, in: follower.timeZone).iso
        switch draft.updatedPatient(base, today: today) {
        case .failure(let incomplete):
            return [.effectFailed(.completeCheckIn(taskID: 0, draft), .refused(incomplete.description))]
        case .success(let patient):
            try store.completeCheckIn(visitID: draft.visitID, patient: patient, expectedVersion: draft.basePatientVersion,
                                      readiness: draft.readiness, copay: draft.copay, by: actor, now: now)
            let ticket = follower.current?.visits.first { $0.id == draft.visitID }?.ticket ?? ""
            // The clinic first, then the confirmation: the desk falling free says "next up",
            // and the confirmation must be what is left on screen.
            let clinic = refresh(at: now).map { [$0] } ?? []
            return clinic + [.checkedIn(CheckInConfirmation(visitID: draft.visitID, ticket: ticket, patientName: patient.displayName,
                                                            readiness: draft.readiness))]
        }
    }

    static func failure(_ error: Error) -> DeskFailure {
        switch error {
        case StoreError.refused(.callNotWaiting): return .callTakenByAnotherDesk
        case StoreError.refused(.heldElsewhere): return .taskTakenByAnotherDesk
        case StoreError.unknownCall, StoreError.unknownTask, StoreError.unknownVisit, StoreError.unknownAppointment: return .notFound
        case StoreError.busy: return .busy
        case let e as ConcurrentChange: return .refused(e.description)
        default: return .refused("\(error)")
        }
    }
}
