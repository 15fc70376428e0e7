import Foundation
import Testing
import FrontDeskCore
import FrontDeskConsole
@testable import FrontDeskStore
import TerminalUI

/// The idle lock in front of the real desk console on a real store.
@Suite("Idle lock")
struct LockTests {
    static let t0 = Date(timeIntervalSince1970: 1_772_445_600)
    let receptionist = Actor(login: "ana", desk: "front-1", role: .receptionist)

    func clinic() throws -> ClinicStore {
        let store = try ClinicStore.temporary()
        let admin = Actor(login: "root", desk: "office", role: .admin)
        try store.addUser(login: "root", role: .admin, by: admin, now: Self.t0)
        try store.addUser(login: "ana", role: .receptionist, by: admin, now: Self.t0)
        _ = try store.importClinic(patients: [
            Patient(id: 0, mrn: "M1", familyName: "Okafor", givenName: "Chidi", phone: "555-0101"),
            Patient(id: 0, mrn: "M2", familyName: "Lindqvist", givenName: "Ana", phone: "555-0102"),
        ], appointments: [
            AppointmentRecord(ref: "A1", at: Self.t0, mrn: "M1", provider: "Dr Patel", reason: "Annual"),
            AppointmentRecord(ref: "A2", at: Self.t0.addingTimeInterval(900), mrn: "M2", provider: "Dr Lee", reason: "Rash"),
        ], by: admin, now: Self.t0)
        try store.apply(TimedEvent(.patientArrived(appointment: "A1")), by: admin, now: Self.t0)
        try store.registerDesk(name: "front-1", user: "ana", now: Self.t0)
        return store
    }

    /// Runs the desk with a lock until the script ends (a hang-up), returning what it showed after each step.
    final class Harness {
        let store: ClinicStore
        let clock: HandClock
        let terminal = MemoryTerminal(width: 100, height: 30)
        let runtime: ConsoleRuntime<DeskProgram>
        let lock: ConsoleLock
        init(store: ClinicStore, actor: Actor, idleMinutes: Double, locked: Bool = false) {
            self.store = store
            clock = HandClock(LockTests.t0)
            let utc = TimeZone(identifier: "UTC")!
            let backend = StoreDeskBackend(store: store, actor: actor, timeZone: utc)
            let state = DeskState(clinic: backend.initialClinic(at: clock.now), now: clock.now,
                                  identity: DeskIdentity(desk: actor.desk, user: actor.login, timeZone: utc), width: 100, height: 30)
            let c = clock
            runtime = ConsoleRuntime<DeskProgram>(state: state, backend: backend, terminal: terminal, threaded: false, clock: { c.now })
            lock = ConsoleLock(idleLimit: idleMinutes * 60, login: actor.login, console: actor.desk,
                               backend: StoreLockBackend(store: store, actor: actor), now: clock.now, locked: locked)
            runtime.lock = lock
        }

        /// Waits (against a deadline) until the lock's question to the store has been answered and shown.
        var answered: ScriptedEvents.Step { .waitUntil { [lock] in lock.settle(); return !lock.checking } }
    }

