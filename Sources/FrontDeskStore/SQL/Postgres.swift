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
