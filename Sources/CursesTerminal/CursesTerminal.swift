import CNcurses
import Foundation
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Wakes a terminal's input loop from any thread: one byte down its wake-up pipe
/// (non-blocking; a full pipe already means "wake up").
public struct TerminalWaker: Sendable {
    let fd: Int32
    public func wake() {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }
}

/// The real terminal: ncursesw on a tty. The only code in the program that calls curses
/// (htop's CRT.c is the model): set-up and teardown, colours, key decoding, resize and the
/// blit of grid differences. Everything runs on the main thread except `wake()`.
public final class CursesTerminal: Terminal {
    public enum Failure: Error, CustomStringConvertible {
        case notATerminal
        case unknownTerminal(String)
        case setupFailed(String)
        public var description: String {
            switch self {
            case .notATerminal: return "standard input/output is not a terminal"
            case .unknownTerminal(let t): return "unknown terminal type \"\(t)\" (set TERM, e.g. TERM=xterm-256color)"
            case .setupFailed(let why): return "cannot set up the terminal: \(why)"
            }
        }
    }

    /// How much colour the terminal can show; themes are reduced to fit.
    public enum ColorLevel: String, Sendable { case none, basic8, indexed256 }

    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var colorLevel: ColorLevel
    /// Bytes curses wrote are not visible to us; this counts cells sent, for the bench.
    public private(set) var lastChangeCount = 0

    private let screen: OpaquePointer
    private let input: Int32
    private var theme: Theme
    private var previous: Grid?
    private var cursorVisible = false
    private var ended = false
    private var readFailures = 0
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private var styleCache: [StyleRole: (attrs: attr_t, pair: Int16)] = [:]
    private var pairs: [Int32: Int16] = [:]

    public init(theme: Theme, input: Int32 = 0, output: Int32 = 1) throws {
        Self.useUTF8Locale()
        guard isatty(input) == 1, isatty(output) == 1 else { throw Failure.notATerminal }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty else { throw Failure.unknownTerminal("") }
        var saved = termios()
        let haveTermios = tcgetattr(input, &saved) == 0
        // fdopen on duplicates, so curses never closes the caller's descriptors.
        guard let outFile = fdopen(dup(output), "w"), let inFile = fdopen(dup(input), "r") else {
            throw Failure.setupFailed(String(cString: strerror(errno)))
        }
        guard let screen = newterm(term, outFile, inFile) else {
            fclose(outFile); fclose(inFile)
            throw Failure.unknownTerminal(term)
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            endwin(); delscreen(screen)
            throw Failure.setupFailed("no wake-up pipe: \(String(cString: strerror(errno)))")
        }
        self.screen = screen
        self.input = input
        self.theme = theme
        wakeRead = pipeEnds[0]; wakeWrite = pipeEnds[1]
        for fd in pipeEnds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        set_term(screen)
        // raw, not cbreak: Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S/Ctrl-Q reach the program as keys, so a
        // locked screen cannot be quit or stopped from the keyboard and Ctrl-S is a key, not XOFF.
        raw(); noecho(); nonl()
        keypad(fd_stdscr(), true)
        nodelay(fd_stdscr(), true)        // reads never block: poll() does the waiting
        set_escdelay(25)                  // Esc answers in ~30 ms instead of a second
        CursesKeys.defineAlternativeSequences()
        curs_set(0)
        colorLevel = .none
        if has_colors(), !theme.isMonochrome, start_color() == OK {
            use_default_colors()
            colorLevel = fd_colors() >= 256 ? .indexed256 : (fd_colors() >= 8 ? .basic8 : .none)
        }
        width = Int(fd_cols()); height = Int(fd_lines())
        if haveTermios {
            fd_install_restore(output, input, wakeWrite, &saved)
        } else {
            fd_install_restore(output, input, wakeWrite, nil)
        }
    }

    deinit { end() }

    /// Leaves curses: attributes reset, cursor visible, alternate screen left, tty modes
    /// restored, signal handlers put back. Safe to call more than once.
    public func end() {
        guard !ended else { return }
        ended = true
        endwin()
        fd_uninstall_restore()
        delscreen(screen)
        close(wakeRead); close(wakeWrite)
    }

    /// Changes the theme; the next draw repaints everything in the new styles.
    public func setTheme(_ theme: Theme) {
        self.theme = theme
        styleCache = [:]
        previous = nil
    }

    // MARK: Input

