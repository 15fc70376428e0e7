enum CoreBench {
    static func run(_ args: [String]) throws { print("CoreBench: not yet written") }
}
