import Foundation
import Testing
import FrontDeskCore
import TestSupport
@testable import FrontDeskIntake

@Suite("Feed lines")
struct FeedLineTests {
    func parse(_ s: String) throws -> TimedEvent { try FeedLine.parse(Data(s.utf8)) }

    @Test func everyEventTypeParses() throws {
        #expect(try parse(#"{"type":"call.ringing","call":"c1","from":"555-0101","name":"Zoë","reason":"refill","x":1}"#).event
                == .callRinging(call: "c1", from: "555-0101", name: "Zoë", reason: "refill", queue: nil))
        #expect(try parse(#"{"type":"call.answered","call":42,"desk":"d1"}"#).event == .callAnswered(call: "42", desk: "d1"))
        #expect(try parse(#"{"type":"call.ended","call":"c1"}"#).event == .callEnded(call: "c1", reason: nil))
        #expect(try parse(#"{"type":"call.abandoned","call":"c1"}"#).event == .callAbandoned(call: "c1"))
        #expect(try parse(#"{"type":"patient.arrived","appointment":"A7"}"#).event == .patientArrived(appointment: "A7"))
        #expect(try parse(#"{"type":"walkin.arrived","name":"Lee","dob":"2000-01-31"}"#).event == .walkinArrived(name: "Lee", dateOfBirth: "2000-01-31"))
        #expect(try parse(#"{"type":"emergency"}"#).event == .emergency(desk: nil, note: nil))
        let req = try parse(#"{"type":"provider.request","patient":"M1","kind":"follow-up","due":"2026-05-01T10:00:00Z"}"#)
        #expect(req.event == .providerRequest(patientMRN: "M1", kind: .followUp, note: nil, due: FeedLine.parseInstant("2026-05-01T10:00:00Z")))
        // A follow-up may say with whom and in how many days.
        let follow = try parse(#"{"type":"provider.request","patient":"M1","kind":"follow-up","provider":"okafor","in_days":14}"#)
        #expect(follow.event == .providerRequest(patientMRN: "M1", kind: .followUp, note: nil, due: nil, provider: "okafor", inDays: 14))
        #expect(throws: (any Error).self) { try parse(#"{"type":"provider.request","patient":"M1","kind":"follow-up","in_days":true}"#) }
        let timed = try parse(#"{"type":"call.ended","call":"c1","at":"2026-05-01T09:30:15.250+02:00"}"#)
        #expect(timed.at == Date(timeIntervalSince1970: 1_777_620_615.25))
    }

    /// Each malformed line is rejected with a reason that names what is wrong.
    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[1,2]", "not a JSON object"),
        (#"{"call":"c1"}"#, "missing \"type\""),
        (#"{"type":7}"#, "\"type\" must be a string"),
        (#"{"type":"call.teleported","call":"c1"}"#, "unknown type \"call.teleported\""),
        (#"{"type":"call.ringing","from":"555"}"#, "missing \"call\""),
        (#"{"type":"call.ringing","call":"c1"}"#, "missing \"from\""),
        (#"{"type":"call.ringing","call":"c1","from":""}"#, "\"from\" is empty"),
        (#"{"type":"call.ringing","call":{"a":1},"from":"5"}"#, "\"call\" must be a string or a whole number"),
        (#"{"type":"call.ringing","call":"c1","from":"5","name":3}"#, "\"name\" must be a string"),
        (#"{"type":"call.ended","call":"c1","at":"yesterday"}"#, "\"at\" is not an ISO 8601 time"),
        (#"{"type":"walkin.arrived","name":"Lee","dob":"2001-02-29"}"#, "\"dob\" must be a date"),
        (#"{"type":"provider.request","patient":"M1","kind":"massage"}"#, "\"kind\" must be one of"),
        (#"{"type":"patient.arrived"}"#, "missing \"appointment\""),
    ])
    func malformedLinesAreRejectedByName(_ line: String, _ reason: String) throws {
        let error = try #require(throws: FeedLineError.self) { try parse(line) }
        #expect(error.reason.contains(reason), "got: \(error.reason)")
    }

    @Test func theLineReaderSkipsOverlongLinesWithoutKeepingThem() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let long = String(repeating: "x", count: 200_000)
        let text = "first\r\n\(long)\nthird"
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // A writer thread, so the pipe never fills while the reader is behind.
        let writer = Thread { text.utf8CString.withUnsafeBufferPointer { _ = write(writeEnd, $0.baseAddress, $0.count - 1) }; close(writeEnd) }
        writer.start()
        var reader = BoundedLineReader(fileDescriptor: readEnd)
        #expect(reader.next() == .text(Data("first".utf8), number: 1))
        #expect(reader.next() == .tooLong(number: 2, bytes: 200_000))
        #expect(reader.next() == .text(Data("third".utf8), number: 3))
        #expect(reader.next() == nil)
        close(readEnd)
    }
}

/// The real `frontdesk feed` on a stream mixing good and bad lines.
@Suite("frontdesk feed")
struct FeedCommandTests {
    @Test func badLinesAreReportedByNumberChangeNothingAndTheFeedGoesOn() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).sqlite").path
        let lines = [
            #"{"type":"call.ringing","call":"ok-1","from":"555-0101"}"#,
            #"{"type":"call.ringing","call":"bad"#,
            #"{"type":"patient.arrived","appointment":"NO-SUCH"}"#,
            String(repeating: "y", count: 70 * 1024),
            #"{"type":"call.answered","call":"never-rang"}"#,
            // A time of its own, within the intake window of now.
            #"{"type":"call.ringing","call":"ok-2","from":"555-0102","at":"\#(ISOTime.string(Date().addingTimeInterval(-600)))"}"#,
        ]
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        let r = try Spawn.frontdesk(["feed", "--db", db, "--desk", "d1"], input: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 65)
        let errors = r.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 4)
        #expect(errors.contains { $0.hasPrefix("line 2: not valid JSON") })
        #expect(errors.contains { $0.hasPrefix("line 3: no appointment with id NO-SUCH") })
        #expect(errors.contains { $0.hasPrefix("line 4: longer than 64 KiB") })
        #expect(errors.contains { $0.hasPrefix("line 5: no call never-rang") })
        let status = try Spawn.frontdesk(["status", "--json", "--db", db])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let ids = (json["calls"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(Set(ids) == ["ok-1", "ok-2"])
    }

    @Test func aCleanFeedExitsZero() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        let r = try Spawn.frontdesk(["feed", "--db", db], input: #"{"type":"emergency","note":"\u001b[2J"}"# + "\n\n")
        #expect(r.status == 0 && r.stderr.isEmpty)
    }
}
