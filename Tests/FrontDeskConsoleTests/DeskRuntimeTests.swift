import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
@testable import FrontDeskStore
import TerminalUI
import TestSupport

/// Events for `ConsoleRuntime.run`: each step either returns an event, lets something happen
/// in the world (another process writing) and returns nothing as a quiet poll does, or waits
/// (against a deadline, never a guess) until the screen shows what it should.
final class ScriptedEvents: ConsoleEventSource {
    enum Step {
        case event(TerminalEvent)
        case world(() -> Void)
        /// Keep returning "nothing happened" until `condition` holds (or 10 s pass: a failure).
        case waitUntil(() -> Bool)
    }
    private var steps: [Step]
    private var waitStarted: Date?
    private(set) var timedOut = false
    init(_ steps: [Step]) { self.steps = steps }
    func nextEvent(timeout: TimeInterval) -> TerminalEvent? {
        guard !steps.isEmpty else { return .hangup }
        switch steps[0] {
        case .event(let e): steps.removeFirst(); return e
        case .world(let change): steps.removeFirst(); change(); return nil
        case .waitUntil(let condition):
            if condition() { steps.removeFirst(); waitStarted = nil; return nil }
            let started = waitStarted ?? Date()
            waitStarted = started
            if Date().timeIntervalSince(started) > 10 { timedOut = true; steps.removeAll(); return .hangup }
            // A real terminal would block in poll(); give the worker thread the CPU meanwhile.
            Thread.sleep(forTimeInterval: 0.005)
            return nil
        }
    }
}

@Suite("Console runtime", .serialized)
struct DeskRuntimeTests {
    /// A desk on an on-disk store with the worker on its own thread and a real change watcher:
    /// the production wiring, with a memory terminal in place of curses.
    final class LiveDesk {
        let store: ClinicStore
        let terminal = MemoryTerminal(width: 80, height: 24)
        let runtime: ConsoleRuntime<DeskProgram>
        let watcher: ChangeWatcher
        init(_ store: ClinicStore) throws {
            self.store = store
            let backend = StoreDeskBackend(store: store, actor: Clinic.ana, timeZone: Clinic.utc)
            let state = DeskState(clinic: backend.initialClinic(at: Clinic.t0), now: Clinic.t0,
                                  identity: DeskIdentity(desk: Clinic.desk, user: "ana", timeZone: Clinic.utc))
            // The clinic's morning, running at the wall clock's pace from 10:00.
            let started = Date()
            runtime = ConsoleRuntime<DeskProgram>(state: state, backend: backend, terminal: terminal,
                                                  clock: { Clinic.t0.addingTimeInterval(Date().timeIntervalSince(started)) })
            let changed = runtime.storeChangeListener
            watcher = try ChangeWatcher(store: store) { _ in changed() }
        }
        deinit { watcher.stop() }
    }

