enum StoreBench {
    static func run(_ args: [String]) throws { print("StoreBench: not yet written") }
}
