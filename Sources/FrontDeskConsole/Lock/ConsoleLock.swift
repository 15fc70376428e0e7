import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// What the lock needs from the outside world: checking a PIN (audited), noting the lock,
/// and whether a supervisor granted an emergency unlock (`frontdesk unlock`).
public protocol LockBackend: AnyObject {
    func checkPIN(_ pin: String, at now: Date) -> PINCheck
    func recordLock(at now: Date)
    /// The newest emergency unlock of this console, if any.
    func latestEmergencyUnlock() -> Date?
}

/// The automatic lock in front of any console (HIPAA §164.312(a)(2)(iii)). It wraps the
/// console instead of living in its state: while locked the runtime draws `render` instead
/// of the console's frame and gives keys here, so the console's state — selection, a half
/// typed prompt — is untouched and comes back exactly as it was.
public final class ConsoleLock {
    public private(set) var idle: IdleLock
    public private(set) var pin = TextField(placeholder: "PIN", maxLength: 12)
    /// The last thing the user should read: a refusal, how to set a PIN, a wait.
    public private(set) var message: String?
    public private(set) var lockedAt: Date?
    public let login: String
    public let console: String
    let backend: LockBackend

    public init(idleLimit: TimeInterval, login: String, console: String, backend: LockBackend, now: Date) {
        idle = IdleLock(idleLimit: idleLimit, now: now)
        self.login = login; self.console = console; self.backend = backend
    }

    public var isLocked: Bool { idle.isLocked }

    /// Call on every clock tick. Returns true when the lock state changed (redraw).
    @discardableResult
    public func tick(at now: Date) -> Bool {
        if idle.tick(at: now) { didLock(at: now); return true }
        if let lockedAt, isLocked, let grant = backend.latestEmergencyUnlock(), grant >= lockedAt {
            unlock(at: now)
            return true
        }
        return false
    }

    /// A key. Returns true when the lock took it (the console must not see it).
    public func handle(_ key: Key, at now: Date) -> Bool {
        guard isLocked else { idle.activity(at: now); return false }
        switch key {
        case .enter: submit(at: now)
        case .escape: pin = TextField(placeholder: "PIN", maxLength: 12)
        case .char(let c) where !c.isNumber: break       // a PIN is digits; letters are not typed into it
        default: _ = pin.handle(key)
        }
        return true
    }

    public func lock(at now: Date) {
        guard !isLocked else { return }
        idle.lock(); didLock(at: now)
    }

    private func didLock(at now: Date) {
        lockedAt = now; message = nil
        pin = TextField(placeholder: "PIN", maxLength: 12)
        backend.recordLock(at: now)
    }

    private func unlock(at now: Date) {
        _ = idle.attempt(pinMatched: true, at: now)
        lockedAt = nil; message = nil
        pin = TextField(placeholder: "PIN", maxLength: 12)
    }

    private func submit(at now: Date) {
        let typed = pin.text
        pin = TextField(placeholder: "PIN", maxLength: 12)
        let wait = idle.retryDelay(at: now)
        if wait > 0 { message = "Too many wrong PINs: try again in \(Int(wait.rounded(.up))) s"; return }
        switch backend.checkPIN(typed, at: now) {
        case .matched:
            unlock(at: now)
        case .noPIN:
            message = "\(login) has no PIN: set one with `frontdesk users pin`; until then a supervisor runs `frontdesk unlock --desk \(console)`"
        case .wrong:
            if case .wrongPIN(let retry) = idle.attempt(pinMatched: false, at: now), retry > 0 {
                message = "Wrong PIN (attempt recorded); next try in \(Int(retry.rounded(.up))) s"
            } else {
                message = "Wrong PIN (attempt recorded)"
            }
        }
    }

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
        centred("LOCKED after inactivity", top, .overlayTitle)
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

/// The lock's backend on the shared store: PINs checked and audited there, emergency
/// unlocks read from there (they arrive through the change feed like any other write).
public final class StoreLockBackend: LockBackend {
    let store: ClinicStore
    let actor: Actor
    public init(store: ClinicStore, actor: Actor) { self.store = store; self.actor = actor }

    public func checkPIN(_ pin: String, at now: Date) -> PINCheck {
        // A store failure never unlocks.
        (try? store.checkPIN(pin, by: actor, now: now)) ?? .wrong
    }

    public func recordLock(at now: Date) { try? store.recordLock(by: actor, now: now) }

    public func latestEmergencyUnlock() -> Date? { try? store.latestUnlockGrant(desk: actor.desk) }
}
