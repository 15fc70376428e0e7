import Foundation
import PostgresNIO

// `SQLConnection` over one postgres-nio connection (issue 18: many sites, one live state).
//
// The store's API is synchronous and runs on ordinary threads, so every call here sends its
// statement through postgres-nio's EventLoopFuture API and waits on the future. The wait
// needs nothing from Swift's cooperative thread pool (the replies are read on NIO's own
// event-loop threads), so a caller that is itself a task — a test, say — cannot starve it.
// The one rule that follows: never call a connection from an event-loop thread (a NIO
// callback); NIO stops the program there rather than deadlock.

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

/// The store's SQL (`?` placeholders, one or more statements) in the form PostgreSQL's extended
/// protocol takes: one statement at a time, placeholders numbered `$1…$n`.
package enum PostgresSQLText {
    package struct Statement: Equatable, Sendable {
        /// The statement with its placeholders numbered from `$1`.
        package var sql: String
        /// How many `?` it had: how many of the arguments are its own.
        package var placeholders: Int
    }

    /// Splits `sql` at top-level `;` and numbers each statement's `?` from `$1`. A `?` or `;`
    /// inside a '…' string (E'…' with its backslash escapes too), a "…" identifier, a
    /// `$tag$…$tag$` body, a `-- …` line comment or a `/* … */` comment (nested, as PostgreSQL
    /// nests them) is text and is left as it is. Statements holding nothing but space and
    /// comments are dropped. (PostgreSQL's jsonb `?` operators cannot be written in this form;
    /// the store uses none. Nor can a function body in `BEGIN ATOMIC … END`: give it as `$$…$$`.)
    package static func statements(_ sql: String) -> [Statement] {
        let bytes = Array(sql.utf8)
        var result: [Statement] = []
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var placeholders = 0
        var meaningful = false
        var i = 0
        let n = bytes.count

        func isIdentifierByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x24 || b >= 0x80
        }
        func flush() {
            if meaningful {
                var text = String(decoding: out, as: UTF8.self)
                while let last = text.last, last.isWhitespace { text.removeLast() }
                while let first = text.first, first.isWhitespace { text.removeFirst() }
                result.append(Statement(sql: text, placeholders: placeholders))
            }
            out.removeAll(keepingCapacity: true)
            placeholders = 0
            meaningful = false
        }

        while i < n {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "'"):
                // E'…' (or e'…') takes backslash escapes; a plain '…' only doubles its quote.
                let escapes = i > 0 && (bytes[i - 1] == UInt8(ascii: "E") || bytes[i - 1] == UInt8(ascii: "e"))
                    && (i < 2 || !isIdentifierByte(bytes[i - 2]))
                meaningful = true
                out.append(b); i += 1
                while i < n {
                    let c = bytes[i]
                    out.append(c); i += 1
                    if escapes && c == UInt8(ascii: "\\") && i < n { out.append(bytes[i]); i += 1; continue }
                    if c == UInt8(ascii: "'") {
                        if i < n && bytes[i] == UInt8(ascii: "'") { out.append(bytes[i]); i += 1; continue }
                        break
                    }
                }
            case UInt8(ascii: "\""):
                meaningful = true
                out.append(b); i += 1
                while i < n {
                    let c = bytes[i]
                    out.append(c); i += 1
                    if c == UInt8(ascii: "\"") {
                        if i < n && bytes[i] == UInt8(ascii: "\"") { out.append(bytes[i]); i += 1; continue }
                        break
                    }
                }
            case UInt8(ascii: "-") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "-"):
                while i < n && bytes[i] != UInt8(ascii: "\n") { out.append(bytes[i]); i += 1 }
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                var depth = 0
                while i < n {
                    if bytes[i] == UInt8(ascii: "/") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "*") {
                        depth += 1; out.append(contentsOf: bytes[i...i + 1]); i += 2
                    } else if bytes[i] == UInt8(ascii: "*") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "/") {
                        depth -= 1; out.append(contentsOf: bytes[i...i + 1]); i += 2
                        if depth == 0 { break }
                    } else {
                        out.append(bytes[i]); i += 1
                    }
                }
            case UInt8(ascii: "$") where i == 0 || !isIdentifierByte(bytes[i - 1]):
                // $tag$…$tag$ (the tag may be empty); `$1` is a parameter, not a quote.
                var j = i + 1
                if j < n, !(bytes[j] >= 0x30 && bytes[j] <= 0x39) {
                    while j < n && bytes[j] != UInt8(ascii: "$") && isIdentifierByte(bytes[j]) { j += 1 }
                }
                if j < n && bytes[j] == UInt8(ascii: "$") && !(i + 1 < n && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39) {
                    let tag = Array(bytes[i...j])
                    meaningful = true
                    out.append(contentsOf: tag); i = j + 1
                    while i < n {
                        if bytes[i] == UInt8(ascii: "$") && i + tag.count <= n && Array(bytes[i..<i + tag.count]) == tag {
                            out.append(contentsOf: tag); i += tag.count
                            break
                        }
                        out.append(bytes[i]); i += 1
                    }
                } else {
                    meaningful = true
                    out.append(b); i += 1
                }
            case UInt8(ascii: "?"):
                meaningful = true
                placeholders += 1
                out.append(contentsOf: Array("$\(placeholders)".utf8)); i += 1
            case UInt8(ascii: ";"):
                flush(); i += 1
            default:
                if !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C) { meaningful = true }
                out.append(b); i += 1
            }
        }
        flush()
        return result
    }
}

