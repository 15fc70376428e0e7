import Foundation

/// Performs a screen's effects in order, off the UI thread, and reports back through a
/// mailbox the UI loop drains. A write the database keeps busy is retried in place, so what
/// comes after it waits its turn and nothing is reordered; `refresh` runs after each effect
/// and whenever the store says it changed.
///
/// `inline` performs everything at once on the caller's thread: screen tests see exactly
/// what the runtime did, in order, with no thread to wait for.
final class EffectWorker<Effect: Sendable, Message: Sendable>: @unchecked Sendable {
    enum Mode { case inline, thread }

    private let backend: any ConsoleBackend<Effect, Message>
    private let mode: Mode
    private let clock: @Sendable () -> Date
    private let supersedes: (Effect, Effect) -> Bool
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var jobs: [Effect] = []
    private var refreshWanted = false
    private var inFlight = 0
    private var stopping = false
    private var mailbox: [Message] = []
    private var thread: Thread?
    private var finished = false
    /// How long a busy database may hold one write back before the worker gives up on it.
    var busyGiveUp: TimeInterval = 120
    /// Called (from the worker) whenever the mailbox gets something: wake the UI loop.
    var onMail: (@Sendable () -> Void)?

    init(backend: any ConsoleBackend<Effect, Message>, mode: Mode, clock: @escaping @Sendable () -> Date,
         supersedes: @escaping (Effect, Effect) -> Bool) {
        self.backend = backend; self.mode = mode; self.clock = clock; self.supersedes = supersedes
        if mode == .thread {
            let t = Thread { [unowned self] in self.loop() }
            t.name = "frontdesk.effects"
            thread = t
            t.start()
        }
    }

    /// Hands an effect over (in order). Inline, it is done when this returns.
    func submit(_ effect: Effect) {
        switch mode {
        case .inline:
            deliver(run(effect))
            if let m = backend.refresh(at: clock()) { deliver([m]) }
        case .thread:
            condition.lock()
            // A newer draft of the same form replaces the one still waiting: fewer writes, same result.
            if let last = jobs.last, supersedes(effect, last) { jobs.removeLast() } else { inFlight += 1 }
            jobs.append(effect)
            condition.signal()
            condition.unlock()
        }
    }

    /// The store changed (a watcher saw another process commit): re-read on the worker.
    func wantRefresh() {
        switch mode {
        case .inline: if let m = backend.refresh(at: clock()) { deliver([m]) }
        case .thread:
            condition.lock(); refreshWanted = true; condition.signal(); condition.unlock()
        }
    }

    /// Messages the worker produced since the last call, oldest first.
    func takeMail() -> [Message] {
        condition.lock(); defer { condition.unlock() }
        let out = mailbox
        mailbox = []
        return out
    }

    /// Effects handed over and not finished yet.
    var pending: Int {
        condition.lock(); defer { condition.unlock() }
        return mode == .inline ? 0 : inFlight
    }

    /// Waits (at most `timeout`) until every effect handed over is done, then stops the thread.
    @discardableResult
    func finish(timeout: TimeInterval) -> Bool {
        guard mode == .thread else { return true }
        condition.lock()
        stopping = true
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while !finished, condition.wait(until: deadline) {}
        let done = finished
        condition.unlock()
        return done
    }

    func heartbeat() {
        if mode == .inline { backend.heartbeat(at: clock()) }
    }

    // MARK: worker thread

    private func loop() {
        var lastBeat = Date.distantPast
        while true {
            condition.lock()
            while jobs.isEmpty && !refreshWanted && !stopping {
                if !condition.wait(until: Date().addingTimeInterval(1)) { break }
            }
            let job = jobs.isEmpty ? nil : jobs.removeFirst()
            let refresh = refreshWanted
            refreshWanted = false
            let exit = stopping && jobs.isEmpty && job == nil
            condition.unlock()
            if exit { break }
            if let job {
                let replies = run(job)
                condition.lock(); inFlight -= 1; condition.unlock()
                deliver(replies)
            }
            let now = clock()
            // About once a second the worker beats (leases) and looks again whatever the watcher
            // said: a missed wake-up costs at most a second, never a stale screen.
            let beat = now.timeIntervalSince(lastBeat) >= 1
            if beat { backend.heartbeat(at: now); lastBeat = now }
            if job != nil || refresh || beat, let m = backend.refresh(at: clock()) { deliver([m]) }
        }
        condition.lock(); finished = true; condition.broadcast(); condition.unlock()
    }

    /// One effect, retried while the database is busy (up to `busyGiveUp`).
    private func run(_ effect: Effect) -> [Message] {
        let started = Date()
        var pause: TimeInterval = 0.01
        while true {
            do { return try backend.perform(effect, at: clock()) } catch {
                guard mode == .thread, backend.isBusy(error), Date().timeIntervalSince(started) < busyGiveUp else {
                    return [backend.failure(effect, error)]
                }
                Thread.sleep(forTimeInterval: pause)
                pause = min(0.25, pause * 2)
            }
        }
    }

    private func deliver(_ messages: [Message]) {
        guard !messages.isEmpty else { return }
        condition.lock(); mailbox += messages; condition.unlock()
        onMail?()
    }
}
