import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

/// `frontdesk-bench hl7 [COUNT]`: SIU^S12 messages over MLLP on 127.0.0.1 into a clinic store
/// on disk, each applied in its own durable transaction (synchronous=FULL) before its AA comes
/// back — the sender waits for every ACK, as a practice system does. One connection, then four
/// at once, then the same messages resent (answered from the control-id table, nothing applied).
enum HL7Bench {
    static let zone = TimeZone(identifier: "America/New_York")!
    static let providers = 20
    static let slotsPerDay = 32

    static func run(_ args: [String]) throws {
        let count = args.first.flatMap(Int.init) ?? 2000
        let (store, listener) = try clinic()
        defer { listener.stop() }
        let messages = (0..<count).map(message)
        let single = try send(Array(messages[0..<count / 2]), lanes: 1, port: listener.port)
        report("one connection", count / 2, single)
        let four = try send(Array(messages[(count / 2)...]), lanes: 4, port: listener.port)
        report("four connections at once", count - count / 2, four)
        let again = try send(messages, lanes: 1, port: listener.port)
        report("resent (duplicates: ACK only)", count, again)
        print("applied: \(try store.practiceMessagesApplied()) messages, \(try store.outboxStatus().depth) outbox rows (none: inbound is never echoed)")
    }

    static func report(_ what: String, _ n: Int, _ seconds: Double) {
        print(String(format: "hl7 in, %@: %d SIU^S12 in %.2f s = %.0f messages/s (durable, each ACKed after its commit)",
                     what.padding(toLength: 30, withPad: " ", startingAt: 0), n, seconds, Double(n) / seconds))
    }

    static func clinic() throws -> (ClinicStore, MLLPListener) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)/fd.sqlite").path
        let store = try ClinicStore.create(path: path)
        let admin = Actor(login: "bench", desk: "bench", role: .admin)
        let hours = "[\"09:00-17:00\"]"
        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { "\($0) = \(hours)" }.joined(separator: "\n")
        let providerBlocks = (0..<providers).map { "[[provider]]\nid = \"p\($0)\"\nname = \"Dr \($0)\"\nslot_minutes = 15\nhorizon_days = 120\n\(weekdays)\n" }
        let source = "time_zone = \"America/New_York\"\n\n[[type]]\ncode = \"follow-up\"\nname = \"Follow-up\"\nminutes = 15\n\n"
            + providerBlocks.joined(separator: "\n")
        try store.loadCalendar(source: source, file: "bench.toml", by: admin, now: Date())
        let responder = HL7Responder(interpreter: HL7Interpreter(options: .init(defaultTimeZone: zone)),
                                     acknowledgments: HL7AcknowledgmentBuilder(timeZone: zone))
        let intake = HL7StoreIntake(store: store, actor: Actor(login: "hl7", desk: "hl7", role: .integration), responder: responder)
        let listener = try MLLPListener(bind: "127.0.0.1", port: 0) { intake.answer($0) }
        listener.start()
        return (store, listener)
    }

    /// Message `i`: provider i mod 20, a free 15-minute slot from tomorrow on, one of 500 patients.
    static func message(_ i: Int) -> String {
        let day = CivilDate(Date(), in: zone).adding(days: 1 + i / (providers * slotsPerDay))
        let slot = (i / providers) % slotsPerDay
        let start = HL7Timestamp(date: zone.date(day, at: TimeOfDay(9).adding(minutes: 15 * slot)), timeZone: zone, precision: .minute).text
        let segments = [
            "MSH|^~\\&|BENCHPMS|NORTH|FRONTDESK|DESK|\(start)||SIU^S12^SIU_S12|B-\(i)|P|2.5.1",
            "SCH||FL-\(i)|||||follow-up^Follow-up",
            "TQ1|1||||||\(start)",
            "PID|1||B\(i % 500)^^^NCL^MR||Patient^\(i % 500)||19800101|F",
            "RGS|1",
            "AIS|1||follow-up^Follow-up|\(start)|||15|min",
            "AIP|1||p\(i % providers)^Doctor^\(i % providers)",
        ]
        return segments.map { $0 + "\r" }.joined()
    }

    /// Sends `messages` split over `lanes` connections, each waiting for every ACK; seconds taken.
    static func send(_ messages: [String], lanes: Int, port: UInt16) throws -> Double {
        let failures = Failures()
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let client = MLLPClient(host: "127.0.0.1", port: port)
            for (n, text) in messages.enumerated() where n % lanes == lane {
                do {
                    let ack = try HL7Parser().parse(try client.send(text))
                    if ack["MSA", 1].text() != "AA" { failures.add("\(ack["MSA", 2].text() ?? "?"): \(ack["ERR", 8].text() ?? "")") }
                } catch { failures.add("\(error)") }
            }
            client.close()
        }
        let seconds = Date().timeIntervalSince(start)
        if let first = failures.first { throw BenchError(message: "\(failures.count) not AA, first: \(first)") }
        return seconds
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
        var first: String? { lock.lock(); defer { lock.unlock() }; return list.first }
        var count: Int { lock.lock(); defer { lock.unlock() }; return list.count }
    }

    struct BenchError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}