/// `SQLConnection` over one PostgreSQL connection (postgres-nio), used from one thread at a
/// time, synchronously. Values bind as int8, float8, text, bytea or NULL; each result column
/// reads back by its type: int2/int4/int8/oid as `.integer`, float4/float8/numeric as
/// `.real`, bool as `.integer` 0/1, bytea as `.blob`, everything else as `.text`.
///
/// `forEachRow` hands the rows over one by one, but the result is received whole first (the
/// future API has no back-pressure); a read too large for memory wants a cursor
/// (`DECLARE … CURSOR` / `FETCH`) of its own.
package final class PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    private let logger: Logger
    private var savepointCounter = 0
    private var changes = 0
    /// The command of the last statement that completed ("INSERT", "COMMIT", "ROLLBACK", …).
    private(set) var lastCommand: String?
    /// Set once a statement failed for a reason that leaves the connection of no use.
    private(set) var isBroken = false

    package var engine: SQLEngine { .postgres }

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Opens one connection. Blocks until the server has accepted it (or refused it).
    package static func connect(configuration: PostgresConnection.Configuration,
                                on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws -> PostgresSQLConnection {
        let logger = PostgresSQLConnection.quietLogger
        do {
            let connection = try PostgresConnection.connect(on: group.any(), configuration: configuration,
                                                            id: nextID(), logger: logger).wait()
            return PostgresSQLConnection(connection: connection, logger: logger)
        } catch {
            throw PostgresSQLError.from(error, statement: nil)
        }
    }

    /// Closes the connection (a transaction still open on it is rolled back by the server).
    package func close() {
        guard !connection.isClosed else { return }
        let closed: EventLoopFuture<Void> = connection.close()
        if !connection.eventLoop.inEventLoop { try? closed.wait() }
    }

    package var isClosed: Bool { connection.isClosed }

    package func execute(sql: String, arguments: SQLArguments) throws {
        let statements = PostgresSQLText.statements(sql)
        try checkCount(statements, arguments, sql: sql)
        var next = 0
        for statement in statements {
            let own = Array(arguments.values[next..<next + statement.placeholders])
            next += statement.placeholders
            _ = try run(statement, own, original: sql)
        }
    }

    package func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let result = try runOne(sql: sql, arguments: arguments)
        return try result.rows.map(Self.row)
    }

    package func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let result = try runOne(sql: sql, arguments: arguments)
        for row in result.rows { try body(try Self.row(row)) }
    }

    package func fetchOne(sql: String, arguments: SQLArguments) throws -> SQLRow? {
        let result = try runOne(sql: sql, arguments: arguments)
        return try result.rows.first.map(Self.row)
    }

    /// `lastval()`: the value the last sequence (a serial or identity column) gave on this
    /// connection — the id of the row the last INSERT here added, when its table has one.
    /// Before any such INSERT on this connection it throws (and, inside a transaction, the
    /// server then aborts that transaction, as any failed statement does).
    package var lastInsertedRowID: Int64 {
        get throws {
            do {
                guard let row = try fetchOne(sql: "SELECT lastval()", arguments: []), case .integer(let id) = row.values[0] else {
                    throw PostgresSQLError(kind: .usage, message: "lastval() gave no id")
                }
                return id
            } catch let error as PostgresSQLError where error.sqlState == .objectNotInPrerequisiteState {
                var error = error
                error.message = "no INSERT on this connection has given a row an id yet (\(error.message))"
                throw error
            }
        }
    }

    /// Rows the last INSERT, UPDATE, DELETE or MERGE changed (from its command tag); other
    /// statements leave it as it was, as SQLite's `changes()` does.
    package var changesCount: Int { changes }

    package func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        savepointCounter += 1
        let name = "frontdesk_sp_\(savepointCounter)"
        try execute(sql: "SAVEPOINT \(name)", arguments: [])
        do {
            let value = try body()
            try execute(sql: "RELEASE SAVEPOINT \(name)", arguments: [])
            return value
        } catch {
            if !isBroken {
                // Undo the body's work and drop the savepoint; the outer transaction goes on.
                try? execute(sql: "ROLLBACK TO SAVEPOINT \(name)", arguments: [])
                try? execute(sql: "RELEASE SAVEPOINT \(name)", arguments: [])
            }
            throw error
        }
    }

    // MARK: Running statements

    private func runOne(sql: String, arguments: SQLArguments) throws -> PostgresQueryResult {
        let statements = PostgresSQLText.statements(sql)
        guard statements.count == 1 else {
            throw PostgresSQLError(kind: .usage, message: statements.isEmpty
                                   ? "no statement to run" : "\(statements.count) statements where a query wants one",
                                   statement: sql)
        }
        try checkCount(statements, arguments, sql: sql)
        return try run(statements[0], arguments.values, original: sql)
    }

    private func checkCount(_ statements: [PostgresSQLText.Statement], _ arguments: SQLArguments, sql: String) throws {
        let wanted = statements.reduce(0) { $0 + $1.placeholders }
        guard wanted == arguments.values.count else {
            throw PostgresSQLError(kind: .usage, message: "\(arguments.values.count) arguments for \(wanted) placeholders",
                                   statement: sql)
        }
    }

    private func run(_ statement: PostgresSQLText.Statement, _ values: [SQLValue], original: String) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let v): binds.append(v)
            case .real(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        let query = PostgresQuery(unsafeSQL: statement.sql, binds: binds)
        do {
            let result = try connection.query(query, logger: logger).wait()
            lastCommand = result.metadata.command
            switch result.metadata.command {
            case "INSERT", "UPDATE", "DELETE": changes = result.metadata.rows ?? 0
            case let tag where tag.hasPrefix("MERGE "):
                // postgres-nio leaves MERGE's count in its tag ("MERGE 3").
                changes = tag.split(separator: " ").last.flatMap { Int($0) } ?? 0
            default: break
            }
            return result
        } catch {
            let failure = PostgresSQLError.from(error, statement: original)
            if failure.kind == .connection || connection.isClosed { isBroken = true }
            throw failure
        }
    }

    // MARK: Reading values

    static func row(_ row: PostgresRow) throws -> SQLRow {
        var values: [SQLValue] = []
        var columns: [String] = []
        values.reserveCapacity(row.count)
        columns.reserveCapacity(row.count)
        for cell in row {
            columns.append(cell.columnName)
            values.append(try value(cell))
        }
        return SQLRow(values: values, columns: columns)
    }

    /// Built-in types whose binary form is their text (postgres-nio asks for every result
    /// column in binary).
    private static let textualTypes: Set<PostgresDataType> = [.text, .varchar, .bpchar, .name, .unknown, .json, .xml]

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        func unreadable() -> PostgresSQLError {
            PostgresSQLError(kind: .unreadableColumn,
                             message: "column \(cell.columnName) is of type \(cell.dataType) (oid \(cell.dataType.rawValue)), which this connection does not read: cast it to text in the query (\(cell.columnName)::text)")
        }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .oid:
                guard bytes.readableBytes == 4, let oid = bytes.readInteger(as: UInt32.self) else { throw unreadable() }
                return .integer(Int64(oid))
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .numeric:
                let decimal = try cell.decode(Decimal.self)
                guard let double = Double(decimal.description) else { throw unreadable() }
                return .real(double)
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea: return .blob(Data(bytes.readableBytesView))
            case .uuid: return .text(try cell.decode(UUID.self).uuidString.lowercased())
            case .jsonb:
                // A version byte (1), then the JSON text.
                guard bytes.readInteger(as: UInt8.self) == 1, let text = bytes.readString(length: bytes.readableBytes) else {
                    throw unreadable()
                }
                return .text(text)
            case .char:
                // The one-byte "char" type.
                return .text(String(decoding: bytes.readableBytesView, as: UTF8.self))
            case .date, .timestamp, .timestamptz:
                return .text(Self.text(try cell.decode(Date.self), type: cell.dataType))
            case let type where textualTypes.contains(type):
                return .text(String(decoding: bytes.readableBytesView, as: UTF8.self))
            case let type where type.rawValue >= 16384:
                // A type made in this database (an enum, a domain over text, citext…): their
                // binary form is their text. Anything else (a composite) is refused below.
                guard let text = String(validatingUTF8CString: Array(bytes.readableBytesView)) else { throw unreadable() }
                return .text(text)
            default:
                throw unreadable()
            }
        } catch let error as PostgresSQLError {
            throw error
        } catch {
            throw PostgresSQLError(kind: .unreadableColumn,
                                   message: "column \(cell.columnName) of type \(cell.dataType) could not be decoded")
        }
    }

    /// Dates and times as text: a date as 2024-05-01, a timestamp as 2024-05-01 09:30:00.25
    /// (with +00 when it has a time zone: the instant, in UTC).
    private static func text(_ date: Date, type: PostgresDataType) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let day = "\(String(format: "%04d", c.year ?? 0))-\(two(c.month))-\(two(c.day))"
        if type == .date { return day }
        var text = "\(day) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
        let micros = Int(((Double(c.nanosecond ?? 0) / 1000).rounded()))
        if micros > 0 && micros < 1_000_000 {
            var fraction = String(format: "%06d", micros)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return type == .timestamptz ? text + "+00" : text
    }

    // MARK: Shared pieces

    /// postgres-nio logs its background events (reconnects, stray messages) at debug and
    /// trace; the store reports what matters through its errors.
    static var quietLogger: Logger {
        var logger = Logger(label: "frontdesk.store.postgres")
        logger.logLevel = .critical
        return logger
    }

    private static let idLock = NSLock()
    nonisolated(unsafe) private static var lastID = 0
    static func nextID() -> Int {
        idLock.lock(); defer { idLock.unlock() }
        lastID += 1
        return lastID
    }
}

private extension String {
    /// The bytes as UTF-8 text, or nil when they are not UTF-8 or hold a NUL (a binary form).
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard !bytes.contains(0), let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        self = text
    }
}
