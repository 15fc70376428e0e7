import ArgumentParser
import Dispatch
import Foundation
import FrontDeskCore
import FrontDeskStore

/// `frontdesk downtime`: the paper copy for when the system is down (HIPAA §164.308(a)(7)(ii)(C),
/// emergency-mode operation), written whole, once or on a schedule.
struct DowntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downtime", abstract: "Write the printable downtime copy: schedules, waiting room, callbacks, phone numbers.",
        discussion: """
        One self-contained HTML file to print when FrontDesk cannot be used: today's and \
        tomorrow's appointments per provider (time, patient, MRN, date of birth, phone, type and \
        reason, status), the waiting room as it stands, the callbacks owed with their numbers and \
        due times, and the phone numbers of today's patients. It holds patients' names, birth \
        dates and phone numbers on purpose — that is what the desk needs with the system down — \
        so it is marked confidential on every section, written mode 0600 like the database, and \
        belongs where only staff can reach it (docs/contingency.md). No script, nothing fetched; \
        every name is escaped and made inert. Written atomically (a temporary beside it, synced, \
        renamed): a reader or a printer never sees half a file. Default: downtime/downtime-latest.html \
        beside the backups folder; through the sudo rule only there, or --out - (standard output, \
        which your own shell opens). --every 15m (s, m or h) rewrites it on that schedule until \
        Ctrl-C or SIGTERM; a read that fails keeps the last good copy and says so on stderr. \
        For anyone who may see the schedule (receptionists and up); audited once per run.
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The file to write (- for standard output, once).") var out: String?
    @Option(help: "The folder to write downtime-latest.html in.") var dir: String?
    @Option(help: "Rewrite it on this schedule, e.g. 15m, 30s, 1h, until Ctrl-C or SIGTERM.") var every: String?
    @Flag(help: "Add an index of every patient of both days by name (who is booked when, with whom).") var names = false

    static let fileName = "downtime-latest.html"

    func validate() throws {
        if out != nil && dir != nil { throw ValidationError("--out and --dir name the same thing: give one") }
        if out == "-" && every != nil { throw ValidationError("--every rewrites a file: give --out FILE or --dir, not standard output") }
        if let every, Self.interval(every) == nil { throw ValidationError("--every takes a number with s, m or h (1s to 24h), e.g. 15m") }
    }

    /// `15m` → 900 s; `30s`, `1h`, `90` (seconds). Nil when not a duration from 1 s to a day.
    static func interval(_ text: String) -> TimeInterval? {
        let unit: Double
        var number = Substring(text)
        switch text.last {
        case "s"?: unit = 1; number = number.dropLast()
        case "m"?: unit = 60; number = number.dropLast()
        case "h"?: unit = 3600; number = number.dropLast()
        default: unit = 1
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let n = Double(number) else { return nil }
        let seconds = n * unit
        return seconds >= 1 && seconds <= 86_400 ? seconds : nil
    }

    func run() throws {
        if let out, out != "-" { try Contingency.refuseThroughBoundary("downtime --out FILE (use --out - > FILE)") }
        if dir != nil { try Contingency.refuseThroughBoundary("downtime --dir") }
        let session = try StoreCommand.session(database, .viewPatients)
        let toStdout = out == "-"
        let path = out ?? ((dir ?? Contingency.downtimeFolder(database: database.localPath)) + "/" + Self.fileName)
        if !toStdout { try Contingency.attempt { try AtomicFile.ensureFolder(AtomicFile.folder(of: path)) } }
        let period = every.flatMap(Self.interval)
        try Contingency.attempt {
            try session.store.recordDowntimeCopy(file: toStdout ? "stdout" : (path as NSString).lastPathComponent, every: period,
                                                 by: session.actor, now: Date())
        }

        guard let period else {
            let copy = try Contingency.attempt { try DowntimeCopy.read(session.store, now: Date(), nameIndex: names) }
            let page = DowntimePage.html(copy)
            if toStdout { FileHandle.standardOutput.write(Data(page.utf8)); return }
            try Contingency.attempt { try AtomicFile.write(Data(page.utf8), to: path) }
            print("downtime copy written: \(path) (mode 0600; \(summary(copy)))")
            return
        }

        let stop = DispatchSemaphore(value: 0)
        let stopper = SignalStopper { stop.signal() }
        defer { withExtendedLifetime(stopper) {} }
        var store: ClinicStore? = session.store
        var lastGood: Date?
        StoreCommand.warn("frontdesk downtime: writing \(path) every \(every!) until Ctrl-C or SIGTERM")
        repeat {
            let now = Date()
            do {
                if store == nil { store = try reopen() }
                let copy = try DowntimeCopy.read(store!, now: now, nameIndex: names)
                try AtomicFile.write(Data(DowntimePage.html(copy).utf8), to: path)
                lastGood = now
                StoreCommand.warn("frontdesk downtime: wrote \(path) at \(ISOTime.string(now)) (\(summary(copy)))")
            } catch let e as ExitCode {
                throw e
            } catch {
                // A file replaced (a restore), deleted or damaged is opened afresh next time.
                if error is StoreError { store = nil }
                let kept = lastGood.map { "the copy of \(ISOTime.string($0)) stays" } ?? "no copy written yet"
                StoreCommand.warn("frontdesk downtime: could not refresh \(path): \(error); \(kept)")
            }
        } while stop.wait(timeout: .now() + period) == .timedOut
        StoreCommand.warn("frontdesk downtime: stopped; " + (lastGood.map { "\(path) holds the copy of \(ISOTime.string($0))" } ?? "nothing written"))
    }

    /// The database again, with the same check of who runs this as at the start.
    func reopen() throws -> ClinicStore {
        // The store's own error, not the command's exit: the loop reports it and tries again.
        let store = try ClinicStore.open(at: database.path)
        let actor = try StoreCommand.identify(store, desk: nil)
        try StoreCommand.require(actor, .viewPatients)
        return store
    }

    func summary(_ copy: DowntimeCopy) -> String {
        let counts = copy.days.map(\.count)
        return "\(counts.first ?? 0) appointments today, \(counts.last ?? 0) tomorrow, \(copy.waiting.count) waiting, \(copy.callbacks.count) callbacks"
    }
}
