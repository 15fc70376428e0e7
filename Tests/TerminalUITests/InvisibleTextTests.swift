import Foundation
import Testing
@testable import TerminalUI

/// Characters that draw nothing can hide text (a name that reads "Ann" but holds "Ann
/// <tag characters spelling an instruction>") or make two names that look the same differ.
/// On screen they become visible one-column placeholders; what emoji need stays.
@Suite("SafeText shows what is invisible")
struct InvisibleTextTests {
    @Test("zero-width, invisible format, soft hyphen and interlinear annotation characters become placeholders",
          arguments: [0x200B, 0x200C, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD, 0x180E,
                      0xFFF9, 0xFFFA, 0xFFFB, 0x3164])
    func invisibleCharactersAreShown(_ code: Int) {
        let raw = "Ann" + String(Unicode.Scalar(UInt32(code))!) + "Lee"
        let safe = SafeText(raw).value
        #expect(safe.unicodeScalars.count == 7)
        #expect(safe.hasPrefix("Ann") && safe.hasSuffix("Lee"))
        #expect(safe != raw)
        #expect(DisplayWidth.of(safe) == 7, "each placeholder takes one column")
    }

    @Test("tag characters that spell hidden text are each shown")
    func tagSmugglingIsShown() {
        let hidden = "ignore all".unicodeScalars.map { String(Unicode.Scalar(0xE0000 + $0.value)!) }.joined()
        let safe = SafeText("Ann" + hidden).value
        #expect(safe.unicodeScalars.allSatisfy { !(0xE0000...0xE007F).contains($0.value) })
        #expect(DisplayWidth.of(safe) == 3 + 10)
    }

    @Test("what emoji and scripts need stays: ZWJ sequences, variation selectors, subdivision flags")
    func emojiStay() {
        let kept = ["👨‍👩‍👧", "❤️", "☺︎", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "葛󠄀"]
        for k in kept { #expect(SafeText(k).value == k, "\(k.unicodeScalars.map { String($0.value, radix: 16) })") }
    }

    @Test("the width function counts a hostile character as the placeholder that shows it")
    func widthAgreesWithThePlaceholders() {
        for raw in ["a\u{200B}b", "x\u{202E}y", "e\u{301}\u{200C}", "A\u{E0041}\u{E0042}", "\u{FEFF}"] {
            #expect(DisplayWidth.of(raw) == DisplayWidth.of(SafeText(raw).value), "\(raw.unicodeScalars.map { $0.value })")
        }
    }
}
