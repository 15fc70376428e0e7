import Foundation
import FrontDeskCore
import TerminalUI

/// Where the runtime's terminal input comes from (curses on the real terminal, a script in tests).
public protocol DeskEventSource: AnyObject {
    /// The next event, or nil when `timeout` seconds pass without one.
    func nextEvent(timeout: TimeInterval) -> TerminalEvent?
}

/// The desk's one loop: terminal events, the clock and store changes become messages;
/// `update` turns them into effects; the backend performs them; the frame is redrawn
/// and the terminal writes only the cells that changed.
public final class DeskRuntime<Backend: DeskBackend> {
    public private(set) var state: DeskState
    public let backend: Backend
    public let terminal: Terminal
    private let clock: () -> Date
    public private(set) var isFinished = false
    /// The idle lock in front of the desk (nil: never locks). While locked, keys go to it
    /// and it draws instead of the desk, so the desk state is kept as it was.
    public var lock: ConsoleLock?

    public init(state: DeskState, backend: Backend, terminal: Terminal, clock: @escaping () -> Date = Date.init) {
        self.state = state; self.backend = backend; self.terminal = terminal; self.clock = clock
        self.state.clinic = backend.snapshot()
        self.state.width = terminal.width; self.state.height = terminal.height
    }

    /// Delivers one message, performs what it asks, and redraws. Effects that fail come back
    /// as messages in the same step; after any write the fresh clinic is loaded.
    public func send(_ message: DeskMessage) {
        var queue = [message]
        while !queue.isEmpty {
            let effects = update(&state, queue.removeFirst())
            var wrote = false
            for effect in effects {
                if effect == .quit { isFinished = true; continue }
                wrote = true
                if let reply = backend.perform(effect, desk: state.deskName, at: state.now) { queue.append(reply) }
            }
            if wrote { queue.append(.snapshot(backend.snapshot())) }
        }
        redraw()
    }

    public func redraw() {
        var grid = Grid(width: terminal.width, height: terminal.height)
        if let lock, lock.isLocked {
            let cursor = lock.render(into: &grid)
            terminal.draw(grid, cursor: cursor)
            return
        }
        let cursor = render(state, into: &grid)
        terminal.draw(grid, cursor: cursor)
    }

    /// Runs until `q` or a hang-up. Polls the store's sequence between events, and ticks
    /// the clock once a second (timers move; the diff keeps the bytes small).
    public func run(events: DeskEventSource, poll: TimeInterval = 0.05) {
        state.now = clock()
        redraw()
        ConsoleLoop(events: events, poll: poll, clock: clock, lock: lock).run(
            startingAt: state.now, isFinished: { isFinished },
            key: { send(.key($0)) },
            resize: { send(.resize(width: $0, height: $1)) },
            hangup: {
                // A dropped link loses nothing: close any prompt, then put the active
                // task aside exactly as quit does.
                state.modal = nil; state.findField = nil; state.checkIn?.isEditing = false
                send(.key(.char("q")))
                isFinished = true
            },
            storeMoved: { backend.sequence != state.clinic.sequence },
            reload: { send(.snapshot(backend.snapshot())) },
            tick: { send(.tick($0)) },
            redraw: { redraw() })
    }
}
