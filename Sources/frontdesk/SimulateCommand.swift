import ArgumentParser
import Foundation
import FrontDeskCore

/// `frontdesk simulate`: seeded clinic days, run under the chosen policies, reported as a
/// table or as JSON. Every policy faces the same arrivals, service times and patience.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run simulated clinic days under the policies and report them.",
        discussion: """
            A day (seeded) has booked patients arriving early or late, walk-ins, calls as a \
            Poisson process with caller patience (some callers ring again), provider requests, \
            insurance to verify and a rare emergency. `surge` adds 18 calls in the first hour \
            (40 an hour in all). Durations are in seconds. Without --policy the four compared policies run \
            on the same day. --grid runs seeds × desk counts × policies and prints the means.
            """)

    @Option(help: "frontdesk | fifo | strict | memory | strict-promises (repeat for several; default: the first four)")
    var policy: [SimulationPolicy] = []

    @Option(help: "The day: busy | surge.")
    var profile: SimulatedDay.Profile = .busy

    @Option(help: "Seed for the simulated day (one day).")
    var seed: UInt64 = 1

    @Option(help: "How many desks are staffed (one day).")
    var desks: Int = 2

    @Flag(help: "Run every seed × desk count × policy and print the means.")
    var grid = false

    @Option(help: "Grid: the seeds, e.g. 1-10 or 1,4,7.")
    var seeds: NumberList = NumberList(1...10)

    @Option(name: .customLong("desk-counts"), help: "Grid: the desk counts, e.g. 2-5 or 2,3.")
    var deskCounts: NumberList = NumberList(2...5)

    @Flag(help: "Grid: print the table as Markdown.")
    var markdown = false

    @Flag(help: "Print JSON (a report, an array of reports, or the grid).")
    var json = false

    @Flag(name: .customLong("desk-time"),
          help: "Grid: print where the desks' time went instead (minutes by kind of work, all day and while patients waited).")
    var deskTime = false

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Change a policy setting for this run, NAME=VALUE (repeat for several; durations in minutes), e.g. points.check-in=80.",
                               valueName: "name=value"))
    var settings: [PolicySetting] = []

    func validate() throws {
        guard (1...50).contains(desks) else { throw ValidationError("--desks must be between 1 and 50 (got \(desks))") }
        guard deskCounts.values.allSatisfy({ (1...50).contains($0) }) else {
            throw ValidationError("--desk-counts must be between 1 and 50")
        }
        guard seeds.values.allSatisfy({ $0 >= 0 }) else { throw ValidationError("--seeds must not be negative") }
        if markdown && !grid { throw ValidationError("--markdown goes with --grid") }
        if deskTime && !grid { throw ValidationError("--desk-time goes with --grid (one day's table shows it already)") }
        if deskTime && json { throw ValidationError("--desk-time is a table; --json already holds deskMinutes") }
        do { _ = try PolicySetting.apply(settings, to: .withPromises) } catch { throw ValidationError("--set: \(error)") }
    }

    func run() throws {
        let chosen = policy.isEmpty ? SimulationPolicy.compared : policy
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if grid {
            let result = try SimulationGrid.run(profile: profile, seeds: seeds.values.map { UInt64($0) },
                                            desks: deskCounts.values, policies: chosen, settings: settings)
            if json { print(String(decoding: try encoder.encode(result), as: UTF8.self)) } else {
                print(deskTime ? SimulationTable.renderDeskTime(result, markdown: markdown)
                               : SimulationTable.render(result, markdown: markdown))
            }
            return
        }
        let day = SimulatedDay.generate(seed: seed, profile: profile)
        let ranking = RankingPolicy(config: try PolicySetting.apply(settings, to: .withPromises))
        let reports = chosen.map { Simulator(day: day, desks: desks, policy: $0, ranking: ranking).run() }
        if json {
            let data = reports.count == 1 ? try encoder.encode(reports[0]) : try encoder.encode(reports)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(SimulationTable.render(reports, settings: settings.map(\.description)))
        }
    }
}

extension SimulationPolicy: ExpressibleByArgument {}
extension PolicySetting: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
extension SimulatedDay.Profile: ExpressibleByArgument {}

/// Whole numbers as a command line gives them: "1-10", "2,3,4,5", "1-3,7".
struct NumberList: ExpressibleByArgument, Equatable {
    var values: [Int]
    init(_ range: ClosedRange<Int>) { values = Array(range) }

    init?(argument: String) {
        var values: [Int] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch bounds.count {
            case 1: guard let n = bounds[0] else { return nil }; values.append(n)
            case 2: guard let lo = bounds[0], let hi = bounds[1], lo <= hi else { return nil }; values += Array(lo...hi)
            default: return nil
            }
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    var defaultValueDescription: String {
        values.count > 1 && values == Array(values[0]...values[values.count - 1])
            ? "\(values[0])-\(values[values.count - 1])" : values.map(String.init).joined(separator: ",")
    }
}

/// The plain-text tables `frontdesk simulate` prints.
enum SimulationTable {
    static func seconds(_ v: Double?) -> String { v.map { String(format: "%.0f s", $0) } ?? "–" }
    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }

