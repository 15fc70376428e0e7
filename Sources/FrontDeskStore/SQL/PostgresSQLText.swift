import Foundation

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
