import Foundation
import GRDB

/// `SQLConnection` over one GRDB `Database` (SQLite), for the length of one transaction or read.
final class SQLiteConnection: SQLConnection {
    let db: Database
    init(_ db: Database) { self.db = db }

    var engine: SQLEngine { .sqlite }

    func execute(sql: String, arguments: SQLArguments) throws {
        try db.execute(sql: sql, arguments: Self.grdb(arguments))
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(sql: sql, arguments: arguments) { rows.append($0) }
        return rows
    }

    func fetchOne(sql: String, arguments: SQLArguments) throws -> SQLRow? {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(Self.grdb(arguments))
        return try Row.fetchOne(statement).map { Self.row($0, columns: statement.columnNames) }
    }

    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(Self.grdb(arguments))
        let columns = statement.columnNames
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() { try body(Self.row(row, columns: columns)) }
    }

    var changesCount: Int { db.changesCount }

    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }

    static func grdb(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: return nil
            case .integer(let v): return v
            case .real(let v): return v
            case .text(let v): return v
            case .blob(let v): return v
            }
        })
    }

    static func row(_ row: Row, columns: [String]) -> SQLRow {
        var values: [SQLValue] = []
        values.reserveCapacity(row.count)
        for dbValue in row.databaseValues {
            switch dbValue.storage {
            case .null: values.append(.null)
            case .int64(let v): values.append(.integer(v))
            case .double(let v): values.append(.real(v))
            case .string(let v): values.append(.text(v))
            case .blob(let v): values.append(.blob(v))
            }
        }
        return SQLRow(values: values, columns: columns)
    }
}
