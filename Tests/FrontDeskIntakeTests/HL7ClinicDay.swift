import Foundation
import FrontDeskCore
import FrontDeskStore
@testable import FrontDeskIntake

/// A clinic's Monday (1 June 2026, New York) as two practice systems send it, written from
/// the standard's segment definitions with `HL7Fixture`'s numbered fields:
///
/// - SMALLPMS, a small practice system speaking sparse v2.3: timing only in SCH-9/10/11,
///   no offsets (the clinic's zone applies), one AIP, the legacy ERR in its ACKs;
/// - EHRCORE, a large EHR speaking rich v2.8: MSH-9.3 and MSH-21, TQ1, every resource
///   segment (AIS, AIG, AIL, AIP) with repetitions, several PID-3 identifiers with OIDs,
///   PID-5 name types, offsets and fractions in timestamps, NTEs and a Z-segment.
///
/// With a resend, a message type we do not take, an event we do not take, a message without
/// its filler id, a birth date in the future and a frame that is not HL7 at all.
enum HL7ClinicDay {
    typealias F = HL7Fixture
    static let zone = TimeZone(identifier: "America/New_York")!
    /// 07:00 on the day.
    static let now = zone.date(CivilDate(year: 2026, month: 6, day: 1)!, at: TimeOfDay(7))
    static func at(_ h: Int, _ m: Int = 0) -> Date { zone.date(CivilDate(year: 2026, month: 6, day: 1)!, at: TimeOfDay(h, m)) }

    static let calendar = """
    time_zone = "America/New_York"

    [[type]]
    code = "follow-up"
    name = "Follow-up"
    minutes = 15

    [[type]]
    code = "new"
    name = "New patient"
    minutes = 30

    [[provider]]
    id = "okafor"
    name = "Dr Okafor"
    slot_minutes = 15
    mon = ["08:00-12:00", "13:00-17:00"]
    """

    /// One message: segments joined by CR, as they travel.
    static func message(_ segments: [String]) -> String { segments.map { $0 + "\r" }.joined() }

    static func sparse(_ type: String, _ control: String, _ segments: String...) -> String {
        message([F.msh(type, control: control, version: "2.3", [3: "SMALLPMS", 4: "CLINIC", 7: "202606010655"])] + segments)
    }

    static func rich(_ type: String, _ control: String, _ segments: String...) -> String { rich(type, control, segments) }

    static func rich(_ type: String, _ control: String, _ segments: [String]) -> String {
        message([F.msh(type, control: control, version: "2.8",
                       [3: "EHRCORE^1.2.840.114350.1^ISO", 4: "NORTH^2.16.840.1.113883.3.7^ISO", 5: "FRONTDESK", 6: "NORTHCLINIC",
                        7: "20260601065912.0417-0400", 15: "AL", 16: "NE", 18: "UNICODE UTF-8",
                        21: "SIU_PROFILE^EHRCORE^1.2.840.114350.1.9^ISO"])] + segments)
    }

    static let chidi = F.segment("PID", [1: "1", 3: "4711^^^NCL^MR", 5: "Okafor^Chidi", 7: "19800315", 8: "M", 13: "(555)010-2233"])
    static let ana = F.segment("PID", [1: "1", 3: "4712^^^NCL^MR", 5: "Lindqvist^Ana", 7: "19900517", 8: "F"])
    static let anna = F.segment("PID", [
        1: "1", 3: "556677^^^NCL&1.2.826.0.1.7&ISO^MR~7561234567897^^^CHE-AHV&2.16.756.5.32&ISO^SS",
        5: "Meier-Lüthi&Meier^Anna^Katharina^^^^L~Meier^Anna^^^^^M", 7: "19920229", 8: "F",
        11: "Bahnhofstrasse 1^^Z\\XC3BC\\rich^^8001^CH^H", 13: "^PRN^PH^^41^44^5550101~^NET^Internet^anna@example.org",
        15: "de^German^ISO6391", 16: "M^Married^HL70002"])

