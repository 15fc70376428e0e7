import CursesTerminal
import Foundation
import FrontDeskConsole
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// Runs the desk console on a store in the real terminal: curses on the main thread, a
/// watcher thread that wakes it when any process writes, leases renewed as it runs.
enum ConsoleSession {
    /// The real terminal in the chosen theme (its warning printed before curses starts),
    /// woken at once whenever any process commits to `store`; terminal and watcher are
    /// always put back, however `body` ends. Shared by every full-screen command.
    static func withTerminal<T>(themeName: String?, wakingOn store: ClinicStore?,
                                _ body: (CursesTerminal) throws -> T) throws -> T {
        let loaded = ThemeLoader.load(nameOrPath: themeName)
        if let warning = loaded.warning { StoreCommand.warn(warning) }
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(theme: loaded.theme) } catch {
            throw StoreCommand.failure("\(error)", code: 1)
        }
        defer { terminal.end() }
        // Another process's commit wakes the loop at once instead of at the next poll.
        let watcher = store.flatMap { try? ChangeWatcher(store: $0) { _ in terminal.wake() } }
        defer { watcher?.stop() }
        return try body(terminal)
    }

    static func runDesk(store: ClinicStore, actor: Actor, themeName: String?, lock: ConsoleLock? = nil) throws {
        let now = Date()
        try store.registerDesk(name: actor.desk, user: actor.login, now: now)
        try withTerminal(themeName: themeName, wakingOn: store) { terminal in
            let backend = StoreDeskBackend(store: store, actor: actor)
            let state = DeskState(clinic: backend.snapshot(), now: now, deskName: actor.desk, user: actor.login,
                                  width: terminal.width, height: terminal.height)
            let runtime = DeskRuntime(state: state, backend: backend, terminal: terminal)
            runtime.lock = lock
            runtime.run(events: CursesEvents(terminal: terminal, backend: backend), poll: 0.25)
        }
    }
}

/// Curses input for the runtime, with the desk's heartbeat between events.
final class CursesEvents: DeskEventSource {
    let terminal: CursesTerminal
    let backend: StoreDeskBackend

    init(terminal: CursesTerminal, backend: StoreDeskBackend) { self.terminal = terminal; self.backend = backend }

    func nextEvent(timeout: TimeInterval) -> TerminalEvent? {
        backend.heartbeat(at: Date())
        return terminal.nextEvent(timeout: Int(timeout * 1000))
    }
}
