import Foundation

/// Finds and loads themes. Never fails: a missing or broken theme gives the compiled-in
/// default plus a one-line warning naming the file and line, for the caller to show.
///
/// Which theme: `--theme NAME|PATH` (the argument), else `monochrome` when `NO_COLOR` is set
/// (no-color.org: an explicit choice overrides it), else `$FRONTDESK_THEME`, else `default`.
/// Where named themes live, first match wins: `$FRONTDESK_THEMES`, `./Themes`, then a
/// `Themes/` folder beside the executable or up to five levels above it (the project root
/// when run from `.build/<config>/`). `default` and `monochrome` are also compiled in.
public enum ThemeLoader {
    public struct Entry: Equatable, Sendable {
        public var name: String
        /// nil for a compiled-in theme that no folder provides.
        public var path: String?
    }

    /// `read` fetches a file's text; a process running for someone else passes one that only
    /// reads files that person may read (the service account, docs/security.md).
    public static func load(nameOrPath: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            directories: [URL]? = nil,
                            read: ((String) throws -> String)? = nil) -> (theme: Theme, warning: String?) {
        let dirs = directories ?? searchDirectories(environment: environment)
        let choice = chosenName(nameOrPath, environment: environment)
        if isPath(choice) { return loadFile(atPath: choice, read: read) }
        if let entry = available(in: dirs).first(where: { $0.name == choice }), let path = entry.path {
            return loadFile(atPath: path, read: read)
        }
        switch choice {
        case "default": return (.builtinDefault, nil)
        case "monochrome": return (.builtinMonochrome, nil)
        default:
            let names = available(in: dirs).map(\.name).joined(separator: ", ")
            return (.builtinDefault, "theme: no theme named \"\(SafeText.inert(choice))\" (available: \(names)); using the built-in default")
        }
    }

    /// The theme name or path that applies, before looking anything up.
    public static func chosenName(_ nameOrPath: String?, environment: [String: String]) -> String {
        if let n = nameOrPath, !n.isEmpty { return n }
        if let v = environment["NO_COLOR"], !v.isEmpty { return "monochrome" }
        if let t = environment["FRONTDESK_THEME"], !t.isEmpty { return t }
        return "default"
    }

    /// A value with a slash or a `.toml` ending is a file, anything else a theme name.
    public static func isPath(_ s: String) -> Bool { s.contains("/") || s.hasSuffix(".toml") }

    public static func loadFile(atPath path: String, read: ((String) throws -> String)? = nil) -> (theme: Theme, warning: String?) {
        do { return (try parseFile(atPath: path, read: read), nil) } catch {
            return (.builtinDefault, "theme: \(error); using the built-in default")
        }
    }

    /// Reads and checks one file; the error is a `ThemeFileError` (`file:line: message`).
    public static func parseFile(atPath path: String, read: ((String) throws -> String)? = nil) throws -> Theme {
        let text: String
        if let read {
            do { text = try read(path) } catch {
                throw ThemeFileError(file: path, line: 0, message: "cannot read the file (\(error))")
            }
        } else {
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw ThemeFileError(file: path, line: 0, message: "cannot read the file (\(readProblem(path)))")
            }
        }
        return try Theme.parse(text, file: path)
    }

    /// Every theme that can be chosen by name, in search order, plus the compiled-in ones.
    public static func available(in directories: [URL]) -> [Entry] {
        var found: [Entry] = []
        for dir in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if !found.contains(where: { $0.name == name }) {
                    found.append(Entry(name: name, path: dir.appendingPathComponent(file).path))
                }
            }
        }
        for builtin in ["default", "monochrome"] where !found.contains(where: { $0.name == builtin }) {
            found.append(Entry(name: builtin, path: nil))
        }
        return found
    }

    public static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = environment["FRONTDESK_THEMES"], !env.isEmpty { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Themes"))
        var exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            exe.deleteLastPathComponent()
            candidates.append(exe.appendingPathComponent("Themes"))
        }
        var seen = Set<String>()
        return candidates.filter { url in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
                && seen.insert(url.standardizedFileURL.path).inserted
        }
    }

    private static func readProblem(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? "not readable or not UTF-8" : "no such file"
    }
}
