import Foundation
import FrontDeskCore
import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// A desk console on a real on-disk store, driven by scripted keys into a `MemoryTerminal`:
/// every effect the Check-In form asks for is performed by `StoreDeskBackend`.
final class CheckInSession {
    static let t0 = Date(timeIntervalSince1970: 1_772_445_600)   // 2026-03-02 10:00 UTC
    static let ana = Actor(login: "ana", desk: "front-1", role: .receptionist)
    static let ben = Actor(login: "ben", desk: "front-2", role: .receptionist)

    let store: ClinicStore
    let terminal = MemoryTerminal(width: 80, height: 24)
    let runtime: ConsoleRuntime<DeskProgram>
    var visitID: Int64 = 0

    /// One patient at the window (José Ñúñez-O'Brien, a 7-digit phone to fix, A-001), one more
    /// on file, and a second arrival (Trần Mai, A-002) whose MRN the practice system writes
    /// with its own "MRN" prefix and who needs a Vietnamese interpreter.
    init() throws {
        store = try ClinicStore.temporary()
        _ = try store.importClinic(patients: [
            Patient(id: 0, mrn: "M001", familyName: "Ñúñez-O'Brien", givenName: "José", dateOfBirth: "1980-02-29", phone: "555-0101"),
            Patient(id: 0, mrn: "M002", familyName: "Lindqvist", givenName: "Ana", dateOfBirth: "1975-06-01", phone: "(212) 555-0134"),
            Patient(id: 0, mrn: "MRN100529", familyName: "Trần", givenName: "Mai", dateOfBirth: "1992-03-04", phone: "(408) 555-0177",
                    interpreter: "Vietnamese"),
        ], appointments: [
            AppointmentRecord(ref: "A1", at: Self.t0.addingTimeInterval(15 * 60), mrn: "M001", provider: "Dr Patel", reason: "Annual"),
            AppointmentRecord(ref: "A2", at: Self.t0.addingTimeInterval(30 * 60), mrn: "MRN100529", provider: "Dr Lee", reason: "Cough"),
        ], by: Self.ana, now: Self.t0.addingTimeInterval(-3600))
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: Self.ana, now: Self.t0.addingTimeInterval(-60))
        try store.apply(TimedEvent(.patientArrived(appointment: "A2")), by: Self.ana, now: Self.t0.addingTimeInterval(-30))
        try store.registerDesk(name: "front-1", user: "ana", now: Self.t0)
        visitID = try store.snapshot().visits.first { $0.appointmentRef == "A1" }!.id
        let utc = TimeZone(identifier: "UTC")!
        let backend = StoreDeskBackend(store: store, actor: Self.ana, timeZone: utc)
        let state = DeskState(clinic: backend.initialClinic(at: Self.t0), now: Self.t0,
                              identity: DeskIdentity(desk: "front-1", user: "ana", timeZone: utc))
        runtime = ConsoleRuntime<DeskProgram>(state: state, backend: backend, terminal: terminal, threaded: false, clock: { Self.t0 })
        runtime.send(.event(.started(Self.t0)))
    }

    var state: DeskState { runtime.state }
    var form: CheckInForm? { runtime.state.checkIn }
    var screen: String { terminal.text }

    func press(_ keys: Key...) { for k in keys { runtime.send(.key(k)) } }
    func type(_ text: String) { for c in text { runtime.send(.key(.char(c))) } }

    /// Tab until the field has the focus.
    func go(to field: CheckInField) {
        for _ in 0..<CheckInField.allCases.count where form?.draft.focus != field { press(.tab) }
    }

    /// Replaces the focused field's text.
    func fill(_ field: CheckInField, _ text: String) {
        go(to: field)
        press(.end, .ctrl("u"))
        type(text)
    }

    /// What another process wrote is noticed (the watcher does this in the real loop).
    func poll() { runtime.storeChanged(); runtime.pump() }

    var task: DeskTask? { try? store.snapshot().tasks.first { $0.kind == .checkIn && $0.visitID == visitID } }
    var visit: Visit? { try? store.snapshot().visits.first { $0.id == visitID } }
    var savedDraft: CheckInDraft? { task?.context.flatMap { CheckInDraft.decode($0.draft) } }
}
