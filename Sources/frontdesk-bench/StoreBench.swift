import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk-bench store [ingest|propagation|idle|draft]…` (all when none is named).
/// Figures are printed, never asserted: see docs/store.md for what they were on this machine.
enum StoreBench {
    static let actor = Actor(login: "bench", desk: "bench", role: .receptionist)

    static func run(_ args: [String]) throws {
        if args.first == "--child" { return try child(Array(args.dropFirst())) }
        let wanted = args.isEmpty ? ["ingest", "propagation", "idle", "draft"] : args
        for area in wanted {
            switch area {
            case "ingest": try ingest()
            case "propagation":
                try propagation(mode: .default, label: "inotify + 250 ms fallback")
                try propagation(mode: .polling(interval: 0.010), label: "polling every 10 ms")
            case "idle":
                try idle(mode: .default, label: "inotify + 250 ms fallback")
                try idle(mode: .polling(interval: 0.010), label: "polling every 10 ms")
            case "draft": try draft()
            default: print("unknown store benchmark \(area) (ingest, propagation, idle, draft)")
            }
        }
    }

    static func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)/fd.sqlite").path
    }

    static func line(_ i: Int) -> Data {
        Data(#"{"type":"call.ringing","call":"b-\#(i)","from":"555-01\#(i % 100)","reason":"bench"}"#.utf8)
    }

    /// Feed lines parsed and applied one transaction each, synchronous=FULL (durable).
    static func ingest(count: Int = 3000) throws {
        let store = try ClinicStore.create(path: tempPath())
        let lines = (0..<count).map(line)
        let start = Date()
        for l in lines { try store.apply(try FeedLine.parse(l), by: actor, now: Date()) }
        let s = Date().timeIntervalSince(start)
        print(String(format: "store ingest: %d feed lines in %.2f s = %.0f events/s (durable: WAL, synchronous=FULL, one transaction per line)",
                     count, s, Double(count) / s))
    }

    /// A child process commits; this process's watcher notices. Latency = detection − the
    /// child's clock right after its commit returned.
    static func propagation(mode: ChangeWatcher.Mode, label: String, count: Int = 300) throws {
        let p = try measurePropagation(location: tempPath(), mode: mode, count: count)
        print(String(format: "store propagation (%@): %d commits, p50 %.2f ms, p99 %.2f ms, max %.2f ms, missed %d",
                     label, p.count, p.p50, p.p99, p.max, p.missed))
    }

    /// The measurement itself, on a new clinic at `location` (a file, or a PostgreSQL database).
    static func measurePropagation(location: String, mode: ChangeWatcher.Mode = .default, count: Int = 300) throws
        -> (count: Int, p50: Double, p99: Double, max: Double, missed: Int) {
        let store = try EngineBench.open(location, create: true)
        let detected = DetectLog()
        let watcher = try ChangeWatcher(store: store, mode: mode) { seq in detected.add(seq, Date()) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("propagation-\(UUID().uuidString).commits").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        p.arguments = ["store", "--child", location, String(count), out]
        try p.run()
        p.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.3)   // let the last detection land before reading the log
        watcher.stop()
        let commits = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").compactMap { l -> (Int64, Double)? in
            let f = l.split(separator: " "); guard f.count == 2, let s = Int64(f[0]), let t = Double(f[1]) else { return nil }
            return (s, t)
        }
        let seen = detected.snapshot()
        var latencies: [Double] = []
        var missed = 0
        for (seq, t) in commits {
            // The first detection at or beyond this commit's sequence.
            guard let d = seen.first(where: { $0.0 >= seq }) else { missed += 1; continue }
            latencies.append(max(0, d.1.timeIntervalSince1970 - t) * 1000)
        }
        latencies.sort()
        func pct(_ q: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))] }
        return (commits.count, pct(0.5), pct(0.99), latencies.last ?? .nan, missed)
    }

    /// Child side: `count` commits ~20 ms apart, each logged as "seq wallclock" after it returns.
    static func child(_ args: [String]) throws {
        guard args.count == 3, let count = Int(args[1]) else { throw StoreError.invalid("usage: --child DB COUNT OUT") }
        let store = try EngineBench.open(args[0])
        var log = ""
        for i in 0..<count {
            try store.apply(try FeedLine.parse(line(i)), by: actor, now: Date())
            let t = Date().timeIntervalSince1970
            log += "\(try store.lastSequence()) \(t)\n"
            usleep(useconds_t(15_000 + Int.random(in: 0..<10_000)))
        }
        try log.write(toFile: args[2], atomically: true, encoding: .utf8)
    }

    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    /// CPU a watcher burns while nothing happens.
    static func idle(mode: ChangeWatcher.Mode, label: String, seconds: Double = 10) throws {
        let store = try ClinicStore.create(path: tempPath())
        let watcher = try ChangeWatcher(store: store, mode: mode) { _ in }
        let c0 = cpuSeconds(), t0 = Date()
        Thread.sleep(forTimeInterval: seconds)
        let cpu = cpuSeconds() - c0, wall = Date().timeIntervalSince(t0)
        watcher.stop()
        print(String(format: "store idle watcher (%@): %.3f%% of a core over %.0f s", label, cpu / wall * 100, wall))
    }

    /// saveDraft is called every few hundred ms while a form is typed.
    static func draft(count: Int = 500) throws {
        let store = try ClinicStore.create(path: tempPath())
        try store.apply(TimedEvent(.callRinging(call: "d", from: "555-0100", name: nil, reason: nil, queue: nil)), by: actor, now: Date())
        let id = try store.start(.answer(callID: "d"), at: "bench", by: actor, now: Date()).taskID
        let ctx = TaskContext(draft: Data(repeating: 65, count: 2048), step: "Insurance", suspendedAt: Date())
        let start = Date()
        for _ in 0..<count { try store.saveDraft(taskID: id, context: ctx, by: actor, now: Date()) }
        let ms = Date().timeIntervalSince(start) / Double(count) * 1000
        print(String(format: "store saveDraft: %.2f ms per durable save of a 2 KiB draft (%d saves)", ms, count))
    }
}

final class DetectLog: @unchecked Sendable {
    private var items: [(Int64, Date)] = []
    private let lock = NSLock()
    func add(_ seq: Int64, _ at: Date) { lock.lock(); items.append((seq, at)); lock.unlock() }
    func snapshot() -> [(Int64, Date)] { lock.lock(); defer { lock.unlock() }; return items }
}
