import Foundation
import FrontDeskCore
import TerminalUI

/// Everything that can happen to the desk screen. Input, time and the store all arrive
/// as messages, so `update` sees the world one value at a time.
public enum DeskMessage: Equatable, Sendable {
    case key(Key)
    /// The clock moved; only `now` changes.
    case tick(Date)
    /// The store changed (this desk's own writes, another desk's, the feed's).
    case snapshot(ClinicSnapshot)
    case resize(width: Int, height: Int)
    /// The store refused an effect; the desk says why and changes nothing else.
    case effectFailed(DeskEffect, DeskFailure)
}

/// Why the store refused an effect, in the receptionist's terms.
public enum DeskFailure: Equatable, Sendable, CustomStringConvertible {
    /// Another desk claimed the call first (the claim is one conditional update; one desk wins).
    case callTakenByAnotherDesk
    case taskTakenByAnotherDesk
    case notFound
    /// The database stayed busy; the change was not saved and can be tried again.
    case busy
    case refused(String)

    public var description: String {
        switch self {
        case .callTakenByAnotherDesk: return "another desk took that call"
        case .taskTakenByAnotherDesk: return "another desk took that task"
        case .notFound: return "that item is no longer there"
        case .busy: return "the database is busy; nothing was saved, try again"
        case .refused(let why): return why
        }
    }
}

/// What the desk asks the store to do. Values, so tests read them and the runtime
/// performs them; the result comes back as a `.snapshot` or `.effectFailed`.
public enum DeskEffect: Equatable, Sendable {
    /// Answer a waiting call at this desk (and make its call task active).
    case claimCall(String)
    case endCall(String, CallOutcome, note: String)
    /// Take a queued task as this desk's active task.
    case claimTask(Int64)
    /// Put this desk's active task aside with its context.
    case suspend(Int64, TaskContext)
    /// Bring a suspended task back as the active one.
    case resume(Int64)
    case complete(Int64)
    case raiseEmergency(note: String)
    /// Claim (creating if needed) the visit's check-in task and make it active.
    case openCheckIn(visitID: Int64)
    /// The Check-In form as typed so far (every field change; durable).
    case saveDraft(Int64, TaskContext)
    /// Entering or leaving a step that masks interruptions (the copay).
    case setMasked(Int64, Bool)
    /// Audit: this desk opened the patient's record.
    case recordView(patientID: Int64)
    /// Make an existing record the visit's patient (picked in the form's search).
    case assignPatient(Int64, visitID: Int64)
    /// Create a new record from the form and make it the visit's patient.
    case registerPatient(Patient, visitID: Int64)
    /// Save the record, readiness and follow-up tasks, and check the patient in: one transaction.
    case completeCheckIn(taskID: Int64, FrontDeskCore.CheckInDraft)
    case quit
}
