import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The access boundary with real OS users (docs/security.md): the database belongs to a
/// service account; people in the users group reach it only through `frontdesk`, run as that
/// account by the sudo rule `init` wrote; everyone else — and every other program — is
/// refused by the kernel.
@Suite("Access boundary with real OS users", .serialized)
struct BoundaryTests {
    static let ringing = #"{"type":"call.ringing","call":"b-1","from":"555-0142"}"#

    func fixture() throws -> BoundaryFixture? {
        do {
            let f = try BoundaryFixture.make()
            for (login, role) in [(BoundaryFixture.receptionist, "receptionist"), (BoundaryFixture.supervisor, "admin"),
                                  (BoundaryFixture.integration, "integration"), (BoundaryFixture.outsider, "receptionist")] {
                let r = try f.asRoot(["users", "add", login, "--role", role])
                #expect(r.status == 0, "\(r.stderr)")
            }
            return f
        } catch {
            Issue.record("the boundary tests cannot run: \(error)")
            return nil
        }
    }

    @Test func aDeskUserCannotOpenTheFileButTheConsoleWorksAsThem() throws {
        guard let f = try fixture() else { return }
        defer { f.remove() }
        let desk = BoundaryFixture.receptionist
        // The file itself: sqlite3, cat, and the heads file are refused by the kernel.
        let sql = try f.shell(as: desk, ["/usr/bin/sqlite3", f.database, "SELECT login, pin_hash FROM user;"])
        #expect(sql.status != 0 && sql.stderr.contains("unable to open"), "sqlite3 read the database: \(sql.stdout) \(sql.stderr)")
        let drop = try f.shell(as: desk, ["/usr/bin/sqlite3", f.database, "DROP TRIGGER audit_no_update;"])
        #expect(drop.status != 0)
        for file in [f.database, f.database + ".audit-heads"] {
            let cat = try f.shell(as: desk, ["/bin/cat", file])
            #expect(cat.status != 0 && cat.stderr.contains("Permission denied"), "\(file): \(cat.stderr)")
        }
        // The integration feeds a call; the receptionist sees it in her status and her console.
        let fed = try f.run(as: BoundaryFixture.integration, ["feed"], input: Self.ringing + "\n")
        #expect(fed.status == 0, "\(fed.stderr)")
        let status = try f.run(as: desk, ["status", "--json"])
        #expect(status.status == 0 && status.stdout.contains("\"b-1\""), "\(status.stderr)")

        let tmux = try Tmux(width: 100, height: 30, command: [
            "/usr/sbin/runuser", "-u", desk, "--", "/usr/bin/env", "TERM=xterm-256color", "FRONTDESK_DESK=Front B",
            f.binary, "--config", f.config, "desk", "--lock-after", "0"])
        defer { tmux.kill() }
        #expect(tmux.waitFor("555-0142", timeout: 30), "\(tmux.capture())")
        tmux.sendKeys("a")
        #expect(tmux.waitFor("On call", timeout: 10) || tmux.waitFor("Active", timeout: 1), "\(tmux.capture())")
        // The audit names the person sudo vouched for, at her desk — not the service account.
        let answered = eventually(timeout: 10) {
            let audit = (try? f.asRoot(["audit", "list", "--json"]))?.stdout ?? ""
            return audit.split(separator: "\n").contains { $0.contains("\"call.answered\"") && $0.contains("\"login\":\"\(desk)\"") && $0.contains("Front B") }
        }
        #expect(answered, "\((try? f.asRoot(["audit", "list"]))?.stdout ?? "")")
        tmux.sendKeys("q")
    }

    @Test func someoneOutsideTheGroupIsRefusedWithWhatToDo() throws {
        guard let f = try fixture() else { return }
        defer { f.remove() }
        let out = BoundaryFixture.outsider
        let r = try f.run(as: out, ["status"])
        #expect(r.status == 77, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("\(out) is not in the \(BoundaryFixture.usersGroup) group") && r.stderr.contains("usermod -aG"), "\(r.stderr)")
        // Going around the binary: sudo itself refuses anything but the rule.
        let shell = try f.shell(as: out, ["/usr/bin/sudo", "-n", "-u", BoundaryFixture.serviceAccount, "--", f.binary, "--config", f.config, "status"])
        #expect(shell.status != 0)
        let member = try f.shell(as: BoundaryFixture.receptionist, ["/usr/bin/sudo", "-n", "-u", BoundaryFixture.serviceAccount, "--", "/usr/bin/sqlite3", f.database, ".dump"])
        #expect(member.status != 0 && !member.stdout.contains("CREATE TABLE"), "\(member.stderr)")
    }

