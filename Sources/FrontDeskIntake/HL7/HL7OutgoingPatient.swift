import Foundation

/// A patient FrontDesk announces as ADT: A04 (registered, or arrived for an outpatient
/// visit), A08 (updated), A28 (a person added without a visit), A10 (arriving).
///
/// The demographics keep HL7's three states, which matter most here: an A08
/// with `.null` sends `""` and tells the receiver to delete its value, while
/// `.empty` sends nothing and leaves the receiver's value alone.
public struct HL7OutgoingPatient: Sendable, Equatable {
    public enum Trigger: String, Sendable {
        case registered = "A04"
        case updated = "A08"
        case arriving = "A10"
        case personAdded = "A28"

        /// MSH-9.3, the message structure the standard gives each trigger.
        var structure: String {
            switch self {
            case .registered, .updated: "ADT_A01"
            case .arriving: "ADT_A09"
            case .personAdded: "ADT_A05"
            }
        }
    }

    public var demographics: HL7PatientDemographics
    /// PV1-2, table 0004; a clinic visit is O, outpatient.
    public var patientClass: String
    public var visitNumber: HL7Identifier?
    public var attendingDoctor: HL7Provider?
    public var assignedLocation: HL7Location?
    /// PV1-44, when the visit began (the check-in).
    public var admitted: Date?
    /// EVN-2, when the change was recorded here (not when the message happens to be sent).
    public var recorded: Date?

    public init(demographics: HL7PatientDemographics, patientClass: String = "O", visitNumber: HL7Identifier? = nil,
                attendingDoctor: HL7Provider? = nil, assignedLocation: HL7Location? = nil, admitted: Date? = nil) {
        self.demographics = demographics
        self.patientClass = patientClass
        self.visitNumber = visitNumber
        self.attendingDoctor = attendingDoctor
        self.assignedLocation = assignedLocation
        self.admitted = admitted
    }

    public func recorded(at date: Date) -> HL7OutgoingPatient { var c = self; c.recorded = date; return c }

    /// The ADT message text: MSH, EVN, PID, PV1, in the trigger's structure.
    public func adtMessage(_ trigger: Trigger, header: HL7OutgoingHeader) -> String {
        let encoder = header.encoder
        var evn = HL7SegmentWriter("EVN")
        // EVN-1 repeats MSH-9.2 for older readers; it was withdrawn in v2.7.
        if header.parsedVersion < .v2_7 { evn[1] = trigger.rawValue }
        evn[2] = header.timestampText(recorded ?? header.timestamp)

        var pv1 = HL7SegmentWriter("PV1")
        pv1[1] = "1"
        pv1[2] = encoder.leaf(patientClass)
        pv1[3] = assignedLocation?.encoded(encoder) ?? ""
        pv1[7] = attendingDoctor?.encodedAsPerson(encoder) ?? ""
        pv1[19] = visitNumber?.encoded(encoder) ?? ""
        pv1[44] = admitted.map { header.timestampText($0) } ?? ""

        let msh = header.mshSegment(type: "ADT", trigger: trigger.rawValue, structure: trigger.structure)
        return HL7SegmentWriter.message([msh, evn, demographics.pidSegment(encoder), pv1],
                                        separators: header.separators)
    }
}
