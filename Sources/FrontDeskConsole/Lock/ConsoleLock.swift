import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// What the lock needs from the store: locking (kept in the store, so a restarted console
/// comes up locked), unlocking with a PIN (misses counted and delayed across processes,
/// every attempt audited), and whether the lock still stands (a supervisor may have opened it).
/// Called off the UI thread only.
public protocol LockBackend: AnyObject, Sendable {
    func lock(at now: Date)
    func unlock(pin: String, at now: Date) -> PINCheck
    func isStillLocked() -> Bool
}

/// The automatic lock in front of any console (HIPAA §164.312(a)(2)(iii)). It wraps the
/// console instead of living in its state: while locked the runtime draws `render` instead of
/// the console's frame and gives every key here, so the console's state is untouched and
/// comes back as it was. At the lock screen only digits, Backspace, Esc and Enter do anything:
/// Ctrl-C, Ctrl-Z and Ctrl-\ reach it as keys (the terminal is in raw mode) and are ignored.
/// The store is asked on the lock's own queue, never on the UI thread; the answers are
/// picked up by `poll`.
public final class ConsoleLock: @unchecked Sendable {
    public private(set) var idle: IdleLock
    public private(set) var pin = ConsoleLock.emptyPIN
    /// The last thing the user should read: a refusal, how to set a PIN, a wait.
    public private(set) var message: String?
    public private(set) var checking = false
    public let login: String
    public let console: String
    let backend: LockBackend
    private let queue = DispatchQueue(label: "frontdesk.lock")
    private let mailbox = NSLock()
    private var answers: [Answer] = []
    /// Wakes the UI loop when the store answered (set by the runtime).
    var wake: (@Sendable () -> Void)?

    enum Answer { case pin(PINCheck), stillLocked(Bool) }

    static let emptyPIN = TextField(placeholder: "PIN", maxLength: 12)

    /// `locked`: the store says this console was locked when it last ran.
    public init(idleLimit: TimeInterval, login: String, console: String, backend: LockBackend, now: Date, locked: Bool = false) {
        idle = IdleLock(idleLimit: idleLimit, now: now, locked: locked)
        self.login = login; self.console = console; self.backend = backend
    }

    public var isLocked: Bool { idle.isLocked }

    /// Call on every clock tick. Returns true when what the lock shows changed (redraw).
    @discardableResult
    public func tick(at now: Date) -> Bool {
        if idle.tick(at: now) {
            message = nil; pin = Self.emptyPIN
            ask { [backend] in backend.lock(at: now); return nil }
            return true
        }
        if isLocked, !checking { ask { [backend] in .stillLocked(backend.isStillLocked()) } }
        return false
    }

    /// A key. Returns true when the lock took it (the console must not see it).
    public func handle(_ key: Key, at now: Date) -> Bool {
        guard isLocked else { idle.activity(at: now); return false }
        switch key {
        case .enter:
            // One check at a time; digits typed meanwhile still go into the (new) field.
            guard !checking else { return true }
            let typed = pin.text
            pin = Self.emptyPIN
            checking = true
            message = "Checking…"
            ask { [backend] in .pin(backend.unlock(pin: typed, at: now)) }
        case .escape: pin = Self.emptyPIN
        case .backspace, .left, .right, .home, .end, .delete: pin.handle(key)
        case .char(let c) where c.isASCII && c.isNumber: pin.handle(key)
        default: break      // letters, Ctrl-C, Ctrl-Z, Ctrl-\: nothing happens at the lock screen
        }
        return true
    }

    /// Locks now (tests, a supervisor's command later).
    public func lock(at now: Date) {
        guard !isLocked else { return }
        idle.lock(); message = nil
        ask { [backend] in backend.lock(at: now); return nil }
    }

    /// Takes the store's answers. Returns true when what the lock shows changed.
    @discardableResult
    public func poll(at now: Date) -> Bool {
        mailbox.lock(); let got = answers; answers = []; mailbox.unlock()
        var changed = false
        for answer in got {
            changed = true
            switch answer {
            case .stillLocked(let locked):
                if !locked && isLocked && !checking { idle.unlock(at: now); message = nil }
            case .pin(let result):
                checking = false
                switch result {
                case .matched: idle.unlock(at: now); message = nil
                case .noPIN:
                    message = "\(login) has no PIN: set one with `frontdesk users pin`; until then a supervisor runs `frontdesk unlock --desk \(console)`"
                case .wrong(let retry):
                    message = retry > 0 ? "Wrong PIN (attempt recorded); next try in \(Int(retry.rounded(.up))) s" : "Wrong PIN (attempt recorded)"
                case .tooSoon(let retry):
                    message = "Too many wrong PINs: try again in \(Int(retry.rounded(.up))) s"
                }
            }
        }
        return changed
    }

    /// Runs `job` on the lock's queue (one at a time) and posts its answer.
    private func ask(_ job: @escaping @Sendable () -> Answer?) {
        queue.async { [weak self] in
            let answer = job()
            guard let self else { return }
            self.mailbox.lock()
            if let answer { self.answers.append(answer) }
            self.mailbox.unlock()
            self.wake?()
        }
    }

    /// Waits until every question put to the store has been answered (tests; quitting).
    public func settle() { queue.sync {} }

    /// The lock screen: who locked it and how to open it — nothing about any patient.
    @discardableResult
    public func render(into grid: inout Grid) -> (x: Int, y: Int)? {
        grid.fill(grid.bounds, with: Cell(" ", role: .lockScreen))
        guard !TooSmallScreen.isTooSmall(width: grid.width, height: grid.height) else { return nil }
        let top = max(1, grid.height / 2 - 4)
        func centred(_ text: SafeText, _ y: Int, _ role: StyleRole = .lockScreen) {
            let w = DisplayWidth.of(text.value)
            grid.put(text, x: max(0, (grid.width - w) / 2), y: y, role: role, maxWidth: grid.width)
        }
        centred("LOCKED", top, .overlayTitle)
        centred("Console \(console) · user \(login)", top + 2)
        centred("Type your PIN and press Enter", top + 3)
        let fieldWidth = 14
        let field = Rect(x: (grid.width - fieldWidth) / 2, y: top + 5, width: fieldWidth, height: 1)
        // The PIN is never drawn: one bullet per digit typed.
        let masked = TextField(String(repeating: "•", count: pin.text.count), placeholder: "PIN", maxLength: 12)
        masked.render(in: field, into: &grid)
        if let message { centred(SafeText(message), top + 7, .errorText) }
        return masked.cursorPosition(in: field)
    }
}

/// The lock's backend on the shared store.
public final class StoreLockBackend: LockBackend {
    let store: ClinicStore
    let actor: Actor
    public init(store: ClinicStore, actor: Actor) { self.store = store; self.actor = actor }

    public func lock(at now: Date) { try? store.lockConsole(by: actor, now: now) }

    /// A store failure never unlocks.
    public func unlock(pin: String, at now: Date) -> PINCheck {
        (try? store.unlockWithPIN(pin, by: actor, now: now)) ?? .wrong(retryIn: 0)
    }

    /// A read failure keeps the lock: only a lock row seen gone opens the console.
    public func isStillLocked() -> Bool {
        do { return try store.consoleLock(desk: actor.desk) != nil } catch { return true }
    }
}