    /// Waits up to `milliseconds` for a key, a resize or a hang-up; nil on timeout or
    /// `wake()`. Must run on the main thread: SIGWINCH is blocked on other threads.
    public func nextEvent(timeout milliseconds: Int) -> TerminalEvent? {
        guard !ended else { return .hangup }
        if let event = readEvent() { return event }       // curses may hold buffered keys
        var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 2, Int32(clamping: milliseconds))
        if fds[1].revents != 0 { drainWakePipe() }
        if ready > 0, fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .hangup }
        if let event = readEvent() { return event }
        if ready > 0, fds[0].revents & Int16(POLLIN) != 0 {
            // Readable yet nothing decoded, again and again: the other end is gone (EOF).
            readFailures += 1
            if readFailures >= 8 { return .hangup }
        }
        return nil
    }

    /// Makes a waiting `nextEvent` return now. Any thread (a store watcher, a timer).
    public func wake() { waker.wake() }

    /// The one thing other threads may hold of the terminal: a value that wakes its loop.
    public var waker: TerminalWaker { TerminalWaker(fd: wakeWrite) }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    private func readEvent() -> TerminalEvent? {
        var ch: wint_t = 0
        let rc = wget_wch(fd_stdscr(), &ch)
        if rc == ERR { return nil }
        readFailures = 0
        if rc == KEY_CODE_YES {
            if Int32(ch) == KEY_RESIZE { return noteResize() }
            return CursesKeys.decode(keyCode: Int32(ch)).map { .key($0) } ?? readEvent()
        }
        return CursesKeys.decode(character: UInt32(ch)).map { .key($0) } ?? readEvent()
    }

    private func noteResize() -> TerminalEvent {
        width = Int(fd_cols()); height = Int(fd_lines())
        previous = nil
        return .resize(width: width, height: height)
    }

    // MARK: Output

    /// Shows `grid` by writing only the cells that differ from the last frame, then one
    /// refresh. Below 80×24 shows `TooSmallScreen` instead (and hides the cursor).
    public func draw(_ grid: Grid, cursor: (x: Int, y: Int)?) {
        guard !ended else { return }
        let tooSmall = TooSmallScreen.isTooSmall(width: width, height: height)
        let shown = tooSmall ? TooSmallScreen.render(width: width, height: height) : grid
        if previous == nil || previous!.width != shown.width || previous!.height != shown.height {
            werase(fd_stdscr())
        }
        let changes = shown.changes(since: previous)
        lastChangeCount = changes.count
        for change in changes where !change.cell.isContinuation && change.x < width && change.y < height {
            put(change.cell, x: change.x, y: change.y)
        }
        previous = shown
        if let cursor, !tooSmall, cursor.x >= 0, cursor.y >= 0, cursor.x < width, cursor.y < height {
            if !cursorVisible { curs_set(1); cursorVisible = true }
            wmove(fd_stdscr(), Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible {
            curs_set(0); cursorVisible = false
        }
        wrefresh(fd_stdscr())
    }

    public func bell() { beep() }

    private func put(_ cell: Cell, x: Int, y: Int) {
        let style = cursesStyle(for: cell.role)
        var chars = CursesKeys.scalarsToSend(cell.text, limit: Int(fd_ccharw_max()))
        var cc = cchar_t()
        chars.withUnsafeMutableBufferPointer { buffer in
            _ = setcchar(&cc, buffer.baseAddress, style.attrs, style.pair, nil)
        }
        // The bottom-right cell reports ERR (the cursor cannot advance) but is drawn.
        _ = mvwadd_wch(fd_stdscr(), Int32(y), Int32(x), &cc)
    }

    private func cursesStyle(for role: StyleRole) -> (attrs: attr_t, pair: Int16) {
        if let cached = styleCache[role] { return cached }
        // Without colours the monochrome theme's attributes keep roles apart.
        let style = colorLevel == .none ? Theme.builtinMonochrome[role] : theme[role]
        var attrs: attr_t = 0
        if style.bold { attrs |= fd_a_bold() }
        if style.underline { attrs |= fd_a_underline() }
        if style.reverse { attrs |= fd_a_reverse() }
        if style.dim { attrs |= fd_a_dim() }
        let pair = colorLevel == .none ? 0 : pairNumber(fg: colorNumber(style.foreground), bg: colorNumber(style.background))
        styleCache[role] = (attrs, pair)
        return (attrs, pair)
    }

    private func colorNumber(_ color: TerminalColor) -> Int16 {
        let fitted = colorLevel == .indexed256 ? color : color.nearestBasic
        switch fitted {
        case .terminalDefault: return -1
        case .basic(let b): return Int16(b.rawValue)
        case .indexed(let i): return Int16(i)
        }
    }

    /// Colour pairs are made on first use; when the terminal runs out, pair 0 is used.
    private func pairNumber(fg: Int16, bg: Int16) -> Int16 {
        if fg == -1 && bg == -1 { return 0 }
        let key = Int32(fg) << 16 | Int32(UInt16(bitPattern: bg))
        if let known = pairs[key] { return known }
        let next = pairs.count + 1
        guard next < min(Int(fd_color_pairs()), Int(Int16.max)) else { return 0 }
        init_pair(Int16(next), fg, bg)
        pairs[key] = Int16(next)
        return Int16(next)
    }

    /// Without a UTF-8 locale ncursesw drops every non-ASCII character.
    private static func useUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
    }
}
