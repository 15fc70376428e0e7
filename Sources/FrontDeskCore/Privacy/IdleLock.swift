import Foundation

/// Automatic logoff (HIPAA §164.312(a)(2)(iii)): after `idleLimit` without a key press the
/// console hides all patient data until its user's PIN is typed. Failed attempts slow
/// down: after `freeAttempts` misses each further try must wait, doubling up to `maxDelay`.
public struct IdleLock: Equatable, Sendable {
    public var idleLimit: TimeInterval
    public var freeAttempts: Int
    public var maxDelay: TimeInterval
    public private(set) var lastActivity: Date
    public private(set) var isLocked = false
    public private(set) var failedAttempts = 0
    public private(set) var lastFailure: Date?

    public init(idleLimit: TimeInterval = 600, freeAttempts: Int = 3, maxDelay: TimeInterval = 300, now: Date) {
        self.idleLimit = idleLimit; self.freeAttempts = freeAttempts; self.maxDelay = maxDelay
        self.lastActivity = now
    }

    /// A key press while unlocked keeps the console open.
    public mutating func activity(at now: Date) { if !isLocked { lastActivity = now } }

    /// Locks when the idle limit has passed. Returns true when this call locked it.
    @discardableResult
    public mutating func tick(at now: Date) -> Bool {
        guard !isLocked, idleLimit > 0, now.timeIntervalSince(lastActivity) >= idleLimit else { return false }
        isLocked = true
        return true
    }

    public mutating func lock() { isLocked = true }

    /// How long until another attempt is accepted (0 = now).
    public func retryDelay(at now: Date) -> TimeInterval {
        guard failedAttempts >= freeAttempts, let last = lastFailure else { return 0 }
        let delay = min(maxDelay, pow(2, Double(failedAttempts - freeAttempts)) * 5)
        return max(0, delay - now.timeIntervalSince(last))
    }

    public enum Attempt: Equatable, Sendable {
        case unlocked
        case wrongPIN(retryIn: TimeInterval)
        /// Too soon after the last miss; the PIN was not even checked.
        case tooSoon(retryIn: TimeInterval)
    }

    /// Records an unlock attempt whose PIN check gave `pinMatched`.
    public mutating func attempt(pinMatched: Bool, at now: Date) -> Attempt {
        let wait = retryDelay(at: now)
        if wait > 0 { return .tooSoon(retryIn: wait) }
        if pinMatched {
            isLocked = false; failedAttempts = 0; lastFailure = nil; lastActivity = now
            return .unlocked
        }
        failedAttempts += 1; lastFailure = now
        return .wrongPIN(retryIn: retryDelay(at: now))
    }
}
