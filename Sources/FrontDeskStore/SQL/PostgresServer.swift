import Foundation
import PostgresNIO

// What only PostgreSQL has, beside its connection (SQL.swift): where the server is (a URL),
// connections to it, serializable transactions that run again when they lose to a concurrent
// one, and LISTEN/NOTIFY for the other sites' changes.

/// A PostgreSQL server and database, from
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require|verify-full]`
/// (`postgresql://` too). User, password and database may be %-escaped. Without `sslmode`
/// a loopback host (localhost, 127.x.x.x, ::1) is reached without TLS and any other host with
/// `verify-full`: a clinic's data does not cross a network in the clear unless the URL says so.
///
/// No description of a URL, nor any error about one, holds its password.
package struct PostgresURL: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS, without checking the server's certificate (as libpq's `require`).
        case require
        /// TLS, with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    package var user: String
    package var password: String?
    package var host: String
    package var port: Int
    package var database: String
    package var sslMode: SSLMode

    package init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String, sslMode: SSLMode? = nil) {
        self.user = user; self.password = password; self.host = host; self.port = port; self.database = database
        self.sslMode = sslMode ?? (Self.isLoopback(host) ? .disable : .verifyFull)
    }

    package static let form = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require|verify-full]"

    /// Why a text is not a PostgreSQL URL. Its text never repeats the URL (it may hold a password).
    package struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        package var reason: String
        package var description: String { "not a PostgreSQL URL: \(reason); the form is \(PostgresURL.form)" }
    }

    package init(parsing text: String) throws {
        func fail(_ reason: String) -> ParseError { ParseError(reason: reason) }
        guard let schemeEnd = text.range(of: "://") else { throw fail("it does not start with postgres://") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw fail("its scheme is not postgres:// or postgresql://")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        guard !rest.contains("#") else { throw fail("it has a #fragment") }
        guard !rest.contains(where: { $0.isWhitespace || $0.isNewline }) else { throw fail("it holds a space") }

        var query: Substring?
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("it names no database (…/DATABASE)") }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]

        guard let at = authority.lastIndex(of: "@") else { throw fail("it names no user (USER@HOST)") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]

        let rawUser: Substring
        var rawPassword: Substring?
        if let colon = userInfo.firstIndex(of: ":") {
            rawUser = userInfo[..<colon]
            rawPassword = userInfo[userInfo.index(after: colon)...]
        } else {
            rawUser = userInfo
        }
        guard let user = rawUser.removingPercentEncoding, !user.isEmpty else {
            throw fail(rawUser.isEmpty ? "its user name is empty" : "its user name has a broken %-escape")
        }
        var password: String?
        if let rawPassword {
            guard let decoded = rawPassword.removingPercentEncoding else { throw fail("its password has a broken %-escape") }
            password = decoded
        }

        var host: String
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("its IPv6 host has no closing ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("something follows its IPv6 host other than :PORT") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("its IPv6 host is not an address")
            }
        } else {
            if let colon = hostPort.firstIndex(of: ":") {
                host = String(hostPort[..<colon])
                portText = hostPort[hostPort.index(after: colon)...]
            } else {
                host = String(hostPort)
            }
            guard !host.isEmpty else { throw fail("it names no host") }
            guard host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" || $0 == "_" }) else {
                throw fail("its host is not a host name or address")
            }
        }
        var port = 5432
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p), portText.allSatisfy(\.isASCII) else {
                throw fail("its port is not a number from 1 to 65535")
            }
            port = p
        }

        guard !path.isEmpty else { throw fail("it names no database (…/DATABASE)") }
        guard !path.contains("/") else { throw fail("its path has more than a database name") }
        guard let database = path.removingPercentEncoding, !database.isEmpty else {
            throw fail("its database name has a broken %-escape")
        }

        var sslMode: SSLMode?
        if let query, !query.isEmpty {
            for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0] == "sslmode" else {
                    throw fail("it has a parameter other than sslmode")
                }
                guard sslMode == nil else { throw fail("it gives sslmode twice") }
                guard let mode = SSLMode(rawValue: String(parts[1])) else {
                    throw fail("its sslmode is not disable, require or verify-full")
                }
                sslMode = mode
            }
        }
        self.init(user: user, password: password, host: host, port: port, database: database, sslMode: sslMode)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The URL without its password (with `sslmode` always spelled out).
    package var description: String {
        func escape(_ s: String) -> String {
            s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
        }
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(escape(user))@\(hostText):\(port)/\(escape(database))?sslmode=\(sslMode.rawValue)"
    }
    package var debugDescription: String { "PostgresURL(\(description)\(password == nil ? "" : ", with a password"))" }
    package var customMirror: Mirror {
        Mirror(self, children: ["user": user, "host": host, "port": port, "database": database, "sslMode": sslMode],
               displayStyle: .struct)
    }
}

