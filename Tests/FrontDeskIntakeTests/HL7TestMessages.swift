import Foundation
@testable import FrontDeskIntake

/// Builds test messages field by field, numbered as the standard numbers them,
/// so a fixture reads like the segment definition it was written from and no
/// pipe is ever miscounted. Every name, id and code here is made up.
enum HL7Fixture {
    /// A fixed +01:00 zone, so tests do not depend on the machine's zone or on DST.
    static let zone = TimeZone(secondsFromGMT: 3_600)!
    static let interpreter = HL7Interpreter(options: .init(defaultTimeZone: zone))
    static let parser = HL7Parser()

    /// `NAME|f1|f2…` with the given fields set and the rest empty.
    static func segment(_ name: String, _ fields: [Int: String]) -> String {
        let count = fields.keys.max() ?? 0
        let values = (0..<count).map { fields[$0 + 1] ?? "" }
        return ([name] + values).joined(separator: "|")
    }

    /// An MSH with `|^~\&`; `fields` numbered from 3 as in the standard.
    static func msh(_ type: String, control: String, version: String, _ more: [Int: String] = [:]) -> String {
        var fields: [Int: String] = [3: "SCHEDPRO", 4: "NORTHCLINIC", 5: "FRONTDESK", 6: "DESK",
                                     7: "20210923153000", 9: type, 10: control, 11: "P", 12: version]
        fields.merge(more) { $1 }
        let count = fields.keys.max() ?? 12
        let values = (3...count).map { fields[$0] ?? "" }
        return "MSH|^~\\&|" + values.joined(separator: "|")
    }

    /// Segments joined by CR, with a final CR, as they travel.
    static func message(_ segments: String...) -> String {
        segments.map { $0 + "\r" }.joined()
    }

    static func parse(_ text: String) throws(HL7ParseError) -> HL7Message {
        try parser.parse(text)
    }

    static func interpret(_ text: String) throws -> HL7Event {
        try interpreter.interpret(try parser.parse(text))
    }

    static func schedule(_ text: String) throws -> HL7ScheduleEvent {
        guard case .schedule(let event) = try interpret(text) else { throw FixtureError.wrongEvent }
        return event
    }

    static func patient(_ text: String) throws -> HL7PatientEvent {
        guard case .patient(let event) = try interpret(text) else { throw FixtureError.wrongEvent }
        return event
    }

    /// The content error a message produces, or nil when it interprets cleanly.
    static func contentError(_ text: String) throws -> HL7ContentError? {
        do {
            _ = try interpreter.interpret(try parser.parse(text))
            return nil
        } catch let error as HL7ContentError {
            return error
        }
    }

    enum FixtureError: Error { case wrongEvent }

    /// The same instant as `YYYYMMDDHHMM` in +01:00.
    static func date(_ text: String) -> Date {
        try! HL7Timestamp.parse(text, defaultTimeZone: zone).date
    }

    static let ackBuilder = HL7AcknowledgmentBuilder(
        localApplication: "FRONTDESK", localFacility: "DESK", timeZone: zone,
        now: { HL7Fixture.date("20210924101500") }, makeControlID: { "ACK0001" })

    static let responder = HL7Responder(interpreter: interpreter, acknowledgments: ackBuilder)

    // MARK: - Messages used by several suites

    /// SIU^S12 the way a v2.3 system sends it: timing only in SCH-9/10/11, one AIP.
    static let sparseBooking = message(
        msh("SIU^S12", control: "Q1001", version: "2.3"),
        segment("SCH", [1: "PL-77", 2: "FL-9001", 7: "ROUTINE", 9: "30", 10: "MIN",
                        11: "^^30^202109241000^202109241030", 25: "Booked"]),
        segment("PID", [1: "1", 3: "4711^^^NCL^MR", 5: "Okafor^Chidi", 7: "19800315", 8: "M", 13: "(555)010-2233"]),
        segment("RGS", [1: "1"]),
        segment("AIP", [1: "1", 3: "D17^Varga^Ilona"]))

    /// SIU^S12 the way a v2.5.1 system sends it: TQ1, every resource segment, notes, a Z-segment.
    static let richBooking = message(
        msh("SIU^S12^SIU_S12", control: "RB-20210924-01", version: "2.5.1", [18: "UNICODE UTF-8"]),
        segment("SCH", [1: "PL-88^ORDERS", 2: "FL-5150^SCHEDPRO^1.2.826.0.1.9^ISO", 6: "NEW^New booking",
                        7: "FOLLOWUP^Follow-up visit^HL70276", 8: "NORMAL^Normal^HL70277",
                        16: "CLERK9^Brandt^Heike", 25: "Booked^Booked^HL70278"]),
        segment("TQ1", [1: "1", 7: "20210924143000+0200", 8: "20210924151500+0200"]),
        segment("NTE", [1: "1", 3: "Bring the referral letter~and the insurance card"]),
        segment("PID", [1: "1", 3: "556677^^^NCL&1.2.826.0.1.7&ISO^MR~7561234567897^^^CHE-AHV^SS",
                        5: "Meier-Lüthi&Meier^Anna^Katharina~Meier^Anna^^^^^M", 7: "19920229",
                        8: "F", 13: "^PRN^PH^^41^44^5550101~^NET^Internet^anna@example.org"]),
        segment("PV1", [1: "1", 2: "O", 3: "CONS^^^NORTHCLINIC", 7: "D99^Fallback^Frank"]),
        segment("RGS", [1: "1", 2: "A"]),
        segment("AIS", [1: "1", 2: "A", 3: "CONSULT^Consultation 45 min^LOCAL", 4: "20210924143000+0200",
                        7: "45", 8: "min"]),
        segment("NTE", [1: "1", 3: "Consultation room prepared"]),
        segment("AIG", [1: "1", 2: "A", 3: "ECG-2^ECG cart 2", 4: "EQUIPMENT"]),
        segment("AIL", [1: "1", 2: "A", 3: "ROOM3^3^^NORTHCLINIC^^^MAIN^2^Room three"]),
        segment("AIP", [1: "1", 2: "A", 3: "D42^Nguyen^Thi^B^^Dr^^^NCL&1.2.826.0.1.5&ISO", 4: "PROV"]),
        segment("ZFD", [1: "vendor", 2: "extension^data"]))
}

/// Deterministic noise, so garbage is the same garbage on every run. This is the
/// SplitMix64 of `FrontDeskCore.SeededGenerator`; the package this was written in
/// has no FrontDeskCore, so once moved, delete this and use that one.

extension RandomNumberGenerator {
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}
