import Foundation
import Testing
import TestSupport
@testable import FrontDeskStore

// The store's second engine, PostgreSQL (issue 18), against a real server: scripts/test starts
// a throwaway cluster and names it in FRONTDESK_TEST_POSTGRES (its data folder and pg_ctl in
// FRONTDESK_TEST_PGDATA and FRONTDESK_TEST_PGCTL, for the restart). Without it these tests
// skip — unless FRONTDESK_REQUIRE_POSTGRES=1 (CI), where a missing server is a failure.

enum TestPostgres {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var urlText: String? { environment["FRONTDESK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }
    static var required: Bool { environment["FRONTDESK_REQUIRE_POSTGRES"] == "1" }
    /// Run when there is a server, and when one is required (then to fail without it).
    static var runs: Bool { urlText != nil || required }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "FRONTDESK_REQUIRE_POSTGRES=1 but FRONTDESK_TEST_POSTGRES is not set: no PostgreSQL to test against" }
    }

    static func server() throws -> PostgresServer {
        guard let urlText else { throw Missing() }
        return try PostgresServer(url: urlText)
    }

    /// A schema of the test's own, dropped afterwards: tests never see each other's tables.
    static func withSchema<T>(_ body: (PostgresServer, String) throws -> T) throws -> T {
        let server = try server()
        defer { server.closeIdleConnections() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try server.connect()
        defer { admin.close() }
        try admin.execute(sql: "CREATE SCHEMA \(schema)")
        defer { try? admin.execute(sql: "DROP SCHEMA \(schema) CASCADE") }
        return try body(server, schema)
    }

    /// Restarts the server (fast shutdown: every session is ended) as the cluster's owner.
    static func restart() throws {
        let pgctl = try #require(environment["FRONTDESK_TEST_PGCTL"], "FRONTDESK_TEST_PGCTL is not set")
        let data = try #require(environment["FRONTDESK_TEST_PGDATA"], "FRONTDESK_TEST_PGDATA is not set")
        let log = (data as NSString).deletingLastPathComponent + "/server.log"
        let args = ["restart", "-D", data, "-w", "-t", "60", "-m", "fast", "-l", log]
        // Not while a console test in another suite is talking to the server.
        let result = try PostgresServerLock.exclusive {
            getuid() == 0
                ? try Spawn.run("/usr/sbin/runuser", ["-u", "postgres", "--", pgctl] + args)
                : try Spawn.run(pgctl, args)
        }
        try #require(result.status == 0, "pg_ctl restart failed: \(result.stdout) \(result.stderr)")
    }
}

/// Two threads meet here before either goes on (or the deadline passes: then false).
final class Meeting: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0
    private let parties: Int
    init(parties: Int) { self.parties = parties }
    func arriveAndWait(timeout: TimeInterval = 10) -> Bool {
        condition.lock(); defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while arrived < parties {
            if !condition.wait(until: deadline) { return arrived >= parties }
        }
        return true
    }
}

/// Runs each body on its own thread and waits for all of them.
func onThreads(_ bodies: [@Sendable () -> Void], timeout: TimeInterval = 60) -> Bool {
    let group = DispatchGroup()
    for body in bodies {
        group.enter()
        Thread { body(); group.leave() }.start()
    }
    return group.wait(timeout: .now() + timeout) == .success
}

@Suite("PostgreSQL connection: against a real server", .serialized,
       .enabled(if: TestPostgres.runs, "FRONTDESK_TEST_POSTGRES is not set: no PostgreSQL server to test against (scripts/test starts one)"))
