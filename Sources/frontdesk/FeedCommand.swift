import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Apply JSON-lines events from stdin, one transaction per line.",
        discussion: """
        A bad line prints `line N: reason` on stderr, changes nothing, and the feed goes on. \
        A pick-up the phone system reports at a desk that is at its suspend cap or in a masked \
        step is recorded, but its line says the desk's work was not set aside. \
        Exit status 0 when every line applied as asked, 65 when any was rejected or only recorded.
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Desk name recorded in the audit trail (default: $FRONTDESK_DESK, else host/tty).")
    var desk: String?
    @Flag(help: "Print `ok N` on stdout once line N is committed (durable).")
    var ack = false

    func run() throws {
        let (store, actor) = try StoreCommand.session(database, .ingestEvents, desk: desk).pair
        var reader = BoundedLineReader(fileDescriptor: 0)
        var rejected = 0
        let out = FileHandle.standardOutput
        while let line = reader.next() {
            switch line {
            case let .tooLong(number, bytes):
                rejected += 1
                StoreCommand.warn("line \(number): longer than \(BoundedLineReader.defaultLimit / 1024) KiB (\(bytes) bytes), skipped")
            case let .text(data, number):
                if data.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }   // blank lines carry nothing
                do {
                    let event = try FeedLine.parse(data)
                    let outcome = try store.apply(event, by: actor, now: Date())
                    if ack { out.write(Data("ok \(number)\n".utf8)) }   // committed: durable either way
                    if outcome != .applied {
                        rejected += 1
                        StoreCommand.warn("line \(number): \(outcome)")
                    }
                } catch {
                    rejected += 1
                    // Reasons can quote outside text: `warn` keeps it inert on the operator's terminal.
                    StoreCommand.warn("line \(number): \(error)")
                }
            }
        }
        if rejected > 0 { throw ExitCode(65) }
    }
}
