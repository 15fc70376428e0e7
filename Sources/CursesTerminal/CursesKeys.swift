import CNcurses
import TerminalUI

/// Turning curses input codes into `Key`s, and grid cells into what `setcchar` takes.
enum CursesKeys {
    /// A `KEY_*` code from `get_wch` (it returned KEY_CODE_YES). nil for keys we do not use.
    static func decode(keyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_LL, KEY_SELECT: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        default:
            // F1–F12, and F13–F24 that some terminals send for Shift-F1…F12.
            let f1 = fd_key_f(1)
            if code >= f1, code <= fd_key_f(24) { return .function(Int(code - f1) + 1) }
            return nil
        }
    }

    /// Home and End arrive as different sequences depending on the terminal and on tmux or
    /// screen in between (`ESC [1~`, `ESC [H`, `ESC OH`…). The ones terminfo does not list
    /// for this TERM would otherwise reach the screen as Esc plus three letters.
    static func defineAlternativeSequences() {
        let home = ["\u{1B}[1~", "\u{1B}[7~", "\u{1B}[H", "\u{1B}OH"]
        let end = ["\u{1B}[4~", "\u{1B}[8~", "\u{1B}[F", "\u{1B}OF"]
        for seq in home where key_defined(seq) <= 0 { _ = define_key(seq, KEY_HOME) }
        for seq in end where key_defined(seq) <= 0 { _ = define_key(seq, KEY_END) }
        // Shift-Tab where terminfo has no kcbt (linux, vt100).
        if key_defined("\u{1B}[Z") <= 0 { _ = define_key("\u{1B}[Z", KEY_BTAB) }
    }

    /// A character from `get_wch` (it returned OK).
    static func decode(character value: UInt32) -> Key? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace          // Ctrl-H is Backspace on many terminals
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(value - 1 + 0x61)!))
        case 0x00...0x1F, 0x80...0x9F: return nil   // Ctrl-Space, Ctrl-\ …: not bound
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// The wide characters for one cell, zero-terminated: the grapheme's first scalar and
    /// the zero-width marks after it, as ncurses' `setcchar` would keep them (it stops at the
    /// first spacing character, so a ZWJ emoji sequence shows as its first emoji). A
    /// control character that slipped past `SafeText` is drawn as its placeholder.
    static func scalarsToSend(_ text: String, limit: Int) -> [wchar_t] {
        var out: [wchar_t] = []
        for scalar in text.unicodeScalars {
            if out.isEmpty {
                out.append(wchar_t(bitPattern: safe(scalar).value))
                continue
            }
            guard out.count < limit, DisplayWidth.of(scalar: scalar) == 0,
                  SafeText.inert(String(scalar)) == String(scalar) else { break }
            out.append(wchar_t(bitPattern: scalar.value))
        }
        if out.isEmpty { out.append(0x20) }
        out.append(0)
        return out
    }

    private static func safe(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let inert = SafeText.inert(String(scalar))
        return inert.unicodeScalars.count == 1 ? inert.unicodeScalars.first! : scalar
    }
}
