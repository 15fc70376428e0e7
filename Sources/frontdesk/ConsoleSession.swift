import CursesTerminal
import Foundation
import FrontDeskConsole
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// Runs a console program on the real terminal: curses on the main thread, a watcher
/// thread that tells the runtime when any process commits, the effect worker behind it.
enum ConsoleSession {
    /// The real terminal in the chosen theme (its warning printed before curses starts);
    /// always put back, however `body` ends. Shared by every full-screen command.
    static func withTerminal<T>(themeName: String?, _ body: (CursesTerminal) throws -> T) throws -> T {
        let loaded = ThemeLoader.load(nameOrPath: themeName, read: Boundary.themeReader)
        if let warning = loaded.warning { StoreCommand.warn(warning) }
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(theme: loaded.theme) } catch {
            throw StoreCommand.failure("\(error)", code: 1)
        }
        defer { terminal.end() }
        return try body(terminal)
    }

    /// Runs `runtime` until it quits, re-reading the store whenever another process commits.
    static func run<P: ConsoleProgram>(_ runtime: ConsoleRuntime<P>, on terminal: CursesTerminal, store: ClinicStore?) {
        let wake = terminal.waker
        runtime.wakeWith { wake.wake() }
        let changed = runtime.storeChangeListener
        let watcher = store.flatMap { try? ChangeWatcher(store: $0) { _ in changed() } }
        defer { watcher?.stop() }
        runtime.run(events: CursesEvents(terminal: terminal))
    }

    /// `offerPIN`: on first use with the lock on and no PIN set, the desk offers to set one
    /// (the demo, a throwaway clinic, does not).
    static func runDesk(store: ClinicStore, actor: Actor, themeName: String?, lock: ConsoleLock? = nil, offerPIN: Bool = false) throws {
        let now = Date()
        let needsPIN = offerPIN && lock != nil && !((try? store.hasPIN(login: actor.login)) ?? true)
        // Signing the desk in is a durable write (an fsync): the worker does it first thing,
        // after the first frame is on screen rather than before.
        try withTerminal(themeName: themeName) { terminal in
            // The desk, and the Schedule screen whenever `S` asks for it, then the desk again:
            // the work in hand waits in the store (a call answered, a form's draft) meanwhile.
            var firstRun = true
            while true {
                let at = firstRun ? now : Date()
                let backend = StoreDeskBackend(store: store, actor: actor)
                var state = DeskState(clinic: backend.initialClinic(at: at), now: at,
                                      identity: DeskIdentity(desk: actor.desk, user: actor.login),
                                      policy: RankingPolicy(config: store.config.policy),
                                      width: terminal.width, height: terminal.height)
                state.needsPIN = needsPIN && firstRun
                firstRun = false
                let runtime = ConsoleRuntime<DeskProgram>(state: state, backend: backend, terminal: terminal)
                runtime.lock = lock
                run(runtime, on: terminal, store: store)
                guard let request = runtime.state.scheduleRequest else { return }
                runSchedule(store: store, actor: actor, terminal: terminal, lock: lock, bookFor: request.patientID,
                            appointment: request.visitID, followUp: request.requestTaskID)
            }
        }
    }
}

extension ConsoleSession {
    /// The Schedule screen on `terminal` until `q`; from the desk, with the patient in hand.
    static func runSchedule(store: ClinicStore, actor: Actor, terminal: CursesTerminal, lock: ConsoleLock?,
                            date: CivilDate? = nil, provider: String? = nil, bookFor: Int64? = nil, appointment: Int64? = nil,
                            followUp: Int64? = nil, fromDesk: Bool = true) {
        let now = Date()
        var state = ScheduleState(calendar: try? store.calendar(), now: now, date: date, provider: provider, user: actor.login,
                                  role: actor.role, width: terminal.width, height: terminal.height)
        state.fromDesk = fromDesk
        state.siteProviders = try? store.siteProviders(forDesk: actor.desk)
        state.bookFor = bookFor.flatMap { try? store.patient(id: $0) }
        if let a = appointment.flatMap({ try? store.appointment(id: $0) }), a.providerID != nil { state.select(a) }
        state.pendingFind = followUp.flatMap { try? store.followUpQuery(taskID: $0) }
        let runtime = ConsoleRuntime<ScheduleProgram>(state: state, backend: StoreScheduleBackend(store: store, actor: actor),
                                                      terminal: terminal)
        runtime.lock = lock
        // The watcher wakes the worker whenever any process commits: the screen is live.
        run(runtime, on: terminal, store: store)
    }
}

/// Curses input for the runtime.
final class CursesEvents: ConsoleEventSource {
    let terminal: CursesTerminal
    init(terminal: CursesTerminal) { self.terminal = terminal }
    func nextEvent(timeout: TimeInterval) -> TerminalEvent? { terminal.nextEvent(timeout: Int(timeout * 1000)) }
}
