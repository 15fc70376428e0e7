import Foundation
import Testing
import FrontDeskCore
import TestSupport
@testable import FrontDeskStore
@testable import frontdesk
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk downtime`: the printable copy for when the system is down, written by the real
/// binary on a clinic with two days of appointments, a waiting room, a callback owed and a
/// patient whose name is an attack.
@Suite("Contingency: downtime copy", .serialized)
struct DowntimeCopyTests {
    static let zone = TimeZone.current
    static let hostileFamily = "<script>alert(1)</script>"
    static let hostileGiven = "Eve\u{202E}gnp.exe\u{0007}"

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fd-downtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static var today: CivilDate { zone.civilDate(of: Date()) }
    static func at(_ day: CivilDate, _ h: Int, _ m: Int = 0) -> Date { zone.date(day, at: TimeOfDay(h, m)) }

    /// Today: Dr Okafor 09:00 (M001), Dr Lindqvist 10:30 (the hostile name, who has arrived);
    /// tomorrow: Dr Okafor 11:15 (M002) and Dr Nakamura 14:00 (M003, only tomorrow). A caller
    /// from 555-0142 hung up, so a callback is owed. The store is released before returning.
    static func clinic(in dir: URL, role: Role = .receptionist) throws -> String {
        let db = dir.appendingPathComponent("clinic.sqlite").path
        let store = try ClinicStore.create(path: db)
        let now = Date()
        let admin = Actor(login: "setup", desk: "test", role: .admin)
        try store.addUser(login: Spawn.login, role: role, by: admin, now: now)
        let tomorrow = today.adding(days: 1)
        _ = try store.importClinic(patients: [
            Patient(id: 0, mrn: "M001", familyName: "Ñúñez-O'Brien", givenName: "José", dateOfBirth: "1980-02-29", phone: "555-0101"),
            Patient(id: 0, mrn: "M002", familyName: "李", givenName: "小龍", dateOfBirth: "1975-06-01", phone: "555-0102"),
            Patient(id: 0, mrn: "M003", familyName: "Okonkwo", givenName: "Ada", dateOfBirth: "1990-01-15", phone: "555-0103"),
            Patient(id: 0, mrn: "M666", familyName: hostileFamily, givenName: hostileGiven, dateOfBirth: "2001-09-09", phone: "555-0666"),
        ], appointments: [
            AppointmentRecord(ref: "T1", at: at(today, 9), mrn: "M001", provider: "Dr Okafor", reason: "Annual physical"),
            AppointmentRecord(ref: "T2", at: at(today, 10, 30), mrn: "M666", provider: "Dr Lindqvist", reason: "Follow-up"),
            AppointmentRecord(ref: "N1", at: at(tomorrow, 11, 15), mrn: "M002", provider: "Dr Okafor", reason: "Blood pressure check"),
            AppointmentRecord(ref: "N2", at: at(tomorrow, 14), mrn: "M003", provider: "Dr Nakamura", reason: "New patient"),
        ], by: admin, now: now)
        try store.apply(TimedEvent(.patientArrived(appointment: "T2"), at: now), by: admin, now: now)
        try store.apply(TimedEvent(.callRinging(call: "c-1", from: "555-0142", name: nil, reason: "billing", queue: nil), at: now.addingTimeInterval(-60)),
                        by: admin, now: now)
        try store.apply(TimedEvent(.callAbandoned(call: "c-1"), at: now.addingTimeInterval(-30)), by: admin, now: now)
        return db
    }

    /// The page cut into its sections, by their heading.
    static func sections(_ html: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in html.components(separatedBy: "<section ").dropFirst() {
            guard let h = part.range(of: "<h2>"), let end = part.range(of: "</h2>") else { continue }
            out[String(part[h.upperBound..<end.lowerBound])] = part
        }
        return out
    }

    static func heading(_ label: String, _ day: CivilDate, _ provider: String) -> String {
        "\(label) — \(day.shortText) \(day.year) — \(provider)"
    }

    static func inode(_ path: String) -> UInt64? {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : nil
    }

    @Test("the copy has each provider's day for today and tomorrow, the waiting room, the callback's number and today's phones; hostile names are escaped and inert; 0600, confidential, no script")
    func theCopyHoldsWhatTheDeskNeeds() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let r = try Spawn.frontdesk(["downtime", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let path = dir.appendingPathComponent("downtime/downtime-latest.html").path
        #expect(r.stdout.contains("downtime copy written: \(path)"), "\(r.stdout)")
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))

        // Confidential at the head and the foot (and at every section).
        let mark = "CONFIDENTIAL — contains protected health information"
        #expect(html.range(of: "<header class=\"phi\"><strong>\(mark)</strong>") != nil)
        #expect(html.range(of: "<footer class=\"phi\"><strong>\(mark)</strong>") != nil)
        #expect(html.components(separatedBy: mark).count - 1 >= 2 + 6)
        #expect(html.contains("clinic time zone \(Self.zone.identifier)"))

        let tomorrow = Self.today.adding(days: 1)
        let s = Self.sections(html)
        let okafor = try #require(s[Self.heading("Today", Self.today, "Dr Okafor") + " <small>(1 appointments)</small>"], "\(s.keys.sorted())")
        #expect(okafor.contains("<td class=\"num\">09:00 (15 min)</td>") || okafor.contains("09:00"))
        for cell in ["Ñúñez-O&#39;Brien, José", "M001", "1980-02-29", "555-0101", "Annual physical", "Scheduled"] {
            #expect(okafor.contains(cell), "\(cell) in \(okafor)")
        }
        let lindqvist = try #require(s[Self.heading("Today", Self.today, "Dr Lindqvist") + " <small>(1 appointments)</small>"])
        #expect(lindqvist.contains("M666") && lindqvist.contains("Arrived") && lindqvist.contains("10:30"))
        let okaforTomorrow = try #require(s[Self.heading("Tomorrow", tomorrow, "Dr Okafor") + " <small>(1 appointments)</small>"])
        #expect(okaforTomorrow.contains("李, 小龍") && okaforTomorrow.contains("11:15") && okaforTomorrow.contains("1975-06-01"))
        #expect(!okaforTomorrow.contains("M001"), "today's patient is not in tomorrow's list")
        let nakamura = try #require(s[Self.heading("Tomorrow", tomorrow, "Dr Nakamura") + " <small>(1 appointments)</small>"])
        #expect(nakamura.contains("Okonkwo, Ada") && nakamura.contains("555-0103"))
        #expect(s.keys.filter { $0.hasPrefix("Today") }.count == 2, "Dr Nakamura has no day today")

        let waiting = try #require(s.first { $0.key.hasPrefix("Waiting room as of") }?.value)
        #expect(waiting.contains("M666") && waiting.contains("Arrived") && waiting.contains("Dr Lindqvist"))
        let callbacks = try #require(s["Callbacks owed"])
        #expect(callbacks.contains("555-0142"), "\(callbacks)")
        let phones = try #require(s["Phone numbers for today&#39;s patients"], "\(s.keys.sorted())")
        #expect(phones.contains("555-0101") && phones.contains("555-0666") && !phones.contains("555-0102"))

        // The attack is text: escaped, its bidi override and bell shown as stand-ins, and the
        // page has no script or anything to fetch.
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;, Eve\u{FFFD}gnp.exe\u{2407}"))
        #expect(!html.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x07 })
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""))
        #expect(html.contains("@media print") && html.contains("section.provider { break-before: page;"))
        #expect(try ClinicStore.open(path: db).auditTrail().contains { $0.action == "downtime.written" && $0.detail == "file=downtime-latest.html" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("downtime").path) == ["downtime-latest.html"])
    }

    @Test("--every rewrites it whole on schedule (every read is a complete page, a new file each time, new bookings show) and SIGTERM stops it")
    func everyRewritesWholeUntilSIGTERM() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let out = dir.appendingPathComponent("print/copy.html").path
        let errPath = dir.appendingPathComponent("downtime.err").path
        let e = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(e) }
        try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let pid = try Spawn.start(Spawn.frontdesk, ["downtime", "--db", db, "--out", out, "--every", "1s"], stderr: e)
        var stopped = false
        defer { if !stopped { kill(pid, SIGKILL); Spawn.wait(pid) } }
        func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        var inodes = Set<UInt64>()
        var partial: [Int] = []
        var booked = false
        var sawBooking = false
        #expect(eventually(timeout: 60, poll: 0.005) {
            guard let text = try? String(contentsOfFile: out, encoding: .utf8) else { return false }
            if !(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n")) { partial.append(text.utf8.count) }
            if let i = Self.inode(out) { inodes.insert(i) }
            if !booked, inodes.count >= 2 {
                // A booking made while it runs is on a later copy.
                let admin = Actor(login: "setup", desk: "test", role: .admin)
                _ = try? ClinicStore.open(path: db).importClinic(patients: [], appointments: [
                    AppointmentRecord(ref: "T9", at: Self.at(Self.today.adding(days: 1), 16), mrn: "M001", provider: "Dr Okafor", reason: "Late addition"),
                ], by: admin, now: Date())
                booked = true
            }
            if booked, text.contains("Late addition") { sawBooking = true }
            return inodes.count >= 4 && sawBooking
        }, "\(inodes.count) copies seen; \(stderr())")
        #expect(partial.isEmpty, "a reader saw an incomplete page: \(partial)")
        #expect(stderr().contains("frontdesk downtime: wrote \(out) at "))
        kill(pid, SIGTERM)
        #expect(Spawn.wait(pid) == 0)
        stopped = true
        #expect(stderr().contains("frontdesk downtime: stopped; \(out) holds the copy of"), "\(stderr())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent) == ["copy.html"],
                "no temporary left behind")
        var st = stat()
        #expect(stat(out, &st) == 0 && st.st_mode & 0o777 == 0o600)
    }

    @Test("--every keeps the last good copy through a database that goes away, says so on stderr, and writes again once it is back")
    func everySurvivesAReadFailure() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir)
        let out = dir.appendingPathComponent("copy.html").path
        let errPath = dir.appendingPathComponent("downtime.err").path
        let e = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(e) }
        let pid = try Spawn.start(Spawn.frontdesk, ["downtime", "--db", db, "--out", out, "--every", "1s"], stderr: e)
        var stopped = false
        defer { if !stopped { kill(pid, SIGKILL); Spawn.wait(pid) } }
        func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        #expect(eventually(timeout: 30) { stderr().contains("wrote \(out)") })
        #expect(rename(db, db + ".away") == 0)
        #expect(eventually(timeout: 30) { stderr().contains("could not refresh \(out)") }, "\(stderr())")
        let kept = try Data(contentsOf: URL(fileURLWithPath: out)), keptInode = Self.inode(out)
        #expect(stderr().contains("the copy of "), "\(stderr())")
        // Two failed rounds later the good copy is still the one there.
        #expect(eventually(timeout: 30) { stderr().components(separatedBy: "could not refresh").count > 2 })
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == kept && Self.inode(out) == keptInode)
        #expect(rename(db + ".away", db) == 0)
        let failures = stderr().components(separatedBy: "\n").count
        #expect(eventually(timeout: 30) {
            stderr().components(separatedBy: "\n").dropFirst(failures - 1).contains { $0.contains("wrote \(out)") }
        }, "\(stderr())")
        #expect(Self.inode(out) != keptInode)
        kill(pid, SIGTERM)
        #expect(Spawn.wait(pid) == 0)
        stopped = true
    }

    @Test("the atomic write puts a new file in place: a reader holding the old one reads it whole, the path has the new one, 0600, no temporary left")
    func theAtomicWriteNeverTouchesTheFileInPlace() throws {
        let dir = try Self.tempDir()
        let path = dir.appendingPathComponent("downtime-latest.html").path
        let old = String(repeating: "old page\n", count: 10_000)
        try old.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o644)
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? reader.close() }
        let before = Self.inode(path)
        try AtomicFile.write(Data("new page\n".utf8), to: path)
        #expect(String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self) == old, "the old file was not rewritten in place")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new page\n")
        #expect(Self.inode(path) != before)
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["downtime-latest.html"])
        // A folder that is not there: an error, and nothing written anywhere.
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(Data("x".utf8), to: dir.path + "/missing/copy.html") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["downtime-latest.html"])
    }

    @Test("it is for those who may see the schedule: an integration login is refused (77) and nothing is written; --every takes s, m or h")
    func permissionAndSchedule() throws {
        let dir = try Self.tempDir()
        let db = try Self.clinic(in: dir, role: .integration)
        let r = try Spawn.frontdesk(["downtime", "--db", db])
        #expect(r.status == 77 && r.stderr.contains("may not view patients"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("downtime").path))
        #expect(DowntimeCommand.interval("15m") == 900 && DowntimeCommand.interval("30s") == 30 && DowntimeCommand.interval("1h") == 3600)
        #expect(DowntimeCommand.interval("90") == 90)
        for bad in ["0s", "2d", "m", "-5m", "25h", "1e3s"] { #expect(DowntimeCommand.interval(bad) == nil, "\(bad)") }
        let refused = try Spawn.frontdesk(["downtime", "--db", db, "--every", "soon"])
        #expect(refused.status == 64 && refused.stderr.contains("--every takes a number with s, m or h"), "\(refused.stderr)")
    }
}
