import Foundation
import Testing
import TestSupport
import FrontDeskIntake
#if canImport(Glibc)
import Glibc
#endif

/// The practice system end to end: the real `frontdesk hl7 listen` on 127.0.0.1, a scripted
/// sender, and the desk console in tmux: an appointment booked in the practice system joins
/// the Waiting Room as soon as its AA is back, and leaves it when the practice cancels it.
@Suite("HL7 appointments in the desk console", .serialized)
struct HL7ConsoleTests {
    typealias H = ConsoleHarness

    static func message(_ type: String, _ control: String, start: Date, zone: TimeZone) -> String {
        let at = HL7Timestamp(date: start, timeZone: zone, precision: .minute).text
        return ["MSH|^~\\&|SCHEDPRO|NORTH|FRONTDESK|DESK|\(HL7Timestamp(date: Date(), timeZone: zone).text)||\(type)|\(control)|P|2.5.1",
                "SCH||FL-E2E|||||sick^Sick visit",
                "TQ1|1||||||\(at)",
                "PID|1||Z900^^^NCL^MR||Quux^Zephyrine||19800101|F",
                "RGS|1",
                "AIP|1||D99^Nemo^Ada"].map { $0 + "\r" }.joined()
    }

    @Test func anAppointmentFromThePracticeSystemJoinsTheWaitingRoomAndLeavesItWhenCancelled() throws {
        // An empty clinic, so the one row is in view whatever the hour.
        let db = try H.tempDB()
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        let errPath = db + ".hl7.stderr"
        let e = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(e) }
        let listener = try Spawn.start(Spawn.frontdesk, ["hl7", "listen", "--db", db, "--port", "0"], stderr: e)
        defer { kill(listener, SIGTERM); Spawn.wait(listener) }
        func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        #expect(eventually { stderr().contains("listening on 127.0.0.1:") }, "\(stderr())")
        let listening = try #require(stderr().range(of: "listening on 127.0.0.1:"))
        let port = try #require(UInt16(stderr()[listening.upperBound...].prefix { $0.isNumber }))

        let tmux = try H.start("desk --db '\(db)' --desk 'Front 1'")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Waiting Room", timeout: 20), "\(tmux.capture())")
        #expect(!tmux.capture().contains("Quux"))

        // Today, whatever the hour the test runs at: 20 minutes on, or 20 minutes back near midnight.
        let zone = TimeZone.current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let later = Date().addingTimeInterval(20 * 60)
        let start = calendar.isDate(later, inSameDayAs: Date()) ? later : Date().addingTimeInterval(-20 * 60)
        let client = MLLPClient(host: "127.0.0.1", port: port, replyTimeout: 10)
        defer { client.close() }
        let booked = try client.send(Self.message("SIU^S12^SIU_S12", "E2E-1", start: start, zone: zone))
        #expect(booked.contains("MSA|AA|E2E-1"), "\(booked)")
        #expect(tmux.waitFor("Quux, Zephyrine"), "\(tmux.capture())")

        let cancelled = try client.send(Self.message("SIU^S15^SIU_S12", "E2E-2", start: start, zone: zone))
        #expect(cancelled.contains("MSA|AA|E2E-2"), "\(cancelled)")
        #expect(eventually { !tmux.capture().contains("Quux") }, "\(tmux.capture())")

        tmux.sendKeys("q")
        H.expectCleanExit(tmux)
    }
}
