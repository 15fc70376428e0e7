enum ConsoleBench {
    static func run(_ args: [String]) throws { print("ConsoleBench: not yet written") }
}
