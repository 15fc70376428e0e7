import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives a real terminal for end-to-end tests: a private tmux server (its own socket,
/// no user config) running one command in a detached session of a given size. Panes stay
/// after their command exits, so a test can check the terminal it left behind.
public final class Tmux {
    public let socket: String
    public let session = "e2e"
    public let tmuxPath: String

    /// Starts `command` (argv, run directly, not through a shell) in a `width`×`height` pane.
    public init(width: Int, height: Int, command: [String], environment: [String: String] = [:]) throws {
        guard let tmux = Tmux.findTmux() else { throw SpawnError(message: "tmux is not installed") }
        tmuxPath = tmux
        socket = "fd-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        var env = ProcessInfo.processInfo.environment
        env["TMUX"] = nil
        for (k, v) in environment { env[k] = v }
        let result = try Spawn.run(tmux, ["-L", socket, "-f", "/dev/null",
                                          "start-server", ";",
                                          "set-option", "-g", "remain-on-exit", "on", ";",
                                          "set-option", "-g", "default-terminal", "tmux-256color", ";",
                                          "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)"] + command,
                                   environment: env)
        if result.status != 0 { throw SpawnError(message: "tmux new-session failed: \(result.stderr)") }
    }

    deinit { kill() }

    /// Runs one tmux command against this server and returns its standard output.
    @discardableResult
    public func run(_ args: [String]) -> String {
        (try? Spawn.run(tmuxPath, ["-L", socket] + args).stdout) ?? ""
    }

    /// Key names as tmux spells them: "F1", "BTab", "Home", "C-a", "Escape", "q".
    public func sendKeys(_ keys: String...) { run(["send-keys", "-t", session] + keys) }

    /// Text typed as it is (wide characters included).
    public func type(_ text: String) { run(["send-keys", "-t", session, "-l", text]) }

    /// The visible screen of the pane as plain text.
    public func capture() -> String { run(["capture-pane", "-p", "-t", session]) }

    /// A tmux format about the pane (`#{alternate_on}`, `#{cursor_flag}`, `#{pane_dead}`…).
    public func query(_ format: String) -> String {
        run(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func resize(width: Int, height: Int) {
        run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `text` shows, up to `timeout` seconds.
    public func waitFor(_ text: String, timeout: TimeInterval = 10) -> Bool {
        eventually(timeout: timeout) { capture().contains(text) }
    }

    /// Polls until the pane's command has exited.
    public func waitForExit(timeout: TimeInterval = 10) -> Bool {
        eventually(timeout: timeout) { query("#{pane_dead}") == "1" }
    }

    public var panePID: pid_t { pid_t(query("#{pane_pid}")) ?? 0 }

    public func kill() { _ = try? Spawn.run(tmuxPath, ["-L", socket, "kill-server"]) }

    static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"])
            .map { "\($0)/tmux" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
