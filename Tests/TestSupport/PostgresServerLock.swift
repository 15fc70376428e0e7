import Foundation

/// Tests that restart the test PostgreSQL server, and tests that would be cut off by a restart
/// in another suite (suites run side by side), take this lock: one at a time across the run.
public enum PostgresServerLock {
    private static let lock = NSLock()
    public static func exclusive<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
