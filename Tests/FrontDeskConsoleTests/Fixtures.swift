import Foundation
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// A clock the test moves by hand: ten idle minutes pass in no time.
final class HandClock: @unchecked Sendable {
    var now: Date
    init(_ now: Date) { self.now = now }
}

/// A small clinic at 10:00 UTC on a fixed day, written into a real store through the store's
/// own transactions (imports, feed events, desk actions) — no hand-built snapshot, no stand-in.
///
/// The morning: A5 came and went, a walk-in with a hostile name waits (W-001), A4 is
/// with the provider, A1 is at the window, A2 is checked in, A3 is due
/// at 10:15. Desk front-2 took a call from Lindqvist and promised a callback (overdue now);
/// a caller hung up at 09:32; Dr Patel asked for Nguyen's follow-up; two callers are waiting.
enum Clinic {
    static let t0 = Date(timeIntervalSince1970: 1_772_445_600)   // 2026-03-02 10:00 UTC
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
    static let desk = "front-1"
    static let utc = TimeZone(identifier: "UTC")!
    static let ana = Actor(login: "ana", desk: "front-1", role: .receptionist)
    static let ben = Actor(login: "ben", desk: "front-2", role: .receptionist)
    static let feed = Actor(login: "feed", desk: "pbx", role: .receptionist)

    static let patients = [
        Patient(id: 0, mrn: "M001", familyName: "Okafor", givenName: "Chidi", dateOfBirth: "1980-04-02", phone: "555-0101", interpreter: "Igbo"),
        Patient(id: 0, mrn: "M002", familyName: "Lindqvist", givenName: "Ana", dateOfBirth: "1975-06-01", phone: "555-0102"),
        Patient(id: 0, mrn: "M003", familyName: "Nguyen", givenName: "Bao", dateOfBirth: "1990-01-15", phone: "555-0103", accessibility: "wheelchair"),
        Patient(id: 0, mrn: "M005", familyName: "Tanaka", givenName: "田中", dateOfBirth: "1966-11-30", phone: "555-0105"),
    ]

    /// What the clinic is made of, in the order it happened. `calls: false` leaves the two
    /// waiting callers out (so the ranked queue is the back-office work).
    static func store(waitingCalls: Bool = true, disk: Bool = false) throws -> ClinicStore {
        let store = disk ? try ClinicStore.temporary() : try ClinicStore.inMemory()
        _ = try store.importClinic(patients: patients, appointments: [
            AppointmentRecord(ref: "A1", at: at(-30), mrn: "M001", provider: "Dr Patel", reason: "Annual"),
            AppointmentRecord(ref: "A2", at: at(-20), mrn: "M002", provider: "Dr Lee", reason: "Rash"),
            AppointmentRecord(ref: "A3", at: at(15), mrn: "M003", provider: "Dr Patel", reason: "Follow-up"),
            AppointmentRecord(ref: "A4", at: at(-60), mrn: "M005", provider: "Dr Lee", reason: "Review"),
            AppointmentRecord(ref: "A5", at: at(-90), mrn: "M002", provider: "Dr Patel", reason: "Bloods"),
        ], by: ana, now: at(-180))
        func event(_ e: IntakeEvent, _ minute: Double) throws { try store.apply(TimedEvent(e, at: at(minute)), by: feed, now: at(minute)) }
        func visit(_ ref: String) throws -> Int64 { try store.snapshot().visits.first { $0.appointmentRef == ref }!.id }
        try event(.patientArrived(appointment: "A5"), -95)
        try store.checkIn(visitID: visit("A5"), by: ben, now: at(-90))
        try store.setVisitStatus(visitID: visit("A5"), to: .roomed, room: "2", by: ben, now: at(-80))
        try store.setVisitStatus(visitID: visit("A5"), to: .withProvider, by: ben, now: at(-70))
        try event(.walkinArrived(name: "Evil\u{1B}[2J\u{1B}]0;x\u{07}, Eve\u{202E}", dateOfBirth: "1999-09-09"), -70)
        try event(.patientArrived(appointment: "A4"), -45)
        try store.checkIn(visitID: visit("A4"), by: ben, now: at(-40))
        try event(.callRinging(call: "c0", from: "555-0102", name: nil, reason: "results", queue: nil), -40)
        try store.start(.answer(callID: "c0"), at: "front-2", by: ben, now: at(-39.5))
        try store.endCall(id: "c0", outcome: .callbackPromised, note: "re: results", by: ben, now: at(-35))
        try event(.patientArrived(appointment: "A1"), -35)
        try event(.patientArrived(appointment: "A2"), -32)
        try store.setVisitStatus(visitID: visit("A5"), to: .done, by: ben, now: at(-30))
        try event(.callRinging(call: "cx", from: "555-0000", name: "UNKNOWN CALLER", reason: nil, queue: nil), -30)
        try event(.callAbandoned(call: "cx"), -28)
        try event(.providerRequest(patientMRN: "M003", kind: .followUp, note: "in 2 weeks", due: at(95)), -25)
        try store.setVisitStatus(visitID: visit("A4"), to: .roomed, room: "4", by: ben, now: at(-20))
        try store.checkIn(visitID: visit("A2"), by: ben, now: at(-18))
        try store.setVisitStatus(visitID: visit("A4"), to: .withProvider, by: ben, now: at(-10))
        if waitingCalls {
            try event(.callRinging(call: "c1", from: "555-0101", name: nil, reason: "reschedule", queue: nil), -2.5)
            try event(.callRinging(call: "c2", from: "555-9999", name: "Pharmacy\u{1B}[31m", reason: "refill", queue: nil), -0.75)
        }
        try store.registerDesk(name: desk, user: "ana", now: at(-1))
        return store
    }
}

