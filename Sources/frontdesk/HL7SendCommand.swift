import ArgumentParser
import Dispatch
import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

/// `frontdesk hl7 send`: the outbox to the practice system.
struct HL7SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send FrontDesk's bookings, moves, cancels and no-shows to the practice system over MLLP.",
        discussion: """
        Sends the outbox oldest first, each message until its ACK, and goes on as new ones are \
        written (or, with --once, until it is empty). No connection, no reply or AR: the same \
        message again after a growing wait, so the order is kept. AE: the practice system refused \
        it; it is set aside, a task tells a person, and the next goes. Killed at any moment, it \
        loses nothing: a message whose ACK it did not record is sent again (same control id). \
        Runs as a user with the integration role; stops on Ctrl-C or SIGTERM.
        """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var zoneOption: HL7ZoneOption
    @Option(help: "The practice system's MLLP listener, HOST:PORT.") var to: String
    @Flag(help: "Send what is waiting, then exit.") var once = false
    @Option(name: .customLong("receiving-application"), help: "MSH-5.") var receivingApplication: String?
    @Option(name: .customLong("receiving-facility"), help: "MSH-6.") var receivingFacility: String?
    @Option(name: .customLong("sending-facility"), help: "MSH-4.") var sendingFacility: String?
    @Option(name: .customLong("hl7-version"), help: "MSH-12 of what is sent (2.3 to 2.8).") var version = "2.5.1"
    @Option(name: .customLong("reply-timeout"), help: "Seconds to wait for each ACK.") var replyTimeout: Double = 30

    func run() throws {
        guard let colon = to.lastIndex(of: ":"), let port = UInt16(to[to.index(after: colon)...]), colon != to.startIndex else {
            throw ValidationError("--to must be HOST:PORT")
        }
        guard HL7Version(version) != nil else { throw ValidationError("--hl7-version must look like 2.5.1") }
        let host = String(to[..<colon])
        let session = try StoreCommand.session(database, .ingestEvents, desk: "hl7-send")
        var options = HL7SendOptions(timeZone: try zoneOption.timeZone(store: session.store))
        options.receivingApplication = receivingApplication
        options.receivingFacility = receivingFacility
        options.sendingFacility = sendingFacility
        options.version = version
        options.replyTimeout = replyTimeout
        options.backoff = HL7SendTestHooks.backoff(from: ProcessInfo.processInfo.environment) ?? options.backoff
        let sender = HL7OutboxSender(store: session.store, actor: session.actor, host: host, port: port, options: options,
                                     report: { StoreCommand.warn("frontdesk hl7 send: " + $0) })
        let stopper = SignalStopper { sender.stop() }
        defer { withExtendedLifetime(stopper) {} }
        // Every commit by any process wakes the sender: a booking goes out as soon as it is made.
        let watcher = once ? nil : try? ChangeWatcher(store: session.store) { _ in sender.wakeUp() }
        defer { watcher?.stop() }
        StoreCommand.warn("frontdesk hl7 send: to \(host):\(port), \((try? session.store.outboxStatus().depth) ?? 0) waiting")
        let accepted = sender.run(untilEmpty: once)
        StoreCommand.warn("frontdesk hl7 send: stopped, \(accepted) accepted")
    }
}

/// Test hook: `FRONTDESK_HL7_BACKOFF=initial,maximum` (seconds), as for the AMI adapter.
enum HL7SendTestHooks {
    static func backoff(from environment: [String: String]) -> ReconnectBackoff? {
        guard let text = environment["FRONTDESK_HL7_BACKOFF"] else { return nil }
        let parts = text.split(separator: ",").compactMap { Double($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] >= parts[0] else { return nil }
        return ReconnectBackoff(initial: parts[0], maximum: parts[1])
    }
}
