import Foundation

/// A CSV error that names where: the physical line and, when known, the column.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var reason: String
    public init(line: Int, column: String? = nil, _ reason: String) { self.line = line; self.column = column; self.reason = reason }
    public var description: String {
        column.map { "line \(line), column \($0): \(reason)" } ?? "line \(line): \(reason)"
    }
}

/// RFC 4180 text → a header and rows keyed by column name, each row knowing its line.
public struct CSVTable {
    public struct Record {
        public var line: Int
        public var values: [String: String]
        /// The value, trimmed; nil when empty or absent ("empty = none").
        public subscript(_ column: String) -> String? {
            guard let v = values[column]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
    }

    public var header: [String]
    public var records: [Record]

    public init(text: String, required: [String]) throws {
        let rows = try CSVTable.split(text)
        guard let first = rows.first else { throw CSVError(line: 1, "the file is empty") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let bom = header.first, bom.hasPrefix("\u{FEFF}") { header[0] = String(bom.dropFirst()) }
        for name in required where !header.contains(name) {
            throw CSVError(line: 1, column: name, "missing from the header (expected \(required.joined(separator: ",")))")
        }
        records = []
        for row in rows.dropFirst() {
            if row.fields.count == 1 && row.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }   // blank line
            guard row.fields.count == header.count else {
                throw CSVError(line: row.line, "has \(row.fields.count) fields, the header has \(header.count)")
            }
            records.append(Record(line: row.line, values: Dictionary(zip(header, row.fields), uniquingKeysWith: { a, _ in a })))
        }
    }

    /// Splits into records, honouring quotes (which may hold commas, quotes and newlines).
    static func split(_ text: String) throws -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false, wasQuoted = false
        var line = 1, rowLine = 1
        var it = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func nextScalar() -> Unicode.Scalar? { if let p = pending { pending = nil; return p }; return it.next() }
        while let c = nextScalar() {
            if inQuotes {
                if c == "\"" {
                    if let n = nextScalar() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty && !wasQuoted else { throw CSVError(line: line, "a quote inside an unquoted field") }
                inQuotes = true; wasQuoted = true
            case ",":
                fields.append(field); field = ""; wasQuoted = false
            case "\r":
                continue
            case "\n":
                fields.append(field); rows.append((line: rowLine, fields: fields))
                fields = []; field = ""; wasQuoted = false
                line += 1; rowLine = line
            default:
                if wasQuoted { throw CSVError(line: line, "text after a closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw CSVError(line: rowLine, "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { fields.append(field); rows.append((line: rowLine, fields: fields)) }
        return rows
    }
}
