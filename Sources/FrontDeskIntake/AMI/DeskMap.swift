import Foundation

/// Which FrontDesk desk a queue member is. Asterisk names the agent who answered by
/// `MemberName` (e.g. "Front 1") and `Interface` (e.g. "PJSIP/201"); the file maps
/// either to a desk name, one `MEMBER_OR_INTERFACE = DESK` a line, `#` starts a comment.
public struct DeskMap: Equatable, Sendable {
    public private(set) var desks: [String: String]

    public init(_ desks: [String: String] = [:]) {
        self.desks = Dictionary(uniqueKeysWithValues: desks.map { ($0.key.lowercased(), $0.value) })
    }

    /// Parses the file's text; a bad line is an error naming its line number, and
    /// nothing is half-loaded.
    public init(parsing text: String) throws {
        var desks: [String: String] = [:]
        // By `isNewline`, not "\n": in Swift "\r\n" is one Character, so a file saved
        // with CRLF line ends would otherwise read as a single line.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            // Interfaces never contain "=", desk names may: split at the first one.
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw AMIError.configuration("desk map line \(lineNumber): expected MEMBER_OR_INTERFACE = DESK")
            }
            let member = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let desk = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !member.isEmpty else { throw AMIError.configuration("desk map line \(lineNumber): the member or interface is empty") }
            guard !desk.isEmpty else { throw AMIError.configuration("desk map line \(lineNumber): the desk name is empty") }
            guard desks[member.lowercased()] == nil else {
                throw AMIError.configuration("desk map line \(lineNumber): \"\(member)\" is mapped twice")
            }
            desks[member.lowercased()] = desk
        }
        self.desks = desks
    }

    public static func load(path: String) throws -> DeskMap {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AMIError.configuration("cannot read the desk map \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AMIError.configuration("the desk map \(path) is not UTF-8 text")
        }
        return try DeskMap(parsing: text)
    }

    /// The desk for the agent who answered: by member name first (what the clinic
    /// chose to call the position), then by interface; unmapped agents keep the
    /// member name so the supervisor still sees who took the call.
    public func desk(memberName: String?, interface: String?) -> String? {
        let member = memberName.flatMap { $0.isEmpty ? nil : $0 }
        let iface = interface.flatMap { $0.isEmpty ? nil : $0 }
        if let member, let desk = desks[member.lowercased()] { return desk }
        if let iface, let desk = desks[iface.lowercased()] { return desk }
        return member ?? iface
    }
}
