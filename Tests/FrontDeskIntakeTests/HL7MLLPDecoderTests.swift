import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("MLLP framing")
struct HL7MLLPDecoderTests {
    let message = HL7Fixture.sparseBooking

    func frames(_ events: [MLLPDecoder.Event]) -> [String] {
        events.compactMap { if case .frame(let bytes) = $0 { HL7TextDecoding.string(from: bytes) } else { nil } }
    }

    @Test func encoderWrapsTextInBlockMarkers() {
        let framed = MLLPEncoder.frame("MSH|x\r")
        #expect(framed == [0x0B] + Array("MSH|x\r".utf8) + [0x1C, 0x0D])
    }

    @Test func oneFrameInOneRead() {
        var decoder = MLLPDecoder()
        #expect(frames(decoder.feed(MLLPEncoder.frame(message))) == [message])
        #expect(!decoder.isInsideFrame)
        #expect(decoder.discardedBytes == 0)
    }

    @Test func aFrameSplitAtEveryPossiblePoint() {
        let bytes = MLLPEncoder.frame(message)
        for cut in 1..<bytes.count {
            var decoder = MLLPDecoder()
            let first = decoder.feed(bytes[..<cut])
            #expect(first.isEmpty, "cut at \(cut)")
            #expect(frames(decoder.feed(bytes[cut...])) == [message], "cut at \(cut)")
        }
    }

    @Test func byteByByteReads() {
        var decoder = MLLPDecoder()
        var found: [String] = []
        for byte in MLLPEncoder.frame(message) + MLLPEncoder.frame("MSH|2\r") {
            found += frames(decoder.feed([byte]))
        }
        #expect(found == [message, "MSH|2\r"])
    }

    @Test func severalFramesInOneReadWithJunkBetween() {
        var decoder = MLLPDecoder()
        let bytes = Array("noise".utf8) + MLLPEncoder.frame("A\r") + [0x0D, 0x0A] + MLLPEncoder.frame("B\r")
            + MLLPEncoder.frame("C\r")
        #expect(frames(decoder.feed(bytes)) == ["A\r", "B\r", "C\r"])
        #expect(decoder.discardedBytes == 7)
    }

    @Test func anOversizeFrameIsDroppedAsSoonAsItPassesTheLimit() throws {
        var decoder = MLLPDecoder(maxFrameBytes: 1_000)
        let head = HL7Fixture.msh("ADT^A04", control: "BIG-1", version: "2.5") + "\r"
        #expect(decoder.feed([0x0B] + Array(head.utf8)).isEmpty)
        for _ in 0..<100 {
            #expect(decoder.feed([UInt8](repeating: 0x41, count: 10_000)).isEmpty)
            #expect(decoder.bufferedByteCount == 0)
        }
        #expect(decoder.peakBufferedBytes <= 1_000)
        #expect(decoder.skippedOversizeBytes > 990_000)
        let events = decoder.feed([0x1C, 0x0D] + MLLPEncoder.frame("NEXT\r"))
        #expect(events.count == 2)
        guard case .tooLarge(let prefix, let limit) = events.first else {
            Issue.record("expected .tooLarge, got \(events)")
            return
        }
        #expect(limit == 1_000)
        #expect(prefix.count <= MLLPDecoder.headerPrefixBytes)
        #expect(HL7Fixture.parser.readHeader(HL7TextDecoding.string(from: prefix), requireTerminator: true)?
            .controlID == "BIG-1")
        #expect(frames([events[1]]) == ["NEXT\r"])
    }

    @Test func aFrameOfExactlyTheLimitIsAccepted() {
        var decoder = MLLPDecoder(maxFrameBytes: 10)
        #expect(frames(decoder.feed(MLLPEncoder.frame("0123456789"))) == ["0123456789"])
        let over = decoder.feed(MLLPEncoder.frame("0123456789A"))
        #expect(over == [.tooLarge(prefix: Array("0123456789".utf8), limit: 10)])
    }

    @Test func aStartBlockInsideAFrameInterruptsIt() {
        var decoder = MLLPDecoder()
        let events = decoder.feed([0x0B] + Array("MSH|half".utf8) + MLLPEncoder.frame("WHOLE\r"))
        #expect(events == [.interrupted(prefix: Array("MSH|half".utf8)), .frame(Array("WHOLE\r".utf8))])
    }

    @Test func anEndBlockWithoutItsCarriageReturnStillEndsTheFrame() {
        var decoder = MLLPDecoder()
        let back2back = [0x0B] + Array("ONE\r".utf8) + [0x1C] + [0x0B] + Array("TWO\r".utf8) + [0x1C, 0x0D]
        #expect(frames(decoder.feed(back2back)) == ["ONE\r", "TWO\r"])

        #expect(decoder.feed([0x0B] + Array("LAST\r".utf8) + [0x1C]).isEmpty)
        #expect(decoder.isAwaitingFinalCarriageReturn)
        #expect(frames(decoder.finishFrameAwaitingCarriageReturn()) == ["LAST\r"])
        #expect(!decoder.isInsideFrame)
    }

    @Test func latin1BytesThatAreNotUTF8AreReadAsISO88591() {
        let latin1: [UInt8] = Array("PID|1||1||M".utf8) + [0xFC] + Array("ller^J".utf8) + [0xE9] + Array("r".utf8) + [0xF4]
            + Array("me\r".utf8)
        #expect(HL7TextDecoding.string(from: latin1) == "PID|1||1||Müller^Jérôme\r")
        #expect(HL7TextDecoding.string(from: Array("Müller".utf8)) == "Müller")
        #expect(HL7TextDecoding.string(from: [0xEF, 0xBB, 0xBF] + Array("MSH".utf8)) == "MSH")
    }
}
