import Foundation

/// Automatic logoff (HIPAA §164.312(a)(2)(iii)): after `idleLimit` without a key press the
/// console hides all patient data until its user's PIN (or a supervisor) opens it. The PIN's
/// misses are counted in the store (`PINThrottle`), not here, so they hold across processes.
public struct IdleLock: Equatable, Sendable {
    public var idleLimit: TimeInterval
    public private(set) var lastActivity: Date
    public private(set) var isLocked = false

    public init(idleLimit: TimeInterval = 600, now: Date, locked: Bool = false) {
        self.idleLimit = idleLimit; self.lastActivity = now; self.isLocked = locked
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

    /// Opened (a matching PIN, a supervisor's unlock): the idle time starts again.
    public mutating func unlock(at now: Date) { isLocked = false; lastActivity = now }
}

/// How long a user must wait before another PIN is accepted: three free misses, then 5 s,
/// doubling with each miss up to 15 minutes. Counted per login in the store, across every
/// console and process, so restarting a console does not reset it.
public enum PINThrottle {
    public static let freeAttempts = 3
    public static let firstDelay: TimeInterval = 5
    public static let maxDelay: TimeInterval = 15 * 60

    /// Seconds still to wait at `now` after `failures` misses, the last at `lastFailure`.
    public static func wait(failures: Int, lastFailure: Date?, at now: Date) -> TimeInterval {
        guard failures >= freeAttempts, let last = lastFailure else { return 0 }
        let delay = min(maxDelay, firstDelay * pow(2, Double(min(failures - freeAttempts, 20))))
        return max(0, delay - now.timeIntervalSince(last))
    }
}
