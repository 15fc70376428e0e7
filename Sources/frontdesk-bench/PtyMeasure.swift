import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A full-screen program to measure on a pty, and how to tell its first frame.
struct PtyProgram {
    var name: String
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    /// Text that is on the first complete frame (a pane title, a header meter).
    var readyMarker: String
    /// Keys that each change the screen, sent in turn; empty: keystrokes are not measured.
    var keys: [String] = []
}

/// What one program at one size measured.
struct PtyFigures {
    var program: String
    var columns: Int, rows: Int
    /// Spawn → marker seen, and spawn → output quiet after it, one per run (ms).
    var markerSeen: [Double] = []
    var frameDone: [Double] = []
    /// Key written → first byte back, and → output quiet again (ms).
    var keyFirstByte: [Double] = []
    var keySettled: [Double] = []
    var keysUnanswered = 0
    /// CPU the program used: up to its first frame (one per run), per key (mean), idle (share of a core).
    var cpuToFirstFrame: [Double] = []
    var cpuPerKey: Double?
    var idleCPUShare: Double?
    var idleSeconds = 0.0
    var idleBytes = 0
    var rssAfterStart: Int?, rssAfterIdle: Int?, rssAfterKeys: Int?, peakRSS: Int?
    var exitStatuses: [Int32?] = []
}

enum PtyMeasure {
    struct Options {
        var runs = 10
        var keys = 200
        var idleSeconds = 30.0
        /// Output counts as finished once nothing has arrived for this long.
        var quietGap: UInt64 = 100_000_000
        var keyQuietGap: UInt64 = 30_000_000
    }

    /// `runs` starts to first frame; on the last run also idle bytes, memory and keystrokes.
    static func measure(_ program: PtyProgram, columns: Int, rows: Int, options: Options) throws -> PtyFigures {
        var figures = PtyFigures(program: program.name, columns: columns, rows: rows)
        for run in 1...options.runs {
            let session = try PtySession(executable: program.executable, arguments: program.arguments,
                                         environment: program.environment, columns: columns, rows: rows)
            defer { session.end() }
            let started = session.startedAt
            guard let seen = session.output.waitFor(program.readyMarker, deadline: started + 30 * 1_000_000_000) else {
                throw PtySession.Failure(description: "\(program.name) never showed \"\(program.readyMarker)\"; it wrote: \(printable(session.output.text()))")
            }
            let done = session.output.waitForQuiet(gap: options.quietGap, since: seen, deadline: seen + 10 * 1_000_000_000) ?? seen
            figures.markerSeen.append(ms(seen - started))
            figures.frameDone.append(ms(done - started))
            if let cpu = session.cpuNanoseconds() { figures.cpuToFirstFrame.append(ms(cpu)) }

            if run == options.runs {
                figures.rssAfterStart = session.memory()?.rss
                idle(session, options: options, into: &figures)
                figures.rssAfterIdle = session.memory()?.rss
                if !program.keys.isEmpty {
                    keystrokes(session, keys: program.keys, options: options, into: &figures)
                    figures.rssAfterKeys = session.memory()?.rss
                }
                figures.peakRSS = session.memory()?.peak
            }
            session.type("q")
            figures.exitStatuses.append(session.waitForExit(timeout: 10))
        }
        return figures
    }

    /// No input for `idleSeconds`: what the program writes by itself (timers, refreshes).
    private static func idle(_ session: PtySession, options: Options, into figures: inout PtyFigures) {
        let cpuBefore = session.cpuNanoseconds()
        let from = PtyClock.now()
        // A window of wall-clock time is the measurement itself, not a wait for an event.
        Thread.sleep(forTimeInterval: options.idleSeconds)
        let to = PtyClock.now()
        figures.idleSeconds = Double(to - from) / 1e9
        figures.idleBytes = session.output.bytesBetween(from, to)
        if let a = cpuBefore, let b = session.cpuNanoseconds() { figures.idleCPUShare = Double(b > a ? b - a : 0) / Double(to - from) }
    }

    /// Each key is typed once the screen has been quiet for a moment, so the bytes that
    /// follow are the key's answer rather than a timer tick already on its way.
    private static func keystrokes(_ session: PtySession, keys: [String], options: Options, into figures: inout PtyFigures) {
        let cpuBefore = session.cpuNanoseconds()
        let wallBefore = PtyClock.now()
        // The timers' own CPU over the same wall time is taken out, at the idle rate.
        defer {
            if let a = cpuBefore, let b = session.cpuNanoseconds(), options.keys > 0 {
                let idle = (figures.idleCPUShare ?? 0) * Double(PtyClock.now() - wallBefore)
                figures.cpuPerKey = max(0, Double(b > a ? b - a : 0) - idle) / Double(options.keys) / 1e6
            }
        }
        for i in 0..<options.keys {
            let now = PtyClock.now()
            _ = session.output.waitForQuiet(gap: options.keyQuietGap, since: now, deadline: now + 3_000_000_000)
            let typed = session.type(keys[i % keys.count])
            guard let first = session.output.waitForChunk(after: typed, deadline: typed + 2_000_000_000) else {
                figures.keysUnanswered += 1
                continue
            }
            let settled = session.output.waitForQuiet(gap: options.keyQuietGap, since: first, deadline: first + 3_000_000_000) ?? first
            figures.keyFirstByte.append(ms(first - typed))
            figures.keySettled.append(ms(settled - typed))
        }
    }

    static func ms(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }

    /// Terminal output made safe to print in an error: escapes and controls shown as `^[`.
    static func printable(_ text: String, limit: Int = 600) -> String {
        let shown = text.unicodeScalars.suffix(limit).map { s -> String in
            s.value < 0x20 || s.value == 0x7f ? "^" + String(Character(UnicodeScalar(UInt8((s.value + 0x40) & 0x7f)))) : String(Character(s))
        }
        return shown.joined()
    }
}

extension Array where Element == Double {
    /// The value at fraction `p` of the sorted samples (nearest rank).
    func percentile(_ p: Double) -> Double? {
        guard !isEmpty else { return nil }
        let sorted = self.sorted()
        let rank = Int((Double(sorted.count) * p).rounded(.up))
        return sorted[Swift.min(Swift.max(rank - 1, 0), sorted.count - 1)]
    }
}