/// A desk console on a real store, driven by scripted keys into a `MemoryTerminal`, with the
/// worker inline so every effect is performed before the next key. `effects` is what the
/// runtime itself recorded handing over — not a re-run of `update`.
final class DeskSession {
    let store: ClinicStore
    let terminal: MemoryTerminal
    let clock: HandClock
    let runtime: ConsoleRuntime<DeskProgram>
    let actor: Actor

    init(_ store: ClinicStore, actor: Actor = Clinic.ana, width: Int = 80, height: Int = 24, policy: PolicyConfig = StoreConfig.default.policy,
         started: Bool = true, needsPIN: Bool = false) {
        self.store = store; self.actor = actor
        terminal = MemoryTerminal(width: width, height: height)
        clock = HandClock(Clinic.t0)
        let backend = StoreDeskBackend(store: store, actor: actor, timeZone: Clinic.utc)
        var state = DeskState(clinic: backend.initialClinic(at: Clinic.t0), now: Clinic.t0,
                              identity: DeskIdentity(desk: actor.desk, user: actor.login, timeZone: Clinic.utc),
                              policy: RankingPolicy(config: policy), width: width, height: height)
        state.needsPIN = needsPIN
        let c = clock
        runtime = ConsoleRuntime<DeskProgram>(state: state, backend: backend, terminal: terminal, threaded: false, clock: { c.now })
        if started { runtime.send(.event(.started(Clinic.t0))) }
    }

    convenience init(width: Int = 80, height: Int = 24, waitingCalls: Bool = true) {
        self.init(try! Clinic.store(waitingCalls: waitingCalls), width: width, height: height)
    }

    var state: DeskState { runtime.state }
    var screen: String { terminal.text }
    /// The effects the keys asked for, without the card lookups the desk makes by itself when
    /// a call or callback with a known patient is in hand (`allEffects` has those too).
    var effects: [DeskEffect] { runtime.performed.filter { if case .loadCard = $0 { return false }; return true } }
    var allEffects: [DeskEffect] { runtime.performed }

    /// Sends keys one by one; "\n" is Enter, "\u{1B}" Esc, "\t" Tab.
    func type(_ keys: String) {
        for c in keys {
            switch c {
            case "\n": press(.enter)
            case "\u{1B}": press(.escape)
            case "\t": press(.tab)
            default: press(.char(c))
            }
        }
    }

    func press(_ key: Key) { runtime.send(.key(key)) }

    func tick(_ minutes: Double) {
        clock.now = Clinic.at(minutes)
        runtime.send(.tick(Clinic.at(minutes)))
    }

    /// Another process changed the store; this desk notices as its watcher would.
    func outside(_ body: (ClinicStore) throws -> Void) rethrows {
        try body(store)
        runtime.storeChanged()
        runtime.pump()
    }

    func visit(_ ref: String) -> Visit { state.clinic.visits.first { $0.appointmentRef == ref }! }
    func task(_ title: String) -> DeskTask? { (try? store.snapshot())?.tasks.first { $0.title.contains(title) } }
    var stored: ClinicSnapshot { try! store.snapshot() }
}
