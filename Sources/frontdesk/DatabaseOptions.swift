import ArgumentParser
import Foundation
import TextSafety
import FrontDeskStore

/// `--db PATH`, else `$FRONTDESK_DB`, else the site configuration's database
/// (`/etc/frontdesk.conf`), else `$XDG_STATE_HOME/frontdesk/frontdesk.sqlite` (XDG's default
/// `~/.local/state` when unset). Shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Database file, or postgres://USER@HOST:PORT/DB for a clinic group's server (default: $FRONTDESK_DB, else $XDG_STATE_HOME/frontdesk/frontdesk.sqlite).")
    var db: String?

    var path: String {
        // Under the service account only root's site configuration names the file (the
        // boundary refuses --db there before any command runs).
        if Boundary.isServiceAccount, let config = Boundary.config { return config.database }
        if let db { return db }
        let env = ProcessInfo.processInfo.environment
        if let p = env["FRONTDESK_DB"], !p.isEmpty { return p }
        if let config = Boundary.config { return config.database }
        return Self.stateFolder("frontdesk.sqlite")
    }

    /// `name` in `$XDG_STATE_HOME/frontdesk` (XDG's `~/.local/state` when unset).
    static func stateFolder(_ name: String) -> String {
        let state = ProcessInfo.processInfo.environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("frontdesk/" + name)
    }

    /// Where this machine keeps what belongs beside the database (audit heads, backups and
    /// downtime copies): the database file itself, or for a PostgreSQL database a name made
    /// from its server and database (never its password) under `$XDG_STATE_HOME/frontdesk`.
    var localPath: String {
        let location = path
        guard ClinicStore.isPostgresURL(location), let url = try? PostgresURL(parsing: location) else { return location }
        let name = "postgres-\(url.host)-\(url.port)-\(url.database)".map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" }
        return Self.stateFolder(String(name))
    }

    /// `postgres://…` selects the PostgreSQL engine; any other URL (`sqlite:…`, `mysql://…`)
    /// is not a file name: taken as one it would quietly make a folder named `sqlite:` and a
    /// new, empty clinic in it.
    mutating func validate() throws {
        if let why = Self.notAFile(path) { throw ValidationError(why) }
    }

    static func notAFile(_ path: String) -> String? {
        guard let colon = path.firstIndex(of: ":"), path[..<colon].allSatisfy({ $0.isLetter || $0 == "+" }), !path[..<colon].isEmpty else {
            return nil
        }
        let scheme = path[..<colon].lowercased()
        if ClinicStore.isPostgresURL(path) { return nil }
        if scheme == "postgres" || scheme == "postgresql" {
            return "--db \(InertText.inert(path)) is not a PostgreSQL URL; the form is postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        }
        return "--db \(InertText.inert(path)) looks like a URL (\(scheme):), not a file path; give the database file's path"
    }
}

/// Who runs this process: the OS login (HIPAA §164.312(a)(2)(i): each user identified)
/// and the desk name (`--desk`, `$FRONTDESK_DESK`, else host and tty).
enum Identity {
    static var login: String {
        if let invoker = Boundary.invoker { return invoker }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }

    static func desk(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["FRONTDESK_DESK"], !env.isEmpty { return env }
        var host = ProcessInfo.processInfo.hostName
        if let dot = host.firstIndex(of: ".") { host = String(host[..<dot]) }
        if let tty = ttyname(0) {
            let name = String(cString: tty).replacingOccurrences(of: "/dev/", with: "")
            return "\(host)/\(name)"
        }
        return host
    }
}

/// Where the demo clinic lives: `$FRONTDESK_SEEDS`, `./seeds`, or the project's `seeds/`
/// found from the executable (`.build/<config>/frontdesk` → project root).
enum SeedsLocator {
    static func directory() -> URL? {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["FRONTDESK_SEEDS"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("seeds"))
        var exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            exe.deleteLastPathComponent()
            candidates.append(exe.appendingPathComponent("seeds"))
        }
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent("appointments.csv").path) }
    }
}