    @Test("after the idle time no patient data shows; a wrong PIN is refused and audited; the right one restores the screen")
    func lockAndUnlock() throws {
        let store = try clinic()
        try store.setPIN("246813", by: receptionist, now: Self.t0, rounds: 1_000)
        let h = Harness(store: store, actor: receptionist, idleMinutes: 10)
        var screens: [String] = []
        var stateBeforeLock: DeskState?
        func snap() -> ScriptedEvents.Step { .world { screens.append(h.terminal.text) } }
        func type(_ digits: String) -> [ScriptedEvents.Step] { digits.map { .event(.key(.char($0))) } + [.event(.key(.enter)), h.answered] }
        let events = ScriptedEvents([
            .event(.key(.down)),                          // some state to come back to: a selection
            snap(),
            .world { stateBeforeLock = h.runtime.state; h.clock.now = LockTests.t0.addingTimeInterval(9 * 60) },
            snap(),                                        // 9 idle minutes: still open
            .world { h.clock.now = LockTests.t0.addingTimeInterval(10 * 60 + 1) },
            .waitUntil { h.lock.settle(); return h.terminal.text.contains("LOCKED") },
            snap(),                                        // locked
            // Keys that would quit, stop or break the console do nothing at the lock screen.
            .event(.key(.char("q"))), .event(.key(.ctrl("c"))), .event(.key(.ctrl("z"))), .event(.key(.escape)),
        ] + type("111111") + [
            snap(),                                        // wrong PIN refused
        ] + type("246813") + [
            snap(),                                        // unlocked
        ])
        h.runtime.run(events: events, poll: 0)
        #expect(!events.timedOut)
        #expect(screens.count == 5)
        #expect(screens[0].contains("Okafor"), "the desk shows the patient before the lock:\n\(screens[0])")
        #expect(screens[1].contains("Okafor"), "9 idle minutes must not lock:\n\(screens[1])")
        for name in ["Okafor", "Chidi", "Lindqvist", "A-001", "Dr Patel", "Annual"] {
            #expect(!screens[2].contains(name), "the lock screen shows \(name):\n\(screens[2])")
            #expect(!screens[3].contains(name), "the refused screen shows \(name)")
        }
        #expect(screens[2].contains("LOCKED"))
        #expect(!screens[3].contains("111111"))
        #expect(screens[3].contains("Wrong PIN"), "\(screens[3])")
        #expect(screens[4].contains("Okafor") && !screens[4].contains("LOCKED"), "\(screens[4])")
        // The desk state is as it was: the same selection and pane, nothing typed leaked in.
        var before = try #require(stateBeforeLock)
        before.now = h.runtime.state.now
        before.clinic = h.runtime.state.clinic
        #expect(before.board == h.runtime.state.board && before.focus == h.runtime.state.focus && before.prompt == nil)
        let actions = try store.auditTrail(limit: 10).filter { $0.login == "ana" }.map(\.action)
        #expect(Array(actions.prefix(3)) == ["lock.unlocked", "lock.unlock-failed", "lock.locked"])
    }

    @Test("a console restarted while locked comes up locked, and only the PIN opens it")
    func restartStaysLocked() throws {
        let store = try clinic()
        try store.setPIN("246813", by: receptionist, now: Self.t0, rounds: 1_000)
        try store.lockConsole(by: receptionist, now: Self.t0)
        // The command line builds the lock from what the store says (`LockOptions.lock`), so do the same.
        let h = Harness(store: store, actor: receptionist, idleMinutes: 0,
                        locked: try store.consoleLock(desk: receptionist.desk) != nil)
        var first = "", after = ""
        let events = ScriptedEvents([.world { first = h.terminal.text }]
            + "246813".map { .event(.key(.char($0))) } + [.event(.key(.enter)), h.answered, .world { after = h.terminal.text }])
        h.runtime.run(events: events, poll: 0)
        #expect(first.contains("LOCKED") && !first.contains("Okafor"), "\(first)")
        #expect(after.contains("Okafor"), "\(after)")
        #expect(try store.consoleLock(desk: receptionist.desk) == nil)
    }

    @Test("a user without a PIN is told how to set one; a supervisor's emergency unlock opens the console")
    func noPINThenEmergencyUnlock() throws {
        let store = try clinic()
        let h = Harness(store: store, actor: receptionist, idleMinutes: 1)
        var screens: [String] = []
        let supervisor = Actor(login: "sue", desk: "office", role: .supervisor)
        let events = ScriptedEvents([
            .world { h.clock.now = LockTests.t0.addingTimeInterval(61) },
            .waitUntil { h.lock.settle(); return h.terminal.text.contains("LOCKED") },
            .event(.key(.char("1"))), .event(.key(.char("2"))), .event(.key(.char("3"))), .event(.key(.char("4"))),
            .event(.key(.char("5"))), .event(.key(.char("6"))),
            .event(.key(.enter)), h.answered,
            .world { screens.append(h.terminal.text) },
            .world {
                try? store.grantEmergencyUnlock(desk: "front-1", by: supervisor, now: LockTests.t0.addingTimeInterval(70))
                h.clock.now = LockTests.t0.addingTimeInterval(71)
            },
            .waitUntil { h.lock.settle(); return h.terminal.text.contains("Okafor") },
            .world { screens.append(h.terminal.text) },
        ])
        h.runtime.run(events: events, poll: 0)
        #expect(!events.timedOut)
        #expect(screens.count == 2)
        #expect(screens[0].contains("no PIN") && screens[0].contains("frontdesk users pin"), "\(screens[0])")
        #expect(screens[1].contains("Okafor"), "the emergency unlock did not open the console:\n\(screens[1])")
        #expect(try store.auditTrail(limit: 20).contains { $0.action == "lock.emergency-unlock" && $0.login == "sue" })
    }
}