    /// Everything a person passes through the rule is hostile: another database, another
    /// configuration, a file of the service account's to import or to read as a theme.
    @Test func hostileArgumentsThroughTheRuleAreRefused() throws {
        guard let f = try fixture() else { return }
        defer { f.remove() }
        let svc = BoundaryFixture.serviceAccount
        func viaRule(_ login: String, _ args: [String]) throws -> Spawn.Result {
            try f.shell(as: login, ["/usr/bin/sudo", "-n", "-u", svc, "--", f.binary, "--config", f.config] + args)
        }
        let otherDB = try viaRule(BoundaryFixture.receptionist, ["status", "--db", "/tmp/elsewhere.sqlite"])
        #expect(otherDB.status == 64 && otherDB.stderr.contains("--db is refused"), "\(otherDB.stderr)")
        let evil = "/tmp/fd-evil-\(UUID().uuidString).conf"
        try "database = \"/tmp/x.sqlite\"\nservice_account = \"\(svc)\"\nusers_group = \"x\"\nbinary = \"/bin/sh\"\n"
            .write(toFile: evil, atomically: true, encoding: .utf8)
        defer { unlink(evil) }
        let twice = try viaRule(BoundaryFixture.receptionist, ["--config", evil, "status"])
        #expect(twice.status == 64 && twice.stderr.contains("--config given more than once"), "\(twice.stderr)")
        // An admin (fdtestsup) may import, but only a file she may read herself.
        let admin = BoundaryFixture.supervisor
        for secret in [f.database, f.database + ".audit-heads"] {
            // Through the binary she opens the file herself, and the kernel says no…
            let r = try f.run(as: admin, ["import", "patients", secret])
            #expect(r.status == 66 && r.stderr.contains("Permission denied"), "\(secret): \(r.status) \(r.stderr)")
            // …and handing the path to the service account directly is refused by the binary.
            let direct = try viaRule(admin, ["import", "patients", secret])
            #expect(direct.status == 77 && direct.stderr.contains("is not yours to read"), "\(secret): \(direct.status) \(direct.stderr)")
            let theme = try viaRule(admin, ["themes", "--check", secret])
            #expect(theme.status != 0 && theme.stderr.contains("is not yours to read") && !theme.stderr.contains(" admin"),
                    "\(secret): \(theme.stderr)")
        }
        let csv = "/tmp/fd-import-\(UUID().uuidString).csv"
        try "mrn,family_name,given_name,date_of_birth,phone\nB1,Roe,Rita,1970-01-01,555-0100\n".write(toFile: csv, atomically: true, encoding: .utf8)
        defer { unlink(csv) }
        _ = chown(csv, getpwnam(admin)!.pointee.pw_uid, 0)
        _ = chmod(csv, 0o600)
        let mine = try f.run(as: admin, ["import", "patients", csv])
        #expect(mine.status == 0 && mine.stdout.contains("1 new patients from \(csv)"), "\(mine.stdout) \(mine.stderr)")
        let demo = try viaRule(admin, ["demo", "--no-sim"])
        #expect(demo.status == 64 && demo.stderr.contains("not available through the service account"), "\(demo.stderr)")
    }

    @Test func doctorReportsTheBoundaryAndAFileOthersCanRead() throws {
        guard let f = try fixture() else { return }
        defer { f.remove() }
        let good = try f.run(as: BoundaryFixture.supervisor, ["doctor"])
        #expect(good.status == 0, "\(good.stdout) \(good.stderr)")
        for line in ["ok    sudo rule", "ok    state folder", "ok    file: \(f.database) mode 600", "ok    audit chain", "encryption at rest"] {
            #expect(good.stdout.contains(line), "no \"\(line)\" in\n\(good.stdout)")
        }
        #expect(chmod(f.database, 0o644) == 0)
        let bad = try f.run(as: BoundaryFixture.supervisor, ["doctor"])
        #expect(bad.status == 1 && bad.stdout.contains("FAIL  file: \(f.database) is mode 644: others can reach it"), "\(bad.stdout)")
        // The receptionist may not run it: it reads the audit trail.
        let refused = try f.run(as: BoundaryFixture.receptionist, ["doctor"])
        #expect(refused.status == 77, "\(refused.stderr)")
    }
}
