import Foundation
import PostgresNIO

// What only PostgreSQL has, beside its connection (SQL.swift): where the server is (a URL),
// connections to it, serializable transactions that run again when they lose to a concurrent
// one, and LISTEN/NOTIFY for the other sites' changes.

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
