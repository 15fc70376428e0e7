import Foundation
import Testing
import TerminalUI

/// Compares a grid with a stored text snapshot under `__Snapshots__/NAME.txt` (plain
/// text, then a style overlay: one letter per cell for its role, `.` for normal).
/// `RECORD_SNAPSHOTS=1 swift test` rewrites them; a missing file is recorded and fails
/// so a new snapshot is always looked at once.
public func assertSnapshot(_ grid: Grid, named name: String, withStyles: Bool = false,
                    filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent(name + ".txt")
    let actual = snapshotText(grid, withStyles: withStyles)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
        #expect(actual == expected, "snapshot \(name) differs; RECORD_SNAPSHOTS=1 re-records it", sourceLocation: sourceLocation)
        return
    }
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try? actual.write(to: file, atomically: true, encoding: .utf8)
    if !record { Issue.record("recorded new snapshot \(name); check it and run again", sourceLocation: sourceLocation) }
}

public func snapshotText(_ grid: Grid, withStyles: Bool) -> String {
    var out = "┌" + String(repeating: "─", count: grid.width) + "┐\n"
    for y in 0..<grid.height {
        var line = ""
        for x in 0..<grid.width { line += grid[x, y].text }
        out += "│" + line + "│\n"
    }
    out += "└" + String(repeating: "─", count: grid.width) + "┘\n"
    guard withStyles else { return out }
    out += "styles:\n"
    for y in 0..<grid.height {
        var line = ""
        for x in 0..<grid.width { line += styleLetter(grid[x, y].role) }
        out += line + "\n"
    }
    return out
}

/// One letter per role so a style overlay lines up with the text above it.
public func styleLetter(_ role: StyleRole) -> String {
    let letters: [StyleRole: String] = [
        .normal: ".", .muted: "m", .title: "t", .titleFocused: "T", .border: "b", .borderFocused: "B",
        .header: "h", .selected: "S", .statusLine: "s", .footerKey: "K", .footerLabel: "k",
        .boardRowNormal: "n", .boardRowAmber: "A", .boardRowOverdue: "R", .good: "g", .warning: "w",
        .danger: "d", .info: "i", .emergency: "E", .banner: "N", .overlay: "o", .overlayTitle: "O",
        .input: "u", .inputFocused: "U", .errorText: "X", .inert: "z", .lockScreen: "L",
    ]
    return letters[role] ?? "?"
}