/// The isolation a transaction runs at.
package enum PostgresIsolation: String, Sendable {
    /// As if the transactions ran one after another; a transaction that cannot be placed in such
    /// an order fails with 40001 and is run again. The store's default: its checks (a
    /// room free, a claim unheld) and its writes stay true together.
    case serializable = "SERIALIZABLE"
    case repeatableRead = "REPEATABLE READ"
    case readCommitted = "READ COMMITTED"
}

/// One PostgreSQL database: opens connections to it (all on one shared NIO event-loop group),
/// keeps a few idle ones for the next transaction, and runs transactions.
package final class PostgresServer: @unchecked Sendable {
    package let url: PostgresURL
    let group: any EventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let maxIdle: Int
    private let lock = NSLock()
    private var idle: [PostgresSQLConnection] = []

    /// - Parameter maxIdleConnections: how many connections to keep open between transactions.
    package init(url: PostgresURL, maxIdleConnections: Int = 4,
                 group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.url = url
        self.group = group
        self.maxIdle = maxIdleConnections
        let tls: PostgresConnection.Configuration.TLS
        switch url.sslMode {
        case .disable:
            tls = .disable
        case .require:
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tls = .require(try Self.context(config))
        case .verifyFull:
            tls = .require(try Self.context(.makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                             password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("application_name", "frontdesk")]
        self.configuration = configuration
    }

    package convenience init(url text: String) throws {
        try self.init(url: PostgresURL(parsing: text))
    }

    deinit { closeIdleConnections() }

    private static func context(_ config: TLSConfiguration) throws -> NIOSSLContext {
        do { return try NIOSSLContext(configuration: config) } catch {
            throw PostgresSQLError(kind: .connection, message: "TLS could not be set up: \(error)")
        }
    }

    /// A new connection of the caller's own (not from the idle ones); closed when released.
    package func connect() throws -> PostgresSQLConnection {
        do {
            return try PostgresSQLConnection.connect(configuration: configuration, on: group)
        } catch var error as PostgresSQLError {
            if error.kind == .connection { error.message += " (\(url))" }
            throw error
        }
    }

    /// Closes the connections kept for later transactions.
    package func closeIdleConnections() {
        lock.lock()
        let connections = idle
        idle.removeAll()
        lock.unlock()
        for connection in connections { connection.close() }
    }

    private func checkOut() throws -> PostgresSQLConnection {
        lock.lock()
        while let connection = idle.popLast() {
            if connection.isClosed || connection.isBroken { continue }
            lock.unlock()
            return connection
        }
        lock.unlock()
        return try connect()
    }

    private func checkIn(_ connection: PostgresSQLConnection) {
        guard !connection.isClosed, !connection.isBroken else { connection.close(); return }
        lock.lock()
        if idle.count < maxIdle {
            idle.append(connection)
            lock.unlock()
        } else {
            lock.unlock()
            connection.close()
        }
    }

    /// Runs `body` in one transaction and commits it; an error thrown by `body` rolls it back
    /// and is rethrown.
    ///
    /// When the transaction fails with 40001 (serialization failure) or 40P01 (deadlock) —
    /// from a statement in `body` or from its COMMIT — it is rolled back and `body` runs again
    /// from the start, up to `retries` more times, after a short random pause that grows with
    /// each attempt. So `body` must let such an error through as it is (a `PostgresSQLError`),
    /// and must do nothing outside the database that it would not do twice. Other errors
    /// (a constraint, a lost connection — a COMMIT whose answer was lost may have landed) are
    /// never retried.
    package func transaction<T>(isolation: PostgresIsolation = .serializable, retries: Int = 10,
                                _ body: (PostgresSQLConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            var connection = try checkOut()
            do {
                do {
                    try connection.execute(sql: "BEGIN ISOLATION LEVEL \(isolation.rawValue)", arguments: [])
                } catch let e as PostgresSQLError where e.kind == .connection {
                    // A kept connection the server dropped meanwhile (a restart, an idle
                    // timeout): nothing has begun, so begin again on a new one.
                    connection.close()
                    connection = try connect()
                    try connection.execute(sql: "BEGIN ISOLATION LEVEL \(isolation.rawValue)", arguments: [])
                }
                let value = try body(connection)
                try connection.execute(sql: "COMMIT", arguments: [])
                if connection.lastCommand == "ROLLBACK" {
                    // The server answers COMMIT with ROLLBACK when a statement in the transaction
                    // failed (and `body` caught its error): nothing was written.
                    throw PostgresSQLError(kind: .rolledBack,
                                           message: "rolled back at COMMIT: a statement in it failed and its error was caught inside the transaction")
                }
                checkIn(connection)
                return value
            } catch {
                // Ends what `body` began (after a failed COMMIT or BEGIN the server has nothing to
                // end, and a ROLLBACK only warns).
                if !connection.isBroken { try? connection.execute(sql: "ROLLBACK", arguments: []) }
                checkIn(connection)
                if let failure = error as? PostgresSQLError, failure.isRetryable, attempt < retries {
                    attempt += 1
                    Self.pause(attempt: attempt)
                    continue
                }
                throw error
            }
        }
    }

    /// A random pause of up to 2, 4, 8 … ms, at most 200 ms, so transactions that collided do
    /// not collide again in step.
    private static func pause(attempt: Int) {
        let ceiling = min(200_000, 1_000 << min(attempt, 16))
        usleep(useconds_t(Int.random(in: ceiling / 4...ceiling)))
    }
}

/// Listens for the store's change notices (`NOTIFY frontdesk_changes, 'payload'`) on a
/// connection of its own, and hands each to `onEvent` — on the listener's own thread, one at a
/// time, in the order they came — so the consumer may read the store from there.
///
/// When the connection is lost (the server restarted, the network went) it reports
/// `.disconnected`, connects again with a growing pause (50 ms doubling to 2 s), LISTENs again
/// and reports `.reconnected`. **Notices sent while it was disconnected are lost**: that is
/// PostgreSQL's design, not a fault here — a notice reaches only the sessions listening when
/// it is sent. So `.reconnected` means "catch up": read the journal from the last sequence
/// number seen. A notice is only ever a hint to look; the journal is the truth.
///
/// A connection that goes silent without closing (a cable pulled) is found by a `SELECT 1`
/// after `heartbeat` seconds without a notice, given 5 seconds to answer.
package final class PostgresChangeListener: @unchecked Sendable {
    package enum Event: Sendable, Equatable {
        /// A notice on the channel, with its payload.
        case notification(String)
        /// The connection was lost; notices until `.reconnected` are not received.
        case disconnected
        /// Listening again after a loss: catch up from the journal.
        case reconnected
    }

    package static let defaultChannel = "frontdesk_changes"

    package let channel: String
    private let server: PostgresServer
    private let onEvent: @Sendable (Event) -> Void
    private let heartbeat: TimeInterval

    private enum Mail {
        case notification(String)
        /// The connection of that generation closed.
        case closed(Int)
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var mailbox: [Mail] = []
    private var stopped = false
    private var started = false
    private var current: PostgresSQLConnection?
    private var generation = 0
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    package init(server: PostgresServer, channel: String = PostgresChangeListener.defaultChannel,
                 heartbeat: TimeInterval = 30, onEvent: @escaping @Sendable (Event) -> Void) {
        self.server = server
        self.channel = channel
        self.heartbeat = heartbeat
        self.onEvent = onEvent
    }

    deinit {
        current?.close()
    }

    /// Connects and LISTENs; once this returns, every notice sent on the channel is delivered
    /// (until a loss). Throws when the first connection cannot be made.
    package func start() throws {
        condition.lock()
        precondition(!started, "a PostgresChangeListener starts once")
        started = true
        condition.unlock()
        let (connection, generation) = try listen()
        condition.lock()
        if stopped { condition.unlock(); connection.close(); return }
        current = connection
        let thread = Thread { [self] in self.run(firstGeneration: generation) }
        thread.name = "frontdesk.postgres-listener"
        self.thread = thread
        condition.unlock()
        thread.start()
    }

    /// Ends listening and closes the connection. When called from outside `onEvent`, returns
    /// once the listener's thread has finished (no event is delivered after it).
    package func stop() {
        condition.lock()
        let wasRunning = started && !stopped && thread != nil
        stopped = true
        let connection = current
        let onOwnThread = Thread.current === thread
        condition.broadcast()
        condition.unlock()
        connection?.close()
        if wasRunning && !onOwnThread { finished.wait() }
    }

    /// One connection, listening, and its generation. Notices and its closing go to the mailbox.
    private func listen() throws -> (PostgresSQLConnection, Int) {
        let connection = try server.connect()
        condition.lock()
        generation += 1
        let id = generation
        condition.unlock()
        connection.connection.addListener(channel: channel) { [weak self] _, notice in
            self?.post(.notification(notice.payload))
        }
        connection.connection.closeFuture.whenComplete { [weak self] _ in self?.post(.closed(id)) }
        do {
            try connection.execute(sql: "LISTEN \"\(channel.replacingOccurrences(of: "\"", with: "\"\""))\"", arguments: [])
        } catch {
            connection.close()
            throw error
        }
        return (connection, id)
    }

    private func post(_ mail: Mail) {
        condition.lock()
        mailbox.append(mail)
        condition.signal()
        condition.unlock()
    }

    private func run(firstGeneration: Int) {
        defer { finished.signal() }
        condition.lock()
        var connection = current
        condition.unlock()
        var generation = firstGeneration
        var pause: TimeInterval = 0.05
        while true {
            if let live = connection {
                // Deliver until the connection closes or the listener stops.
                switch deliver(on: live, generation: generation) {
                case .stopped:
                    live.close()
                    return
                case .lost:
                    live.close()
                    connection = nil
                    condition.lock(); current = nil; condition.unlock()
                    onEvent(.disconnected)
                    pause = 0.05
                }
            } else {
                // Wait, unless stopped, then try again.
                if waitStopped(for: pause) { return }
                do {
                    let (fresh, freshGeneration) = try listen()
                    condition.lock()
                    if stopped { condition.unlock(); fresh.close(); return }
                    current = fresh
                    condition.unlock()
                    connection = fresh
                    generation = freshGeneration
                    onEvent(.reconnected)
                } catch {
                    pause = min(pause * 2, 2)
                }
            }
        }
    }

    private enum Outcome { case stopped, lost }

    private func deliver(on connection: PostgresSQLConnection, generation: Int) -> Outcome {
        while true {
            condition.lock()
            var quietUntil = Date().addingTimeInterval(heartbeat)
            while mailbox.isEmpty && !stopped {
                if !condition.wait(until: quietUntil) && mailbox.isEmpty && !stopped {
                    // Quiet for a while: is the connection still there?
                    condition.unlock()
                    if !alive(connection) { return .lost }
                    condition.lock()
                    quietUntil = Date().addingTimeInterval(heartbeat)
                }
            }
            if stopped { condition.unlock(); return .stopped }
            let mail = mailbox.removeFirst()
            condition.unlock()
            switch mail {
            case .notification(let payload): onEvent(.notification(payload))
            case .closed(let closed) where closed == generation: return .lost
            case .closed: continue  // an earlier connection's
            }
        }
    }

    /// `SELECT 1`, given five seconds; a connection that does not answer is closed.
    private func alive(_ connection: PostgresSQLConnection) -> Bool {
        let loop = connection.connection.eventLoop
        let channelConnection = connection.connection
        let guardTask = loop.scheduleTask(in: .seconds(5)) {
            let _: EventLoopFuture<Void> = channelConnection.close()
        }
        defer { guardTask.cancel() }
        do {
            _ = try connection.fetchOne(sql: "SELECT 1", arguments: [])
            return true
        } catch {
            return false
        }
    }

    /// Waits `seconds`, or less if stopped; true when stopped.
    private func waitStopped(for seconds: TimeInterval) -> Bool {
        condition.lock(); defer { condition.unlock() }
        let until = Date().addingTimeInterval(seconds)
        while !stopped {
            if !condition.wait(until: until) { break }
        }
        return stopped
    }
}
