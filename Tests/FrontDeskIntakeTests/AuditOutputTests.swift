import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskStore
import FrontDeskIntake
#if canImport(Glibc)
import Glibc
#endif

/// Nothing hostile reaches a terminal or a spreadsheet: whatever a stored row says, the bytes
/// `frontdesk audit list` prints carry no control, bidi or invisible character, and its
/// tab-separated output cannot start a formula.
@Suite("Hostile output: the audit trail in a terminal and a spreadsheet")
struct AuditOutputTests {
    /// Raw scalars that must never be printed: C0 but tab and newline, DEL, C1, bidi, invisible.
    static func hostileScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { s in
            switch s.value {
            case 0x09, 0x0A: return false
            case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200B...0x200C, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2069,
                 0xFEFF, 0xE0000...0xE007F: return true
            default: return false
            }
        }.map { String(format: "U+%04X", $0.value) }
    }

    static let hostileDesk = "=HYPERLINK(\"http://x\")\u{9B}31m\u{202E}\u{200B}\u{1B}]52;c;aGk=\u{07}"

    /// A database whose audit trail holds a desk name with C1, bidi, zero-width and OSC 52 in it
    /// (written before intake was strict, or by any other path), readable by this login.
    func auditedDatabase() throws -> String {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString).sqlite").path
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        let store = try ClinicStore.open(path: db)
        try store.apply(TimedEvent(.emergency(desk: nil, note: nil)),
                        by: Actor(login: Spawn.login, desk: Self.hostileDesk, role: .admin), now: Date())
        return db
    }

    @Test("audit list --json escapes C1, bidi and invisible characters, and still reads back exactly")
    func auditJSON() throws {
        let db = try auditedDatabase()
        let r = try Spawn.frontdesk(["audit", "list", "--json", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.hostileScalars(in: r.stdout).isEmpty, "raw: \(Self.hostileScalars(in: r.stdout))")
        let desks = r.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.compactMap { $0["desk"] as? String }
        #expect(desks.contains(Self.hostileDesk))
    }

    @Test("audit list (tab-separated) shows controls as placeholders and cannot start a formula")
    func auditTSV() throws {
        let db = try auditedDatabase()
        let r = try Spawn.frontdesk(["audit", "list", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.hostileScalars(in: r.stdout).isEmpty, "raw: \(Self.hostileScalars(in: r.stdout))")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let hostile = try #require(rows.first { $0.count > 2 && $0[2].contains("HYPERLINK") })
        #expect(hostile[2].hasPrefix("'="), "\(hostile[2])")
        #expect(hostile[2].contains("␛"), "the escape is shown, not dropped")
        // No field can start a formula ("-" alone is the command's own "no patient").
        for row in rows { for field in row where field != "-" { #expect(!"=+-@".contains(field.first ?? " "), "\(field)") } }
    }
}
