import Foundation
import Testing
@testable import TerminalUI

/// The project's Themes/ folder, found from this source file.
let shippedThemesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Themes")

@Suite("Themes: shipped files, the compiled-in default, and clear errors")
struct ThemeTests {
    @Test func compiledInDefaultEqualsTheShippedFile() throws {
        let file = try ThemeLoader.parseFile(atPath: shippedThemesFolder.appendingPathComponent("default.toml").path)
        #expect(file == Theme.builtinDefault)
        let mono = try ThemeLoader.parseFile(atPath: shippedThemesFolder.appendingPathComponent("monochrome.toml").path)
        #expect(mono == Theme.builtinMonochrome)
    }

    @Test(arguments: ["default", "light", "high-contrast", "monochrome"])
    func everyShippedThemeGivesEveryRole(_ name: String) throws {
        let theme = try ThemeLoader.parseFile(atPath: shippedThemesFolder.appendingPathComponent("\(name).toml").path)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }

    @Test func monochromeTellsStatusRolesApartWithoutColour() {
        let mono = Theme.builtinMonochrome
        #expect(mono.isMonochrome)
        let statusRoles: [StyleRole] = [.boardRowNormal, .boardRowAmber, .boardRowOverdue, .emergency, .selected]
        #expect(Set(statusRoles.map { mono[$0] }).count == statusRoles.count)
    }

    @Test func paletteNamesBasicNamesIndexesAndHexResolve() throws {
        let theme = try Theme.parse(validTheme(roles: "normal = { fg = \"amber\", bg = \"blue\", bold = true }\nmuted = { fg = \"#ff0000\" }"), file: "t.toml")
        #expect(theme[.normal] == Style(fg: .indexed(214), bg: .basic(.blue), bold: true))
        #expect(theme[.muted].foreground == .indexed(196))
        #expect(theme[.title] == Style())
    }

    @Test(arguments: [
        ("[roles", "", 2, "parsing table header: expected ']'"),
        ("", "normal = { fg = \"purplish\" }", 0, "bad colour \"purplish\""),
        ("", "normal = { fg = 300 }", 0, "outside 0–255"),
        ("", "boardRowOverdew = { bold = true }", 0, "unknown role `boardRowOverdew` (did you mean `boardRowOverdue`?)"),
        ("", "normal = { blink = true }", 0, "unknown style key `blink`"),
        ("", "normal = { fg = red }", 0, "strings need quotes"),
        ("", "normal = { bold = true", 0, "expected key or closing '}'"),
        ("[colours]", "", 2, "unknown section [colours]"),
    ])
    func badFileGivesTheLineAndAClearMessage(_ header: String, _ extraRole: String, _ fixedLine: Int, _ fragment: String) {
        let text = validTheme(header: header, roles: extraRole)
        do {
            _ = try Theme.parse(text, file: "bad.toml")
            Issue.record("parsed a bad theme")
        } catch let error as ThemeFileError {
            let expectedLine = fixedLine > 0 ? fixedLine
                : text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(extraRole) }! + 1
            #expect(error.file == "bad.toml")
            #expect(error.line == expectedLine)
            #expect(error.message.contains(fragment), "\(error)")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func missingRolesAreNamedAtTheRolesHeader() {
        let text = "name = \"x\"\n\n[roles]\nnormal = {}\n"
        #expect(throws: ThemeFileError.self) { try Theme.parse(text, file: "x.toml") }
        do { _ = try Theme.parse(text, file: "x.toml") } catch let e as ThemeFileError {
            #expect(e.line == 3)
            #expect(e.message.hasPrefix("missing roles: muted, title"))
        } catch {}
    }

    @Test func loaderFallsBackToTheDefaultWithAOneLineWarning() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.toml")
        try "name = \"broken\"\n[roles]\nnormal = { fg = \"nope\" }\n".write(to: broken, atomically: true, encoding: .utf8)

        let byPath = ThemeLoader.load(nameOrPath: broken.path, environment: [:], directories: [])
        #expect(byPath.theme == .builtinDefault)
        #expect(byPath.warning == "theme: \(broken.path):3: bad colour \"nope\" (expected a palette name, a basic colour, 0–255, \"#rrggbb\" or \"default\"); using the built-in default")

        let byName = ThemeLoader.load(nameOrPath: "broken", environment: [:], directories: [dir])
        #expect(byName.warning?.contains("broken.toml:3:") == true)

        let unknown = ThemeLoader.load(nameOrPath: "sparkly", environment: [:], directories: [shippedThemesFolder])
        #expect(unknown.theme == .builtinDefault)
        #expect(unknown.warning?.contains("no theme named \"sparkly\"") == true)
        #expect(!(unknown.warning ?? "").contains("\n"))
    }

    @Test func choiceOrderIsFlagThenNoColorThenEnvironment() {
        let dirs = [shippedThemesFolder]
        #expect(ThemeLoader.load(nameOrPath: nil, environment: [:], directories: dirs).theme == .builtinDefault)
        #expect(ThemeLoader.load(nameOrPath: nil, environment: ["FRONTDESK_THEME": "light"], directories: dirs).theme.name == "light")
        let noColor = ["NO_COLOR": "1", "FRONTDESK_THEME": "light"]
        #expect(ThemeLoader.load(nameOrPath: nil, environment: noColor, directories: dirs).theme.isMonochrome)
        #expect(ThemeLoader.load(nameOrPath: nil, environment: ["NO_COLOR": "1"], directories: []).theme == .builtinMonochrome)
        #expect(ThemeLoader.load(nameOrPath: "high-contrast", environment: noColor, directories: dirs).theme.name == "high-contrast")
        #expect(ThemeLoader.load(nameOrPath: nil, environment: ["NO_COLOR": ""], directories: dirs).theme == .builtinDefault)
    }

    @Test func availableListsShippedThemesAndTheCompiledInOnes() {
        let names = ThemeLoader.available(in: [shippedThemesFolder]).map(\.name)
        #expect(Set(names).isSuperset(of: ["default", "light", "high-contrast", "monochrome"]))
        #expect(ThemeLoader.available(in: []).map(\.name) == ["default", "monochrome"])
    }

    @Test func eightColourTerminalsGetTheNearestBasicColour() {
        #expect(TerminalColor.indexed(196).nearestBasic == .basic(.red))
        #expect(TerminalColor.indexed(46).nearestBasic == .basic(.green))
        #expect(TerminalColor.indexed(231).nearestBasic == .basic(.white))
        #expect(TerminalColor.indexed(16).nearestBasic == .basic(.black))
        #expect(TerminalColor.indexed(9).nearestBasic == .basic(.red))
        #expect(TerminalColor.terminalDefault.nearestBasic == .terminalDefault)
    }

    /// A complete theme (every role plain) with extra lines spliced in, so each bad-file
    /// case differs from a valid file by exactly one thing.
    func validTheme(header: String = "", roles: String) -> String {
        var lines = ["# test theme", "name = \"t\"", "[palette]", "amber = 214"]
        if !header.isEmpty { lines.insert(header, at: 1) }
        lines.append("[roles]")
        let given = Set(roles.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        if !roles.isEmpty { lines.append(roles) }
        for role in StyleRole.allCases where !given.contains(role.rawValue) { lines.append("\(role.rawValue) = {}") }
        return lines.joined(separator: "\n") + "\n"
    }
}
