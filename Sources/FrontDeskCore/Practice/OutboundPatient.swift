import Foundation

/// What FrontDesk did to a patient that the practice system should hear: a registration, a
/// correction of their demographics, or their check-in for a visit.
public enum OutboundPatientEvent: String, Sendable, CaseIterable, Codable {
    /// A record FrontDesk created (HL7 ADT A04 with its visit, A28 without one).
    case register
    /// Demographics corrected at the desk (HL7 ADT A08).
    case update
    /// The patient checked in for a visit: the visit event the practice is configured for.
    case checkIn = "check-in"
}

/// A patient's demographics as they stood when FrontDesk changed them, for one outbox message.
///
/// A value the desk *removed* is listed in `cleared`, so that the message says "delete yours"
/// (HL7 `""`) rather than nothing (which tells the receiver to keep what it has).
public struct OutboundPatient: Codable, Equatable, Sendable {
    /// The demographics HL7 carries that the desk can change.
    public enum Field: String, Codable, Sendable, CaseIterable {
        case dateOfBirth = "date-of-birth", sex, phone, email, address
    }

    public var event: OutboundPatientEvent
    public var patientID: Int64
    public var mrn: String
    public var familyName: String
    public var givenName: String
    public var dateOfBirth: String?
    public var sex: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var cleared: [Field]
    /// The visit this is about (a registration or correction at check-in, every check-in).
    public var visitID: Int64?
    /// The visit's appointment id as the practice knows it (its filler id, else ours).
    public var appointmentID: String?
    public var appointmentAt: Date?
    public var providerID: String?
    public var providerName: String?
    public var room: String?

    public init(event: OutboundPatientEvent, patient: Patient, cleared: [Field] = [], visitID: Int64? = nil,
                appointmentID: String? = nil, appointmentAt: Date? = nil, providerID: String? = nil,
                providerName: String? = nil, room: String? = nil) {
        self.event = event; self.patientID = patient.id; self.mrn = patient.mrn
        self.familyName = patient.familyName; self.givenName = patient.givenName
        self.dateOfBirth = patient.dateOfBirth; self.sex = patient.sex; self.phone = patient.phone
        self.email = patient.email; self.address = patient.address
        self.cleared = cleared; self.visitID = visitID; self.appointmentID = appointmentID
        self.appointmentAt = appointmentAt; self.providerID = providerID; self.providerName = providerName; self.room = room
    }

    /// Which demographics the practice should hear about between two versions of a record:
    /// `nil` when nothing it carries changed (no message), else the fields now removed.
    public static func correction(from old: Patient, to new: Patient) -> [Field]? {
        let pairs: [(Field, String?, String?)] = [
            (.dateOfBirth, old.dateOfBirth, new.dateOfBirth), (.sex, old.sex, new.sex), (.phone, old.phone, new.phone),
            (.email, old.email, new.email), (.address, old.address, new.address),
        ]
        let namesChanged = old.familyName != new.familyName || old.givenName != new.givenName
        let changed = pairs.filter { blank($0.1) != blank($0.2) }
        guard namesChanged || !changed.isEmpty else { return nil }
        return changed.filter { blank($0.2) == nil }.map(\.0)
    }

    private static func blank(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        return t
    }
}

/// One message in the outbox: about an appointment (SIU) or a patient (ADT).
public enum OutboundMessage: Equatable, Sendable {
    case appointment(OutboundAppointment)
    case patient(OutboundPatient)

    public var visitID: Int64? {
        switch self {
        case .appointment(let a): a.visitID
        case .patient(let p): p.visitID
        }
    }

    /// How a person reads it: "book of appointment FD-12", "check-in of patient M001".
    public var summary: String {
        switch self {
        case .appointment(let a): "\(a.event.rawValue) of appointment \(a.fillerID)"
        case .patient(let p): "\(p.event.rawValue) of patient \(p.mrn)"
        }
    }
}
