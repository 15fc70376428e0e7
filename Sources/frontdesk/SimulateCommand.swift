import ArgumentParser
import Foundation
import FrontDeskCore

/// `frontdesk simulate`: one seeded busy clinic day, run under the chosen policies, reported
/// as a table or as JSON. Every policy faces the same arrivals, service times and patience.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated clinic day under a policy and report it.",
        discussion: """
            The day (seeded) has booked patients arriving early or late, walk-ins, calls as a \
            Poisson process with caller patience, provider requests and a rare emergency. \
            Durations are in seconds. Without --policy all three policies run on the same day.
            """)

    @Option(help: "frontdesk | fifo | strict (default: all three, side by side)")
    var policy: [SimulationPolicy] = []

    @Option(help: "Seed for the simulated day.")
    var seed: UInt64 = 1

    @Option(help: "How many desks are staffed.")
    var desks: Int = 2

    @Flag(help: "Print the report as JSON (an object for one policy, an array for several).")
    var json = false

    func validate() throws {
        guard (1...50).contains(desks) else { throw ValidationError("--desks must be between 1 and 50 (got \(desks))") }
    }

    func run() throws {
        let day = SimulatedDay.generate(seed: seed)
        let chosen = policy.isEmpty ? SimulationPolicy.allCases : policy
        let reports = chosen.map { Simulator(day: day, desks: desks, policy: $0).run() }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = reports.count == 1 ? try encoder.encode(reports[0]) : try encoder.encode(reports)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(SimulationTable.render(reports))
        }
    }
}

extension SimulationPolicy: ExpressibleByArgument {}

/// The plain-text table `frontdesk simulate` prints: one column per policy.
enum SimulationTable {
    static func render(_ reports: [SimulationReport]) -> String {
        func s(_ v: Double?) -> String { v.map { String(format: "%.0f s", $0) } ?? "–" }
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
        let rows: [(String, (SimulationReport) -> String)] = [
            ("lobby wait p50", { s($0.lobbyWait.p50) }), ("lobby wait p90", { s($0.lobbyWait.p90) }),
            ("lobby wait max", { s($0.lobbyWait.max) }),
            ("phone ASA", { s($0.phone.asa) }), ("phone service level (30 s)", { pct($0.phone.serviceLevel) }),
            ("phone abandon rate", { pct($0.phone.abandonRate) }),
            ("callbacks overdue", { "\($0.callbacksOverdue)" }), ("insurance verified late", { "\($0.insuranceLate)" }),
            ("suspensions", { "\($0.suspensions)" }),
            ("suspended age p90", { s($0.suspendedAge.p90) }), ("suspended age max", { s($0.suspendedAge.max) }),
            ("never resumed", { "\($0.neverResumed)" }), ("emergency response max", { s($0.emergencyResponse.max) }),
            ("tasks done / arrived", { "\($0.tasksDone) / \($0.tasksArrived)" }),
        ]
        let labelWidth = rows.map(\.0.count).max() ?? 0
        let columnWidth = 12
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let gap = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + gap : gap + text
        }
        var lines: [String] = []
        if let first = reports.first {
            lines.append("seed \(first.seed), \(first.desks) desk(s), busy day")
        }
        lines.append(pad("", labelWidth, left: true) + reports.map { pad($0.policy, columnWidth) }.joined())
        for (label, value) in rows {
            lines.append(pad(label, labelWidth, left: true) + reports.map { pad(value($0), columnWidth) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