    /// The rich sender's resource group, repeated fields and all.
    static func resources(start: String) -> [String] {
        [F.segment("RGS", [1: "1", 2: "A"]),
         F.segment("AIS", [1: "1", 2: "A", 3: "new^New patient visit^LOCAL~99203^Office visit new^CPT", 4: start,
                           7: "30", 8: "min^minutes^UCUM"]),
         F.segment("NTE", [1: "1", 3: "Interpreter not needed"]),
         F.segment("AIG", [1: "1", 2: "A", 3: "ECG-2^ECG cart 2", 4: "EQUIPMENT^Equipment"]),
         F.segment("AIL", [1: "1", 2: "A", 3: "ROOM3^3^^NORTHCLINIC&1.2.3&ISO^^^MAIN^2^Room three", 4: "EXAM^Exam room"]),
         F.segment("AIP", [1: "1", 2: "A", 3: "okafor^Okafor^Chidi^^^Dr^^^NCL&1.2.826.0.1.5&ISO~OK1^Okafor^C^^^^^^LEGACY",
                           4: "PROV^Provider^HL70443"])]
    }

    /// What each frame should get back, in order: the control id it echoes and MSA-1.
    struct Step {
        var frame: String
        var control: String?
        var code: String
        /// For AE and AR: where ERR says the problem is (v2.5+ ERR-2, v2.3 ERR-1).
        var errorAt: String?
    }

