import Foundation
import Testing
import TestSupport

/// The real `frontdesk` binary, a real ncursesw screen, a real terminal (tmux).
/// Serialized: each test has its own tmux server, but the machine has two cores.
@Suite("Curses screen in tmux: appears, reads keys, resizes, quits clean", .serialized)
struct CursesPreviewTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    /// Runs the preview under a shell that stays after it, like a user's login shell, so the
    /// terminal it leaves behind can be inspected (tmux forgets cursor state of dead panes).
    func startPreview(width: Int = 100, height: Int = 30, term: String = "xterm-256color",
                      extraEnv: String = "", theme: String = "default") throws -> Tmux {
        let run = "TERM=\(term) FRONTDESK_THEMES='\(Self.themes)' NO_COLOR= \(extraEnv) '\(Spawn.frontdesk)' themes --preview \(theme)"
        return try Tmux(width: width, height: height,
                        command: ["/bin/sh", "-c", "\(run); echo \"exit status $?\"; exec sleep 600"])
    }

    /// The preview's own pid (the shell's child).
    func previewPID(_ tmux: Tmux) -> pid_t? {
        let shell = tmux.panePID
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// What a user sees after the program ends: the shell's screen back, cursor on, no
    /// alternate screen, and a zero exit status (or 128 + the signal that ended it).
    func expectCleanTerminal(_ tmux: Tmux, status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tmux.waitFor("exit status \(status)"), "the program did not exit with \(status)", sourceLocation: sourceLocation)
        #expect(tmux.query("#{alternate_on}") == "0", "still in the alternate screen", sourceLocation: sourceLocation)
        #expect(tmux.query("#{cursor_flag}") == "1", "cursor left hidden", sourceLocation: sourceLocation)
        #expect(!tmux.capture().contains("Theme preview"), "the curses screen was left behind", sourceLocation: sourceLocation)
    }

    @Test func screenAppearsDecodesKeysResizesAndQuitsClean() throws {
        let tmux = try startPreview()
        defer { tmux.kill() }
        #expect(tmux.waitFor("Theme preview: default"))
        #expect(tmux.query("#{alternate_on}") == "1")
        #expect(tmux.capture().contains("colours: indexed256 · size 100×30"))

        for (key, label) in [("F1", "F1"), ("F12", "F12"), ("BTab", "Shift-Tab"), ("Home", "Home"),
                             ("End", "End"), ("C-a", "Ctrl-A"), ("Up", "↑"), ("NPage", "PgDn")] {
            tmux.sendKeys(key)
            #expect(tmux.waitFor("last key: \(label) ·"), "key \(key) not decoded as \(label)")
        }
        tmux.type("中")
        #expect(tmux.waitFor("last key: 中"))

        tmux.resize(width: 70, height: 20)
        #expect(tmux.waitFor("terminal too small (need 80×24)"))
        #expect(!tmux.capture().contains("Theme preview"))
        tmux.resize(width: 120, height: 40)
        #expect(tmux.waitFor("size 120×40"))
        #expect(!tmux.capture().contains("too small"))

        tmux.sendKeys("q")
        expectCleanTerminal(tmux)
    }

    @Test func escapeQuitsPromptly() throws {
        let tmux = try startPreview()
        defer { tmux.kill() }
        #expect(tmux.waitFor("Theme preview"))
        tmux.sendKeys("Escape")
        expectCleanTerminal(tmux)
    }

    @Test(arguments: ["HUP", "TERM", "INT"])
    func signalsRestoreTheTerminal(_ signal: String) throws {
        let tmux = try startPreview()
        defer { tmux.kill() }
        #expect(tmux.waitFor("Theme preview"))
        let number: Int32 = signal == "HUP" ? SIGHUP : signal == "TERM" ? SIGTERM : SIGINT
        let pid = try #require(previewPID(tmux))
        #expect(Glibc.kill(pid, number) == 0)
        expectCleanTerminal(tmux, status: 128 + number)
    }

    @Test(arguments: [("xterm-256color", "indexed256"), ("screen", "basic8"), ("tmux-256color", "indexed256"),
                      ("linux", "basic8"), ("vt100", "none")])
    func worksOnEachTerminalType(_ term: String, _ colours: String) throws {
        let tmux = try startPreview(term: term)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Theme preview: default"), "nothing shown with TERM=\(term)")
        #expect(tmux.capture().contains("colours: \(colours)"))
        tmux.sendKeys("Down")
        #expect(tmux.waitFor("last key: ↓"), "arrow not decoded with TERM=\(term)")
        tmux.sendKeys("q")
        expectCleanTerminal(tmux)
    }

    @Test func noColorGivesTheMonochromeTheme() throws {
        let tmux = try startPreview(extraEnv: "NO_COLOR=1", theme: "")
        defer { tmux.kill() }
        #expect(tmux.waitFor("Theme preview: monochrome"))
        #expect(tmux.capture().contains("colours: none"))
        tmux.sendKeys("q")
        expectCleanTerminal(tmux)
    }

    @Test func unknownTerminalIsAClearErrorNotACrash() throws {
        let result = try Spawn.frontdesk(["themes", "--preview"], environment: ["TERM": "no-such-terminal", "PATH": "/usr/bin:/bin"])
        #expect(result.status != 0)
        // stdin is /dev/null here, so the first complaint is about the terminal itself.
        #expect(result.stderr.contains("not a terminal") || result.stderr.contains("unknown terminal type"))
    }
}