    /// One day: a column per policy.
    static func render(_ reports: [SimulationReport], settings: [String] = []) -> String {
        let rows: [(String, (SimulationReport) -> String)] = [
            ("lobby wait p50", { seconds($0.lobbyWait.p50) }), ("lobby wait p90", { seconds($0.lobbyWait.p90) }),
            ("lobby wait max", { seconds($0.lobbyWait.max) }),
            ("phone ASA", { seconds($0.phone.asa) }), ("phone service level (30 s)", { percent($0.phone.serviceLevel) }),
            ("phone abandon rate", { percent($0.phone.abandonRate) }),
            ("callbacks owed / overdue", { "\($0.callbacks) / \($0.callbacksOverdue)" }),
            ("insurance verified late", { "\($0.insuranceLate)" }),
            ("suspensions", { "\($0.suspensions)" }),
            ("suspended age p90", { seconds($0.suspendedAge.p90) }), ("suspended age max", { seconds($0.suspendedAge.max) }),
            ("never resumed", { "\($0.neverResumed)" }), ("emergency response max", { seconds($0.emergencyResponse.max) }),
            ("tasks done / arrived", { "\($0.tasksDone) / \($0.tasksArrived)" }),
            ("minutes overloaded", { "\($0.minutesOverloaded)" }),
        ] + DeskWork.allCases.map { work in
            ("desk min, \(work.rawValue) (patients waiting)", { deskCell(work, $0.deskMinutes) })
        }
        let labelWidth = rows.map(\.0.count).max() ?? 0
        var lines: [String] = []
        if let first = reports.first {
            lines.append("seed \(first.seed), \(first.desks) desk(s), \(first.profile) day" + settingsNote(settings))
        }
        lines.append(pad("", labelWidth, left: true) + reports.map { pad($0.policy, 12) }.joined())
        for (label, value) in rows {
            lines.append(pad(label, labelWidth, left: true) + reports.map { pad(value($0), 12) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// The kinds of desk work the desk-time tables group task kinds into.
    enum DeskWork: String, CaseIterable {
        case calls, callbacks, checkIns = "check-ins", paperwork, emergencies

        init(_ kind: TaskKind) {
            switch kind {
            case .call: self = .calls
            case .callback: self = .callbacks
            case .checkIn: self = .checkIns
            case .emergency: self = .emergencies
            case .providerRequest, .insuranceVerification, .missingDocuments, .waitlistOffer: self = .paperwork
            }
        }

        func minutes(_ byKind: [String: Double]) -> Double {
            byKind.reduce(0) { sum, entry in TaskKind(rawValue: entry.key).map(DeskWork.init) == self ? sum + entry.value : sum }
        }
    }

    /// "402 (322)": desk minutes on `work` all day, and while patients waited for a check-in.
    static func deskCell(_ work: DeskWork, _ minutes: SimulationReport.DeskMinutes) -> String {
        String(format: "%.0f (%.0f)", work.minutes(minutes.all), work.minutes(minutes.whilePatientsWait))
    }

    /// The grid: a row per desk count and policy, a column per figure (means over the seeds).
    static func render(_ grid: SimulationGrid, markdown: Bool) -> String {
        let columns: [(String, (SimulationGrid.Row) -> String)] = [
            ("desks", { "\($0.desks)" }), ("policy", { $0.policy }),
            ("service level", { percent($0.serviceLevel) }), ("abandon", { percent($0.abandonRate) }),
            ("ASA", { seconds($0.asa) }), ("lobby p50", { seconds($0.lobbyWaitP50) }), ("lobby p90", { seconds($0.lobbyWaitP90) }),
            ("cb overdue", { String(format: "%.1f", $0.callbacksOverdue) }),
            ("ins. late", { String(format: "%.1f", $0.insuranceLate) }),
            ("susp. p90", { seconds($0.suspendedAgeP90) }), ("susp. max", { seconds($0.suspendedAgeMax) }),
            ("never resumed", { String(format: "%.1f", $0.neverResumed) }),
            ("left open", { String(format: "%.1f", $0.tasksLeftOpen) }),
        ]
        return layout(grid, title: "means over seeds", columns: columns, markdown: markdown)
    }

    /// Where the desks' time went: a row per desk count and policy, a column per kind of work,
    /// each "minutes all day (minutes while patients waited)", means over the seeds.
    static func renderDeskTime(_ grid: SimulationGrid, markdown: Bool) -> String {
        let columns: [(String, (SimulationGrid.Row) -> String)] = [("desks", { "\($0.desks)" }), ("policy", { $0.policy })]
            + DeskWork.allCases.map { work in (work.rawValue, { deskCell(work, $0.deskMinutes) }) }
        return layout(grid, title: "desk minutes all day (while patients waited), means over seeds", columns: columns,
                      markdown: markdown)
    }

    static func layout(_ grid: SimulationGrid, title: String, columns: [(String, (SimulationGrid.Row) -> String)],
                       markdown: Bool) -> String {
        let seeds = grid.seeds.count > 1 && grid.seeds == Array(grid.seeds[0]...grid.seeds[grid.seeds.count - 1])
            ? "\(grid.seeds[0])–\(grid.seeds[grid.seeds.count - 1])" : grid.seeds.map(String.init).joined(separator: ", ")
        let title = "\(grid.profile.rawValue) day, \(title) \(seeds)" + settingsNote(grid.settings)
        let cells = grid.rows.map { row in columns.map { $0.1(row) } }
        if markdown {
            var lines = [title, "", "| " + columns.map(\.0).joined(separator: " | ") + " |",
                         "|" + columns.indices.map { $0 < 2 ? "---|" : "---:|" }.joined()]
            lines += cells.map { "| " + $0.joined(separator: " | ") + " |" }
            return lines.joined(separator: "\n")
        }
        let widths = columns.indices.map { i in max(columns[i].0.count, cells.map { $0[i].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, v in pad(v, widths[i], left: i == 1) }.joined(separator: "  ")
        }
        return ([title, line(columns.map(\.0))] + cells.map(line)).joined(separator: "\n")
    }

    /// ", settings: points.check-in=80, promise-lead=5" when any were changed.
    static func settingsNote(_ settings: [String]) -> String {
        settings.isEmpty ? "" : ", settings: " + settings.joined(separator: ", ")
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + gap : gap + text
    }
}
