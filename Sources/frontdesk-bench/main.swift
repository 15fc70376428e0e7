import Foundation

// `swift run -c release frontdesk-bench AREA` prints the figures quoted in README's
// Performance section. Each area lives in its own file.
let args = Array(CommandLine.arguments.dropFirst())
let areas: [String: ([String]) throws -> Void] = [
    "core": CoreBench.run,
    "store": StoreBench.run,
    "terminal": TerminalBench.run,
    "console": ConsoleBench.run,
]
guard let area = args.first, let run = areas[area] else {
    print("usage: frontdesk-bench \(areas.keys.sorted().joined(separator: "|")) [options]")
    exit(area == nil ? 0 : 64)
}
do { try run(Array(args.dropFirst())) } catch { print("error: \(error)"); exit(1) }
