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
        abstract: "Send FrontDesk's bookings, moves, cancels, no-shows, registrations, corrections and check-ins to the practice system over MLLP.",
        discussion: """
        Appointments go as SIU (S12 booked, S13 moved, S15 cancelled, S26 no-show); patients as \
        ADT: A04 a patient registered at a check-in (A28 one registered without a visit), A08 \
        a correction of their demographics (a value removed at the desk goes as "" so the \
        practice removes it too), and each check-in as the visit event --check-in-as names. \
        Starting it sets up the practice link: from then on every change made in FrontDesk \
        writes its message in the same transaction (`hl7 outbound off` stops that). \
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
    @Option(name: .customLong("check-in-as"),
            help: "The visit event a check-in sends: A04 (the standard's outpatient arrival), A10 (arriving), or none.")
    var checkInAs = "A04"

    func run() throws {
        guard let colon = to.lastIndex(of: ":"), let port = UInt16(to[to.index(after: colon)...]), colon != to.startIndex else {
            throw ValidationError("--to must be HOST:PORT")
        }
        guard HL7Version(version) != nil else { throw ValidationError("--hl7-version must look like 2.5.1") }
        guard let checkInEvent = HL7SendOptions.CheckInEvent(rawValue: checkInAs == "none" ? "none" : checkInAs.uppercased()) else {
            throw ValidationError("--check-in-as must be A04, A10 or none")
        }
        let host = String(to[..<colon])
        let session = try StoreCommand.session(database, .ingestEvents, desk: "hl7-send")
        var options = HL7SendOptions(timeZone: try zoneOption.timeZone(store: session.store))
        options.receivingApplication = receivingApplication
        options.receivingFacility = receivingFacility
        options.sendingFacility = sendingFacility
        options.version = version
        options.replyTimeout = replyTimeout
        options.checkInEvent = checkInEvent
        try session.store.setOutbound(true, by: session.actor, now: Date())
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

/// `frontdesk hl7 outbound on|off`: whether changes made here write messages for the practice.
struct HL7OutboundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbound",
        abstract: "Turn the practice link's outbound side on or off.",
        discussion: """
        On (as `hl7 send` sets it when it starts): every booking, move, cancel, no-show, \
        registration, correction and check-in made in FrontDesk writes its message for the \
        practice system in the same transaction. Off: nothing more is written (a clinic with no \
        practice system, or one being replaced); what already waits stays and goes when it is \
        on again. Audited.
        """)

    enum Setting: String, ExpressibleByArgument, CaseIterable { case on, off }

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "on or off") var setting: Setting

    func run() throws {
        let session = try StoreCommand.session(database, .ingestEvents, desk: "hl7")
        try session.store.setOutbound(setting == .on, by: session.actor, now: Date())
        let status = try session.store.outboxStatus()
        print("hl7 outbound \(setting.rawValue); \(status.depth) waiting to be sent")
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
