import Foundation
import FrontDeskCore
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk-bench live [--runs N] [--frontdesk PATH]`: what another process's change costs a
/// desk as the day grows. For a quiet day (60 visits) and a busy one (1,000 visits) on the
/// same machine in the same run: one call rung by this process (a second process, as the feed
/// would be) until the desk's pty shows it; `frontdesk status --json`; and the desk's resident
/// memory beside the same binary's `--help`.
enum LiveBench {
    static func run(_ args: [String]) throws {
        var runs = 40
        var frontdesk = PtyBench.siblingExecutable("frontdesk")
        var rest = args[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--runs": runs = Int(rest.popFirst() ?? "") ?? runs
            case "--frontdesk": frontdesk = rest.popFirst() ?? frontdesk
            case "--parts": try StatusParts.run(rest.popFirst() ?? ""); return
            default: throw PtySession.Failure(description: "unknown option \(flag)")
            }
        }
        guard FileManager.default.isExecutableFile(atPath: frontdesk) else {
            throw PtySession.Failure(description: "no frontdesk at \(frontdesk): swift build -c release --product frontdesk first")
        }
        print("live: \(frontdesk), \(runs) changes per day size; machine load \(PtyBench.loadAverage())")
        print("  visits  change→screen p50 / p99 ms   status --json median / max ms   desk RSS (of it anon)   --help RSS")
        let helpRSS = try maxRSS(frontdesk, ["--help"])
        for visits in [60, 1000] {
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("frontdesk-live-\(getpid())-\(visits)").path
            defer { try? FileManager.default.removeItem(atPath: work) }
            let clinic = try PtyClinic.make(in: work, visits: visits, calls: max(12, visits / 5))
            let propagation = try changeToScreen(frontdesk, db: clinic.path, home: work, runs: runs)
            var status: [Double] = []
            for _ in 0..<11 {
                let t = PtyClock.now()
                _ = try maxRSS(frontdesk, ["status", "--json", "--db", clinic.path])
                status.append(Double(PtyClock.now() - t) / 1e6)
            }
            status.removeFirst()   // the first run warms the page cache
            print(String(format: "  %6d  %10.2f / %-14.2f   %12.1f / %-14.1f   %5.1f MB (%4.1f MB)       %5.1f MB", visits,
                         propagation.percentile(0.5), propagation.percentile(0.99), status.percentile(0.5) ?? 0, status.max() ?? 0,
                         Double(propagation.rss) / 1024, Double(propagation.anon) / 1024, Double(helpRSS) / 1024))
        }
    }

    struct Changes {
        var samples: [Double]
        var rss: Int
        var anon: Int
        func percentile(_ p: Double) -> Double { samples.percentile(p) ?? 0 }
    }

    /// Rings `runs` calls from this process, each with a number whose every digit differs from
    /// the last (so the terminal is sent the whole number, never a shared prefix), and times
    /// commit → the number on the desk's pty.
    static func changeToScreen(_ frontdesk: String, db: String, home: String, runs: Int) throws -> Changes {
        let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "PATH": "/usr/bin:/bin",
                           "USER": PtyClinic.login, "LOGNAME": PtyClinic.login]
        let session = try PtySession(executable: frontdesk, arguments: ["desk", "--db", db, "--desk", "Bench"],
                                     environment: environment, columns: 120, rows: 40)
        defer { session.end() }
        guard session.output.waitFor("Waiting Room", deadline: session.startedAt + 30_000_000_000) != nil else {
            throw PtySession.Failure(description: "the desk never drew")
        }
        let feed = try ClinicStore.open(path: db)
        let actor = Actor(login: PtyClinic.login, desk: "feed", role: .receptionist)
        var samples: [Double] = []
        for k in 0..<runs {
            let digit = String(k % 9 + 1)
            let number = "555-" + String(repeating: digit, count: 7)
            let offset = session.output.count
            try feed.apply(TimedEvent(.callRinging(call: "live-\(k)", from: number, name: nil, reason: nil, queue: nil)),
                           by: actor, now: Date())
            let committed = PtyClock.now()
            guard let seen = session.output.waitFor(String(repeating: digit, count: 7), from: offset, deadline: committed + 5_000_000_000) else {
                throw PtySession.Failure(description: "call \(number) never showed")
            }
            samples.append(Double(seen > committed ? seen - committed : 0) / 1e6)
            // The banner goes when the call is answered elsewhere; let the screen settle first.
            _ = session.output.waitForQuiet(gap: 30_000_000, since: seen, deadline: seen + 2_000_000_000)
        }
        let memory = session.memoryParts()
        session.type("q")
        _ = session.waitForExit(timeout: 10)
        return Changes(samples: samples, rss: memory?.rss ?? 0, anon: memory?.anon ?? 0)
    }

    /// Runs a command to its end; its peak resident memory in kB (getrusage of the child).
    static func maxRSS(_ executable: String, _ arguments: [String]) throws -> Int {
        var child: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let rc = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard rc == 0 else { throw PtySession.Failure(description: "cannot run \(executable)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(child, &status, 0, &usage)
        return usage.ru_maxrss
    }
}

/// Where `status --json`'s time goes, in process (`frontdesk-bench live --parts DB`).
enum StatusParts {
    static func run(_ db: String) throws {
        func time(_ label: String, _ body: () throws -> Void) rethrows {
            let t = PtyClock.now(); try body(); print(String(format: "  %@ %.2f ms", label, Double(PtyClock.now() - t) / 1e6))
        }
        var store: ClinicStore!
        try time("open") { store = try ClinicStore.open(path: db) }
        var snap = ClinicSnapshot()
        try time("snapshot") { snap = try store.snapshot(dayOf: Date()) }
        try time("snapshot again") { snap = try store.snapshot(dayOf: Date()) }
        print("  \(snap.visits.count) visits, \(snap.calls.count) calls, \(snap.tasks.count) tasks, \(snap.patients.count) patients")
        let policy = RankingPolicy()
        try time("rank+explain") { _ = policy.rank(snap.openTasks, at: Date()).map { policy.explain($0, at: Date()).text } }
        try time("snapshot without patients") { snap = try store.snapshot(dayOf: Date(), patients: false) }
    }
}
