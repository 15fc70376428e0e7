import Foundation
import Testing
import TestSupport
import FrontDeskCore
@testable import FrontDeskStore

/// `frontdesk report day` as a manager runs it, and its HTML in a real browser (headless
/// Chromium from Debian): it renders, its charts have a bar per hour and a mark per
/// suspension, it names nobody unless asked, and what a patient's name smuggles stays text.
@Suite("Report command and its HTML in a browser", .serialized)
struct ReportCommandTests {
    static func clinicFile() throws -> (String, DayReportTests.Day) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("clinic.sqlite").path
        let store = try Fixture.clinic(try Fixture.fileClinic(path))
        return (path, try DayReportTests.play(store))
    }

    static var day: String { DayReportTests.day.iso }

    static func report(_ db: String, _ extra: [String]) throws -> String {
        let r = try Spawn.frontdesk(["report", "day", "--db", db, "--date", day, "--zone", "UTC"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// Chromium, when this machine has it. `scripts/test` installs it and sets
    /// FRONTDESK_REQUIRE_BROWSER, so in CI a missing browser is a failure, never a skip.
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func browser() throws -> String? {
        if let chromium { return chromium }
        if ProcessInfo.processInfo.environment["FRONTDESK_REQUIRE_BROWSER"] == "1" {
            Issue.record("FRONTDESK_REQUIRE_BROWSER is set but no chromium is installed")
        }
        return nil
    }

    /// The document as the browser built it (`--dump-dom`: parsed, laid out, serialised).
    static func rendered(_ file: String, with chromium: String) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)").path
        let r = try Spawn.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)",
                                         "--dump-dom", URL(fileURLWithPath: file).absoluteString])
        try? FileManager.default.removeItem(atPath: profile)
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        return r.stdout
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("the HTML renders in Chromium: a bar per hour per series, a mark per suspension, no script, no patient named without --names")
    func htmlInABrowser() throws {
        let (db, _) = try Self.clinicFile()
        let out = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("day.html").path
        _ = try Self.report(db, ["--format", "text", "--out", out])
        // Written again over the earlier copy (replaced in one step).
        _ = try Self.report(db, ["--format", "html", "--out", out])
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // Self-contained: nothing fetched, nothing run.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        // Nobody named: not the names, not the MRNs.
        for secret in ["Ñúñez", "O'Brien", "O&#39;Brien", "M001", "M002", "Walk In", "小龍"] { #expect(!html.contains(secret), "\(secret)") }

        guard let chromium = try Self.browser() else { return }
        let dom = try Self.rendered(out, with: chromium)
        #expect(dom.contains("Day report — \(Self.day)"))
        // Two hours with activity (20 h, 21 h): two bars each for calls and arrivals, lobby
        // wait and ASA; the legend keys are not bars of the chart.
        #expect(Self.count("class=\"bar calls\" data-hour", in: dom) == 2)
        #expect(Self.count("class=\"bar arrivals\" data-hour", in: dom) == 2)
        #expect(Self.count("class=\"bar lobby-wait\" data-hour", in: dom) == 2)
        #expect(Self.count("class=\"bar asa\" data-hour", in: dom) == 2)
        // Two suspensions (desk-1's 30 s, desk-2's never resumed, in red).
        #expect(Self.count("class=\"suspension\" data-desk", in: dom) == 1)
        #expect(Self.count("class=\"suspension never\" data-desk", in: dom) == 1)
        #expect(!dom.contains("<script"))

        // It prints: Chromium's print-to-PDF gives a document of a few pages (charts and tables
        // are kept whole; the visit list starts its own page).
        let pdf = URL(fileURLWithPath: out).deletingLastPathComponent().appendingPathComponent("day.pdf").path
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)").path
        let printed = try Spawn.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)",
                                               "--no-pdf-header-footer", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: out).absoluteString])
        try? FileManager.default.removeItem(atPath: profile)
        #expect(printed.status == 0, "\(printed.stderr.suffix(1000))")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Data("%PDF".utf8)))
        // Page objects are `/Type /Page` (the tree's own node is `/Type /Pages`).
        let text = String(decoding: bytes.map { $0 < 128 ? $0 : 32 }, as: UTF8.self)
        let pageObjects = try NSRegularExpression(pattern: #"/Type\s*/Page(?!s)"#)
        let pages = pageObjects.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(pages >= 2 && pages <= 6, "\(pages) pages")
    }

    @Test("with --names the HTML names the patients, and a name that carries markup or bidi controls is shown as text")
    func namesAreTextNeverMarkup() throws {
        let (db, d) = try Self.clinicFile()
        let store = try ClinicStore.open(path: db)
        var p = try #require(try store.patient(mrn: "M002"))
        p.familyName = "<script>alert(1)</script>\u{202E}evil"
        try store.updatePatient(p, expectedVersion: p.version, by: Fixture.desk1, now: Fixture.at(100))
        _ = d
        let out = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("named.html").path
        _ = try Self.report(db, ["--format", "html", "--out", out, "--names"])
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("Ñúñez-O&#39;Brien") && html.contains("M001"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("\u{202E}"))
        #expect(try store.auditTrail(limit: 5).contains { $0.action == "report.names" })
        guard let chromium = try Self.browser() else { return }
        let dom = try Self.rendered(out, with: chromium)
        #expect(!dom.contains("<script>alert"))
    }

    @Test("CSV: every cell that could start a formula is neutralised (=, +, -, @, tab, CR), in the report and the schedule export")
    func csvInjection() throws {
        let (db, _) = try Self.clinicFile()
        let store = try ClinicStore.open(path: db)
        var p = try #require(try store.patient(mrn: "M001"))
        p.familyName = "=HYPERLINK(\"http://x.example\",\"click\")"
        p.givenName = "@SUM(A1)"
        try store.updatePatient(p, expectedVersion: p.version, by: Fixture.desk1, now: Fixture.at(100))
        let csv = try Self.report(db, ["--format", "csv", "--names"])
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")"), "\(csv.prefix(600))")
        for cell in Self.cells(csv) {
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""), "\(cell)")
        }
        // The figures still read as numbers where they are numbers.
        #expect(csv.contains("Clinic,3,0,1,1500,1800,1020,1500"))

        // The reminders export for a dialer: the same rule for a phone number that is a formula.
        typealias S = ScheduleStoreTests
        try store.loadCalendar(source: S.source, file: "clinic.toml", by: S.admin, now: S.now)
        var q = try #require(try store.patient(mrn: "M002"))
        q.phone = "+1-555-0102\t=cmd|' /C calc'!A0"
        try store.updatePatient(q, expectedVersion: q.version, by: Fixture.desk1, now: S.now)
        try store.book(Booking(patientID: q.id, provider: "okafor", start: S.at(2, 9), typeCode: "follow-up"), by: Fixture.desk1, now: S.now)
        let reminders = try Spawn.frontdesk(["schedule", "reminders", "--db", db, "--date", "2026-06-02"])
        #expect(reminders.status == 0, "\(reminders.stderr)")
        let remindCells = Self.cells(reminders.stdout)
        #expect(remindCells.contains { $0.hasPrefix("'+1-555-0102") }, "\(reminders.stdout)")
        for cell in remindCells { #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""), "\(cell)") }
        #expect(!reminders.stdout.contains("\t"))
    }

    /// RFC 4180 cells (quoted fields may hold commas, quotes and line breaks).
    static func cells(_ csv: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, wasQuoted = false
        var chars = Array(csv)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { chars.removeFirst(); cell.append("\"") } else { quoted = false } } else { cell.append(c) }
            } else if c == "\"" { quoted = true; wasQuoted = true }
            else if c == "," || c == "\r\n" || c == "\n" || c == "\r" { cells.append(cell); cell = ""; wasQuoted = false }
            else { cell.append(c) }
        }
        if !cell.isEmpty || wasQuoted { cells.append(cell) }
        return cells.filter { !$0.isEmpty }
    }

    @Test("text and JSON: the same figures; a bad date or zone is refused with a reason and nothing written")
    func textJSONAndBadInput() throws {
        let (db, _) = try Self.clinicFile()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report(db, ["--format", "json"]).utf8)) as? [String: Any])
        let clinic = try #require(json["clinic"] as? [String: Any])
        #expect(clinic["lobbyWaitP90"] as? Int == 1800 && clinic["visits"] as? Int == 3)
        #expect(json["neverResumed"] as? Int == 1)
        let visits = try #require(json["visits"] as? [[String: Any]])
        #expect(visits.allSatisfy { $0["patient"] == nil && $0["mrn"] == nil })
        let text = try Self.report(db, [])
        #expect(text.contains("never resumed 1") && text.contains("Clinic"))
        let bad = try Spawn.frontdesk(["report", "day", "--db", db, "--date", "2026-02-30"])
        #expect(bad.status != 0 && bad.stderr.contains("--date must be yyyy-MM-dd"))
        let zone = try Spawn.frontdesk(["report", "day", "--db", db, "--zone", "Mars/Olympus"])
        #expect(zone.status != 0 && zone.stderr.contains("is not a time zone"))
    }
}
