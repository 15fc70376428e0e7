import ArgumentParser
import CursesTerminal
import Foundation
import TerminalUI

/// `frontdesk themes` lists the themes; `--check FILE` validates one (non-zero exit with
/// `file:line: message`); `--preview [NAME]` shows every role in a real curses screen.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes, check a theme file, or preview a theme.",
        discussion: """
            Themes are found by name in $FRONTDESK_THEMES, ./Themes, or the Themes/ folder of the \
            installation; a value with a slash or ending in .toml is a file. The console picks \
            --theme, else monochrome when NO_COLOR is set, else $FRONTDESK_THEME, else default.
            """)

    @Option(name: .long, help: ArgumentHelp("Check a theme file and exit non-zero on the first error.", valueName: "FILE"))
    var check: String?

    @Flag(name: .long, help: "Show every role of a theme in a full-screen preview (q quits).")
    var preview = false

    @Argument(help: "The theme to preview (a name or a file; default: the one the console would use).")
    var theme: String?

    func run() throws {
        if let check { return try checkFile(check) }
        if preview { return try runPreview() }
        if theme != nil { throw ValidationError("a theme name is only used with --preview") }
        listThemes()
    }

    private func checkFile(_ path: String) throws {
        do {
            let theme = try ThemeLoader.parseFile(atPath: path, read: Boundary.themeReader)
            print("\(path): ok — theme \"\(SafeText(theme.name))\", \(theme.styles.count) roles")
        } catch {
            StoreCommand.warn("\(error)")
            throw ExitCode(1)
        }
    }

    private func listThemes() {
        let env = ProcessInfo.processInfo.environment
        let chosen = ThemeLoader.chosenName(nil, environment: env)
        let entries = ThemeLoader.available(in: ThemeLoader.searchDirectories(environment: env))
        let nameWidth = entries.map(\.name.count).max() ?? 8
        for entry in entries {
            let mark = entry.name == chosen ? "*" : " "
            let name = SafeText(entry.name).value.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            guard let path = entry.path else {
                let builtin = entry.name == "default" ? Theme.builtinDefault : Theme.builtinMonochrome
                print("\(mark) \(name)  \(builtin.description)  (built in)")
                continue
            }
            do {
                let theme = try ThemeLoader.parseFile(atPath: path, read: Boundary.themeReader)
                print("\(mark) \(name)  \(SafeText(theme.description))  \(SafeText(path))")
            } catch {
                print("\(mark) \(name)  BROKEN: \(SafeText("\(error)"))")
            }
        }
        print("* = the theme the console uses now (--theme, NO_COLOR, $FRONTDESK_THEME, default)")
    }

    private func runPreview() throws {
        let loaded = ThemeLoader.load(nameOrPath: theme, read: Boundary.themeReader)
        if let warning = loaded.warning { StoreCommand.warn(warning) }
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(theme: loaded.theme) } catch {
            throw ValidationError("\(error)")
        }
        defer { terminal.end() }
        var lastKey: String?
        while true {
            let frame = ThemePreview.render(theme: loaded.theme, width: terminal.width, height: terminal.height,
                                            colorLevel: terminal.colorLevel.rawValue, lastKey: lastKey)
            terminal.draw(frame, cursor: nil)
            switch terminal.nextEvent(timeout: 1000) {
            case .key(.char("q")), .key(.char("Q")), .key(.escape), .hangup: return
            case .key(let key): lastKey = key.label
            case .resize, nil: break
            }
        }
    }
}
