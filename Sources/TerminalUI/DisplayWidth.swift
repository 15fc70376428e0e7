import TextSafety

/// The one width function every part of the program uses: columns a grapheme takes.
///
/// The rule is the terminal's, not the font's: a grapheme is as wide as glibc's `wcwidth`
/// says its *first* scalar is. That is what ncursesw does when it places a `cchar_t`
/// (base character plus the zero-width marks that follow it) and what tmux does, so the
/// grid, curses and the terminal never disagree about where the next column starts.
/// Consequences worth knowing:
/// - combining marks, variation selectors (VS15/VS16) and ZWJ add nothing: `❤️` is 1 column
///   (many GUI terminals draw it 2 wide, so screens should not rely on it);
/// - a ZWJ emoji sequence is as wide as its first emoji (2), and the terminal back end sends
///   only that first emoji plus its zero-width marks, as ncurses' `setcchar` would;
/// - a character `InertText` replaces (controls, bidi controls, zero-width and other
///   invisible characters) counts as the one-column placeholder that shows it, wherever it
///   sits in a grapheme: a width measured on raw text agrees with the inert text drawn.
public enum DisplayWidth {
    public static func of(_ g: Character) -> Int {
        let scalars = g.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return InertText.isHostile(first) ? 1 : of(scalar: first) }
        if scalars.contains(where: InertText.isHostile) {
            // Rare: measure what is drawn. Its graphemes hold nothing hostile, so this ends.
            let raw = String(g), shown = InertText.inert(raw)
            if shown != raw { return of(shown) }
        }
        return of(scalar: first)
    }

    public static func of(_ s: String) -> Int {
        // Printable ASCII is one column a byte: most of a frame, without grapheme breaking.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        var total = 0
        for g in s { total += of(g) }
        return total
    }

    /// Columns of one scalar as the terminal counts them (0, 1 or 2).
    public static func of(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return 1 }          // Latin fast path; controls count as their placeholder
        if contains(doubleWidthRanges, v) { return 2 }
        if contains(zeroWidthRanges, v) { return 0 }
        return 1
    }

    static func contains(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < ranges[mid].lowerBound { hi = mid - 1 } else if v > ranges[mid].upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }
}