    @Test("a change written by another process shows without a key press")
    func liveChange() throws {
        let store = try Clinic.store(disk: true)
        let desk = try LiveDesk(store)
        let other = try ClinicStore.open(path: try #require(store.path))
        let events = ScriptedEvents([
            .world {
                try? other.apply(TimedEvent(.callRinging(call: "fed", from: "555-4242", name: nil, reason: "new call", queue: nil)),
                                 by: Clinic.feed, now: Clinic.t0)
            },
            .waitUntil { desk.terminal.text.contains("555-4242") },
            .event(.key(.char("q"))),
        ])
        desk.runtime.run(events: events, poll: 0)
        #expect(!events.timedOut, "the call never showed:\n\(desk.terminal.text)")
        #expect(desk.runtime.isFinished)
    }

    @Test("a database file deleted under a running desk is said plainly within seconds, with no key press")
    func vanishedFile() throws {
        let store = try Clinic.store(disk: true)
        let desk = try LiveDesk(store)
        let path = try #require(store.path)
        let events = ScriptedEvents([
            .waitUntil { desk.terminal.text.contains("Waiting Room") },
            .world { unlink(path) },
            .waitUntil { desk.terminal.text.contains("deleted or moved") },
            .event(.key(.char("q"))),
        ])
        desk.runtime.run(events: events, poll: 0)
        #expect(!events.timedOut, "the desk never said the file was gone:\n\(desk.terminal.text)")
    }

    @Test("while another process holds the write lock, every key still echoes in the form; afterwards the draft is what was typed")
    func busyDatabaseNeverFreezesTheForm() throws {
        let store = try Clinic.store(disk: true)
        let a1 = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A1" })
        try store.start(.openCheckIn(visitID: a1.id), at: Clinic.desk, by: Clinic.ana, now: Clinic.t0)
        let desk = try LiveDesk(store)
        let path = try #require(store.path)
        var holder: SQLiteLockHolder?
        var echoed: [Bool] = []
        var savingShown = false
        var lockedAt: Date?, releasedAt: Date?
        let typed = "Ngozi"
        var steps: [ScriptedEvents.Step] = [
            .waitUntil { desk.terminal.text.contains("Check-In · A-003") },
            .event(.key(.ctrl("u"))), .event(.key(.end)), .event(.key(.ctrl("u"))),
            .waitUntil { desk.runtime.state.saving.pending == 0 },
            .world { holder = try? sqlite3Holding(path); lockedAt = Date() },
        ]
        // Type while the lock is held: after each key the field shows it at once.
        for (i, c) in typed.enumerated() {
            steps.append(.event(.key(.char(c))))
            steps.append(.world {
                let shown = desk.terminal.text.range(of: "Family name +\(typed.prefix(i + 1)) ", options: .regularExpression) != nil
                echoed.append(shown)
                savingShown = savingShown || desk.terminal.text.contains("saving…")
            })
        }
        steps += [
            // The database stays locked a while (the 5 s) with the keys already typed.
            .waitUntil { lockedAt.map { Date().timeIntervalSince($0) >= 5 } ?? true },
            .world { savingShown = savingShown || desk.terminal.text.contains("saving… (database busy") },
            .world { holder?.release(); releasedAt = Date() },
            .waitUntil { desk.runtime.state.saving.pending == 0 },
            .event(.key(.escape)), .event(.key(.char("q"))),
        ]
        let events = ScriptedEvents(steps)
        desk.runtime.run(events: events, poll: 0)
        holder?.release()
        #expect(!events.timedOut)
        #expect(holder != nil && lockedAt != nil && releasedAt != nil)
        #expect(echoed == Array(repeating: true, count: typed.count), "a key did not echo while the database was locked")
        #expect(savingShown, "no saving… mark while the writes waited")
        let task = try #require(try store.snapshot().tasks.first { $0.visitID == a1.id && $0.kind == .checkIn })
        let draft = try #require(task.context.flatMap { CheckInDraft.decode($0.draft) })
        #expect(draft.value(.familyName) == typed)
        #expect(task.state == .suspended && task.context?.note == "desk closed", "quit put the check-in aside")
    }

    @Test("a hang-up mid-prompt puts the active task aside so nothing is lost")
    func hangup() throws {
        let store = try Clinic.store()
        let s = DeskSession(store, started: false)
        // j: A-003 (A1), second in the lobby; c opens its check-in.
        s.runtime.run(events: ScriptedEvents([.event(.key(.char("j"))), .event(.key(.char("c"))),
                                              .event(.key(.escape)), .event(.key(.char("!"))), .event(.key(.char("x"))),
                                              .event(.hangup)]))
        #expect(s.runtime.isFinished)
        let checkIn = store.snapshotTasks.first { $0.kind == .checkIn && $0.desk == Clinic.desk }
        #expect(checkIn?.state == .suspended && checkIn?.context?.note == "desk closed")
        #expect(!store.snapshotTasks.contains { $0.kind == .emergency })
    }

    @Test("resize arrives as a message and the next frame has the new size")
    func resize() throws {
        let s = DeskSession(try Clinic.store(), started: false)
        s.terminal.resize(width: 100, height: 30)
        s.runtime.run(events: ScriptedEvents([.event(.resize(width: 100, height: 30)), .event(.key(.char("q")))]))
        #expect(s.terminal.frame.width == 100 && s.terminal.frame.height == 30 && s.runtime.state.width == 100)
    }

    @Test("a console started on a desk whose check-in was active reopens its form from the draft, as its first message")
    func startedReopens() throws {
        let store = try Clinic.store()
        let a1 = try #require(try store.snapshot().visits.first { $0.appointmentRef == "A1" })
        let task = try store.start(.openCheckIn(visitID: a1.id), at: Clinic.desk, by: Clinic.ana, now: Clinic.t0).taskID
        var draft = CheckInDraft(patient: try #require(try store.patient(mrn: "M001")), visit: a1)
        draft.values[.familyName] = "Okafor-Ude"
        try store.saveDraft(taskID: task, context: TaskContext(draft: draft.encoded(), suspendedAt: Clinic.t0), by: Clinic.ana, now: Clinic.t0)
        let s = DeskSession(store, started: false)
        #expect(s.state.checkIn == nil && s.effects.isEmpty, "nothing opens, nothing is written before the first message")
        s.runtime.send(.event(.started(Clinic.t0)))
        #expect(s.state.checkIn?.draft.value(.familyName) == "Okafor-Ude")
        #expect(s.effects == [.recordView(patientID: a1.patientID)])
    }

    @Test("a snapshot never causes a write")
    func snapshotsNeverWrite() throws {
        let s = DeskSession()
        s.type("jc")                                         // a check-in open
        let before = s.effects.count
        try s.outside { store in
            var p = try #require(try store.patient(mrn: "M001"))
            p.phone = "555-0199"
            try store.updatePatient(p, expectedVersion: p.version, by: Clinic.ben, now: Clinic.t0)
            try store.apply(TimedEvent(.callRinging(call: "c7", from: "555-7070", name: nil, reason: nil, queue: nil)), by: Clinic.feed, now: Clinic.t0)
        }
        #expect(s.effects.count == before)
        #expect(s.state.checkIn?.conflict != nil, "the other desk's save is shown as a conflict to resolve")
    }
}

extension ClinicStore {
    var snapshotTasks: [DeskTask] { (try? snapshot().tasks) ?? [] }
}
