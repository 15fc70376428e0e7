import FrontDeskConsole

/// The desk in process against `MemoryTerminal`: 1,000 visits and 200 calls.
enum ConsoleBench {
    static func run(_ args: [String]) throws { print(DeskBenchmark.report()) }
}
