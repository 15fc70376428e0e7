import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("ACK building and answering")
struct HL7AcknowledgmentTests {
    typealias F = HL7Fixture

    func ack(_ text: String) throws -> HL7Message { try F.parse(text) }

    @Test func acceptSwapsTheHeaderAndEchoesTheControlID() throws {
        let incoming = try F.parse(F.richBooking)
        let ack = try ack(F.ackBuilder.acknowledgment(answering: incoming.header, code: .accept))
        #expect(ack.segments.map(\.name) == ["MSH", "MSA"])
        #expect(ack.header.sendingApplication == "FRONTDESK")
        #expect(ack.header.sendingFacility == "DESK")
        #expect(ack.header.receivingApplication == "SCHEDPRO")
        #expect(ack.header.receivingFacility == "NORTHCLINIC")
        #expect(ack["MSH", 9].raw == "ACK^S12^ACK")
        #expect(ack.header.controlID == "ACK0001")
        #expect(ack.header.processingID == "P")
        #expect(ack.header.versionText == "2.5.1")
        #expect(ack.header.dateTimeText == "20210924101500+0100")
        #expect(ack["MSA", 1].text() == "AA")
        #expect(ack["MSA", 2].text() == "RB-20210924-01")
    }

    @Test func errorInVersion25UsesERR2ToERR8() throws {
        let incoming = try F.parse(F.message(F.msh("SIU^S12", control: "E25", version: "2.5"), "SCH|PL-1"))
        let text = F.responder.respond(to: incoming) { _, _ in Issue.record("a bad message was applied") }
        let ack = try ack(text)
        #expect(ack["MSA", 1].text() == "AE")
        #expect(ack["MSA", 2].text() == "E25")
        #expect(ack["MSA", 3].isEmpty)
        let err = try #require(ack.segment("ERR"))
        #expect(err.field(1).isEmpty)
        #expect(err.field(2).raw == "SCH^1^2")
        #expect(err.field(3).raw == "101^Required field missing^HL70357")
        #expect(err.text(4) == "E")
        #expect(err.text(8) == "SCH-2 filler appointment id is missing")
    }

    @Test func errorInVersion23UsesTheOlderERR1Layout() throws {
        let incoming = try F.parse(F.message(F.msh("SIU^S12", control: "E23", version: "2.3"), "SCH|PL-1"))
        let ack = try ack(F.responder.respond(to: incoming) { _, _ in })
        #expect(ack["MSH", 9].raw == "ACK^S12")
        #expect(ack.header.versionText == "2.3")
        #expect(ack["MSA", 1].text() == "AE")
        #expect(ack["MSA", 3].text() == "SCH-2 filler appointment id is missing")
        let err = try #require(ack.segment("ERR"))
        #expect(err.field(1).first.text(1) == "SCH")
        #expect(err.field(1).first.text(2) == "1")
        #expect(err.field(1).first.text(3) == "2")
        #expect(err.field(1).first.text(4, 1) == "101")
        #expect(err.field(1).first.text(4, 2) == "SCH-2 filler appointment id is missing")
        #expect(err.field(1).first.text(4, 3) == "HL70357")
        #expect(err.field(3).isEmpty)
    }

    @Test func componentLocationsFillTheRepetitionToo() throws {
        let incoming = try F.parse(F.message(F.msh("SIU^S12", control: "C1", version: "2.6"), "SCH||FL-1"))
        let ack = try ack(F.responder.respond(to: incoming) { _, _ in })
        #expect(ack["ERR", 2].raw == "SCH^1^11^1^4")
    }

    @Test func unsupportedMessagesAreRejectedAndNeverApplied() throws {
        let incoming = try F.parse(F.message(F.msh("ORU^R01", control: "R1", version: "2.5"), "OBR|1"))
        let ack = try ack(F.responder.respond(to: incoming) { _, _ in Issue.record("applied") })
        #expect(ack["MSA", 1].text() == "AR")
        #expect(ack["ERR", 3].text() == "200")
        #expect(ack["MSH", 9].raw == "ACK^R01^ACK")
    }

