import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The desk console measured as a user meets it: the real `frontdesk desk` binary on a real
/// pty, on a database with 1,000 visits and 200 calls, beside `htop -d 10` measured the same way.
enum PtyBench {
    struct Options {
        var measure = PtyMeasure.Options()
        var sizes: [(Int, Int)] = [(120, 40), (80, 24)]
        var frontdesk: String?
        var htop = true
    }

    static func run(_ options: Options) throws {
        let frontdesk = options.frontdesk ?? siblingExecutable("frontdesk")
        guard FileManager.default.isExecutableFile(atPath: frontdesk) else {
            throw PtySession.Failure(description: "no frontdesk executable at \(frontdesk): build it in the same configuration first (swift build -c release --product frontdesk)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("frontdesk-ptybench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let loadBefore = loadAverage()

        let clinic = try PtyClinic.make(in: work)
        print("")
        print("real pty: \(frontdesk)")
        print("  database: \(clinic.visits) visits today, \(clinic.calls) calls (\(clinic.waitingCalls) waiting), made in \(String(format: "%.1f", clinic.seconds)) s")
        print("  \(options.measure.runs) starts per size; \(options.measure.keys) keys (desk j/k, htop ↓/↑, alternating); \(Int(options.measure.idleSeconds)) s idle; machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadBefore)")

        // A private HOME: htop writes its settings there on quit, and nothing of the user's leaks in.
        let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": work, "PATH": "/usr/bin:/bin",
                           "USER": PtyClinic.login, "LOGNAME": PtyClinic.login]
        let desk = PtyProgram(name: "frontdesk desk", executable: frontdesk, arguments: ["desk", "--db", clinic.path, "--desk", "Bench"],
                              environment: environment, readyMarker: "Waiting Room", keys: ["j", "k"])
        var programs = [desk]
        var htopNote: String?
        if options.htop {
            if let htop = ["/usr/bin/htop", "/usr/local/bin/htop", "/bin/htop"].first(where: FileManager.default.isExecutableFile(atPath:)) {
                programs.append(PtyProgram(name: "htop -d 10", executable: htop, arguments: ["-d", "10"],
                                           environment: environment, readyMarker: "Load average",
                                           // ↓ ↑ as a terminal in keypad (application) mode sends them.
                                           keys: ["\u{1b}OB", "\u{1b}OA"]))
            } else {
                htopNote = "htop not installed"
            }
        }

        var results: [PtyFigures] = []
        for program in programs {
            for (columns, rows) in options.sizes {
                results.append(try PtyMeasure.measure(program, columns: columns, rows: rows, options: options.measure))
            }
        }
        print(PtyReport.table(results))
        if let htopNote { print("  \(htopNote)") }
        print("  load average after: \(loadAverage())")
    }

    /// `.build/<config>/NAME` beside this executable.
    static func siblingExecutable(_ name: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// The figures as one table: a column per program and size, the goal beside each row.
enum PtyReport {
    static func table(_ results: [PtyFigures]) -> String {
        func f(_ v: Double?, _ digits: Int = 1) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        func mb(_ kb: Int?) -> String { kb.map { String(format: "%.1f MB", Double($0) / 1024) } ?? "-" }
        let rows: [(String, String, (PtyFigures) -> String)] = [
            ("start -> marker seen, median ms", "", { f($0.markerSeen.percentile(0.5)) }),
            ("start -> first frame, median ms", "<= 50", { f($0.frameDone.percentile(0.5)) }),
            ("  first frame min / max ms", "", { "\(f($0.frameDone.min())) / \(f($0.frameDone.max()))" }),
            ("  CPU used to first frame, median ms", "", { f($0.cpuToFirstFrame.percentile(0.5)) }),
            ("key -> first byte p50 / p99 ms", "p99 <= 5", { $0.keyFirstByte.isEmpty ? "-" : "\(f($0.keyFirstByte.percentile(0.5), 2)) / \(f($0.keyFirstByte.percentile(0.99), 2))" }),
            ("key -> screen quiet p50 / p99 ms", "", { $0.keySettled.isEmpty ? "-" : "\(f($0.keySettled.percentile(0.5), 2)) / \(f($0.keySettled.percentile(0.99), 2))" }),
            ("  CPU per key, mean ms", "", { f($0.cpuPerKey, 2) }),
            ("keys answered / sent", "", { $0.keyFirstByte.isEmpty && $0.keysUnanswered == 0 ? "-" : "\($0.keyFirstByte.count) / \($0.keyFirstByte.count + $0.keysUnanswered)" }),
            ("idle bytes/s", "<= 90", { $0.idleSeconds > 0 ? f(Double($0.idleBytes) / $0.idleSeconds) : "-" }),
            ("idle CPU, % of one core", "", { f($0.idleCPUShare.map { $0 * 100 }, 2) }),
            ("RSS after start", "<= 20 MB", { mb($0.rssAfterStart) }),
            ("RSS after idle", "", { mb($0.rssAfterIdle) }),
            ("RSS after keys", "", { mb($0.rssAfterKeys) }),
            ("peak RSS (VmHWM)", "", { mb($0.peakRSS) }),
            ("exits on q (status 0)", "", { r in
                let ok = r.exitStatuses.filter { $0 == 0 }.count
                let bad = r.exitStatuses.compactMap { $0 }.filter { $0 != 0 }.map { String($0) }
                return "\(ok)/\(r.exitStatuses.count)" + (bad.isEmpty ? "" : " (\(bad.joined(separator: ",")))")
            }),
        ]
        let headers = results.map { "\($0.program) \($0.columns)x\($0.rows)" }
        let labelWidth = max(34, rows.map { $0.0.count }.max() ?? 0)
        let widths = zip(headers, results).map { header, r in max(header.count, rows.map { $0.2(r).count }.max() ?? 0) }
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines = ["  " + pad("", labelWidth) + zip(headers, widths).map { "  " + pad($0, $1) }.joined() + "  goal"]
        for (label, goal, value) in rows {
            lines.append("  " + pad(label, labelWidth) + zip(results, widths).map { "  " + pad(value($0), $1) }.joined() + "  " + goal)
        }
        return lines.joined(separator: "\n")
    }
}
