import Foundation
import Testing
@testable import FrontDeskCore

@Suite struct IdleLockTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func locksAfterTheIdleLimitAndNotBefore() {
        var lock = IdleLock(idleLimit: 600, now: t0)
        let r1 = lock.tick(at: t0.addingTimeInterval(599))
        #expect(!r1)
        lock.activity(at: t0.addingTimeInterval(500))
        let r2 = lock.tick(at: t0.addingTimeInterval(1000))
        #expect(!r2)
        let r3 = lock.tick(at: t0.addingTimeInterval(1100))
        #expect(r3)
        #expect(lock.isLocked)
        // Keys pressed on the lock screen do not count as activity.
        lock.activity(at: t0.addingTimeInterval(1200))
        #expect(lock.isLocked)
    }

    @Test func wrongPINsAreRateLimitedAndTheRightOneUnlocks() {
        var lock = IdleLock(idleLimit: 60, freeAttempts: 2, now: t0)
        lock.lock()
        let r4 = lock.attempt(pinMatched: false, at: t0)
        #expect(r4 == .wrongPIN(retryIn: 0))
        let r5 = lock.attempt(pinMatched: false, at: t0.addingTimeInterval(1))
        #expect(r5 == .wrongPIN(retryIn: 5))
        // Even the right PIN is not checked while the delay runs.
        let r6 = lock.attempt(pinMatched: true, at: t0.addingTimeInterval(3))
        #expect(r6 == .tooSoon(retryIn: 3))
        #expect(lock.isLocked)
        let r7 = lock.attempt(pinMatched: false, at: t0.addingTimeInterval(7))
        #expect(r7 == .wrongPIN(retryIn: 10))
        let r8 = lock.attempt(pinMatched: true, at: t0.addingTimeInterval(17))
        #expect(r8 == .unlocked)
        #expect(!lock.isLocked)
        #expect(lock.failedAttempts == 0)
    }

    @Test func aZeroLimitNeverLocks() {
        var lock = IdleLock(idleLimit: 0, now: t0)
        let r9 = lock.tick(at: t0.addingTimeInterval(86_400))
        #expect(!r9)
    }
}
