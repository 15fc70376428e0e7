import Foundation

/// What an ADT trigger asks the receiver to do with the patient.
public enum HL7PatientAction: String, Sendable, CaseIterable {
    /// A04 register (A01 admit is taken the same way: a clinic has no beds to admit to).
    case register
    /// A08 update (A31 update person information likewise).
    case update
    /// A03: the visit ended.
    case endVisit
    /// A40: the MRG identifiers are merged into the PID ones.
    case merge

    /// The triggers accepted for each action.
    static let triggers: [String: HL7PatientAction] = [
        "A04": .register, "A01": .register, "A08": .update, "A31": .update, "A03": .endVisit, "A40": .merge,
    ]
}

/// What an ADT message says about one patient, independent of any store.
public struct HL7PatientEvent: Sendable, Equatable {
    /// MSH-9.2 as sent (`A04`, `A01`, …).
    public var trigger: String
    public var action: HL7PatientAction
    /// The PID. For a merge, these are the surviving identifiers.
    public var patient: HL7PatientDemographics
    /// EVN-2, when the sender recorded the event.
    public var recordedAt: HL7Timestamp?
    /// PV1-2, HL7 table 0004 (O outpatient, E emergency, I inpatient, …).
    public var patientClass: String?
    /// PV1-19.
    public var visitNumber: HL7Identifier?
    /// PV1-7, first repetition.
    public var attendingDoctor: HL7Provider?
    /// PV1-3.
    public var assignedLocation: HL7Location?
    /// PV1-44 and PV1-45.
    public var admittedAt: HL7Timestamp?
    public var dischargedAt: HL7Timestamp?
    /// A40 only: MRG-1, the identifiers that cease to exist.
    public var priorIdentifiers: [HL7Identifier]

    public init(trigger: String, action: HL7PatientAction, patient: HL7PatientDemographics,
                recordedAt: HL7Timestamp? = nil, patientClass: String? = nil, visitNumber: HL7Identifier? = nil,
                attendingDoctor: HL7Provider? = nil, assignedLocation: HL7Location? = nil,
                admittedAt: HL7Timestamp? = nil, dischargedAt: HL7Timestamp? = nil,
                priorIdentifiers: [HL7Identifier] = []) {
        self.trigger = trigger
        self.action = action
        self.patient = patient
        self.recordedAt = recordedAt
        self.patientClass = patientClass
        self.visitNumber = visitNumber
        self.attendingDoctor = attendingDoctor
        self.assignedLocation = assignedLocation
        self.admittedAt = admittedAt
        self.dischargedAt = dischargedAt
        self.priorIdentifiers = priorIdentifiers
    }
}
