enum TerminalBench {
    static func run(_ args: [String]) throws { print("TerminalBench: not yet written") }
}
