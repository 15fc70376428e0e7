import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskStore
@testable import FrontDeskIntake
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk hl7 listen` and `frontdesk hl7 parse` as an operator runs them: the real binary,
/// a clinic file whose user has the integration role, messages for tomorrow (the binary
/// applies at the real time, and intake keeps appointments within its window).
@Suite("frontdesk hl7 commands", .serialized)
struct HL7CommandTests {
    typealias F = HL7Fixture
    static let zone = TimeZone(identifier: "America/New_York")!
    static let admin = Actor(login: "adm", desk: "office", role: .admin)

    static let calendar = """
    time_zone = "America/New_York"

    [[type]]
    code = "follow-up"
    name = "Follow-up"
    minutes = 15

    [[provider]]
    id = "okafor"
    name = "Dr Okafor"
    slot_minutes = 15
    mon = ["08:00-17:00"]
    tue = ["08:00-17:00"]
    wed = ["08:00-17:00"]
    thu = ["08:00-17:00"]
    fri = ["08:00-17:00"]
    sat = ["08:00-17:00"]
    sun = ["08:00-17:00"]
    """

    /// A clinic file whose only user is this login, with `role`.
    static func clinic(role: Role) throws -> (ClinicStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hl7cmd-\(UUID().uuidString)")
        let path = dir.appendingPathComponent("frontdesk.sqlite").path
        let store = try ClinicStore.create(path: path)
        try store.addUser(login: Spawn.login, role: role, by: Actor(login: Spawn.login, desk: "test", role: .admin), now: Date())
        try store.loadCalendar(source: calendar, file: "clinic.toml", by: admin, now: Date())
        return (store, path)
    }

    /// `HHMM` tomorrow in the clinic's zone, as HL7 writes it (with its offset).
    static func tomorrow(_ h: Int, _ m: Int = 0) -> String {
        let day = CivilDate(Date(), in: zone).adding(days: 1)
        return HL7Timestamp(date: zone.date(day, at: TimeOfDay(h, m)), timeZone: zone, precision: .minute).text
    }

    static func booking(_ control: String, filler: String, at start: String, provider: String = "okafor^Okafor^Chidi") -> String {
        F.message(F.msh("SIU^S12^SIU_S12", control: control, version: "2.5.1"),
                  F.segment("SCH", [2: filler, 7: "follow-up"]),
                  F.segment("TQ1", [1: "1", 7: start, 8: ""]),
                  F.segment("PID", [1: "1", 3: "4711^^^NCL^MR", 5: "Okafor^Chidi", 7: "19800315"]),
                  F.segment("RGS", [1: "1"]),
                  F.segment("AIP", [1: "1", 3: provider]))
    }

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hl7-\(UUID().uuidString).hl7").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test("listen: --port 0 prints the port; an S12 is AA once in the file, with one stderr line of ids; SIGTERM stops it cleanly")
    func listen() throws {
        let (store, db) = try Self.clinic(role: .integration)
        let errPath = db + ".stderr"
        let e = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(e) }
        let pid = try Spawn.start(Spawn.frontdesk, ["hl7", "listen", "--db", db, "--port", "0"], stderr: e)
        var stopped = false
        defer { if !stopped { kill(pid, SIGKILL); Spawn.wait(pid) } }
        func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        #expect(eventually { stderr().contains("listening on 127.0.0.1:") }, "\(stderr())")
        let listening = try #require(stderr().range(of: "listening on 127.0.0.1:"))
        let port = try #require(UInt16(stderr()[listening.upperBound...].prefix { $0.isNumber }))
        #expect(stderr().contains("(timestamps without an offset in America/New_York)"))

        let client = MLLPClient(host: "127.0.0.1", port: port, replyTimeout: 10)
        let ack = try F.parse(try client.send(Self.booking("CMD-1", filler: "FL-CMD", at: Self.tomorrow(9))))
        #expect(ack["MSA", 1].text() == "AA" && ack["MSA", 2].text() == "CMD-1")
        // Committed before the AA: this process reads it straight away.
        let a = try #require(try store.practiceAppointment(fillerID: "FL-CMD"))
        #expect(a.providerName == "Dr Okafor" && a.status == .scheduled)
        let unknown = try F.parse(try client.send(F.message(F.msh("ORU^R01", control: "CMD-2", version: "2.5"))))
        #expect(unknown["MSA", 1].text() == "AR" && unknown["MSA", 2].text() == "CMD-2")
        client.close()
        #expect(eventually { stderr().contains("CMD-2") })
        let lines = stderr()
        #expect(lines.contains("frontdesk hl7: SIU^S12 CMD-1 from SCHEDPRO^NORTHCLINIC: AA registered patient \(a.patientID); booked appointment \(a.id) (HL7:FL-CMD)"),
                "\(lines)")
        #expect(lines.contains("frontdesk hl7: ORU^R01 CMD-2 from SCHEDPRO^NORTHCLINIC: AR message type ORU is not supported"), "\(lines)")
        #expect(!lines.contains("Okafor"), "no patient data in the log")
        kill(pid, SIGTERM)
        #expect(Spawn.wait(pid) == 0)
        stopped = true
        #expect(stderr().contains("frontdesk hl7: stopped"))
    }

    @Test("listen refuses a login without the right to feed events (exit 77) before it listens")
    func listenNeedsTheIntegrationRole() throws {
        let (_, db) = try Self.clinic(role: .receptionist)
        let result = try Spawn.frontdesk(["hl7", "listen", "--db", db, "--port", "0"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("may not feed events from the phone system or other systems"), "\(result.stderr)")
        #expect(!result.stderr.contains("listening"))
    }

    @Test("parse: the change each message asks for and the ACK it would get, as JSON; nothing applied; exit 65 when any is not AA")
    func parse() throws {
        let bad = F.message(F.msh("ADT^A08", control: "P-2", version: "2.5"),
                            F.segment("PID", [1: "1", 3: "4711^^^NCL^MR", 7: "20900101"]))
        let path = try Self.file(Self.booking("P-1", filler: "FL-P", at: Self.tomorrow(9)).replacingOccurrences(of: "\r", with: "\n") + "\n" + bad)
        let result = try Spawn.frontdesk(["hl7", "parse", path, "--zone", "America/New_York"])
        #expect(result.status == 65, "\(result.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == 2)
        #expect(reports[0]["controlID"] as? String == "P-1" && reports[0]["acknowledgment"] as? String == "AA")
        #expect(reports[0]["error"] is NSNull && reports[0]["rehearsal"] is NSNull)
        let change = try #require(reports[0]["change"] as? [String: Any])
        #expect(change["subject"] as? String == "appointment" && change["action"] as? String == "book")
        #expect(change["appointment"] as? String == "HL7:FL-P" && change["providerID"] as? String == "okafor")
        #expect(change["typeCode"] as? String == "follow-up" && change["minutes"] is NSNull)
        let patient = try #require(change["patient"] as? [String: Any])
        #expect((patient["familyName"] as? [String: Any])?["value"] as? String == "Okafor")
        #expect((patient["phone"] as? [String: Any])?["update"] as? String == "keep")
        #expect(reports[1]["acknowledgment"] as? String == "AE")
        let error = try #require(reports[1]["error"] as? [String: Any])
        #expect(error["location"] as? String == "PID-7" && error["code"] as? Int == 102, "\(error)")
        #expect((error["message"] as? String)?.hasPrefix("PID-7 2090-01-01:") == true, "\(error)")
    }

    @Test("parse --rehearse: what the clinic's database would do (a set-up task, a duplicate), and the file is unchanged")
    func rehearse() throws {
        let (store, db) = try Self.clinic(role: .integration)
        let path = try Self.file(Self.booking("P-1", filler: "FL-P", at: Self.tomorrow(10), provider: "D17^Varga^Ilona"))
        let sequence = try store.lastSequence()
        let result = try Spawn.frontdesk(["hl7", "parse", path, "--rehearse", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let rehearsal = try #require(reports.first?["rehearsal"] as? [String: Any])
        #expect(rehearsal["duplicate"] as? Bool == false && rehearsal["tasks"] as? Int == 1)
        #expect((rehearsal["actions"] as? [String])?.contains { $0.hasPrefix("booked appointment") } == true, "\(rehearsal)")
        #expect(try store.lastSequence() == sequence && store.practiceAppointment(fillerID: "FL-P") == nil)
        // Once applied for real, a rehearsal of the same message says it would be a resend.
        _ = try store.apply(try PracticeMessage(hl7: try F.interpret(try String(contentsOfFile: path, encoding: .utf8)),
                                                message: try F.parse(try String(contentsOfFile: path, encoding: .utf8))),
                            by: Actor(login: "hl7", desk: "hl7", role: .integration), now: Date())
        let again = try Spawn.frontdesk(["hl7", "parse", path, "--rehearse", "--db", db])
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect((second.first?["rehearsal"] as? [String: Any])?["duplicate"] as? Bool == true, "\(again.stdout)")
    }
}
