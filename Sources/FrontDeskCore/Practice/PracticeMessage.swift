import Foundation

/// What one message from the practice-management system (the EHR) says, whatever wire format
/// brought it: the store applies these, the HL7 reader makes them. The practice system is the
/// master of its own schedule and registrations, so none of these is refused for clashing with
/// the clinic's rules; a clash becomes a task for a person (`PracticeReview`).
public struct PracticeMessage: Equatable, Sendable {
    /// Who sent it (for HL7: MSH-3 and MSH-4). A control id is unique per sender.
    public var sender: String
    /// The sender's id for this message (HL7 MSH-10): a message applied once is never applied again.
    public var controlID: String
    /// What kind of message it was, for the record (`SIU^S12`, `ADT^A08`).
    public var kind: String
    public var change: PracticeChange

    public init(sender: String, controlID: String, kind: String, change: PracticeChange) {
        self.sender = sender; self.controlID = controlID; self.kind = kind; self.change = change
    }
}

public enum PracticeChange: Equatable, Sendable {
    case appointment(PracticeAppointment)
    case patient(PracticePatientChange)
}

/// A field as the sender sent it: left out (keep what is stored), cleared, or set.
public enum FieldUpdate<Value: Equatable & Sendable>: Equatable, Sendable {
    case keep
    case clear
    case set(Value)

    public var value: Value? {
        if case .set(let v) = self { return v }
        return nil
    }

    public func map<Other>(_ transform: (Value) throws -> Other) rethrows -> FieldUpdate<Other> {
        switch self {
        case .keep: .keep
        case .clear: .clear
        case .set(let v): .set(try transform(v))
        }
    }
}

/// One of a patient's identifiers in the practice system: the same number from two authorities
/// is two different people, so a patient is matched on both.
public struct PracticeIdentifier: Hashable, Sendable {
    public var id: String
    /// Who assigned it; "" when the sender did not say.
    public var authority: String
    /// What kind of number it is (HL7 table 0203: MR medical record number, PI, SS…).
    public var type: String?

    public init(id: String, authority: String = "", type: String? = nil) {
        self.id = id; self.authority = authority; self.type = type
    }
}

/// Who the practice system says the patient is.
public struct PracticePatient: Equatable, Sendable {
    public var identifiers: [PracticeIdentifier]
    public var familyName: FieldUpdate<String>
    public var givenName: FieldUpdate<String>
    /// `yyyy-MM-dd`.
    public var dateOfBirth: FieldUpdate<String>
    public var sex: FieldUpdate<String>
    public var phone: FieldUpdate<String>
    public var address: FieldUpdate<String>

    public init(identifiers: [PracticeIdentifier], familyName: FieldUpdate<String> = .keep,
                givenName: FieldUpdate<String> = .keep, dateOfBirth: FieldUpdate<String> = .keep,
                sex: FieldUpdate<String> = .keep, phone: FieldUpdate<String> = .keep, address: FieldUpdate<String> = .keep) {
        self.identifiers = identifiers; self.familyName = familyName; self.givenName = givenName
        self.dateOfBirth = dateOfBirth; self.sex = sex; self.phone = phone; self.address = address
    }

    /// The identifier that is the clinic's MRN: the first marked MR, else the first.
    public var medicalRecordNumber: PracticeIdentifier? {
        identifiers.first { $0.type?.uppercased() == "MR" } ?? identifiers.first
    }

    /// "Family, Given" as sent, for a task a person reads; nil when no name was sent.
    public var listedName: String? {
        guard let family = familyName.value else { return givenName.value }
        let given = givenName.value ?? ""
        return given.isEmpty ? family : "\(family), \(given)"
    }
}

/// What the practice system did to one appointment (HL7 SIU S12 … S26).
public enum PracticeAppointmentAction: String, Sendable, CaseIterable, Codable {
    case book, reschedule, modify, cancel, delete, noShow = "no-show"
}

public struct PracticeAppointment: Equatable, Sendable {
    public var action: PracticeAppointmentAction
    /// The scheduling system's appointment id (HL7 SCH-2): the appointment's key.
    public var fillerID: String
    /// The requesting system's id (HL7 SCH-1), when it sent one.
    public var placerID: String?
    public var start: Date?
    public var minutes: Int?
    /// The sender's id and name for the provider.
    public var providerID: String?
    public var providerName: String?
    public var typeCode: String?
    public var typeName: String?
    public var location: String?
    /// The part of the location that names a place in the clinic (the room, else the point
    /// of care): what is compared with the clinic's rooms.
    public var locationCode: String?
    public var patient: PracticePatient?

    public init(action: PracticeAppointmentAction, fillerID: String, placerID: String? = nil, start: Date? = nil,
                minutes: Int? = nil, providerID: String? = nil, providerName: String? = nil, typeCode: String? = nil,
                typeName: String? = nil, location: String? = nil, locationCode: String? = nil, patient: PracticePatient? = nil) {
        self.action = action; self.fillerID = fillerID; self.placerID = placerID; self.start = start
        self.minutes = minutes; self.providerID = providerID; self.providerName = providerName
        self.typeCode = typeCode; self.typeName = typeName; self.location = location
        self.locationCode = locationCode ?? location; self.patient = patient
    }

    /// How the appointment is known in the visit table: `HL7:<filler id>`.
    public var reference: String { PracticeAppointment.reference(fillerID) }
    public static func reference(_ fillerID: String) -> String { "HL7:\(fillerID)" }
}

/// What the practice system did to a patient (HL7 ADT A04, A08, A03, A40).
public enum PracticePatientAction: Equatable, Sendable {
    case register
    case update
    /// The patient's visit today is over.
    case endVisit
    /// `prior` ceased to exist: everything of theirs now belongs to the patient named.
    case merge(prior: [PracticeIdentifier])
}

public struct PracticePatientChange: Equatable, Sendable {
    public var action: PracticePatientAction
    public var patient: PracticePatient
    public init(action: PracticePatientAction, patient: PracticePatient) { self.action = action; self.patient = patient }
}

/// The names intake refusals of a practice message use for its fields, so a reader of the
/// message (HL7) can say where in it the problem was.
public enum PracticeField: String, Sendable, CaseIterable {
    case patient = "patient"
    case patientIdentifier = "patient.identifier"
    case familyName = "patient.family_name"
    case givenName = "patient.given_name"
    case dateOfBirth = "patient.date_of_birth"
    case sex = "patient.sex"
    case phone = "patient.phone"
    case address = "patient.address"
    case priorIdentifier = "patient.prior_identifier"
    case fillerID = "appointment.filler_id"
    case placerID = "appointment.placer_id"
    case start = "appointment.start"
    case minutes = "appointment.minutes"
    case providerID = "appointment.provider_id"
    case providerName = "appointment.provider_name"
    case typeCode = "appointment.type_code"
    case typeName = "appointment.type_name"
    case location = "appointment.location"
}
