import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// Everything that can happen to the desk screen. Input, time and the store all arrive as
/// messages, so `update` sees the world one value at a time.
public enum DeskMessage: Equatable, Sendable {
    case event(ConsoleEvent)
    /// The clinic as the store has it now (after this desk's writes, another desk's, the feed's).
    case clinic(ClinicSnapshot)
    /// Reading the store failed; the last good picture stays on screen with this said plainly.
    case readFailed(String)
    /// The store refused an effect; the desk says why and changes nothing else.
    case effectFailed(DeskEffect, DeskFailure)
    /// Patients answering a lookup of the check-in search box.
    case searchResults(PatientLookup, [Patient])
    /// The record this desk asked for exists now: the form is about them.
    case patientRegistered(Int64, visitID: Int64)
    /// A check-in went through (its confirmation: ticket, patient, what is still open).
    case checkedIn(CheckInConfirmation)
    /// A record opened from the patient lookup (the view is audited).
    case recordOpened(PatientRecord)
    /// A patient registered from the lookup, outside any visit.
    case patientCreated(PatientRecord)
    /// The record card asked for (nil: no such patient any more).
    case card(PatientCard?, patientID: Int64)
    /// The PIN was set.
    case pinSet
    /// A Waiting Room move went through (its confirmation).
    case visitMoved(Int64, VisitMove)

    public static func key(_ k: Key) -> DeskMessage { .event(.key(k)) }
    public static func tick(_ d: Date) -> DeskMessage { .event(.tick(d)) }
}

/// Why the store refused an effect, in the receptionist's terms.
public enum DeskFailure: Equatable, Sendable, CustomStringConvertible {
    /// Another desk answered the call first (the claim is settled in the database; one desk wins).
    case callTakenByAnotherDesk
    case taskTakenByAnotherDesk
    case notFound
    /// The database stayed busy past the worker's patience; nothing was saved, the input is kept.
    case busy
    case refused(String)

    public var description: String {
        switch self {
        case .callTakenByAnotherDesk: return "another desk took that call"
        case .taskTakenByAnotherDesk: return "another desk took that task"
        case .notFound: return "that item is no longer there"
        case .busy: return "the database stayed busy; nothing was saved — what you typed is kept, try again"
        case .refused(let why): return why
        }
    }
}

/// What the desk asks the store to do. Values, so tests read them and the runtime performs
/// them; the result comes back as a `.clinic` snapshot or an `.effectFailed`.
public enum DeskEffect: Equatable, Sendable {
    /// Start work (answer, take or resume, open a check-in, raise an emergency) in one
    /// transaction, putting aside what the desk holds with this context.
    case start(DeskWork, settingAside: TaskContext?)
    /// Put the active task aside; `closing` (quit, hang-up) passes the cap.
    case suspend(Int64, TaskContext, closing: Bool)
    case endCall(String, CallOutcome, note: String)
    case complete(Int64)
    /// Close an emergency with what was done about it.
    case closeEmergency(Int64, resolution: String)
    /// What dialling a callback came to.
    case callbackAttempt(Int64, CallbackResult, note: String)
    /// The Check-In form as typed so far (every change; durable).
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
    /// A Waiting Room move on a visit (no-show, arrived late, left, into a room): one transaction.
    case moveVisit(Int64, VisitMove)
    /// Look patients up for the check-in search box (every patient of the clinic, not only today's).
    case searchPatients(PatientLookup)
    /// Open a patient's record read-only (the lookup): one audited view.
    case openRecord(patientID: Int64)
    /// Register a new patient outside any visit (the lookup).
    case registerNewPatient(Patient)
    /// Tick or untick a readiness item of a visit already checked in (a late document).
    case setReadiness(visitID: Int64, ReadinessItem, ReadinessState)
    /// This user's unlock PIN (first use, or `P`).
    case setPIN(String)
    /// Load the card of the patient on the line (an audited view of the record).
    case loadCard(patientID: Int64)
    case quit
    /// Leave the desk for the Schedule screen (`DeskState.scheduleRequest` says for whom).
    case openSchedule
    /// The waitlisted patient took the freed slot (it is booked) or declined it (the next gets it).
    case answerOffer(Int64, accepted: Bool)

    /// How the banner names a refused effect ("Answering the call failed: …").
    var verb: String {
        switch self {
        case .start(.answer, _): return "Answering the call"
        case .start(.take, _): return "Taking the task"
        case .start(.openCheckIn, _): return "Opening the check-in"
        case .start(.emergency, _): return "Raising the emergency"
        case .suspend: return "Suspending the task"
        case .endCall: return "Ending the call"
        case .complete: return "Completing the task"
        case .closeEmergency: return "Closing the emergency"
        case .callbackAttempt: return "Recording the callback"
        case .saveDraft: return "Saving the form"
        case .setMasked: return "Masking interruptions"
        case .recordView: return "Opening the record"
        case .assignPatient: return "Choosing the patient"
        case .registerPatient: return "Creating the patient"
        case .completeCheckIn: return "Completing the check-in"
        case .moveVisit(_, .room): return "Rooming the patient"
        case .moveVisit: return "Moving the visit"
        case .searchPatients: return "Searching"
        case .openRecord: return "Opening the record"
        case .registerNewPatient: return "Registering the patient"
        case .setReadiness: return "Updating the readiness item"
        case .loadCard: return "Opening the caller's record"
        case .setPIN: return "Setting the PIN"
        case .quit: return "Quitting"
        case .openSchedule: return "Opening the schedule"
        case .answerOffer: return "Recording the offer"
        }
    }
}
