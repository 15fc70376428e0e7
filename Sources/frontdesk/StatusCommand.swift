import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Print the live state once (--json for scripts).")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "JSON: top-level visits, calls, tasks, metrics, load, outbox.") var json = false

    func run() throws {
        let store = try StoreCommand.session(database, .viewStatus, access: .read).store
        let now = Date()
        // Ids, states and times only: the report reads no patient record at all.
        let snap = try store.snapshot(dayOf: now, patients: false)
        var report = StatusReport(snapshot: snap, now: now, policy: RankingPolicy(config: store.config.policy))
        report.outbox = StatusReport.OutboxRow(try store.outboxStatus(), now: now)
        if json {
            FileHandle.standardOutput.write(try report.jsonData() + Data("\n".utf8))
        } else {
            StoreCommand.say(report.text)
        }
    }
}
