import FrontDeskConsole

/// `frontdesk-bench console [--runs N] [--keys N] [--idle SECONDS] [--sizes 120x40,80x24]
/// [--frontdesk PATH] [--no-htop] [--pty-only]`: first the desk in process against
/// `MemoryTerminal` (1,000 visits, 200 calls), then the real binary on a real pty.
/// `--make-db DIR` only writes the benchmark's clinic to DIR/bench.sqlite, to look at by hand.
enum ConsoleBench {
    static func run(_ args: [String]) throws {
        var options = PtyBench.Options()
        var inProcess = true
        var rest = args[...]
        func value(_ flag: String) throws -> String {
            guard let v = rest.popFirst() else { throw PtySession.Failure(description: "\(flag) needs a value") }
            return v
        }
        func positive(_ flag: String) throws -> Int {
            let text = try value(flag)
            guard let n = Int(text), n > 0 else { throw PtySession.Failure(description: "\(flag) takes a positive whole number, not \"\(text)\"") }
            return n
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--runs": options.measure.runs = try positive(flag)
            case "--keys": options.measure.keys = try positive(flag)
            case "--idle": options.measure.idleSeconds = Double(try positive(flag))
            case "--frontdesk": options.frontdesk = try value(flag)
            case "--no-htop": options.htop = false
            case "--pty-only": inProcess = false
            case "--make-db":
                let made = try PtyClinic.make(in: try value(flag))
                print("\(made.path): \(made.visits) visits, \(made.calls) calls (\(made.waitingCalls) waiting); run it as \(PtyClinic.login)")
                return
            case "--sizes":
                let text = try value(flag)
                let sizes = text.split(separator: ",").map { $0.split(separator: "x").compactMap { Int($0) } }
                guard !sizes.isEmpty, sizes.allSatisfy({ $0.count == 2 && $0[0] > 0 && $0[1] > 0 }) else {
                    throw PtySession.Failure(description: "--sizes takes COLSxROWS[,COLSxROWS…], not \"\(text)\"")
                }
                options.sizes = sizes.map { ($0[0], $0[1]) }
            default: throw PtySession.Failure(description: "unknown option \(flag)")
            }
        }
        if inProcess { print(DeskBenchmark.report()) }
        try PtyBench.run(options)
    }
}
