import Foundation
import Testing
import TestSupport

/// `frontdesk themes` and `frontdesk themes --check FILE`, run as a user would.
@Suite("frontdesk themes: list and check")
struct CursesThemesCommandTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    @Test func listShowsTheShippedThemesAndMarksTheOneInUse() throws {
        let result = try Spawn.frontdesk(["themes"], environment: ["FRONTDESK_THEMES": Self.themes, "FRONTDESK_THEME": "light"])
        #expect(result.status == 0)
        for name in ["default", "light", "high-contrast", "monochrome"] { #expect(result.stdout.contains(name)) }
        #expect(result.stdout.contains("* light"))
    }

    @Test func checkAcceptsAShippedTheme() throws {
        let result = try Spawn.frontdesk(["themes", "--check", Self.themes + "/high-contrast.toml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ok"))
    }

    @Test func checkRejectsABrokenFileWithFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).toml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try String(contentsOfFile: Self.themes + "/default.toml", encoding: .utf8)
            .replacingOccurrences(of: "boardRowOverdue = {", with: "boardRowOverdew = {")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("boardRowOverdew") }! + 1
        let result = try Spawn.frontdesk(["themes", "--check", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(path):\(line): unknown role `boardRowOverdew` (did you mean `boardRowOverdue`?)"))
    }
}
