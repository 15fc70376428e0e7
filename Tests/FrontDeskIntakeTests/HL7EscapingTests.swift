import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("HL7 escape sequences")
struct HL7EscapingTests {
    let standard = HL7Separators.standard
    /// field #, component $, repetition *, escape @, sub-component !
    let custom = HL7Separators(field: 0x23, component: 0x24, repetition: 0x2A, escape: 0x40, subComponent: 0x21)

    @Test(arguments: [("\\F\\", "|"), ("\\S\\", "^"), ("\\T\\", "&"), ("\\R\\", "~"), ("\\E\\", "\\")])
    func delimiterEscapesDecode(sequence: String, expected: String) {
        #expect(HL7Escaping.decode("a\(sequence)b", with: standard) == "a\(expected)b")
    }

    @Test(arguments: [("@F@", "#"), ("@S@", "$"), ("@T@", "!"), ("@R@", "*"), ("@E@", "@")])
    func decodingUsesTheMessagesOwnEscapeCharacter(sequence: String, expected: String) {
        #expect(HL7Escaping.decode("x\(sequence)y", with: custom) == "x\(expected)y")
        // The standard sequences mean nothing in a message whose escape character is @.
        #expect(HL7Escaping.decode("x\\F\\y", with: custom) == "x\\F\\y")
    }

    @Test func hexSequencesDecodeAsUTF8AcrossAdjacentSequences() {
        #expect(HL7Escaping.decode("\\X41\\BC", with: standard) == "ABC")
        #expect(HL7Escaping.decode("Caf\\XC3A9\\", with: standard) == "Café")
        #expect(HL7Escaping.decode("Caf\\XC3\\\\XA9\\!", with: standard) == "Café!")
        #expect(HL7Escaping.decode("\\xc3a9\\", with: standard) == "\\xc3a9\\")
        #expect(HL7Escaping.decode("\\Xc3a9\\", with: standard) == "é")
    }

    @Test func hexBytesThatAreNotUTF8FallBackToLatin1() {
        #expect(HL7Escaping.decode("Z\\XFC\\rich", with: standard) == "Zürich")
    }

    @Test(arguments: ["\\X4\\", "\\XZZ\\", "\\X\\"])
    func malformedHexIsKeptLiterally(text: String) {
        #expect(HL7Escaping.decode(text, with: standard) == text)
    }

    @Test func formattingCommandsBecomeLineStructure() {
        #expect(HL7Escaping.decode("line one\\.br\\line two", with: standard) == "line one\nline two")
        #expect(HL7Escaping.decode("a\\.sp3\\b", with: standard) == "a\n\n\nb")
        #expect(HL7Escaping.decode("a\\.sp\\b", with: standard) == "a\nb")
        #expect(HL7Escaping.decode("\\H\\bold\\N\\ text\\.fi\\", with: standard) == "bold text")
        let capped = HL7Escaping.decode("\\.sp999999999\\", with: standard)
        #expect(capped.count == HL7Escaping.maximumSkippedLines)
    }

    @Test(arguments: ["C:\\temp\\file", "\\Zvendor\\", "\\C2842\\", "ends with \\", "\\\\"])
    func unknownOrUnterminatedEscapesAreKeptLiterally(text: String) {
        #expect(HL7Escaping.decode(text, with: standard) == text)
    }

    @Test func anEscapedDelimiterNeverSplitsAField() throws {
        let text = HL7Fixture.message(HL7Fixture.msh("ADT^A08", control: "E-1", version: "2.5"),
                                      "PID|1||4711||Smith\\S\\Jones^Ann\\T\\Marie~Second\\R\\Name")
        let name = try HL7Fixture.parse(text)["PID", 5]
        #expect(name.repetitions.count == 2)
        #expect(name.text(component: 1) == "Smith^Jones")
        #expect(name.text(component: 2) == "Ann&Marie")
        #expect(name.text(component: 1, repetition: 2) == "Second~Name")
        #expect(name.first.components.count == 2)
    }

    @Test func encodingEscapesEveryDelimiterLineBreakAndControlCharacter() {
        let text = "a|b^c&d~e\\f\r\ng\nh\u{07}"
        let encoded = HL7Escaping.encode(text, with: standard)
        #expect(encoded == "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\g\\.br\\h\\X07\\")
        #expect(HL7Escaping.decode(encoded, with: standard) == "a|b^c&d~e\\f\ng\nh\u{07}")
    }

    @Test func encodingUsesTheTargetDelimiters() {
        let encoded = HL7Escaping.encode("#$*@!|^", with: custom)
        #expect(encoded == "@F@@S@@R@@E@@T@|^")
        #expect(HL7Escaping.decode(encoded, with: custom) == "#$*@!|^")
    }

    @Test func truncationCharacterIsEscapedOnlyWhenDeclared() {
        let withTruncation = HL7Separators(field: 0x7C, component: 0x5E, repetition: 0x7E, escape: 0x5C,
                                           subComponent: 0x26, truncation: 0x23)
        #expect(HL7Escaping.encode("#1", with: withTruncation) == "\\P\\1")
        #expect(HL7Escaping.encode("#1", with: standard) == "#1")
        #expect(HL7Escaping.decode("\\P\\", with: standard) == "\\P\\")
    }

    @Test func nonASCIITextPassesThroughUnescaped() {
        let text = "Lüthi – 東京 🙂"
        #expect(HL7Escaping.encode(text, with: standard) == text)
        #expect(HL7Escaping.decode(text, with: standard) == text)
    }
}
