import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// The supervisor's effects on the shared store. Reads are cached by journal sequence, like
/// the desk's, so polling costs one cheap query while nothing changes.
public final class StoreSupervisorBackend {
    public let store: ClinicStore
    public let actor: Actor
    private let clinic: CachedClinic

    public init(store: ClinicStore, actor: Actor) {
        self.store = store; self.actor = actor; clinic = CachedClinic(store: store)
    }

    public var sequence: Int64 { clinic.sequence }
    public func snapshot() -> ClinicSnapshot { clinic.snapshot() }

    /// Performs one action; the reply tells the supervisor what happened or why not.
    /// The store checks the role again (and audits), so the screen is not the only guard.
    public func perform(_ effect: SupervisorEffect, at now: Date) -> SupervisorMessage? {
        do {
            switch effect {
            case .reassign(let id, let desk):
                try store.reassign(taskID: id, toDesk: desk, by: actor, now: now)
                return .done("task \(id) reassigned to \(desk)")
            case .bump(let id, let points):
                try store.bump(taskID: id, points: points, by: actor, now: now)
                return .done("task \(id) bumped by \(Int(points))")
            case .sendNote(let desk, let text):
                try store.sendNote(toDesk: desk, text: text, by: actor, now: now)
                return .done(text == nil ? "note on \(desk) cleared" : "note sent to \(desk)")
            case .bell, .quit:
                return nil
            }
        } catch {
            return .failed("\(error)")
        }
    }
}

/// `frontdesk supervise`'s loop: the desk runtime's pattern (events, clock ticks and store
/// changes become messages; the frame is redrawn and only changed cells are written), with
/// the idle lock in front.
public final class SupervisorRuntime {
    public private(set) var state: SupervisorState
    public let backend: StoreSupervisorBackend
    public let terminal: Terminal
    public var lock: ConsoleLock?
    private let clock: () -> Date
    public private(set) var isFinished = false

    public init(state: SupervisorState, backend: StoreSupervisorBackend, terminal: Terminal, clock: @escaping () -> Date = Date.init) {
        self.state = state; self.backend = backend; self.terminal = terminal; self.clock = clock
        self.state.width = terminal.width; self.state.height = terminal.height
    }

    public func send(_ message: SupervisorMessage) {
        var queue = [message]
        while !queue.isEmpty {
            var wrote = false
            for effect in update(&state, queue.removeFirst()) {
                switch effect {
                case .quit: isFinished = true
                case .bell: terminal.bell()
                default:
                    wrote = true
                    if let reply = backend.perform(effect, at: clock()) { queue.append(reply) }
                }
            }
            if wrote { queue.append(.snapshot(backend.snapshot())) }
        }
        redraw()
    }

    public func redraw() {
        var grid = Grid(width: terminal.width, height: terminal.height)
        let cursor: (x: Int, y: Int)?
        if let lock, lock.isLocked { cursor = lock.render(into: &grid) } else { cursor = render(state, into: &grid) }
        terminal.draw(grid, cursor: cursor)
    }

    /// Runs until `q` or a hang-up (a dropped SSH link). The supervisor holds no task and
    /// no draft — every action is one committed transaction — so leaving at any moment loses nothing.
    public func run(events: DeskEventSource, poll: TimeInterval = 0.25) {
        state.now = clock()
        send(.snapshot(backend.snapshot()))
        ConsoleLoop(events: events, poll: poll, clock: clock, lock: lock).run(
            startingAt: state.now, isFinished: { isFinished },
            key: { send(.key($0)) },
            resize: { send(.resize(width: $0, height: $1)) },
            hangup: { isFinished = true },
            storeMoved: { backend.sequence != state.clinic.sequence },
            reload: { send(.snapshot(backend.snapshot())) },
            tick: { send(.tick($0)) },
            redraw: { redraw() })
    }
}
