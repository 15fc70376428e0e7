import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// `frontdesk report`: how a day went.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports on the clinic's days.", subcommands: [ReportDayCommand.self])
}

struct ReportDayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "The flow report of one day: visits, the phone, interruptions (supervisor or admin).",
        discussion: """
        Per visit: arrival, check-in, roomed, with provider, done and the minutes between; per \
        provider and for the clinic: counts by status, no-shows, late arrivals, lobby wait \
        p50/p90, arrival → roomed, readiness still open when roomed. Phone per hour: offered, \
        answered, abandoned (short abandons, ≤ 10 s, apart), service level (30 s), ASA, longest \
        wait; callbacks made and overdue. Interruptions per desk: suspensions, resumptions, \
        longest and p90 time suspended, tasks reclaimed from dead consoles, never resumed, \
        emergencies and their response time. Today's report covers the day so far. \
        Patients appear by ticket only unless --names (then by name and MRN, and the reading \
        is audited). html is one self-contained printable file with its charts inline (no \
        scripts, nothing fetched); csv opens in a spreadsheet, every cell that could start a \
        formula neutralised.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json, html }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The day, yyyy-MM-dd (default: today in the clinic's zone).") var date: String?
    @Option(help: "text, csv, json or html.") var format: Format = .text
    @Option(help: "Write to FILE (mode 0600) instead of standard output.") var out: String?
    @Flag(help: "Name the patients (name and MRN) instead of tickets only.") var names = false
    @Option(help: "The clinic's time zone (default: the calendar's, else this machine's).") var zone: String?

    func run() throws {
        let session = try StoreCommand.session(database, .supervise)
        let store = session.store
        let timeZone: TimeZone
        if let zone {
            guard let z = TimeZone(identifier: zone) else { throw ValidationError("--zone \(zone) is not a time zone (e.g. America/New_York)") }
            timeZone = z
        } else {
            timeZone = (try? store.calendar())?.timeZone ?? .current
        }
        let now = Date()
        let day: CivilDate
        if let date {
            guard let d = CivilDate(iso: date) else { throw ValidationError("--date must be yyyy-MM-dd, e.g. 2026-12-01") }
            day = d
        } else {
            day = CivilDate(now, in: timeZone)
        }
        var report = DayReport.compute(try store.dayFlow(day, timeZone: timeZone), now: now)
        if names {
            try store.recordReportNames(day: day.iso, by: session.actor, now: now)
        } else {
            report = report.redacted()
        }
        let text: String = switch format {
        case .text: ReportText.render(report)
        case .csv: ReportCSV.render(report)
        case .json: try ReportJSON.render(report)
        case .html: ReportHTML.render(report, generatedAt: now)
        }
        if let out {
            try ReportFile.write(text, to: out)
            StoreCommand.warn("frontdesk report: wrote \(out)")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

/// A report file: whole or not at all, readable by its owner only — it describes patients'
/// visits (`AtomicFile`, as the backups and the downtime copy).
enum ReportFile {
    static func write(_ text: String, to path: String) throws {
        do { try AtomicFile.write(Data(text.utf8), to: path) } catch {
            throw StoreCommand.failure("cannot write \(path): \(error)", code: 73)
        }
    }
}

/// Times and durations as the reports write them.
enum ReportFormat {
    static func clock(_ d: Date?, _ zone: TimeZone) -> String { d.map { zone.stamp($0).time.text } ?? "" }

    static func duration(_ seconds: Int?) -> String { DayReport.duration(seconds) }

    static func percent(_ v: Double?) -> String { v.map { "\(Int(($0 * 100).rounded())) %" } ?? "–" }

    static func zone(_ r: DayReport) -> TimeZone { TimeZone(identifier: r.timeZone) ?? .current }

    /// "09 h" for the table rows and chart labels.
    static func hour(_ h: Int) -> String { String(format: "%02d h", h) }
}
