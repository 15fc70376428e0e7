import Foundation

// The store's one boundary with a database engine. Every operation of the store (the
// intention-named transactions, the reads behind a snapshot, claims, leases, audit, drafts,
// schedules) speaks to the engine through `SQLConnection` only, in the SQL both engines
// accept: SQLite (the embedded default, through GRDB) and PostgreSQL (through postgres-nio).
// Nothing here is public: no SQL or driver type crosses the store's API.
//
// The portable subset the store's statements keep to: `?` placeholders (the PostgreSQL
// connection numbers them), `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE`, no `INSERT OR`,
// no `GLOB`, no `rowid`, times as seconds since 1970 in a double, flags as 0/1 integers, text
// compared as bytes. What only one engine has (SQLite's migrator, WAL watcher and backup API;
// PostgreSQL's LISTEN/NOTIFY and roles) lives beside its connection, not in the operations.

/// One value as both engines bind and return it.
package enum SQLValue: Equatable, Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value the store binds to a statement.
package protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value the store reads from a column. `nil` when the column holds something else
/// (a NULL, or a value of another type that does not convert).
package protocol SQLDecodable {
    static func decode(_ value: SQLValue) -> Self?
}

extension Int64: SQLBindable, SQLDecodable {
    package var sqlValue: SQLValue { .integer(self) }
    package static func decode(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let v): return v
        case .real(let v): return v.rounded(.towardZero) == v ? Int64(exactly: v) : nil
        case .text(let s): return Int64(s)
        case .null, .blob: return nil
        }
    }
}

extension Int: SQLBindable, SQLDecodable {
    package var sqlValue: SQLValue { .integer(Int64(self)) }
    package static func decode(_ value: SQLValue) -> Int? { Int64.decode(value).flatMap { Int(exactly: $0) } }
}

extension Double: SQLBindable, SQLDecodable {
    package var sqlValue: SQLValue { .real(self) }
    package static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        case .text(let s): return Double(s)
        case .null, .blob: return nil
        }
    }
}

extension Bool: SQLBindable, SQLDecodable {
    /// Flags are 0/1 integers on both engines.
    package var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    package static func decode(_ value: SQLValue) -> Bool? { Int64.decode(value).map { $0 != 0 } }
}

extension String: SQLBindable, SQLDecodable {
    package var sqlValue: SQLValue { .text(self) }
    package static func decode(_ value: SQLValue) -> String? {
        switch value {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .blob(let d): return String(data: d, encoding: .utf8)
        case .null: return nil
        }
    }
}

extension Data: SQLBindable, SQLDecodable {
    package var sqlValue: SQLValue { .blob(self) }
    package static func decode(_ value: SQLValue) -> Data? {
        switch value {
        case .blob(let d): return d
        case .text(let s): return Data(s.utf8)
        case .null, .integer, .real: return nil
        }
    }
}