struct PostgresConnectionTests {
    @Test("every SQLValue binds and reads back as itself, through a table and through SELECT ?")
    func valuesRoundTrip() throws {
        try TestPostgres.withSchema { server, s in
            let db = try server.connect()
            defer { db.close() }
            try db.execute(sql: "CREATE TABLE \(s).v (n int, i bigint, r double precision, t text, b bytea)")
            let values: [[SQLValue]] = [
                [.integer(Int64.max), .real(0.1), .text("Zoë O'Brien — ? ; \"x\" 日本"), .blob(Data((0...255).map(UInt8.init)))],
                [.integer(Int64.min), .real(-1e300), .text(""), .blob(Data())],
                [.integer(0), .real(Double.leastNonzeroMagnitude), .text("\\x00 not a NUL"), .blob(Data([0, 0, 1]))],
                [.null, .null, .null, .null],
            ]
            for (n, row) in values.enumerated() {
                try db.execute(sql: "INSERT INTO \(s).v (n, i, r, t, b) VALUES (?, ?, ?, ?, ?)",
                               arguments: SQLArguments([.integer(Int64(n))] + row))
            }
            let rows = try db.fetchAll(sql: "SELECT i, r, t, b FROM \(s).v ORDER BY n", arguments: [])
            #expect(rows.map(\.values) == values)
            #expect(rows.first?.columns == ["i", "r", "t", "b"])

            for value in values.joined() {
                let back = try db.fetchOne(sql: "SELECT ? AS x", arguments: SQLArguments([value]))
                #expect(back?.values == [value], "SELECT ? gave \(String(describing: back?.values)) for \(value)")
            }
            // By name too, through the store's decoders.
            let first = try #require(try db.fetchOne(sql: "SELECT i, t FROM \(s).v WHERE n = ?", arguments: [0]))
            #expect(first["i"] as Int64 == Int64.max)
            #expect(first["T"] as String == "Zoë O'Brien — ? ; \"x\" 日本")
        }
    }

