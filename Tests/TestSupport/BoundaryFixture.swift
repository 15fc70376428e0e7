import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A clinic behind the real access boundary, set up by the real `frontdesk init
/// --service-account` as root: a service account, a users group, real OS logins in it (and one
/// outside it), the binary in a root-owned folder, root's site configuration and a sudo rule.
/// Each fixture has its own folder, configuration and rule file; accounts are shared and made
/// once (idempotent), like the SSH fixture's.
public struct BoundaryFixture {
    public static let serviceAccount = "fdtestsvc"
    public static let usersGroup = "fdtest-users"
    /// In the group: may run the consoles.
    public static let receptionist = "fdtestdesk"
    public static let supervisor = "fdtestsup"
    public static let integration = "fdtestfeed"
    /// Not in the group.
    public static let outsider = "fdtestout"

    public let directory: String
    public let binary: String
    public let config: String
    public let database: String
    public let sudoers: String

    public struct Unavailable: Error, CustomStringConvertible { public let description: String }

    /// Sets everything up; throws `Unavailable` (saying what is missing) when not root or when
    /// sudo is not installed — `scripts/test` installs it.
    public static func make(usersGroup: String = usersGroup, members: [String] = [receptionist, supervisor, integration]) throws -> BoundaryFixture {
        guard geteuid() == 0 else { throw Unavailable(description: "the boundary tests need root (they add OS users)") }
        guard access("/usr/bin/sudo", X_OK) == 0 else { throw Unavailable(description: "sudo is not installed (apt-get install -y sudo; scripts/test does)") }
        let id = UUID().uuidString.prefix(8).lowercased()
        let dir = "/tmp/fd-boundary-\(id)"
        try run("/usr/bin/install", ["-d", "-m", "0755", "-o", "root", "-g", "root", dir, dir + "/bin"])
        let binary = dir + "/bin/frontdesk"
        try run("/usr/bin/install", ["-m", "0755", "-o", "root", "-g", "root", Spawn.frontdesk, binary])
        if getgrnam(usersGroup) == nil { try run(sbin("groupadd"), ["--system", usersGroup], allowing: [9]) }
        for login in members + [outsider] where getpwnam(login) == nil {
            try run(sbin("useradd"), ["--create-home", "--shell", "/bin/bash", login], allowing: [9])
        }
        for login in members { try run(sbin("usermod"), ["-aG", usersGroup, login]) }
        let fixture = BoundaryFixture(directory: dir, binary: binary, config: dir + "/frontdesk.conf",
                                      database: dir + "/state/clinic.sqlite", sudoers: "/etc/sudoers.d/fdtest-\(id)")
        let r = try Spawn.run(binary, ["init", "--service-account", serviceAccount, "--users-group", usersGroup,
                                       "--db", fixture.database, "--site-config", fixture.config, "--sudoers", fixture.sudoers,
                                       "--binary", binary, "--admin", "root"])
        guard r.status == 0 else { throw Unavailable(description: "frontdesk init --service-account failed (\(r.status)): \(r.stderr)") }
        return fixture
    }

    /// `frontdesk --config CONFIG args…` as `login` (a real OS user, through runuser).
    public func run(as login: String, _ args: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Spawn.Result {
        let env = environment.map { "\($0.key)=\($0.value)" }
        return try Spawn.run("/usr/sbin/runuser", ["-u", login, "--", "/usr/bin/env"] + env + [binary, "--config", config] + args, input: input)
    }

    /// Any command as `login` (e.g. sqlite3 on the file).
    public func shell(as login: String, _ command: [String]) throws -> Spawn.Result {
        try Spawn.run("/usr/sbin/runuser", ["-u", login, "--"] + command)
    }

    /// `frontdesk --config CONFIG args…` as root (root works on the clinic as the service account).
    public func asRoot(_ args: [String], input: String? = nil, environment: [String: String]? = nil) throws -> Spawn.Result {
        try Spawn.run(binary, ["--config", config] + args, input: input, environment: environment)
    }

    public func remove() {
        unlink(sudoers)
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func sbin(_ name: String) -> String {
        ["/usr/sbin/\(name)", "/sbin/\(name)"].first { access($0, X_OK) == 0 } ?? name
    }

    /// Exit 9 from groupadd/useradd is "already exists": another fixture got there first.
    static func run(_ path: String, _ args: [String], allowing: [Int32] = []) throws {
        let r = try Spawn.run(path, args)
        guard r.status == 0 || allowing.contains(r.status) else {
            throw Unavailable(description: "\(path) \(args.joined(separator: " ")) failed (\(r.status)): \(r.stderr)")
        }
    }
}
