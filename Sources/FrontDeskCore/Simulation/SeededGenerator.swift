import Foundation

/// SplitMix64: small, fast, and the same sequence on every platform for a seed — which is
/// what makes a simulated day reproducible from `--seed N`.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Exponentially distributed with the given mean (gaps of a Poisson process, patience).
    public mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// Normal via Box–Muller.
    public mutating func normal(mean: Double, deviation: Double) -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return mean + deviation * sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }

    /// A service time: log-normal-ish around `mean`, never below `floor` (work has a minimum).
    public mutating func serviceTime(mean: Double, floor: Double = 20) -> Double {
        max(floor, mean * exp(normal(mean: -0.125, deviation: 0.5)))
    }

    /// Event times of a Poisson process with `perHour` arrivals per hour in [0, length).
    public mutating func poissonTimes(perHour: Double, length: TimeInterval) -> [TimeInterval] {
        guard perHour > 0 else { return [] }
        var times: [TimeInterval] = [], t = exponential(mean: 3600 / perHour)
        while t < length { times.append(t); t += exponential(mean: 3600 / perHour) }
        return times
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
