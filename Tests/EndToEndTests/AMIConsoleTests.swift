import AMIPeer
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The phone system end to end: a scripted Asterisk manager on 127.0.0.1, the real
/// `frontdesk ami` adapter feeding the database, and the desk console in tmux showing the
/// calls arrive and leave as the transcript says.
@Suite("Asterisk calls in the desk console", .serialized)
struct AMIConsoleTests {
    typealias H = ConsoleHarness
    typealias T = AMITranscript

    @Test func callsFromThePBXAppearInThePhoneQueueAndLeaveIt() throws {
        let db = try H.demoDB()
        let peer = try ScriptedAMIPeer([.init(listed: [T.params],
                                              live: [T.join("pbx-1", "4155550101", "Ada Caller"),
                                                     T.join("pbx-2", "4155550102", "Bo Caller", position: 2)])],
                                       splitSeed: 3)
        defer { peer.stop() }
        let secret = (db as NSString).deletingLastPathComponent + "/ami.secret"
        try "s3cret\n".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        let adapter = try Spawn.start(Spawn.frontdesk, ["ami", "--host", "127.0.0.1", "--port", String(peer.port),
                                                        "--username", "frontdesk", "--secret-file", secret, "--db", db])
        defer { kill(adapter, SIGTERM); Spawn.wait(adapter) }

        let tmux = try H.start("desk --db '\(db)' --desk 'Front 1'")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Phone Queue", timeout: 20), "\(tmux.capture())")
        #expect(eventually { H.phoneRows(tmux.capture()).contains("Ada Caller") && H.phoneRows(tmux.capture()).contains("Bo Caller") },
                "\(tmux.capture())")

        // Later in the transcript: an agent answers Ada and finishes; Bo hangs up waiting.
        peer.push([T.leave("pbx-1"), T.connect("pbx-1", member: "Agent Smith", interface: "PJSIP/301"),
                   T.complete("pbx-1", member: "Agent Smith"), T.abandon("pbx-2"), T.leave("pbx-2")])
        #expect(eventually { !H.phoneRows(tmux.capture()).contains("Ada Caller") && !H.phoneRows(tmux.capture()).contains("Bo Caller") },
                "\(tmux.capture())")
        // Bo's abandoned call left a callback owed.
        #expect(tmux.waitFor("Call back Bo Caller"), "\(tmux.capture())")

        tmux.sendKeys("q")
        H.expectCleanExit(tmux)
        let status = try Spawn.frontdesk(["status", "--json", "--db", db])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let states = Dictionary(uniqueKeysWithValues: (json?["calls"] as? [[String: Any]] ?? []).compactMap { c in
            (c["id"] as? String).map { ($0, c["state"] as? String ?? "") }
        })
        #expect(states == ["pbx-1": "ended", "pbx-2": "abandoned"])
    }
}
