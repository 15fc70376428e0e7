import Foundation

// `swift run -c release frontdesk-bench AREA` prints the figures quoted in README's
// Performance section. Each area lives in its own file.
let args = Array(CommandLine.arguments.dropFirst())
let areas: [String: ([String]) throws -> Void] = [
    "core": CoreBench.run,
    "store": StoreBench.run,
    "terminal": TerminalBench.run,
    "console": ConsoleBench.run,
    "live": LiveBench.run,
    "schedule": ScheduleBench.run,
    "hl7": HL7Bench.run,
    "report": ReportBench.run,
    "engines": EngineBench.run,
]
guard let run = args.first.flatMap({ areas[$0] }) else {
    print("usage: frontdesk-bench \(areas.keys.sorted().joined(separator: "|")) [options]")
    exit(args.isEmpty ? 0 : 64)
}
do { try run(Array(args.dropFirst())) } catch { print("error: \(error)"); exit(1) }
