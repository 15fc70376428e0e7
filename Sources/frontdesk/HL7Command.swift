import ArgumentParser
import Dispatch
import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

/// `frontdesk hl7`: the practice system's HL7 v2 interface.
struct HL7Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl7",
        abstract: "The HL7 v2 interface to the practice system (MLLP).",
        subcommands: [HL7ListenCommand.self, HL7ParseCommand.self, HL7SendCommand.self, HL7OutboundCommand.self])
}

/// How an HL7 command reads timestamps sent without an offset: `--zone`, else the
/// calendar's zone, else this machine's.
struct HL7ZoneOption: ParsableArguments {
    @Option(help: "Time zone of timestamps sent without an offset (default: the calendar's, else this machine's).")
    var zone: String?

    func timeZone(store: ClinicStore?) throws -> TimeZone {
        if let zone {
            guard let tz = TimeZone(identifier: zone) else { throw ValidationError("unknown time zone \(zone)") }
            return tz
        }
        return (try? store?.calendar())??.timeZone ?? .current
    }

    static func responder(zone: TimeZone) -> HL7Responder {
        HL7Responder(interpreter: HL7Interpreter(options: .init(defaultTimeZone: zone)),
                     acknowledgments: HL7AcknowledgmentBuilder(timeZone: zone))
    }
}

struct HL7ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive SIU and ADT messages over MLLP and apply each in one transaction.",
        discussion: """
        Runs as a user with the integration role (or an admin) until Ctrl-C or SIGTERM. Every \
        frame is answered: AA once the message is committed (durable), AE with an ERR segment \
        naming the segment and field when its content is wrong, AR for a message type or event \
        not taken, an oversize frame, or a database that could not take it now. A message whose \
        control id (with its sender) was applied before is answered AA and not applied again. \
        One line per message on stderr, with ids only.
        """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var zoneOption: HL7ZoneOption
    @Option(help: "Address to listen on (keep it on loopback or a tunnel: MLLP has no encryption).")
    var bind = "127.0.0.1"
    @Option(help: "TCP port (0: any free port, printed on stderr).")
    var port: UInt16 = 2575
    @Option(name: .customLong("max-frame-bytes"), help: "Frames larger than this are refused without being read into memory.")
    var maxFrameBytes = 1 << 20
    @Option(help: "Desk name recorded in the audit trail.")
    var desk = "hl7"

    func run() throws {
        let session = try StoreCommand.session(database, .ingestEvents, desk: desk)
        let zone = try zoneOption.timeZone(store: session.store)
        let intake = HL7StoreIntake(store: session.store, actor: session.actor, responder: HL7ZoneOption.responder(zone: zone),
                                    report: { StoreCommand.warn("frontdesk hl7: " + $0) })
        let listener: MLLPListener
        do {
            listener = try MLLPListener(bind: bind, port: port, maxFrameBytes: maxFrameBytes) { intake.answer($0) }
        } catch {
            throw StoreCommand.failure("cannot listen on \(bind):\(port): \(error)", code: 1)
        }
        let stopped = DispatchSemaphore(value: 0)
        let stopper = SignalStopper { stopped.signal() }
        defer { withExtendedLifetime(stopper) {} }
        listener.start()
        StoreCommand.warn("frontdesk hl7: listening on \(bind):\(listener.port) (timestamps without an offset in \(zone.identifier))")
        stopped.wait()
        listener.stop()
        StoreCommand.warn("frontdesk hl7: stopped")
    }
}

struct HL7ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print what the messages in FILE would do, as JSON, without applying them.",
        discussion: """
        FILE holds one or more messages (segments ended by CR, LF or CRLF; MLLP frames too). \
        Prints a JSON array, one object per message: the ACK it would get, its error, and the \
        change it asks for. \
        With --rehearse, each is also applied to the clinic's database inside a transaction \
        that is rolled back, and the object says what it would have done (a duplicate, the \
        appointment and patient, tasks for a person). Exit status 65 when any message would \
        not be answered AA.
        """)

    @Argument(help: "A file of HL7 v2 messages.") var file: String
    @Flag(help: "Also try each message against the clinic database, rolled back.") var rehearse = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var zoneOption: HL7ZoneOption

    static let maxFileBytes = 16 << 20

    func run() throws {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw StoreCommand.failure("cannot read \(file)", code: 66) }
        let bytes = (try? handle.read(upToCount: Self.maxFileBytes + 1)) ?? Data()
        guard bytes.count <= Self.maxFileBytes else { throw StoreCommand.failure("\(file) is larger than 16 MiB", code: 65) }
        let session = rehearse ? try StoreCommand.session(database, .ingestEvents, desk: "hl7-parse") : nil
        let zone = try zoneOption.timeZone(store: session?.store)
        let responder = HL7ZoneOption.responder(zone: zone)
        let rules = IntakeRules(timeZone: zone)
        var reports: [HL7ParseReport] = []
        for text in HL7MessageFile.messages(in: Array(bytes)) {
            let now = Date()
            let inbound = HL7Inbound(content: Self.content(text), text: text, peer: file, receivedAt: now)
            var report = HL7ParseReport()
            let ack = responder.respond(to: inbound) { event, message in
                let practice = try PracticeMessage(hl7: event, message: message)
                report.change = HL7ParseReport.Change(practice)
                do {
                    if let session {
                        report.rehearsal = HL7ParseReport.Rehearsal(try session.store.rehearse(practice, by: session.actor, now: now))
                    } else {
                        // Without the store, the rules every message meets there.
                        do { _ = try rules.practice(practice, now: now) } catch let refusal as IntakeRefusal { throw StoreError.intake(refusal) }
                    }
                } catch let error as StoreError {
                    throw HL7StoreIntake.acknowledgment(for: error, event: event)
                }
            }
            report.read(acknowledgment: ack, inbound: inbound)
            reports.append(report)
        }
        FileHandle.standardOutput.write(try InertJSON.encode(reports) + Data("\n".utf8))
        if reports.contains(where: { $0.acknowledgment != "AA" }) { throw ExitCode(65) }
    }

    static func content(_ text: String) -> HL7Inbound.Content {
        do { return .message(try HL7Parser().parse(text)) } catch { return .unparseable(error) }
    }
}

/// The messages in a file: MLLP frames when it has them, else one message per MSH segment.
enum HL7MessageFile {
    static func messages(in bytes: [UInt8]) -> [String] {
        if bytes.contains(0x0B) {
            var decoder = MLLPDecoder(maxFrameBytes: HL7ParseCommand.maxFileBytes)
            return decoder.feed(bytes + [0x0D]).compactMap { event in
                if case .frame(let frame) = event { return HL7TextDecoding.string(from: frame) }
                return nil
            }
        }
        let text = HL7TextDecoding.string(from: bytes)
        var messages: [[Substring]] = []
        for line in text.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) where !line.allSatisfy(\.isWhitespace) {
            if line.hasPrefix("MSH") || messages.isEmpty { messages.append([]) }
            messages[messages.count - 1].append(line)
        }
        return messages.map { $0.joined(separator: "\r") + "\r" }
    }
}
