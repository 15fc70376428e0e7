import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskStore
@testable import FrontDeskIntake

/// What a hostile or broken source sends through `frontdesk feed`:
/// a clear refusal per line, exit 65, and nothing stored.
@Suite("Hostile intake: the feed")
struct HostileFeedTests {
    /// A new clinic this login administers (only `init` creates one).
    func database() throws -> String {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        return db
    }

    func callIDs(_ db: String) throws -> [String] {
        try ClinicStore.open(path: db).snapshot().calls.map(\.id).sorted()
    }

    @Test("feed: NUL in a call id, year 1, a date that does not exist — each refused by line, nothing merged")
    func feedRefusesWhatCannotBeTrue() throws {
        let db = try database()
        let lines = [
            #"{"type":"call.ringing","call":"nu","from":"555-0101"}"#,
            #"{"type":"call.ringing","call":"nu\u0000ll","from":"555-0102"}"#,
            #"{"type":"call.ringing","call":"y1","from":"555-0103","at":"0001-01-01T00:00:00Z"}"#,
            #"{"type":"call.ringing","call":"feb","from":"555-0104","at":"2026-02-30T09:00:00Z"}"#,
        ]
        let r = try Spawn.frontdesk(["feed", "--db", db, "--desk", "d1"], input: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 65)
        let errors = r.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("line 2: ") && $0.contains("control character") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("line 3: ") && $0.contains("24 h") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("line 4: ") }, "\(errors)")
        #expect(try callIDs(db) == ["nu"])
    }

    @Test("feed: a desk that lost the call is told so, exit 65; the winner keeps it")
    func feedTellsTheLosingDesk() throws {
        let db = try database()
        let lines = [
            #"{"type":"call.ringing","call":"c1","from":"555-0101"}"#,
            #"{"type":"call.answered","call":"c1","desk":"desk-1"}"#,
            #"{"type":"call.answered","call":"c1","desk":"desk-2"}"#,
        ]
        let r = try Spawn.frontdesk(["feed", "--db", db, "--ack"], input: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 65)
        #expect(r.stdout == "ok 1\nok 2\n")
        #expect(r.stderr.hasPrefix("line 3: ") && r.stderr.contains("desk-1"), "\(r.stderr)")
        #expect(try ClinicStore.open(path: db).call(id: "c1")?.desk == "desk-1")
    }

    @Test("feed: claims keep the suspend cap; the call is recorded and the line says the desk's work was not set aside")
    func feedKeepsTheSuspendCap() throws {
        let db = try database()
        var lines: [String] = []
        for i in 0..<4 { lines.append(#"{"type":"call.ringing","call":"c\#(i)","from":"555-010\#(i)"}"#) }
        for i in 0..<4 { lines.append(#"{"type":"call.answered","call":"c\#(i)","desk":"desk-1"}"#) }
        let r = try Spawn.frontdesk(["feed", "--db", db], input: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("line 8: ") && r.stderr.contains("cap"), "\(r.stderr)")
        let s = try ClinicStore.open(path: db).snapshot()
        #expect(s.holding(of: "desk-1").suspended.count == 2)
        #expect(s.holding(of: "desk-1").active?.callID == "c2")
        #expect(s.calls.first { $0.id == "c3" }?.state == .answered)
    }
}
