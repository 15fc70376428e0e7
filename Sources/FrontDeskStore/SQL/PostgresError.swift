import Foundation
import PostgresNIO

// What PostgreSQL says when it refuses: its SQLSTATE code and the store's error carrying it.

/// A SQLSTATE code, as PostgreSQL reports it: five characters, the first two its class.
/// Callers tell a serialization failure, a deadlock and a duplicate key apart by this, never by
/// the message's words (which the server translates).
package struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ rawValue: String) { self.rawValue = rawValue }

    /// 40001: a serializable transaction lost to a concurrent one; run it again.
    package static let serializationFailure = SQLState("40001")
    /// 40P01: two transactions waited on each other; the server chose this one to fail.
    package static let deadlockDetected = SQLState("40P01")
    /// 23505: a UNIQUE or PRIMARY KEY constraint refused the row.
    package static let uniqueViolation = SQLState("23505")
    /// 23503: a FOREIGN KEY constraint refused the row.
    package static let foreignKeyViolation = SQLState("23503")
    /// 23514: a CHECK constraint refused the row.
    package static let checkViolation = SQLState("23514")
    /// 23502: a NOT NULL column was given NULL.
    package static let notNullViolation = SQLState("23502")
    /// 25P02: a statement came after an earlier one failed in the same transaction.
    package static let inFailedTransaction = SQLState("25P02")
    /// 55000: e.g. `lastval()` before any sequence gave this session a value.
    package static let objectNotInPrerequisiteState = SQLState("55000")

    /// The transaction can simply be run again from its start (`PostgresServer.transaction`
    /// does so).
    package var isRetryable: Bool { self == .serializationFailure || self == .deadlockDetected }
    /// Class 23: the row broke a constraint.
    package var isIntegrityViolation: Bool { rawValue.hasPrefix("23") }

    package var description: String {
        switch self {
        case .serializationFailure: return "40001 serialization_failure"
        case .deadlockDetected: return "40P01 deadlock_detected"
        case .uniqueViolation: return "23505 unique_violation"
        case .foreignKeyViolation: return "23503 foreign_key_violation"
        case .checkViolation: return "23514 check_violation"
        case .notNullViolation: return "23502 not_null_violation"
        case .inFailedTransaction: return "25P02 in_failed_sql_transaction"
        case .objectNotInPrerequisiteState: return "55000 object_not_in_prerequisite_state"
        default: return rawValue
        }
    }
}

/// What went wrong talking to PostgreSQL, in the store's terms: postgres-nio's `PSQLError`
/// never leaves this file.
///
/// Its description names the SQLSTATE, the server's message and the statement's SQL, never
/// the values bound to it (they can be a patient's details), nor the server's `detail` line
/// (which repeats a refused key's values): that one is kept in `detail` for code that decides
/// to show it.
package struct PostgresSQLError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The server refused the statement: `sqlState` says why.
        case server
        /// The connection could not be made, or was lost (the connection is no use now).
        case connection
        /// The statement or its arguments were wrong before anything was sent (a count of
        /// arguments that does not match the placeholders, two statements where one was needed).
        case usage
        /// A column held a value of a type this connection does not read.
        case unreadableColumn
        /// The transaction was rolled back although its COMMIT raised no error (a statement in
        /// it failed and its error was caught inside the transaction).
        case rolledBack
    }

    package var kind: Kind
    package var sqlState: SQLState?
    package var message: String
    package var detail: String?
    package var hint: String?
    package var constraint: String?
    package var table: String?
    /// The SQL as the store wrote it (with `?`), without its arguments.
    package var statement: String?

    package init(kind: Kind, sqlState: SQLState? = nil, message: String, detail: String? = nil, hint: String? = nil,
                 constraint: String? = nil, table: String? = nil, statement: String? = nil) {
        self.kind = kind; self.sqlState = sqlState; self.message = message; self.detail = detail
        self.hint = hint; self.constraint = constraint; self.table = table; self.statement = statement
    }

    /// A serialization failure or a deadlock: the whole transaction may be run again.
    package var isRetryable: Bool { sqlState?.isRetryable ?? false }
    package var isUniqueViolation: Bool { sqlState == .uniqueViolation }
    /// The connection is no use after this error: it is closed, or never opened.
    package var isConnectionLost: Bool { kind == .connection }

    package var description: String {
        var text: String
        switch kind {
        case .server: text = "PostgreSQL error \(sqlState?.description ?? "(no SQLSTATE)"): \(message)"
        case .connection: text = "PostgreSQL connection: \(message)"
        case .usage: text = "PostgreSQL statement: \(message)"
        case .unreadableColumn: text = "PostgreSQL result: \(message)"
        case .rolledBack: text = "PostgreSQL transaction: \(message)"
        }
        if let constraint { text += " (constraint \(constraint))" }
        if let hint { text += " — hint: \(hint)" }
        if let statement { text += " — in: \(statement.count > 300 ? statement.prefix(300) + "…" : Substring(statement))" }
        return text
    }

    /// Any error postgres-nio gives, as one of ours. `statement` is the store's SQL.
    static func from(_ error: any Error, statement: String?) -> PostgresSQLError {
        if let error = error as? PostgresSQLError { return error }
        guard let psql = error as? PSQLError else {
            if error is PostgresDecodingError {
                // Its own description carries the cell's bytes; say only what failed.
                return PostgresSQLError(kind: .unreadableColumn, message: "a column could not be decoded", statement: statement)
            }
            return PostgresSQLError(kind: .connection, message: String(describing: error), statement: statement)
        }
        if let info = psql.serverInfo, let state = info[.sqlState] {
            // A FATAL error (the server shutting down: 57P01) or a connection exception
            // (class 08) ends the session: the connection is no use after it.
            let severity = info[.severity] ?? ""
            let endsSession = severity == "FATAL" || severity == "PANIC" || state.hasPrefix("08")
            return PostgresSQLError(kind: psql.code == .server && !endsSession ? .server : .connection,
                                    sqlState: SQLState(state), message: info[.message] ?? "(no message)",
                                    detail: info[.detail], hint: info[.hint], constraint: info[.constraintName],
                                    table: info[.tableName], statement: statement)
        }
        let message: String
        switch psql.code {
        case .serverClosedConnection: message = "the server closed the connection"
        case .clientClosedConnection: message = "the connection was already closed"
        case .connectionError:
            message = "could not connect or the connection failed" + (psql.underlying.map { ": \($0)" } ?? "")
        case .uncleanShutdown: message = "the connection ended uncleanly"
        case .sslUnsupported: message = "the server does not offer TLS (sslmode asks for it)"
        case .failedToAddSSLHandler: message = "TLS could not be set up" + (psql.underlying.map { ": \($0)" } ?? "")
        case .authMechanismRequiresPassword: message = "the server asks for a password and the URL gives none"
        case .unsupportedAuthMechanism: message = "the server asks for an authentication method this client does not speak"
        case .saslError: message = "authentication failed" + (psql.underlying.map { ": \($0)" } ?? "")
        case .tooManyParameters:
            return PostgresSQLError(kind: .usage, message: "more than 65535 arguments in one statement", statement: statement)
        default: message = psql.code.description + (psql.underlying.map { ": \($0)" } ?? "")
        }
        return PostgresSQLError(kind: .connection, message: message, statement: statement)
    }
}
