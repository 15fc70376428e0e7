import Foundation
import Testing
import TestSupport

/// Two desks at two sites and a supervisor on the PostgreSQL engine, each its own process in
/// its own terminal (tmux), and calls fed from a fourth process: the server's NOTIFY wakes all
/// three; the supervisor watches both sites, each desk its own.
@Suite("Consoles on PostgreSQL in tmux", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["FRONTDESK_TEST_POSTGRES"] != nil
                    || ProcessInfo.processInfo.environment["FRONTDESK_REQUIRE_POSTGRES"] == "1",
                "FRONTDESK_TEST_POSTGRES is not set: no PostgreSQL server (scripts/test starts one)"))
struct PostgresConsoleTests {
    typealias H = ConsoleHarness

    /// A new database on the test server (made with psql), with the demo clinic loaded.
    static func demoDatabase() throws -> String {
        let base = try #require(ProcessInfo.processInfo.environment["FRONTDESK_TEST_POSTGRES"], "no FRONTDESK_TEST_POSTGRES")
        let name = "fd_e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let made = try Spawn.run("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", base, "-c", "CREATE DATABASE \(name)"])
        try #require(made.status == 0, "psql: \(made.stderr)")
        let url = base.replacingOccurrences(of: #"/[^/?]+(\?.*)?$"#, with: "/\(name)", options: .regularExpression)
        let env = ProcessInfo.processInfo.environment.merging(["FRONTDESK_SEEDS": H.root.appendingPathComponent("seeds").path]) { $1 }
        let r = try Spawn.frontdesk(["init", "--demo", "--db", url], environment: env)
        try #require(r.status == 0, "init --demo on PostgreSQL failed: \(r.stderr)")
        return url
    }

    @Test func aCallFedFromAnotherProcessShowsOnTwoDesksAndTheSupervisor() throws {
        // A server restart by the connection tests (another suite) would cut the consoles off.
        try PostgresServerLock.exclusive { try consolesFollowAFedCall() }
    }

    func consolesFollowAFedCall() throws {
        let url = try Self.demoDatabase()
        // A clinic group: Front 1 at North Street, Front 2 at South Park; the south line rings there only.
        for args in [["site", "add", "north", "North Street"], ["site", "add", "south", "South Park"],
                     ["site", "desk", "Front 1", "north"], ["site", "desk", "Front 2", "south"],
                     ["site", "queue", "south-line", "south"]] {
            let r = try Spawn.frontdesk(args + ["--db", url])
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let front1 = try H.start("desk --db '\(url)' --desk 'Front 1'")
        defer { front1.kill() }
        let front2 = try H.start("desk --db '\(url)' --desk 'Front 2'")
        defer { front2.kill() }
        let office = try H.start("supervise --db '\(url)' --no-bell", width: 140)
        defer { office.kill() }
        for (name, tmux, ready) in [("Front 1", front1, "Waiting Room"), ("Front 2", front2, "Waiting Room"), ("supervisor", office, "Queue across desks")] {
            #expect(tmux.waitFor(ready, timeout: 30), "\(name):\n\(tmux.capture())")
        }
        // Promptly, on all three: each console is woken by the server's NOTIFY (and re-reads
        // once a second whatever it heard, so a lost notice costs a second, never a stale
        // screen; the watcher tests in FrontDeskStoreTests hold NOTIFY and the catch-up apart).
        try H.feed(url, #"{"type":"call.ringing","call":"pg-e2e-1","from":"(415) 555-0177","name":"Petra Postgres","reason":"billing"}"# + "\n")
        #expect(front1.waitFor("Petra Postgres", timeout: 5), "Front 1:\n\(front1.capture())")
        #expect(front2.waitFor("Petra Postgres", timeout: 5), "Front 2:\n\(front2.capture())")
        #expect(eventually(timeout: 5) { let s = office.capture(); return s.contains("Petra") || s.contains("555-0177") }, "supervisor:\n\(office.capture())")
        // The supervisor sees both sites: each with its lobby and phone, each desk at its site.
        #expect(eventually(timeout: 5) {
            let s = office.capture()
            return s.contains("North Street lobby") && s.contains("South Park lobby")
        }, "supervisor:\n\(office.capture())")

        // A call on the south line: South Park's desk and the supervisor see it, North Street's never does.
        try H.feed(url, #"{"type":"call.ringing","call":"pg-e2e-2","from":"(209) 000-1234","name":"Sam Southside","queue":"south-line"}"# + "\n")
        #expect(front2.waitFor("Sam Southside", timeout: 5), "Front 2:\n\(front2.capture())")
        #expect(front2.capture().contains("Desk Front 2 · South Park"), "a desk's status line says where it stands:\n\(front2.capture())")
        #expect(eventually(timeout: 5) { office.capture().range(of: #"South Park lobby \d+, phone 2"#, options: .regularExpression) != nil },
                "supervisor:\n\(office.capture())")
        #expect(!front1.capture().contains("Sam Southside"), "North Street's desk shows the south line's call:\n\(front1.capture())")

        // Front 1 answers: Front 2 sees the call leave its queue, without a key pressed there.
        front1.sendKeys("a")
        #expect(front1.waitFor("On call: Petra Postgres"), "\(front1.capture())")
        #expect(eventually(timeout: 5) { !H.phoneRows(front2.capture()).contains("Petra Postgres") }, "\(front2.capture())")
        for tmux in [front1, front2, office] { tmux.sendKeys("q") }
    }
}