    @Test("each column reads by its type: integers, reals, 0/1 flags, blobs, and everything else as text")
    func columnsByType() throws {
        try TestPostgres.withSchema { server, s in
            let db = try server.connect()
            defer { db.close() }
            try db.execute(sql: "CREATE TYPE \(s).mood AS ENUM ('calm', 'busy')")
            let row = try #require(try db.fetchOne(sql: """
                SELECT 7::int2, 8::int4, 9::int8, 26::oid, 1.5::float4, 2.25::float8, 3.125::numeric,
                       true, false, '\\x01ff'::bytea, 'v'::varchar(4), 'nm'::name, 'c'::char(3),
                       '{"k": [1, 2]}'::jsonb, '{"k":1}'::json, '2024-05-01'::date,
                       '2024-05-01 09:30:00.25'::timestamp, '2024-05-01 09:30:00+02'::timestamptz,
                       '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid, 'busy'::\(s).mood, NULL::int8
                """, arguments: []))
            #expect(row.values == [
                .integer(7), .integer(8), .integer(9), .integer(26), .real(1.5), .real(2.25), .real(3.125),
                .integer(1), .integer(0), .blob(Data([0x01, 0xff])), .text("v"), .text("nm"), .text("c  "),
                .text(#"{"k": [1, 2]}"#), .text(#"{"k":1}"#), .text("2024-05-01"),
                .text("2024-05-01 09:30:00.25"), .text("2024-05-01 07:30:00+00"),
                .text("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), .text("busy"), .null,
            ])
            #expect((row[7] as Bool?) == true)
            // A type whose binary form is not text is refused with the way out, not misread.
            let refused = #expect(throws: PostgresSQLError.self) {
                _ = try db.fetchOne(sql: "SELECT point(1, 2) AS p", arguments: [])
            }
            #expect(refused?.kind == .unreadableColumn && refused?.description.contains("p::text") == true)
        }
    }

    @Test("? becomes $1…$n, but not inside a string, an identifier or a comment; several statements share the arguments")
    func placeholders() throws {
        try TestPostgres.withSchema { server, s in
            let db = try server.connect()
            defer { db.close() }
            let row = try #require(try db.fetchOne(sql: """
                SELECT ? AS a, 'is it ? or ''?''' AS b, ? AS "c?" -- and this one? no
                     , E'\\'?' AS d /* nor ? /* nested ? */ here ? */, $$ ? $$ AS e, ? AS f
                """, arguments: [1, "two", 3.5]))
            #expect(row.values == [.integer(1), .text("is it ? or '?'"), .text("two"), .text("'?"), .text(" ? "), .real(3.5)])
            #expect(row.columns == ["a", "b", "c?", "d", "e", "f"])

            try db.execute(sql: """
                CREATE TABLE \(s).p (k text PRIMARY KEY, v bigint);
                INSERT INTO \(s).p VALUES (?, ?); INSERT INTO \(s).p VALUES ('semi;colon?', ?);
                """, arguments: ["a", 1, 2])
            let rows = try db.fetchAll(sql: "SELECT k, v FROM \(s).p ORDER BY v", arguments: [])
            #expect(rows.map(\.values) == [[.text("a"), .integer(1)], [.text("semi;colon?"), .integer(2)]])

            // The wrong number of arguments is said before anything is sent.
            #expect(throws: PostgresSQLError.self) { try db.execute(sql: "SELECT ?, ?", arguments: [1]) }
            #expect(throws: PostgresSQLError.self) { _ = try db.fetchAll(sql: "SELECT 1; SELECT 2", arguments: []) }
        }
    }

    @Test("lastInsertedRowID is the new row's id; changesCount counts the rows an INSERT, UPDATE or DELETE touched")
    func idsAndCounts() throws {
        try TestPostgres.withSchema { server, s in
            let db = try server.connect()
            defer { db.close() }
            let none = #expect(throws: PostgresSQLError.self) { _ = try db.lastInsertedRowID }
            #expect(none?.sqlState == .objectNotInPrerequisiteState)

            try db.execute(sql: "CREATE TABLE \(s).r (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text)")
            var ids: [Int64] = []
            for name in ["a", "b", "c"] {
                try db.execute(sql: "INSERT INTO \(s).r (name) VALUES (?)", arguments: [name])
                ids.append(try db.lastInsertedRowID)
                #expect(db.changesCount == 1)
            }
            let stored = try Int64.fetchAll(db, sql: "SELECT id FROM \(s).r ORDER BY name")
            #expect(ids == stored)
            #expect(Set(ids).count == 3)

            try db.execute(sql: "INSERT INTO \(s).r (name) SELECT 'x' || g FROM generate_series(1, 4) g")
            #expect(db.changesCount == 4)
            try db.execute(sql: "UPDATE \(s).r SET name = name || '!' WHERE name IN (?, ?)", arguments: ["a", "b"])
            #expect(db.changesCount == 2)
            // A query leaves the count alone, as SQLite's changes() does.
            _ = try db.fetchAll(sql: "SELECT * FROM \(s).r", arguments: [])
            #expect(db.changesCount == 2)
            try db.execute(sql: "DELETE FROM \(s).r WHERE name = ?", arguments: ["nobody"])
            #expect(db.changesCount == 0)
            try db.execute(sql: "DELETE FROM \(s).r WHERE name LIKE 'x%'")
            #expect(db.changesCount == 4)
        }
    }

    @Test("a savepoint whose body throws undoes only the body; the transaction's other work commits")
    func savepoints() throws {
        try TestPostgres.withSchema { server, s in
            struct Undo: Error {}
            try server.transaction { db in try db.execute(sql: "CREATE TABLE \(s).w (name text UNIQUE)") }
            try server.transaction { db in
                try db.execute(sql: "INSERT INTO \(s).w VALUES ('before')")
                #expect(throws: Undo.self) {
                    try db.inSavepoint {
                        try db.execute(sql: "INSERT INTO \(s).w VALUES ('undone')")
                        throw Undo()
                    }
                }
                // A statement the server refused, inside a savepoint, leaves the transaction usable.
                let duplicate = #expect(throws: PostgresSQLError.self) {
                    try db.inSavepoint { try db.execute(sql: "INSERT INTO \(s).w VALUES ('before')") }
                }
                #expect(duplicate?.isUniqueViolation == true)
                let kept: String = try db.inSavepoint {
                    try db.execute(sql: "INSERT INTO \(s).w VALUES ('kept')")
                    return "kept"
                }
                #expect(kept == "kept")
                try db.execute(sql: "INSERT INTO \(s).w VALUES ('after')")
            }
            let names = try server.transaction { db in try String.fetchAll(db, sql: "SELECT name FROM \(s).w ORDER BY name") }
            #expect(names == ["after", "before", "kept"])
        }
    }

    @Test("errors carry the SQLSTATE and the server's message, never the bound values; a failed transaction leaves nothing")
    func errors() throws {
        try TestPostgres.withSchema { server, s in
            try server.transaction { db in try db.execute(sql: "CREATE TABLE \(s).u (email text UNIQUE, n int CHECK (n > 0))") }
            try server.transaction { db in try db.execute(sql: "INSERT INTO \(s).u VALUES (?, 1)", arguments: ["ann@example.org"]) }
            var caught: PostgresSQLError?
            do {
                try server.transaction { db in
                    try db.execute(sql: "INSERT INTO \(s).u VALUES (?, 2)", arguments: ["bob@example.org"])
                    try db.execute(sql: "INSERT INTO \(s).u VALUES (?, 3)", arguments: ["ann@example.org"])
                }
            } catch let error as PostgresSQLError {
                caught = error
            }
            let error = try #require(caught)
            #expect(error.sqlState == .uniqueViolation && error.isUniqueViolation && !error.isRetryable)
            #expect(error.kind == .server && error.constraint == "u_email_key")
            #expect(error.description.contains("23505") && error.description.contains("duplicate key"))
            #expect(!error.description.contains("ann@example.org"), "\(error.description)")
            #expect(error.detail?.contains("ann@example.org") == true)
            // The first INSERT went with the transaction.
            #expect(try server.transaction { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(s).u") } == 1)

            let check = #expect(throws: PostgresSQLError.self) {
                try server.transaction { db in try db.execute(sql: "INSERT INTO \(s).u VALUES ('c', 0)") }
            }
            #expect(check?.sqlState == .checkViolation)

            // An error caught inside the transaction still rolls it back at COMMIT, and says so.
            let rolledBack = #expect(throws: PostgresSQLError.self) {
                try server.transaction { db in
                    try db.execute(sql: "INSERT INTO \(s).u VALUES ('d', 4)")
                    _ = try? db.execute(sql: "INSERT INTO \(s).u VALUES ('ann@example.org', 5)")
                }
            }
            #expect(rolledBack?.kind == .rolledBack)
            #expect(try server.transaction { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(s).u") } == 1)
        }
    }

    @Test("two serializable transactions that read then write the same row: the loser gets 40001, runs again, and both increments land")
    func serializableConflictIsRetried() throws {
        try TestPostgres.withSchema { server, s in
            try server.transaction { db in
                try db.execute(sql: "CREATE TABLE \(s).counter (id int PRIMARY KEY, value bigint NOT NULL)")
                try db.execute(sql: "INSERT INTO \(s).counter VALUES (1, 0)")
            }
            // Without retries the conflict surfaces as 40001 itself.
            let plain = try race(server, s, retries: 0)
            #expect(plain.failures.count == 1, "\(plain.failures)")
            #expect(plain.failures.allSatisfy { ($0 as? PostgresSQLError)?.sqlState == .serializationFailure })
            #expect(try server.transaction { db in try Int64.fetchOne(db, sql: "SELECT value FROM \(s).counter") } == 1)

            let retried = try race(server, s, retries: 5)
            #expect(retried.failures.isEmpty, "\(retried.failures)")
            #expect(retried.attempts == 3, "one of the two ran again")
            #expect(try server.transaction { db in try Int64.fetchOne(db, sql: "SELECT value FROM \(s).counter") } == 3)
        }
    }

    /// Two threads each read the counter, meet (so both have read before either writes), then
    /// write what they read plus one.
    private func race(_ server: PostgresServer, _ s: String, retries: Int) throws -> (failures: [any Error], attempts: Int) {
        let meeting = Meeting(parties: 2)
        let attempts = Locked(0)
        let failures = Locked<[any Error]>([])
        let body: @Sendable () -> Void = {
            do {
                var first = true
                try server.transaction(retries: retries) { db in
                    attempts.mutate { $0 += 1 }
                    // (No #require here: this is not the test's thread.)
                    guard let value = try Int64.fetchOne(db, sql: "SELECT value FROM \(s).counter WHERE id = 1") else {
                        throw PostgresSQLError(kind: .usage, message: "the counter row is missing")
                    }
                    if first { first = false; _ = meeting.arriveAndWait() }
                    try db.execute(sql: "UPDATE \(s).counter SET value = ? WHERE id = 1", arguments: [value + 1])
                }
            } catch {
                failures.mutate { $0.append(error) }
            }
        }
        #expect(onThreads([body, body]), "the two transactions did not finish")
        return (failures.value, attempts.value)
    }

    @Test("two desks claim one free row at once: exactly one conditional UPDATE … WHERE holder IS NULL wins, and the row is the winner's")
    func exactlyOneClaimWins() throws {
        try TestPostgres.withSchema { server, s in
            try server.transaction { db in
                try db.execute(sql: "CREATE TABLE \(s).task (id int PRIMARY KEY, holder text)")
                try db.execute(sql: "INSERT INTO \(s).task VALUES (1, NULL)")
            }
            for round in 0..<3 {
                try server.transaction { db in try db.execute(sql: "UPDATE \(s).task SET holder = NULL") }
                let meeting = Meeting(parties: 2)
                let won = Locked<[String]>([])
                let failures = Locked<[any Error]>([])
                let attempts = Locked(0)
                func claim(_ desk: String) -> @Sendable () -> Void {
                    return {
                        do {
                            var first = true
                            let changed = try server.transaction { db -> Int in
                                attempts.mutate { $0 += 1 }
                                // Both see the row free before either claims it.
                                _ = try String.fetchOne(db, sql: "SELECT holder FROM \(s).task WHERE id = 1")
                                if first { first = false; _ = meeting.arriveAndWait() }
                                try db.execute(sql: "UPDATE \(s).task SET holder = ? WHERE id = 1 AND holder IS NULL", arguments: [desk])
                                return db.changesCount
                            }
                            if changed == 1 { won.mutate { $0.append(desk) } }
                        } catch {
                            failures.mutate { $0.append(error) }
                        }
                    }
                }
                #expect(onThreads([claim("desk1-\(round)"), claim("desk2-\(round)")]), "the claims did not finish")
                #expect(failures.value.isEmpty, "\(failures.value)")
                let winners = won.value
                #expect(winners.count == 1, "round \(round): winners \(winners)")
                #expect(attempts.value == 3, "round \(round): the loser ran again and then found the row taken")
                let holder = try server.transaction { db in try String.fetchOne(db, sql: "SELECT holder FROM \(s).task WHERE id = 1") }
                #expect(holder == winners.first)
            }
        }
    }

    @Test("the listener hears a NOTIFY from another connection, and after a server restart reconnects, says so, and hears the next")
    func listenerReconnects() throws {
        let server = try TestPostgres.server()
        defer { server.closeIdleConnections() }
        let channel = "frontdesk_changes_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        let events = Locked<[PostgresChangeListener.Event]>([])
        let listener = PostgresChangeListener(server: server, channel: channel) { event in events.mutate { $0.append(event) } }
        try listener.start()
        defer { listener.stop() }

        func notify(_ payload: String) throws {
            let db = try server.connect()
            defer { db.close() }
            try db.execute(sql: "SELECT pg_notify(?, ?)", arguments: [channel, payload])
        }
        try notify("journal 41")
        try notify("journal 42")
        #expect(eventually(timeout: 10) { events.value.count >= 2 })
        #expect(events.value == [.notification("journal 41"), .notification("journal 42")])

        try TestPostgres.restart()
        #expect(eventually(timeout: 30) { events.value.contains(.reconnected) }, "events: \(events.value)")
        let afterRestart = Array(events.value.dropFirst(2))
        #expect(afterRestart == [.disconnected, .reconnected], "\(afterRestart)")

        try notify("journal 43")
        #expect(eventually(timeout: 10) { events.value.last == .notification("journal 43") }, "events: \(events.value)")

        listener.stop()
        // Stopped: its session is gone from the server.
        let db = try server.connect()
        defer { db.close() }
        #expect(eventually(timeout: 10) {
            (try? Int.fetchOne(db, sql: """
                SELECT count(*) FROM pg_stat_activity
                WHERE application_name = 'frontdesk' AND pid <> pg_backend_pid() AND query LIKE ?
                """, arguments: ["LISTEN%\(channel)%"])) == 0
        })
    }

    @Test("a required server that is not there is a failure, not a skip")
    func requiredServerIsThere() throws {
        if TestPostgres.required {
            #expect(TestPostgres.urlText != nil, "FRONTDESK_REQUIRE_POSTGRES=1 but FRONTDESK_TEST_POSTGRES is not set")
        }
        let server = try TestPostgres.server()
        let db = try server.connect()
        defer { db.close() }
        #expect(db.engine == .postgres)
        #expect(try Int.fetchOne(db, sql: "SELECT 1") == 1)
    }
}

@Suite("PostgreSQL connection: the store's SQL in PostgreSQL's form (no server needed)")
struct PostgresConnectionSQLTextTests {
    func translate(_ sql: String) -> [PostgresSQLText.Statement] { PostgresSQLText.statements(sql) }

    @Test func placeholdersAreNumbered() {
        #expect(translate("SELECT * FROM t WHERE a = ? AND b IN (?, ?)")
                == [.init(sql: "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)", placeholders: 3)])
    }

    @Test func quotedAndCommentedQuestionMarksStay() {
        #expect(translate("SELECT 'a?''?', \"b?\"\"?\", ? -- c?\n, ? /* d? /* e? */ f? */ , E'\\'?', $x$ ? $x$, $$?$$, $1")
                == [.init(sql: "SELECT 'a?''?', \"b?\"\"?\", $1 -- c?\n, $2 /* d? /* e? */ f? */ , E'\\'?', $x$ ? $x$, $$?$$, $1",
                          placeholders: 2)])
    }

    @Test func statementsSplitAtTopLevelSemicolonsOnly() {
        #expect(translate("INSERT INTO t VALUES (?, ';'); -- x;\n ; UPDATE t SET a = ? ;  /* ; */ ")
                == [.init(sql: "INSERT INTO t VALUES ($1, ';')", placeholders: 1),
                    .init(sql: "UPDATE t SET a = $1", placeholders: 1)])
        let parts = translate("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT ?")
        #expect(parts.count == 2)
        #expect(parts.first?.sql.hasSuffix("$body$ SELECT 1; $body$ LANGUAGE sql") == true)
        #expect(parts.last == .init(sql: "SELECT $1", placeholders: 1))
        #expect(translate(" ;; -- only a comment\n").isEmpty)
    }
}

@Suite("PostgreSQL connection: the server's URL (no server needed)")
struct PostgresConnectionURLTests {
    @Test func theFormsThatParse() throws {
        let plain = try PostgresURL(parsing: "postgres://frontdesk@127.0.0.1:5433/frontdesk_test")
        #expect(plain == PostgresURL(user: "frontdesk", host: "127.0.0.1", port: 5433, database: "frontdesk_test", sslMode: .disable))
        let full = try PostgresURL(parsing: "postgresql://desk%40site:p%3Ass%2Fw@db.clinic.example/clinic%20one?sslmode=require")
        #expect(full.user == "desk@site" && full.password == "p:ss/w" && full.host == "db.clinic.example")
        #expect(full.port == 5432 && full.database == "clinic one" && full.sslMode == .require)
        let v6 = try PostgresURL(parsing: "POSTGRES://u:pw@[::1]:6000/d?sslmode=verify-full")
        #expect(v6.host == "::1" && v6.port == 6000 && v6.sslMode == .verifyFull)
        // Without sslmode: loopback in the clear, anything else verified.
        #expect(try PostgresURL(parsing: "postgres://u@localhost/d").sslMode == .disable)
        #expect(try PostgresURL(parsing: "postgres://u@10.1.2.3/d").sslMode == .verifyFull)
    }

    @Test func anythingElseIsRefusedWithAReason() {
        let bad = [
            "mysql://u:secret@h/d", "postgres:/u:secret@h/d", "postgres://u:secret@h", "postgres://u:secret@h/",
            "postgres://:secret@h/d", "postgres://h/d", "postgres://u:secret@/d", "postgres://u:secret@h:0/d",
            "postgres://u:secret@h:99999/d", "postgres://u:secret@h:port/d", "postgres://u:secret@h/d/e",
            "postgres://u:secret@h/d?sslmode=prefer", "postgres://u:secret@h/d?connect_timeout=3",
            "postgres://u:secret@h/d?sslmode=disable&sslmode=require", "postgres://u:secret@h/d#x",
            "postgres://u:secret@[::1/d", "postgres://u:secret@h o/d", "postgres://u:sec%zzret@h/d", "",
        ]
        for text in bad {
            let e = #expect(throws: PostgresURL.ParseError.self, "\(text.replacingOccurrences(of: "secret", with: "…"))") {
                _ = try PostgresURL(parsing: text)
            }
            let said = e.map { "\($0) \(String(reflecting: $0)) \($0.localizedDescription)" } ?? ""
            #expect(said.contains(PostgresURL.form) && !said.contains("secret") && !said.contains("sec%zz"), "\(said)")
        }
    }

    @Test func noDescriptionHoldsThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://desk:hunter2@db.example:5432/clinic?sslmode=verify-full")
        var dumped = ""
        dump(url, to: &dumped)
        for text in [url.description, String(reflecting: url), "\(url)", dumped] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect(url.description == "postgres://desk@db.example:5432/clinic?sslmode=verify-full")
        // Nor does a failed connection's error.
        let server = try PostgresServer(url: PostgresURL(user: "desk", password: "hunter2", host: "127.0.0.1", port: 1, database: "clinic"))
        let refused = #expect(throws: PostgresSQLError.self) { _ = try server.connect() }
        #expect(refused?.isConnectionLost == true)
        #expect(refused.map { !"\($0)".contains("hunter2") && "\($0)".contains("127.0.0.1:1") } == true, "\(String(describing: refused))")
    }
}
