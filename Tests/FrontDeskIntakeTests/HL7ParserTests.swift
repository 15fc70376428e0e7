import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("HL7 parser: delimiters, structure, null and empty")
struct HL7ParserTests {
    typealias F = HL7Fixture

    @Test func mshOneAndTwoAreTheDelimitersThemselvesNotSplitOrDecoded() throws {
        let message = try F.parse(F.sparseBooking)
        let msh = try #require(message.segment("MSH"))
        #expect(msh.field(1).raw == "|")
        #expect(msh.field(2).raw == "^~\\&")
        #expect(msh.field(2).value == .value("^~\\&"))
        #expect(msh.field(2).repetitions.count == 1)
        #expect(msh.text(10) == "Q1001")
        #expect(message["MSH", 9].text(component: 2) == "S12")
        #expect(message.header.messageType == "SIU")
        #expect(message.header.triggerEvent == "S12")
        #expect(message.header.version == HL7Version(2, 3))
    }

    @Test func customDelimitersAreTakenFromTheMessage() throws {
        // field #, component $, repetition *, escape @, sub-component !
        let text = "MSH#$*@!#APP#FAC#FRONTDESK#DESK#20210924##ADT$A04#C-77#P#2.5\r"
            + "PID#1##4711$$$NCL!1.2.3!ISO$MR*998$$$OTHER##Doe@F@Roe$Jo@S@Ann\r"
        let message = try F.parse(text)
        #expect(message.separators == HL7Separators(field: 0x23, component: 0x24, repetition: 0x2A,
                                                    escape: 0x40, subComponent: 0x21))
        #expect(message["MSH", 1].raw == "#")
        #expect(message["MSH", 2].raw == "$*@!")
        #expect(message.header.triggerEvent == "A04")
        let ids = message["PID", 3]
        #expect(ids.repetitions.count == 2)
        #expect(ids.text(component: 4, subComponent: 2) == "1.2.3")
        #expect(ids.text(component: 1, repetition: 2) == "998")
        #expect(message["PID", 5].text(component: 1) == "Doe#Roe")
        #expect(message["PID", 5].text(component: 2) == "Jo$Ann")
        let event = try F.interpreter.interpret(message)
        guard case .patient(let patient) = event else { Issue.record("not a patient event"); return }
        #expect(patient.patient.identifiers.first?.assigningAuthority?.universalID == "1.2.3")
    }

    @Test func fiveEncodingCharactersDeclareATruncationCharacter() throws {
        let text = F.message("MSH|^~\\&#|APP|FAC|||20210924||ADT^A08|T-1|P|2.7",
                             "NTE|1||Cut here\\P\\ and keep #")
        let message = try F.parse(text)
        #expect(message.separators.truncation == 0x23)
        #expect(message["MSH", 2].raw == "^~\\&#")
        #expect(message["NTE", 3].text() == "Cut here# and keep #")
    }

    @Test func repetitionsComponentsAndSubComponents() throws {
        let message = try F.parse(F.richBooking)
        let pid3 = message["PID", 3]
        #expect(pid3.repetitions.map { $0.text(1) } == ["556677", "7561234567897"])
        #expect(pid3.first.text(4, 1) == "NCL")
        #expect(pid3.first.text(4, 2) == "1.2.826.0.1.7")
        #expect(pid3.repetition(2).text(5) == "SS")
        // Beyond what was sent is empty, never a crash.
        #expect(pid3.repetition(9).value == .empty)
        #expect(pid3.first.component(40).subComponent(7) == .empty)
        #expect(message["PID", 300].value == .empty)
        #expect(message["ZZZ", 1].isEmpty)
        #expect(message.segment("NTE", occurrence: 2)?.text(3) == "Consultation room prepared")
        #expect(message.segment("NTE", occurrence: 2)?.occurrence == 2)
    }

    @Test func emptyAndExplicitNullAreDifferent() throws {
        let text = F.message(F.msh("ADT^A08", control: "N-1", version: "2.5"),
                             F.segment("PID", [1: "1", 3: "4711", 5: "Doe^\"\"", 8: "\"\"", 13: "\"\"", 14: ""]))
        let pid = try #require(try F.parse(text).segment("PID"))
        #expect(pid.field(8).isNull)
        #expect(pid.value(8) == .null)
        #expect(pid.field(14).isEmpty)
        #expect(pid.value(14) == .empty)
        #expect(pid.value(9) == .empty)
        #expect(pid.value(5, component: 2) == .null)
        #expect(pid.value(5, component: 2).value == nil)
        #expect(pid.value(5, component: 1) == .value("Doe"))
    }

    @Test(arguments: ["\r", "\n", "\r\n"])
    func segmentTerminatorsCRLFAndCRLFAreAllAccepted(terminator: String) throws {
        let segments = [F.msh("ADT^A04", control: "T-1", version: "2.4"), "EVN|A04|20210924", "PID|1||4711"]
        let withTrailing = segments.joined(separator: terminator) + terminator
        let without = segments.joined(separator: terminator)
        for text in [withTrailing, without] {
            let message = try F.parse(text)
            #expect(message.segments.map(\.name) == ["MSH", "EVN", "PID"])
            #expect(message["PID", 3].text() == "4711")
        }
    }

    @Test func blankLinesByteOrderMarkAndLeadingSpacesAreTolerated() throws {
        let text = "\u{FEFF}  " + F.msh("ADT^A04", control: "T-2", version: "2.5") + "\r\n\r\n \rPID|1||42\n\n"
        let message = try F.parse(text)
        #expect(message.segments.map(\.name) == ["MSH", "PID"])
        #expect(message.header.controlID == "T-2")
    }

    @Test func encodedTextRoundTrips() throws {
        let message = try F.parse(F.richBooking)
        #expect(message.encoded == F.richBooking)
        #expect(try F.parse(message.encoded) == message)
    }

    @Test(arguments: [
        ("", "MSH missing"),
        ("PID|1||4711\r", "MSH missing"),
        ("FHS|^~\\&|APP\rMSH|^~\\&|X\r", "batch files (FHS)"),
        ("MSH\r", "MSH-1 field separator is missing"),
        ("MSH|^~\\|APP\r", "MSH-2 encoding characters invalid"),
        ("MSH|^~\\&%!|APP\r", "MSH-2 encoding characters invalid"),
        ("MSH|^^\\&|APP\r", "MSH-2 encoding characters invalid"),
        ("MSH|^~A&|APP\r", "MSH-2 encoding characters invalid"),
        ("MSHA^~\\&|APP\r", "MSH-1 field separator invalid"),
    ])
    func headerProblemsAreNamed(text: String, reason: String) {
        #expect(throws: HL7ParseError.self) { try F.parse(text) }
        do {
            _ = try F.parse(text)
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
            #expect(error.detail.location?.segment == "MSH")
        }
    }

    @Test(arguments: ["PI|1", "PIDX|1", "pid|1", "1ID|1"])
    func segmentNamesMustBeThreeUpperCaseCharacters(line: String) throws {
        let text = F.message(F.msh("ADT^A04", control: "S-1", version: "2.5"), "EVN|A04", line)
        do {
            _ = try F.parse(text)
            Issue.record("\(line) was accepted")
        } catch {
            #expect(error.description.contains("segment name must be 3"))
            #expect(error.detail.location?.sequence == 3)
            #expect(error.detail.code == .segmentSequenceError)
            // The header was readable, so the ACK can still echo MSH-10.
            #expect(error.header?.controlID == "S-1")
        }
    }

    @Test func aSecondMSHIsRefusedAsABatch() {
        let text = F.message(F.msh("ADT^A04", control: "B-1", version: "2.5"), "PID|1||1",
                             F.msh("ADT^A04", control: "B-2", version: "2.5"))
        let error = #expect(throws: HL7ParseError.self) { try F.parse(text) }
        #expect(error?.description.contains("second MSH") == true)
    }

    @Test func limitsAreEnforcedWithTheFieldNamed() throws {
        let limits = HL7ParserLimits(maxMessageBytes: 200_000, maxSegments: 10, maxFieldsPerSegment: 50,
                                     maxFieldBytes: 1_000)
        let parser = HL7Parser(limits: limits)
        let head = F.msh("ADT^A04", control: "L-1", version: "2.5")

        let longField = F.message(head, "PID|1||4711||" + String(repeating: "A", count: 1_001))
        let fieldError = #expect(throws: HL7ParseError.self) { try parser.parse(longField) }
        #expect(fieldError?.detail.location == HL7ErrorLocation(segment: "PID", field: 5))
        #expect(fieldError?.header?.controlID == "L-1")
        let manySegments = F.message(head) + String(repeating: "NTE|1||x\r", count: 10)
        let segmentsError = #expect(throws: HL7ParseError.self) { try parser.parse(manySegments) }
        #expect(segmentsError?.description.contains("10-segment limit") == true)
        let manyFields = F.message(head, "ZXX" + String(repeating: "|f", count: 51))
        let fieldsError = #expect(throws: HL7ParseError.self) { try parser.parse(manyFields) }
        #expect(fieldsError?.description.contains("50-field limit") == true)
        let huge = F.message(head, "NTE|1||" + String(repeating: "B", count: 200_001))
        let sizeError = #expect(throws: HL7ParseError.self) { try parser.parse(huge) }
        #expect(sizeError?.description.contains("200000-byte limit") == true)
    }

    @Test func readHeaderRefusesAnMSHCutBeforeItsTerminator() {
        let complete = F.msh("ADT^A04", control: "CTRL-123456", version: "2.5") + "\rPID|1"
        #expect(F.parser.readHeader(complete, requireTerminator: true)?.controlID == "CTRL-123456")
        let cut = String(F.msh("ADT^A04", control: "CTRL-123456", version: "2.5").dropLast(8))
        #expect(F.parser.readHeader(cut, requireTerminator: true) == nil)
        #expect(F.parser.readHeader(cut)?.controlID == "CTRL-1234")
    }
}
