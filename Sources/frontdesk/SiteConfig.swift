import Foundation
import TOMLKit

/// `/etc/frontdesk.conf`: where a machine's clinic database lives and who guards it. Written
/// by `frontdesk init --service-account …` (root only), read by every command. TOML:
///
///     database = "/var/lib/frontdesk/frontdesk.sqlite"
///     service_account = "frontdesk"
///     users_group = "frontdesk-users"
///     binary = "/usr/local/bin/frontdesk"
///     sudoers = "/etc/sudoers.d/frontdesk"
///     backups = "/var/lib/frontdesk/backups"
struct SiteConfig: Equatable {
    static let defaultPath = "/etc/frontdesk.conf"

    var path: String
    var database: String
    var serviceAccount: String
    var usersGroup: String
    var binary: String
    var sudoers: String
    var backups: String

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func load(path: String) throws -> SiteConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Problem(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws -> SiteConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw Problem(description: "\(path):\(e.source.begin.line): \(e.description)")
        }
        let known = ["database", "service_account", "users_group", "binary", "sudoers", "backups"]
        if let unknown = table.keys.first(where: { !known.contains($0) }) {
            throw Problem(description: "\(path): unknown setting \"\(unknown)\" (known: \(known.joined(separator: ", ")))")
        }
        func string(_ key: String, required: Bool = true) throws -> String? {
            guard let value = table[key] else {
                if required { throw Problem(description: "\(path): \(key) is missing") }
                return nil
            }
            guard let s = value.string, !s.isEmpty else { throw Problem(description: "\(path): \(key) must be a non-empty string") }
            return s
        }
        func absolute(_ key: String, _ value: String) throws -> String {
            guard value.hasPrefix("/"), !value.split(separator: "/").contains("..") else {
                throw Problem(description: "\(path): \(key) must be an absolute path without ..")
            }
            return value
        }
        func account(_ key: String, _ value: String) throws -> String {
            guard Self.isAccountName(value) else { throw Problem(description: "\(path): \(key) \"\(value)\" is not a user or group name") }
            return value
        }
        let database = try absolute("database", try string("database")!)
        let state = (database as NSString).deletingLastPathComponent
        return SiteConfig(
            path: path, database: database,
            serviceAccount: try account("service_account", try string("service_account")!),
            usersGroup: try account("users_group", try string("users_group")!),
            binary: try absolute("binary", try string("binary")!),
            sudoers: try absolute("sudoers", try string("sudoers", required: false) ?? "/etc/sudoers.d/frontdesk"),
            backups: try absolute("backups", try string("backups", required: false) ?? state + "/backups"))
    }

    /// The file `init` writes.
    var text: String {
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return """
        # FrontDesk site configuration, written by `frontdesk init --service-account`.
        # The database is owned by the service account; the consoles reach it through the sudo
        # rule in \(sudoers). See docs/security.md.
        database = \(q(database))
        service_account = \(q(serviceAccount))
        users_group = \(q(usersGroup))
        binary = \(q(binary))
        sudoers = \(q(sudoers))
        backups = \(q(backups))

        """
    }

    /// POSIX portable user and group names, as useradd accepts them by default.
    static func isAccountName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, s.utf8.count <= 32,
              (first >= "a" && first <= "z") || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-" }
    }
}
