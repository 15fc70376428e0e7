import Foundation
import Testing
import TestSupport

/// Role boundaries through the real binary: each refusal says why, in the access table's words.
@Suite("Roles at the command line", .serialized)
struct RolesTests {
    func tempDB() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roles-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("clinic.sqlite").path
        let r = try Spawn.frontdesk(["init", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    @Test func aReceptionistCannotSuperviseReadTheAuditUnlockOrManageUsers() throws {
        let db = try tempDB()
        // `init` made this login admin; it hands itself the receptionist role.
        let demote = try Spawn.frontdesk(["users", "add", Spawn.login, "--role", "receptionist", "--db", db])
        #expect(demote.status == 0, "\(demote.stderr)")
        let cases: [([String], String)] = [
            (["supervise"], "a receptionist may not supervise the desks (needs the supervisor role)"),
            (["audit"], "a receptionist may not read the audit trail (needs the supervisor role)"),
            (["unlock", "--desk", "front-1"], "a receptionist may not unlock another user's console (needs the supervisor role)"),
            (["users", "add", "zoe", "--role", "admin"], "a receptionist may not manage users (needs the admin role)"),
            (["users", "list"], "a receptionist may not list the clinic's users (needs the supervisor role)"),
            (["import", "patients", try patientsFile()], "a receptionist may not import appointments (needs the admin role)"),
            (["feed"], "a receptionist may not feed events from the phone system or other systems (needs the admin or the integration role)"),
            (["doctor"], "a receptionist may not read the audit trail (needs the supervisor role)"),
        ]
        for (args, why) in cases {
            let r = try Spawn.frontdesk(args + ["--db", db])
            #expect(r.status == 77, "\(args) exited \(r.status): \(r.stderr)")
            #expect(r.stderr.contains(why), "\(args): \(r.stderr)")
        }
        // Nothing was written by the refused commands: no new user, no patient.
        let rows = try Spawn.run("/usr/bin/sqlite3", [db, "SELECT (SELECT count(*) FROM user WHERE login = 'zoe'), (SELECT count(*) FROM patient)"])
        #expect(rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0|0", "\(rows.stdout) \(rows.stderr)")
    }

    func patientsFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roles-\(UUID().uuidString).csv").path
        try "mrn,family_name,given_name,date_of_birth,phone\nR1,Roe,Rita,1970-01-01,555-0100\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func anIntegrationFeedsEventsAndReadsStatusButSeesNoPatient() throws {
        let db = try tempDB()
        let demote = try Spawn.frontdesk(["users", "add", Spawn.login, "--role", "integration", "--db", db])
        #expect(demote.status == 0, "\(demote.stderr)")
        let feed = try Spawn.frontdesk(["feed", "--db", db], input: #"{"type":"call.ringing","call":"i-1","from":"555-0142"}"# + "\n")
        #expect(feed.status == 0, "\(feed.stderr)")
        let status = try Spawn.frontdesk(["status", "--json", "--db", db])
        #expect(status.status == 0 && status.stdout.contains("\"i-1\""), "\(status.stderr)")
        let cases: [([String], String)] = [
            (["desk"], "an integration may not view patients"),
            (["supervise"], "an integration may not supervise the desks"),
            (["board"], "an integration may not show the waiting-room board"),
            (["audit"], "an integration may not read the audit trail"),
            (["import", "patients", try patientsFile()], "an integration may not import appointments"),
            (["users", "add", "zoe", "--role", "admin"], "an integration may not manage users"),
            (["users", "pin", "--pin-stdin"], "an integration may not set an unlock PIN"),
        ]
        for (args, why) in cases {
            let r = try Spawn.frontdesk(args + ["--db", db], input: "123456\n")
            #expect(r.status == 77, "\(args) exited \(r.status): \(r.stderr)")
            #expect(r.stderr.contains(why), "\(args): \(r.stderr)")
        }
    }

    @Test func onlyInitCreatesADatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roles-none-\(UUID().uuidString)")
        let typo = dir.appendingPathComponent("clinc.sqlite").path
        for args in [["status"], ["feed"], ["desk"], ["import", "patients", try patientsFile()], ["audit", "verify"], ["users", "list"]] {
            let r = try Spawn.frontdesk(args + ["--db", typo], input: "")
            #expect(r.status == 66, "\(args) exited \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("no database at \(typo)"), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: typo) && !FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func anUnknownLoginIsRefusedWithAClearMessage() throws {
        let db = try tempDB()
        let removed = try Spawn.frontdesk(["users", "remove", Spawn.login, "--db", db])
        #expect(removed.status == 0, "\(removed.stderr)")
        for args in [["supervise"], ["desk"], ["audit"], ["board"], ["users", "pin", "--pin-stdin"], ["status"], ["feed"],
                     ["import", "patients", try patientsFile()], ["doctor"], ["unlock", "--desk", "front-1"]] {
            let r = try Spawn.frontdesk(args + ["--db", db], input: "123456\n")
            #expect(r.status == 77, "\(args) exited \(r.status)")
            #expect(r.stderr.contains("the login \"\(Spawn.login)\" is not a user of this clinic"), "\(args): \(r.stderr)")
        }
    }

    @Test func usersPinAndAuditWorkForAnAdmin() throws {
        let db = try tempDB()
        let bad = try Spawn.frontdesk(["users", "add", "zoe", "--role", "wizard", "--db", db])
        #expect(bad.status == 64 && bad.stderr.contains("unknown role \"wizard\""), "\(bad.stderr)")
        #expect(try Spawn.frontdesk(["users", "add", "zoe", "--role", "supervisor", "--db", db]).status == 0)
        let badPIN = try Spawn.frontdesk(["users", "pin", "--pin-stdin", "--db", db], input: "12\n")
        #expect(badPIN.status == 65 && badPIN.stderr.contains("a PIN is 6 to 12 digits"), "\(badPIN.stderr)")
        let pin = try Spawn.frontdesk(["users", "pin", "--pin-stdin", "--db", db], input: "246813\n")
        #expect(pin.status == 0, "\(pin.stderr)")
        let list = try Spawn.frontdesk(["users", "list", "--db", db])
        #expect(list.stdout.contains("zoe\tsupervisor\tno PIN") && list.stdout.contains("\(Spawn.login)\tadmin\tPIN set"), "\(list.stdout)")
        let audit = try Spawn.frontdesk(["audit", "--json", "--user", Spawn.login, "--db", db])
        #expect(audit.status == 0, "\(audit.stderr)")
        let actions = audit.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.compactMap { $0["action"] as? String }
        #expect(actions.contains("user.pin-set") && actions.contains("user.set-role"), "\(actions)")
        #expect(!audit.stdout.contains("246813"))
        let since = try Spawn.frontdesk(["audit", "--since", "yesterday-ish", "--db", db])
        #expect(since.status == 64, "\(since.stderr)")
    }
}