    /// The day, in the order the frames arrive. `deskActsBefore` names the steps before which
    /// the desk does something (arrivals), by control id.
    static let steps: [Step] = [
        Step(frame: sparse("ADT^A04", "S-001",
                           F.segment("EVN", [1: "A04", 2: "202606010650"]), chidi, F.segment("PV1", [1: "1", 2: "O"])),
             control: "S-001", code: "AA"),
        Step(frame: s002, control: "S-002", code: "AA"),
        Step(frame: sparse("SIU^S12", "S-003",
                           F.segment("SCH", [2: "FL-101", 7: "follow-up", 9: "20", 10: "MIN", 11: "^^20^202606010930"]),
                           ana, F.segment("RGS", [1: "1"]), F.segment("AIP", [1: "1", 3: "D17^Varga^Ilona"])),
             control: "S-003", code: "AA"),
        // The practice system did not hear our ACK and sends S-002 again.
        Step(frame: s002, control: "S-002", code: "AA"),
        Step(frame: sparse("SIU^S13", "S-004",
                           F.segment("SCH", [1: "PL-1", 2: "FL-100", 7: "follow-up", 11: "^^15^202606011000", 25: "Booked"]),
                           chidi, F.segment("RGS", [1: "1"]), F.segment("AIP", [1: "1", 3: "okafor^Okafor^Chidi"])),
             control: "S-004", code: "AA"),
        Step(frame: sparse("ORM^O01", "S-005", F.segment("ORC", [1: "NW", 2: "ORD-1"]), chidi),
             control: "S-005", code: "AR", errorAt: "MSH-9"),
        Step(frame: sparse("SIU^S12", "S-006", F.segment("SCH", [1: "PL-9", 11: "^^15^202606011100"]), chidi),
             control: "S-006", code: "AE", errorAt: "SCH-2"),
        Step(frame: sparse("SIU^S15", "S-007", F.segment("SCH", [2: "FL-101", 25: "Cancelled"]), ana),
             control: "S-007", code: "AA"),
        Step(frame: sparse("ADT^A08", "S-008", F.segment("EVN", [1: "A08", 2: "202606010705"]),
                           F.segment("PID", [1: "1", 3: "4711^^^NCL^MR", 5: "Okafor^Chidi", 11: "12 Elm St^^Springfield^MA^01101",
                                             13: "\"\""])),
             control: "S-008", code: "AA"),
        Step(frame: sparse("SIU^S26", "S-009", F.segment("SCH", [2: "FL-100", 25: "Noshow"]), chidi),
             control: "S-009", code: "AA"),

        Step(frame: rich("SIU^S12^SIU_S12", "R-001", [richSCH, tq1(end: "202606011130-0400"),
                         F.segment("NTE", [1: "1", 3: "Bring the referral letter~and the insurance card"]),
                         anna, F.segment("PV1", [1: "1", 2: "O", 3: "CONS^^^NORTHCLINIC"])]
                         + resources(start: "202606011100-0400")
                         + [F.segment("ZFD", [1: "vendor", 2: "extension^data", 3: "more~data"])]),
             control: "R-001", code: "AA"),
        Step(frame: rich("SIU^S14^SIU_S12", "R-002", richSCH, tq1(end: "202606011145-0400"), anna,
                         F.segment("RGS", [1: "1", 2: "U"]),
                         F.segment("AIP", [1: "1", 2: "U", 3: "okafor^Okafor^Chidi^^^Dr^^^NCL&1.2.826.0.1.5&ISO"])),
             control: "R-002", code: "AA"),
        Step(frame: rich("ADT^A04^ADT_A01", "R-003", F.segment("EVN", [2: "20260601071500-0400"]),
                         F.segment("PID", [1: "1", 3: "998877^^^NCL&1.2.826.0.1.7&ISO^MR", 5: "Meier^Anna^^^^^L", 7: "19920229", 8: "F"]),
                         F.segment("PV1", [1: "1", 2: "O"])),
             control: "R-003", code: "AA"),
        Step(frame: rich("ADT^A40^ADT_A39", "R-004", F.segment("EVN", [2: "20260601072000-0400"]),
                         F.segment("PID", [1: "1", 3: "556677^^^NCL&1.2.826.0.1.7&ISO^MR", 5: "Meier-Lüthi&Meier^Anna^Katharina^^^^L"]),
                         F.segment("MRG", [1: "998877^^^NCL&1.2.826.0.1.7&ISO^MR"])),
             control: "R-004", code: "AA"),
        // Another person under Chidi's MRN: a task, not an overwrite.
        Step(frame: rich("ADT^A08^ADT_A01", "R-005", F.segment("EVN", [2: "20260601072500-0400"]),
                         F.segment("PID", [1: "1", 3: "4711^^^NCL&1.2.826.0.1.7&ISO^MR", 5: "Smith^John^^^^^L", 7: "19610704", 8: "M"])),
             control: "R-005", code: "AA"),
        Step(frame: rich("ADT^A08^ADT_A01", "R-006", F.segment("EVN", [2: "20260601072600-0400"]),
                         F.segment("PID", [1: "1", 3: "556677^^^NCL&1.2.826.0.1.7&ISO^MR", 7: "20900101"])),
             control: "R-006", code: "AE", errorAt: "PID-7"),
        Step(frame: rich("SIU^S99^SIU_S12", "R-007", richSCH), control: "R-007", code: "AR", errorAt: "MSH-9.2"),
        Step(frame: "NOT HL7 AT ALL\r", control: nil, code: "AE"),
        // By now Anna has been seen (the desk moved her visit along): the visit ends.
        Step(frame: rich("ADT^A03^ADT_A03", "R-008", F.segment("EVN", [2: "20260601121000-0400"]),
                         F.segment("PID", [1: "1", 3: "556677^^^NCL&1.2.826.0.1.7&ISO^MR"]),
                         F.segment("PV1", [1: "1", 2: "O", 45: "20260601121000-0400"])),
             control: "R-008", code: "AA"),
    ]

    static let s002 = sparse("SIU^S12", "S-002",
                             F.segment("SCH", [1: "PL-1", 2: "FL-100", 7: "follow-up", 9: "15", 10: "MIN",
                                               11: "^^15^202606010900", 25: "Booked"]),
                             chidi, F.segment("RGS", [1: "1"]), F.segment("AIP", [1: "1", 3: "okafor^Okafor^Chidi"]))

    static let richSCH = F.segment("SCH", [
        1: "PL-5150^EHRCORE", 2: "FL-5150^EHRCORE^1.2.840.114350.1.5^ISO", 6: "NEW^New booking^HL70276",
        7: "new^New patient visit^LOCAL", 8: "NORMAL^Normal^HL70277", 16: "CLERK9^Brandt^Heike",
        20: "CLERK9^Brandt^Heike", 25: "Booked^Booked^HL70278"])

    static func tq1(end: String) -> String {
        F.segment("TQ1", [1: "1", 7: "202606011100-0400", 8: end, 9: "R^Routine^HL70485"])
    }

    /// The steps after which the desk acts, and what it does (the test performs it).
    enum DeskAct { case none, seeAnna }
    static func deskAct(before step: Step) -> DeskAct { step.control == "R-008" ? .seeAnna : .none }
}
