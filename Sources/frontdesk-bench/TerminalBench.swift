import CNcurses
import CursesTerminal
import Foundation
import TerminalUI

/// `swift run -c release frontdesk-bench terminal [frames]`
/// 1. Time to render a 200×60 frame holding a 1,000-row table into the grid (plain
///    `Grid.put`, scrolling one row per frame so no two frames are the same), and the diff.
/// 2. A keystroke in a 60 KB text field (see `textField`).
/// 3. Bytes ncursesw writes to a real pty (xterm-256color) for a full repaint, and when one
///    cell changes — the point of keeping the last grid.
enum TerminalBench {
    static func run(_ args: [String]) throws {
        let frames = args.first.flatMap(Int.init) ?? 2_000
        let rows = (0..<1_000).map { i in
            TableRow(ticket: "A\(100 + i)", name: "Patient \(i) Núñez-王", time: String(format: "%02d:%02d", 8 + i / 60 % 10, i % 60),
                     provider: "Dr. Provider \(i % 17)", status: ["waiting", "roomed", "with provider", "checked out"][i % 4],
                     minutes: i % 75)
        }
        var grid = Grid(width: 200, height: 60)
        var previous = grid
        var changed = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var diffNanos: UInt64 = 0
        for f in 0..<frames {
            grid = frame(rows: rows, scroll: f % (rows.count - 56), width: 200, height: 60)
            let d0 = DispatchTime.now().uptimeNanoseconds
            changed += grid.changes(since: previous).count
            diffNanos += DispatchTime.now().uptimeNanoseconds - d0
            previous = grid
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print("frame 200×60, 1,000-row table via Grid.put: \(String(format: "%.3f", total / Double(frames))) ms/frame (render + diff, \(frames) frames)")
        print("  of which diff: \(String(format: "%.3f", Double(diffNanos) / 1e6 / Double(frames))) ms/frame; \(changed / frames) cells changed per scrolled frame")
        textField()
        try measureBytes(first: frame(rows: rows, scroll: 0, width: 200, height: 60))
    }

    /// 3. A keystroke in a field holding a 60 KB name (what a hostile feed line once put into the
    ///    check-in form): the key, the draw and the cursor, cursor at the end then at the start.
    static func textField() {
        let name = String(repeating: "Ñ", count: 60_000)
        var grid = Grid(width: 80, height: 1)
        let rect = Rect(x: 0, y: 0, width: 30, height: 1)
        for (label, home) in [("end", false), ("start", true)] {
            var field = TextField(name, cursor: home ? 0 : name.count, maxLength: 200_000)
            let keys = 200
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<keys {
                field.handle(.char("x"))
                field.render(in: rect, into: &grid)
                _ = field.cursorPosition(in: rect)
            }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(keys)
            print("text field holding 60,000 characters, cursor at the \(label): \(String(format: "%.3f", ms)) ms per keystroke (key + draw + cursor)")
        }
    }

    struct TableRow { var ticket, name, time, provider, status: String; var minutes: Int }

    static func frame(rows: [TableRow], scroll: Int, width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), with: Cell(" ", role: .statusLine))
        grid.put("Waiting Room — \(rows.count) visits", x: 1, y: 0, role: .statusLine)
        let columns: [(String, Int)] = [("Ticket", 8), ("Patient", 40), ("Appt", 7), ("Provider", 30), ("Status", 18), ("Wait", 8)]
        var x = 1
        for (title, w) in columns { grid.put(SafeText(title), x: x, y: 1, role: .header, maxWidth: w - 1); x += w }
        for line in 0..<(height - 3) {
            let row = rows[scroll + line]
            let role: StyleRole = line == 3 ? .selected : row.minutes > 60 ? .boardRowOverdue : row.minutes > 30 ? .boardRowAmber : .boardRowNormal
            let y = line + 2
            if role == .selected { grid.fill(Rect(x: 0, y: y, width: width, height: 1), with: Cell(" ", role: role)) }
            let values = [row.ticket, row.name, row.time, row.provider, row.status, "\(row.minutes) min"]
            x = 1
            for (value, column) in zip(values, columns) {
                grid.put(SafeText(value), x: x, y: y, role: role, maxWidth: column.1 - 1)
                x += column.1
            }
        }
        grid.put("q Quit  ↑↓ Move  Enter Open", x: 1, y: height - 1, role: .footerLabel)
        return grid
    }

    /// Counts what curses sends through a pty: a reader thread drains the master side, and
    /// a marker written after each draw tells where that draw's bytes end.
    static func measureBytes(first: Grid) throws {
        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: 60, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw BenchError("openpty failed") }
        setenv("TERM", "xterm-256color", 1)
        let counter = ByteCounter(fd: master)
        let reader = Thread { counter.drain() }
        reader.start()
        let terminal = try CursesTerminal(theme: .builtinDefault, input: slave, output: slave)
        let full = counter.bytes(after: { terminal.draw(first, cursor: nil) }, marker: slave)
        var oneCell = first
        oneCell.put("X", x: 100, y: 30, role: .danger)
        let one = counter.bytes(after: { terminal.draw(oneCell, cursor: nil) }, marker: slave)
        var again = oneCell
        again.put("Y", x: 100, y: 30, role: .danger)
        let oneSameStyle = counter.bytes(after: { terminal.draw(again, cursor: nil) }, marker: slave)
        let none = counter.bytes(after: { terminal.draw(again, cursor: nil) }, marker: slave)
        terminal.end()
        print("bytes to the terminal (ncursesw, xterm-256color, 200×60 pty):")
        print("  full repaint of the table frame: \(full) bytes")
        print("  one cell changed (new colour):   \(one) bytes")
        print("  one cell changed (same colour):  \(oneSameStyle) bytes")
        print("  nothing changed:                 \(none) bytes")
    }

    struct BenchError: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }
}

/// Drains a pty master on its own thread, counting bytes up to each marker.
final class ByteCounter: @unchecked Sendable {
    private let fd: Int32
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    private static let marker = Array("\u{1}\u{2}END-OF-DRAW\u{2}\u{1}".utf8)

    init(fd: Int32) { self.fd = fd }

    func drain() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return }
            condition.lock(); buffer.append(contentsOf: chunk[0..<n]); condition.broadcast(); condition.unlock()
        }
    }

    /// Runs `draw`, writes the marker behind it, and returns how many bytes came before it.
    func bytes(after draw: () -> Void, marker fd: Int32) -> Int {
        draw()
        _ = Self.marker.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        condition.lock(); defer { condition.unlock() }
        while true {
            if let end = find() {
                let count = end
                buffer.removeFirst(end + Self.marker.count)
                return count
            }
            condition.wait()
        }
    }

    private func find() -> Int? {
        let m = Self.marker
        guard buffer.count >= m.count else { return nil }
        for i in 0...(buffer.count - m.count) where buffer[i] == m[0] && Array(buffer[i..<(i + m.count)]) == m { return i }
        return nil
    }
}
