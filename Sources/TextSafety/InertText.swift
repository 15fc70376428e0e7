/// The one rule for text from outside (names, caller ids, notes, a PBX's messages) on its way
/// to a person: which characters may never reach a terminal as themselves, and what is shown
/// instead. `SafeText` (every grid), the command line's stderr and stdout, `InertJSON` and the
/// intake rules for ids all ask this one table, so a character is either safe everywhere or
/// shown, escaped or refused everywhere.
///
/// A leaf module with no dependencies, so the pure domain and the terminal layer can share it
/// without depending on each other.
public enum InertText {
    /// The visible one-column stand-in for a scalar that must never reach a terminal as
    /// itself, or nil when it is safe:
    /// - C0 controls and DEL: the matching Control Picture (␀…␟, ␛ for ESC, ␡), which also
    ///   defuses every ESC/CSI/OSC/DCS sequence, since its introducer is gone;
    /// - C1 controls (U+0080–U+009F, among them the 8-bit CSI U+009B and OSC U+009D): "�";
    /// - line and paragraph separators (U+2028/9), which some terminals treat as breaks: "␤";
    /// - bidi embeddings, overrides, isolates and marks, which reorder what is drawn after them: "�";
    /// - characters that draw nothing and so can hide text or make two equal-looking names
    ///   differ: zero-width space and non-joiner, word joiner and the invisible operators,
    ///   the deprecated format controls, BOM, soft hyphen, Mongolian vowel separator, Hangul
    ///   fillers, interlinear annotation marks, shorthand and musical format controls, and the
    ///   tag block (which can spell out a hidden message): "�".
    ///
    /// Kept, because scripts and emoji need them and they cannot hide anything on their own:
    /// ZWJ (U+200D), combining marks, variation selectors (U+FE00–FE0F, U+E0100–E01EF,
    /// Mongolian FVS), and tag characters that spell a subdivision flag (see `inert`).
    public static func placeholder(for s: Unicode.Scalar) -> Unicode.Scalar? {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return nil }
        switch v {
        case 0x00...0x1F: return Unicode.Scalar(0x2400 + v)
        case 0x7F: return "\u{2421}"
        case 0x80...0x9F: return replacement
        case 0x2028, 0x2029: return "\u{2424}"
        default: return isReordering(v) || isInvisible(v) ? replacement : nil
        }
    }

    /// What stands in for C1, bidi and invisible characters.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// True for what `placeholder(for:)` produces, so a grid can draw it in the `.inert` role
    /// and the reader sees that something was there.
    public static func isPlaceholder(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x2400...0x2421).contains(v) || v == 0x2424 || v == 0xFFFD
    }

    /// True when `s` is refused in an id and escaped in JSON: whatever `placeholder(for:)`
    /// replaces, with no exception for context (an id has no business holding a flag).
    public static func isHostile(_ s: Unicode.Scalar) -> Bool { placeholder(for: s) != nil }

    /// Bidi controls: embeddings and overrides, isolates, LRM/RLM, the Arabic letter mark.
    static func isReordering(_ v: UInt32) -> Bool {
        switch v {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Default-ignorable and format characters that render as nothing, minus those that
    /// joining scripts and emoji need (ZWJ, variation selectors, combining grapheme joiner).
    static func isInvisible(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B, 0x200C, 0x2060...0x2065, 0x206A...0x206F,
             0x3164, 0xFEFF, 0xFFA0, 0xFFF0...0xFFFB, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A:
            return true
        case 0xE0000...0xE0FFF:
            return !(0xE0100...0xE01EF).contains(v)   // tags and unassigned; variation selectors stay
        default:
            return false
        }
    }

    /// `raw` with every scalar of `placeholder(for:)` replaced by its stand-in. Idempotent,
    /// and the identity (no copy) for text that holds nothing to replace.
    public static func inert(_ raw: String) -> String {
        guard raw.unicodeScalars.contains(where: isHostile) else { return raw }
        let scalars = Array(raw.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i].value == 0x1F3F4, let end = subdivisionFlagEnd(scalars, after: i) {
                out.append(contentsOf: scalars[i..<end])
                i = end
                continue
            }
            out.append(placeholder(for: scalars[i]) ?? scalars[i])
            i += 1
        }
        return String(out)
    }

    /// 🏴 followed by 2–7 tag letters or digits and CANCEL TAG (U+E007F) is an emoji
    /// subdivision flag (England is 🏴 + "gbeng" + cancel): the index after it, else nil.
    static func subdivisionFlagEnd(_ s: [Unicode.Scalar], after flag: Int) -> Int? {
        var j = flag + 1
        while j < s.count, j - flag <= 8 {
            let v = s[j].value
            if v == 0xE007F { return j - flag - 1 >= 2 ? j + 1 : nil }
            guard (0xE0030...0xE0039).contains(v) || (0xE0061...0xE007A).contains(v) else { return nil }
            j += 1
        }
        return nil
    }

    /// One field of tab- or comma-separated output, made safe for a spreadsheet (OWASP's CSV
    /// injection rule): a field that starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a single quote in front, so it is read as text, never as a formula.
    public static func spreadsheetCell(_ field: String) -> String {
        guard let first = field.unicodeScalars.first else { return field }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + field
        default: return field
        }
    }

    /// A field of delimited output that also goes to a terminal: spreadsheet-safe first
    /// (a leading tab is seen before it becomes ␉), then inert.
    public static func delimitedField(_ field: String) -> String { inert(spreadsheetCell(field)) }

    /// Text into HTML (a text node or a quoted attribute): inert first — no bidi or invisible
    /// characters — then `& < > " '` escaped, so nothing an outside string holds becomes markup.
    public static func html(_ raw: String) -> String {
        var out = ""
        for ch in inert(raw).unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
