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

    @Test func missesWaitLongerEachTimeAfterThreeFreeOnes() {
        let rows: [(Int, Double, Double)] = [(0, 0, 0), (2, 0, 0), (3, 0, 5), (3, 2, 3), (4, 0, 10), (5, 1, 19), (30, 0, 900), (3, 9, 0)]
        for (failures, since, wait) in rows {
            #expect(PINThrottle.wait(failures: failures, lastFailure: t0, at: t0.addingTimeInterval(since)) == wait,
                    "\(failures) misses, \(since) s later")
        }
        #expect(PINThrottle.wait(failures: 9, lastFailure: nil, at: t0) == 0)
    }

    @Test func aZeroLimitNeverLocks() {
        var lock = IdleLock(idleLimit: 0, now: t0)
        let r9 = lock.tick(at: t0.addingTimeInterval(86_400))
        #expect(!r9)
    }
}
