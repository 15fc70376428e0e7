import ArgumentParser
import Dispatch
import Foundation
import FrontDeskStore
import FrontDeskCore
import FrontDeskIntake
import TextSafety

/// `frontdesk ami`: follows an Asterisk's call queues over the Manager Interface and
/// records every call in the clinic store, through the same path as `frontdesk feed`.
struct AMICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ami",
        abstract: "Feed calls from an Asterisk Manager Interface connection.",
        discussion: """
        The secret comes from --secret-file (readable by its owner and group only) or \
        $FRONTDESK_AMI_SECRET, never from the command line. Runs until stopped \
        (Ctrl-C or SIGTERM); one status line on stderr per change of the link. \
        Exits 1 when the PBX refuses the login, without retrying.
        """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Host name or address of the Asterisk manager (keep it on loopback or a tunnel).")
    var host: String

    @Option(help: "Manager port.")
    var port: UInt16 = 5038

    @Option(help: "Manager user from manager.conf.")
    var username: String

    @Option(name: .customLong("secret-file"), help: "File holding the manager secret (mode 600 or 640).")
    var secretFile: String?

    @Option(name: .customLong("queue"), help: "A queue to follow; repeat for more. Default: every queue.")
    var queues: [String] = []

    @Option(name: .customLong("desk-map"), help: "File of `MEMBER_OR_INTERFACE = DESK` lines.")
    var deskMap: String?

    @Flag(name: .customLong("plain-login"), help: "Send the secret in the clear instead of the MD5 challenge.")
    var plainLogin = false

    @Flag(name: .customLong("dry-run"),
          help: "Record nothing: print each call event's type and call id on stdout (no caller details).")
    var dryRun = false

    func run() throws {
        let secret = try Self.configurationError {
            try AMISecret.load(file: secretFile, environment: ProcessInfo.processInfo.environment)
        }
        var config = AMIConfiguration(host: host, port: port, username: username, secret: secret, queues: queues,
                                      login: plainLogin ? .plain : .challengeMD5)
        if let deskMap { config.deskMap = try Self.configurationError { try DeskMap.load(path: deskMap) } }
        try Self.configurationError { try config.validate() }
        config.backoff = AMITestHooks.backoff(from: ProcessInfo.processInfo.environment) ?? config.backoff

        let sink = dryRun ? DryRunCallSink { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) } : try makeSink(database: database)
        let adapter = AMIAdapter(configuration: config, sink: sink, report: { AMIStatusLine.write($0) })
        let stopper = SignalStopper { adapter.stop() }
        defer { withExtendedLifetime(stopper) {} }
        do {
            try adapter.run()
        } catch {
            AMIStatusLine.write(error: error)
            throw ExitCode.failure
        }
    }

    private static func configurationError<T>(_ body: () throws -> T) throws -> T {
        // A desk map or secret file's contents can be quoted: inert before ArgumentParser prints it.
        do { return try body() } catch let error as AMIError { throw ValidationError(InertText.inert(error.description)) }
    }
}

// MARK: - Wiring the store (for the lead)

/// The one place the store is constructed: the clinic database, opened by a user the
/// clinic knows with the right to feed events in (the integration role); audit rows name it
/// at the desk "ami".
func makeSink(database: DatabaseOptions) throws -> CallEventSink {
    let session = try StoreCommand.session(database, .ingestEvents, desk: "ami")
    return StoreCallSink(store: session.store, actor: session.actor)
}

// MARK: - Process plumbing

/// Status lines on stderr, prefixed so they read well in a journal; inert like every other
/// line a command writes (an error can quote the PBX's `Message:`).
enum AMIStatusLine {
    static func write(_ status: AMIStatus) { StoreCommand.warn("frontdesk ami: \(status.line)") }
    static func write(error: Error) { StoreCommand.warn("frontdesk ami: error: \(error)") }
}

/// Turns SIGINT/SIGTERM into a clean stop: the adapter logs off and the command exits 0.
final class SignalStopper {
    private var sources: [DispatchSourceSignal] = []

    init(_ stop: @escaping () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            sources.append(source)
        }
    }
}

/// Test hook: `FRONTDESK_AMI_BACKOFF=initial,maximum` (seconds) so tests reconnect in
/// milliseconds; ignored unless both figures are positive and in order.
enum AMITestHooks {
    static func backoff(from environment: [String: String]) -> ReconnectBackoff? {
        guard let text = environment["FRONTDESK_AMI_BACKOFF"] else { return nil }
        let parts = text.split(separator: ",").compactMap { Double($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] >= parts[0] else { return nil }
        return ReconnectBackoff(initial: parts[0], maximum: parts[1])
    }
}
