import Foundation

/// Everything a program wrote to its terminal, in chunks stamped with the time they were
/// read. The reader thread appends; the measuring thread waits for facts (a text appears,
/// the output goes quiet) on the same condition instead of sleeping.
final class PtyOutput: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    /// (time read, offset just past the chunk), in order.
    private var chunks: [(time: UInt64, end: Int)] = []
    private var finished = false

    func append(_ data: ArraySlice<UInt8>, at time: UInt64) {
        condition.lock()
        bytes.append(contentsOf: data)
        chunks.append((time, bytes.count))
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock(); finished = true; condition.broadcast(); condition.unlock()
    }

    var count: Int { condition.lock(); defer { condition.unlock() }; return bytes.count }
    var isFinished: Bool { condition.lock(); defer { condition.unlock() }; return finished }

    /// The time of the first chunk read at or after `time`.
    func firstChunk(after time: UInt64) -> UInt64? {
        condition.lock(); defer { condition.unlock() }
        return chunks.first(where: { $0.time >= time })?.time
    }

    /// Bytes read in [from, to).
    func bytesBetween(_ from: UInt64, _ to: UInt64) -> Int {
        condition.lock(); defer { condition.unlock() }
        var total = 0
        var previousEnd = 0
        for chunk in chunks {
            if chunk.time >= from && chunk.time < to { total += chunk.end - previousEnd }
            previousEnd = chunk.end
        }
        return total
    }

    /// Waits until the output from `offset` on contains `needle`; the time of the chunk that
    /// completed it, or nil at the deadline or when the program ended first.
    func waitFor(_ needle: String, from offset: Int = 0, deadline: UInt64) -> UInt64? {
        let pattern = Array(needle.utf8)
        condition.lock(); defer { condition.unlock() }
        while true {
            if let end = Self.find(pattern, in: bytes, from: offset) {
                return chunks.first(where: { $0.end >= end })?.time
            }
            if finished || !wait(until: deadline) { return nil }
        }
    }

    /// Waits until nothing has arrived for `gap` nanoseconds after `since`; the time of the
    /// last chunk before that quiet (or `since` when nothing came), nil at the deadline.
    func waitForQuiet(gap: UInt64, since: UInt64, deadline: UInt64) -> UInt64? {
        condition.lock(); defer { condition.unlock() }
        while true {
            let last = max(since, chunks.last?.time ?? since)
            let now = PtyClock.now()
            if now >= last + gap || finished { return last }
            if now >= deadline { return nil }
            _ = condition.wait(until: Self.date(min(last + gap, deadline)))
        }
    }

    /// Waits for the first chunk at or after `time`; nil at the deadline.
    func waitForChunk(after time: UInt64, deadline: UInt64) -> UInt64? {
        condition.lock(); defer { condition.unlock() }
        while true {
            if let last = chunks.last, last.time >= time {
                return chunks.first(where: { $0.time >= time })?.time
            }
            if finished || !wait(until: deadline) { return nil }
        }
    }

    /// The output as text, for error messages (escape sequences included).
    func text() -> String {
        condition.lock(); defer { condition.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }

    func waitFinished(timeout: TimeInterval) {
        let deadline = PtyClock.now() + UInt64(timeout * 1e9)
        condition.lock(); defer { condition.unlock() }
        while !finished && wait(until: deadline) {}
    }

    /// Called with the lock held; false once the deadline has passed.
    private func wait(until deadline: UInt64) -> Bool {
        if PtyClock.now() >= deadline { return false }
        _ = condition.wait(until: Self.date(deadline))
        return true
    }

    /// NSCondition waits on wall-clock dates; the deadlines here are monotonic.
    private static func date(_ monotonic: UInt64) -> Date {
        let now = PtyClock.now()
        let ahead = monotonic > now ? Double(monotonic - now) / 1e9 : 0
        return Date(timeIntervalSinceNow: ahead)
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from offset: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count - offset >= pattern.count else { return nil }
        var i = max(0, offset)
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] && bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i + pattern.count }
            i += 1
        }
        return nil
    }
}
