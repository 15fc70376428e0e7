import Foundation

/// ISO 8601 instants as every part of the product reads and writes them (feed lines,
/// `status --json`, the audit trail): one pair of formatters, made once. Formatters are
/// not promised to be thread-safe on Linux, so each use takes the lock.
public enum ISOTime {
    nonisolated(unsafe) private static let plain = ISO8601DateFormatter()
    nonisolated(unsafe) private static let fractional: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    private static let lock = NSLock()

    /// With or without fractional seconds, with a zone (`Z` or `+02:00`); nil otherwise.
    public static func parse(_ s: String) -> Date? {
        lock.lock(); defer { lock.unlock() }
        return plain.date(from: s) ?? fractional.date(from: s)
    }

    /// `2026-03-02T10:00:00Z`.
    public static func string(_ date: Date) -> String {
        lock.lock(); defer { lock.unlock() }
        return plain.string(from: date)
    }
}
