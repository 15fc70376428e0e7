import Foundation
import TerminalUI

/// Where the runtime's terminal input comes from (curses on the real terminal, a script in tests).
public protocol ConsoleEventSource: AnyObject {
    /// The next event, or nil when `timeout` seconds pass (or something woke the loop).
    func nextEvent(timeout: TimeInterval) -> TerminalEvent?
}

/// The one loop every full-screen console runs (desk, supervisor, board): terminal events,
/// a once-a-second clock and the worker's answers become messages; `update` turns each into
/// effects; the worker performs those off this thread, in order; the frame is redrawn and
/// the terminal writes only the cells that changed. The idle lock sits in front: while it is
/// locked it draws instead of the screen and takes the keys, so the screen's state is kept.
public final class ConsoleRuntime<Program: ConsoleProgram> {
    public private(set) var state: Program.State
    /// Every effect handed to the worker, in order: what screen tests compare against.
    public private(set) var performed: [Program.Effect] = []
    public let terminal: Terminal
    public var lock: ConsoleLock?
    public private(set) var isFinished = false
    private let worker: EffectWorker<Program.Effect, Program.Message>
    private let clock: @Sendable () -> Date
    private var quitting = false
    private var reportedPending = 0
    private var oldestPending: Date?

    /// `threaded: false` performs effects inline (tests); the real consoles use the worker thread.
    public init(state: Program.State, backend: any ConsoleBackend<Program.Effect, Program.Message>, terminal: Terminal,
                threaded: Bool = true, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.state = state; self.terminal = terminal; self.clock = clock
        worker = EffectWorker(backend: backend, mode: threaded ? .thread : .inline, clock: clock,
                              supersedes: Program.supersedes)
    }

    /// Wakes a waiting loop when the worker (or the lock) has news (the terminal's `wake`).
    public func wakeWith(_ wake: @escaping @Sendable () -> Void) {
        worker.onMail = wake
        lock?.wake = wake
    }

    /// Another process committed: the worker re-reads what changed.
    public func storeChanged() { worker.wantRefresh() }

    /// What a store watcher calls from its own thread when any process commits.
    public var storeChangeListener: @Sendable () -> Void {
        let worker = self.worker
        return { worker.wantRefresh() }
    }

    /// Hands over whatever the worker has answered and redraws if anything came (the real
    /// loop does this on every wake-up; tests call it after changing the store from outside).
    public func pump() {
        if drainMail() { redraw() }
    }

    /// Delivers one message: `update`, then the effects, then whatever the worker already
    /// answered (inline: everything), then a redraw.
    public func send(_ message: Program.Message) {
        dispatch(message)
        drainMail()
        redraw()
    }

    private func dispatch(_ message: Program.Message) {
        for effect in Program.update(&state, message) {
            switch Program.runtimeAction(effect) {
            case .quit?: quitting = true
            case .bell?: terminal.bell()
            case nil:
                performed.append(effect)
                if oldestPending == nil { oldestPending = clock() }
                worker.submit(effect)
            }
        }
        reportSaving()
    }

    /// Hands the worker's answers to `update`, oldest first. True when there were any.
    @discardableResult
    private func drainMail() -> Bool {
        var any = false
        var mail = worker.takeMail()
        while !mail.isEmpty {
            any = true
            for m in mail { dispatch(m) }
            mail = worker.takeMail()
        }
        let before = reportedPending
        reportSaving()
        return any || before != reportedPending
    }

    /// Tells the screen when the number of writes in flight changes ("saving…").
    private func reportSaving() {
        let pending = worker.pending
        if pending == 0 { oldestPending = nil }
        guard pending != reportedPending else { return }
        reportedPending = pending
        for effect in Program.update(&state, Program.message(.saving(pending: pending, oldestSince: oldestPending))) {
            if Program.runtimeAction(effect) == nil { performed.append(effect); worker.submit(effect) }
        }
    }

    public func redraw() {
        var grid = Grid(width: terminal.width, height: terminal.height)
        let cursor: (x: Int, y: Int)?
        if let lock, lock.isLocked { cursor = lock.render(into: &grid) } else { cursor = Program.render(state, into: &grid) }
        terminal.draw(grid, cursor: cursor)
    }

    /// Runs until the screen quits or the terminal hangs up. Every write handed over is done
    /// before this returns (within `drainTimeout`), so quitting never loses what was typed.
    public func run(events: ConsoleEventSource, poll: TimeInterval = 0.25, drainTimeout: TimeInterval = 30) {
        let start = clock()
        worker.wantRefresh()
        send(Program.message(.started(start)))
        var lastSecond = Int(start.timeIntervalSince1970)
        while !quitting {
            switch events.nextEvent(timeout: poll) {
            case .key(let k)?:
                if let lock, lock.handle(k, at: clock()) { redraw() } else { send(Program.message(.key(k))) }
            case .resize(let w, let h)?: send(Program.message(.resize(width: w, height: h)))
            case .hangup?:
                send(Program.message(.hangup))
                quitting = true
            case nil: break
            }
            var news = drainMail()
            let now = clock()
            if let lock, lock.poll(at: now) { news = true }
            if Int(now.timeIntervalSince1970) != lastSecond {
                lastSecond = Int(now.timeIntervalSince1970)
                worker.heartbeat()
                send(Program.message(.tick(now)))
                if let lock, lock.tick(at: now) { redraw() }
            } else if news {
                redraw()
            }
        }
        worker.finish(timeout: drainTimeout)
        drainMail()
        isFinished = true
    }
}