extension SQLValue: SQLBindable, SQLDecodable {
    package var sqlValue: SQLValue { self }
    package static func decode(_ value: SQLValue) -> SQLValue? { value }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    package var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// The values bound to a statement's `?` placeholders, in order.
package struct SQLArguments: ExpressibleByArrayLiteral, Sendable, Equatable {
    package var values: [SQLValue]
    package init(_ values: [SQLValue] = []) { self.values = values }
    package init(arrayLiteral elements: (any SQLBindable)?...) {
        values = elements.map { $0?.sqlValue ?? .null }
    }
    package init<S: Sequence>(_ elements: S) where S.Element: SQLBindable {
        values = elements.map(\.sqlValue)
    }
    package static func + (a: SQLArguments, b: SQLArguments) -> SQLArguments { SQLArguments(a.values + b.values) }
    package static func += (a: inout SQLArguments, b: SQLArguments) { a.values += b.values }
    package mutating func append(_ value: (any SQLBindable)?) { values.append(value?.sqlValue ?? .null) }
}

/// One row of a result: its values by position (the store reads each table through its
/// column list, by position) or by column name.
package struct SQLRow: Sendable {
    package var values: [SQLValue]
    package var columns: [String]
    package init(values: [SQLValue], columns: [String]) { self.values = values; self.columns = columns }

    /// A value that must be there: a NULL or another type is a broken schema, and stops.
    package subscript<T: SQLDecodable>(_ index: Int) -> T {
        guard let v = T.decode(values[index]) else {
            preconditionFailure("column \(index) (\(columns[index])) holds \(values[index]), not \(T.self)")
        }
        return v
    }
    package subscript<T: SQLDecodable>(_ index: Int) -> T? { T.decode(values[index]) }

    package subscript<T: SQLDecodable>(_ name: String) -> T {
        let index = position(name)
        guard let v = T.decode(values[index]) else {
            preconditionFailure("column \(name) holds \(values[index]), not \(T.self)")
        }
        return v
    }
    package subscript<T: SQLDecodable>(_ name: String) -> T? { T.decode(values[position(name)]) }

    func position(_ name: String) -> Int {
        if let i = columns.firstIndex(of: name) { return i }
        let folded = name.lowercased()
        guard let i = columns.firstIndex(where: { $0.lowercased() == folded }) else {
            preconditionFailure("no column \(name) in \(columns)")
        }
        return i
    }
}

/// Which engine a connection speaks to, for the few statements that differ.
package enum SQLEngine: String, Sendable {
    case sqlite, postgres
}

/// One open connection inside a transaction (or a read), as the store's operations use it.
package protocol SQLConnection: AnyObject {
    var engine: SQLEngine { get }
    func execute(sql: String, arguments: SQLArguments) throws
    /// Every row of the result.
    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow]
    /// Each row in turn, without holding them all (an audit chain, a day's visits).
    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws
    /// The first row, or nil.
    func fetchOne(sql: String, arguments: SQLArguments) throws -> SQLRow?
    /// Rows the last INSERT, UPDATE or DELETE changed.
    var changesCount: Int { get }
    /// Runs `body` so that a thrown error undoes only what it did (a SAVEPOINT).
    func inSavepoint<T>(_ body: () throws -> T) throws -> T
}

extension SQLConnection {
    package func execute(sql: String) throws { try execute(sql: sql, arguments: []) }

    /// Runs an INSERT into a table with an `id` key and returns the id the row got
    /// (`RETURNING id`, which both engines have; a trigger's own inserts cannot get in the way).
    package func insert(sql: String, arguments: SQLArguments = []) throws -> Int64 {
        guard let id = try insertIfNew(sql: sql, arguments: arguments) else {
            throw StoreError.invalid("an insert returned no row")
        }
        return id
    }

    /// The same for an `INSERT … ON CONFLICT DO NOTHING`: nil when the row was already there.
    package func insertIfNew(sql: String, arguments: SQLArguments = []) throws -> Int64? {
        try fetchOne(sql: sql + " RETURNING id", arguments: arguments).flatMap { $0.values.first.flatMap(Int64.decode) }
    }
    package func fetchAll(sql: String) throws -> [SQLRow] { try fetchAll(sql: sql, arguments: []) }
}

// The shapes the store's code reads in, one per use: `SQLRow.fetchAll(db, sql:, arguments:)`,
// `Int64.fetchOne(db, sql:, arguments:)`, `String.fetchAll(db, …)`.
extension SQLRow {
    package static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        try db.fetchAll(sql: sql, arguments: arguments)
    }
    package static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try db.fetchOne(sql: sql, arguments: arguments)
    }
}

extension SQLDecodable {
    /// The first column of the first row; nil when there is no row or it holds NULL.
    package static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try db.fetchOne(sql: sql, arguments: arguments).flatMap { $0.values.first.flatMap(Self.decode) }
    }
    /// The first column of every row (NULLs left out).
    package static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments).compactMap { $0.values.first.flatMap(Self.decode) }
    }
}
