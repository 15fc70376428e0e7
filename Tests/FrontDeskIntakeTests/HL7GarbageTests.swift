import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskIntake

/// Whatever arrives, the answer is an ACK that parses; nothing crashes or grows without bound.
@Suite("HL7 robustness against garbage")
struct HL7GarbageTests {
    typealias F = HL7Fixture

    /// Runs bytes through the same path as a received frame and checks the answer is a real ACK.
    func answer(_ bytes: [UInt8]) throws -> String? {
        let inbound = HL7Inbound(.frame(bytes), peer: "test", parser: F.parser, receivedAt: Date())
        let ack = try F.parse(F.responder.respond(to: inbound) { _, _ in })
        #expect(["AA", "AE", "AR"].contains(ack["MSA", 1].text() ?? ""))
        return ack["MSA", 1].text()
    }

    @Test func randomBytesOfEveryLengthAreAnswered() throws {
        var generator = SeededGenerator(seed: 7)
        for length in [0, 1, 2, 3, 4, 5, 8, 9, 16, 100, 1_000, 10_000] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in generator.byte() }
                #expect(try answer(bytes) != "AA")
            }
        }
    }

    @Test func randomBytesAfterAValidHeaderAreAnswered() throws {
        var generator = SeededGenerator(seed: 11)
        let head = Array((F.msh("SIU^S12", control: "G-1", version: "2.5") + "\r").utf8)
        for _ in 0..<200 {
            let tail = (0..<Int(generator.next() % 300)).map { _ in generator.byte() }
            _ = try answer(head + tail)
        }
    }

    @Test func everyPrefixOfAMessageIsAnswered() throws {
        let bytes = Array(F.richBooking.utf8)
        for cut in 0...bytes.count {
            _ = try answer(Array(bytes.prefix(cut)))
        }
    }

    @Test func mutatedMessagesAreAnswered() throws {
        var generator = SeededGenerator(seed: 3)
        let original = Array(F.richBooking.utf8)
        let interesting: [UInt8] = [0x7C, 0x5E, 0x7E, 0x5C, 0x26, 0x0D, 0x0A, 0x22, 0x00, 0xFF]
        for _ in 0..<500 {
            var bytes = original
            for _ in 0..<Int(1 + generator.next() % 5) {
                let at = Int(generator.next() % UInt64(bytes.count))
                bytes[at] = generator.next() % 2 == 0 ? interesting[Int(generator.next() % 10)] : generator.byte()
            }
            _ = try answer(bytes)
        }
    }

    @Test func megabytesInOneFieldAreRefusedByTheLimit() throws {
        let text = F.message(F.msh("ADT^A04", control: "MB-1", version: "2.5"),
                             "PID|1||1001||" + String(repeating: "Z", count: 3 << 20))
        let error = #expect(throws: HL7ParseError.self) { try F.parse(text) }
        #expect(error?.detail.location == HL7ErrorLocation(segment: "PID", field: 5))
        #expect(error?.header?.controlID == "MB-1")
    }

    @Test func delimiterStormsStayWithinTheFieldLimit() throws {
        let storm = String(repeating: "^&~", count: 20_000)
        let text = F.message(F.msh("ADT^A04", control: "ST-1", version: "2.5"), "PID|1||1001||" + storm)
        let field = try F.parse(text)["PID", 5]
        #expect(field.repetitions.count == 20_001)
        #expect(field.first.components.count == 2)
        #expect(field.value(component: 2, subComponent: 2) == .empty)
        #expect(field.repetition(20_001).value == .empty)
    }

    @Test func escapeSequencesCannotAmplifyWithoutBound() {
        let bomb = String(repeating: "\\.sp99999\\", count: 5_000)
        let decoded = HL7Escaping.decode(bomb, with: .standard)
        #expect(decoded.utf8.count == 5_000 * HL7Escaping.maximumSkippedLines)
    }

    @Test func interpretingNeverCrashesOnOddButParseableMessages() throws {
        let odd = [
            F.message(F.msh("SIU^S12", control: "O-1", version: "2.5"), "SCH|^^^^^|~~~|||||||||&&&&"),
            F.message(F.msh("SIU^S12", control: "O-2", version: "2.5"), "SCH||\"\"", "TQ1|1||||||\"\""),
            F.message(F.msh("ADT^A04", control: "O-3", version: "2.5"), "PID|1||~~^^~||\"\"|||\"\""),
            F.message(F.msh("ADT^A40", control: "O-4", version: "2.5"), "PID|1||1", "MRG|\"\""),
            F.message(F.msh("^^^", control: "O-5", version: "2.5")),
            F.message(F.msh("SIU^S12", control: "O-6", version: "2.5"), "SCH||F|||||||9e999|min|^^^2021"),
        ]
        for text in odd {
            _ = try answer(Array(text.utf8))
        }
    }
}
