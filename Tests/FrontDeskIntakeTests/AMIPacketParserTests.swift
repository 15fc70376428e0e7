import Testing
import FrontDeskIntake
import AMIPeer

@Suite("AMI packet parser")
struct AMIPacketParserTests {
    static let stream = "Asterisk Call Manager/9.0.0\r\n"
        + "Response: Success\r\nActionID: frontdesk-1\r\nMessage: Authentication accepted\r\n\r\n"
        + "Event: QueueCallerJoin\nUniqueid: 1718.1\nCallerIDNum: <unknown>\nCallerIDName:\nQueue: front desk\n\n"
        + "Event: VarSet\r\nChanVariable: A=1\r\nChanVariable: B=2\r\nX-Unknown: ok: with colon\r\n\r\n"

    static let expected: [AMIMessage] = [
        .banner("Asterisk Call Manager/9.0.0"),
        .packet(AMIPacket(["Response": "Success", "ActionID": "frontdesk-1", "Message": "Authentication accepted"])),
        .packet(AMIPacket(["Event": "QueueCallerJoin", "Uniqueid": "1718.1", "CallerIDNum": "<unknown>",
                           "CallerIDName": "", "Queue": "front desk"])),
        .packet(AMIPacket(["Event": "VarSet", "ChanVariable": "A=1", "ChanVariable": "B=2",
                           "X-Unknown": "ok: with colon"])),
    ]

    func parse(_ chunks: [[UInt8]]) throws -> [AMIMessage] {
        var parser = AMIPacketParser()
        return try chunks.flatMap { try parser.feed($0) }
    }

    @Test("a whole stream: banner, CRLF and LF packets, empty values, repeated and unknown headers")
    func wholeStream() throws {
        #expect(try parse([Array(Self.stream.utf8)]) == Self.expected)
    }

    @Test("every single split point gives the same packets")
    func everySplitPoint() throws {
        let bytes = Array(Self.stream.utf8)
        for cut in 0...bytes.count {
            #expect(try parse([Array(bytes[..<cut]), Array(bytes[cut...])]) == Self.expected, "cut at \(cut)")
        }
    }

    @Test("a byte at a time, and seeded random chunks", arguments: [1 as UInt64, 7, 42, 1999, 65537])
    func randomChunks(seed: UInt64) throws {
        let bytes = Array(Self.stream.utf8)
        let random = SeededRandom(seed)
        var chunks: [[UInt8]] = []
        var at = 0
        while at < bytes.count {
            let size = Int(random.next() % 9)   // zero-length reads too
            chunks.append(Array(bytes[at..<min(bytes.count, at + size)]))
            at += size
        }
        #expect(try parse(chunks) == Self.expected)
        #expect(try parse(bytes.map { [$0] }) == Self.expected)
    }

    @Test("values lookup ignores case and keeps the first; repeats are all there")
    func lookups() throws {
        guard case let .packet(varSet) = Self.expected[3], case let .packet(join) = Self.expected[2] else { return }
        #expect(varSet["chanvariable"] == "A=1")
        #expect(varSet.values("ChanVariable") == ["A=1", "B=2"])
        #expect(join["callerIDname"] == "")
        #expect(join["Missing"] == nil)
    }

    @Test("blank lines between packets are not empty packets; a partial packet waits")
    func blankLinesAndPartial() throws {
        var parser = AMIPacketParser(expectBanner: false)
        #expect(try parser.feed(Array("\r\n\r\nEvent: Ping\r\n\r\n\r\nEvent: Half\r\nUniq".utf8))
                == [.packet(AMIPacket(["Event": "Ping"]))])
        #expect(try parser.feed(Array("ueid: 9\r\n\r\n".utf8)) == [.packet(AMIPacket(["Event": "Half", "Uniqueid": "9"]))])
    }

    @Test("invalid UTF-8 becomes replacement characters, not a crash or a lost packet")
    func invalidUTF8() throws {
        var parser = AMIPacketParser(expectBanner: false)
        let bytes: [UInt8] = Array("Event: QueueCallerJoin\r\nCallerIDName: ".utf8) + [0xFF, 0xFE] + Array("\r\n\r\n".utf8)
        #expect(try parser.feed(bytes) == [.packet(AMIPacket(["Event": "QueueCallerJoin", "CallerIDName": "\u{FFFD}\u{FFFD}"]))])
    }

    @Test("an endless line is refused instead of filling memory")
    func overlongLine() throws {
        var parser = AMIPacketParser(expectBanner: false)
        #expect(throws: AMIError.self) {
            try parser.feed([UInt8](repeating: UInt8(ascii: "x"), count: AMIPacketParser.maxLineBytes + 1))
        }
    }
}

/// The parser holds at most one line and one packet: each bound refuses as soon as it is passed.
@Suite("AMI packet parser bounds")
struct AMIPacketParserBoundsTests {
    var limits: AMILimits {
        var l = AMILimits()
        l.lineBytes = 100; l.fieldsPerPacket = 5; l.packetBytes = 300
        return l
    }

    func refusal(_ text: String) -> String? {
        var parser = AMIPacketParser(expectBanner: false, limits: limits)
        do { _ = try parser.feed(Array(text.utf8)); return nil } catch { return "\(error)" }
    }

    @Test("a line, the fields of a packet and a packet's size are each bounded, with the bound named")
    func eachBound() {
        #expect(refusal("Event: A\r\nX: \(String(repeating: "x", count: 120))\r\n\r\n") == "the PBX sent a line longer than 100 bytes")
        #expect(refusal("Event: A\r\n" + String(repeating: "K: v\r\n", count: 5) + "\r\n") == "the PBX sent a packet with more than 5 fields")
        #expect(refusal("Event: A\r\n" + String(repeating: "K: \(String(repeating: "v", count: 90))\r\n", count: 4) + "\r\n")
                == "the PBX sent a packet larger than 300 bytes")
        #expect(refusal("Event: A\r\nK: v\r\n\r\nEvent: B\r\nK: v\r\n\r\n") == nil, "the count starts again with each packet")
    }

    @Test("what the parser holds never passes a line and a packet")
    func heldIsBounded() throws {
        var parser = AMIPacketParser(expectBanner: false)
        let packet = Array(("Event: QueueCallerJoin\r\nUniqueid: 1\r\nCallerIDName: " + String(repeating: "n", count: 4000) + "\r\n\r\n").utf8)
        for _ in 0..<500 { _ = try parser.feed(packet) }
        #expect(parser.peakBytes <= packet.count + AMILimits().packetBytes)
    }
}