    @Test func applyingIsWhatEarnsTheAA() throws {
        let incoming = try F.parse(F.sparseBooking)
        var applied: [HL7Event] = []
        let accepted = try ack(F.responder.respond(to: incoming) { event, _ in applied.append(event) })
        #expect(accepted["MSA", 1].text() == "AA")
        #expect(applied.count == 1)

        struct DiskFull: Error {}
        let rich = try F.parse(F.richBooking)
        let failed = try ack(F.responder.respond(to: rich) { _, _ in throw DiskFull() })
        #expect(failed["MSA", 1].text() == "AE")
        #expect(failed["ERR", 3].text() == "207")

        let unknownKey = HL7ContentError(.error, .unknownKeyIdentifier, HL7ErrorLocation(segment: "SCH", field: 2),
                                         "no appointment FL-5150 to update")
        let refused = try ack(F.responder.respond(to: rich) { _, _ in throw unknownKey })
        #expect(refused["ERR", 3].text() == "204")
        #expect(refused["ERR", 8].text() == "no appointment FL-5150 to update")
        // A v2.3 sender reads the reason in MSA-3 and ERR-1.
        let legacy = try ack(F.responder.respond(to: incoming) { _, _ in throw unknownKey })
        #expect(legacy["MSA", 3].text() == "no appointment FL-5150 to update")
        #expect(legacy["ERR", 1].first.text(4, 1) == "204")
    }

    @Test func outgoingTextIsEscaped() throws {
        let incoming = try F.parse(F.message(F.msh("SIU^S12", control: #"ctl\F\\S\\R\\T\\E\x"#, version: "2.5"), "SCH||F"))
        #expect(incoming.header.controlID == "ctl|^~&\\x")
        let detail = HL7ErrorDetail(code: .dataTypeError, location: nil, message: "bad value A|B^C~D&E\\F\nnext")
        let text = F.ackBuilder.acknowledgment(answering: incoming.header, code: .error, error: detail)
        let ack = try ack(text)
        #expect(ack["MSA", 2].text() == "ctl|^~&\\x")
        #expect(ack["ERR", 8].text() == "bad value A|B^C~D&E\\F\nnext")
        #expect(ack.segments.count == 3)
    }

    @Test func theIncomingDelimitersAreReused() throws {
        let text = "MSH#$*@!#APP#FAC#FRONTDESK#DESK#20210924##ADT$A99#C-9#T#2.5\rPID#1##4711\r"
        let ackText = F.responder.respond(to: try F.parse(text)) { _, _ in }
        #expect(ackText.hasPrefix("MSH#$*@!#FRONTDESK#DESK#APP#FAC#"))
        let ack = try ack(ackText)
        #expect(ack["MSA", 1].text() == "AR")
        #expect(ack["MSA", 2].text() == "C-9")
        #expect(ack.header.processingID == "T")
        #expect(ack["MSH", 9].raw == "ACK$A99$ACK")
    }

    @Test func withoutAnyHeaderTheACKStillParses() throws {
        let failure = HL7ParseError(.segmentSequenceError, HL7ErrorLocation(segment: "MSH"), "MSH missing")
        let inbound = HL7Inbound(content: .unparseable(failure), text: "garbage", peer: "test", receivedAt: Date())
        let ack = try ack(F.responder.respond(to: inbound) { _, _ in })
        #expect(ack.header.versionText == "2.5")
        #expect(ack.header.receivingApplication == nil)
        #expect(ack["MSH", 9].raw == "ACK")
        #expect(ack["MSA", 1].text() == "AE")
        #expect(ack["MSA", 2].isEmpty)
        #expect(ack["ERR", 2].raw == "MSH^1")
        #expect(ack["ERR", 8].text() == "MSH missing")
    }

    @Test func aRefusedFrameIsRejectedWithItsControlIDWhenTheHeaderSurvived() throws {
        let header = F.parser.readHeader(F.sparseBooking, requireTerminator: true)
        let inbound = HL7Inbound(content: .refused(.tooLarge(limit: 4_096), header: header), text: nil,
                                 peer: "test", receivedAt: Date())
        let ack = try ack(F.responder.respond(to: inbound) { _, _ in Issue.record("applied") })
        #expect(ack["MSA", 1].text() == "AR")
        #expect(ack["MSA", 2].text() == "Q1001")
        #expect(ack["MSA", 3].text()?.contains("frame over 4096 bytes") == true)
    }
}
