import Foundation

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
