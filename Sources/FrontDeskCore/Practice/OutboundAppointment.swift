import Foundation

/// An appointment change made in FrontDesk (a booking, a move, a cancel, a no-show) that the
/// practice system is told about, as it stood when it was made: a later change is a message
/// of its own and never rewrites what this one says.
public struct OutboundAppointment: Codable, Equatable, Sendable {
    public var event: PracticeAppointmentAction
    public var visitID: Int64
    /// SCH-2: the practice's own id when the appointment came from it, else ours (`FD-12`, or
    /// the id an import brought).
    public var fillerID: String
    /// SCH-1: the practice's placer id, when it sent one.
    public var placerID: String?
    public var start: Date
    public var minutes: Int
    public var providerID: String?
    public var providerName: String
    public var typeCode: String?
    public var typeName: String?
    /// Why it was cancelled, as the desk said.
    public var reason: String?
    public var patientMRN: String
    public var familyName: String
    public var givenName: String
    public var dateOfBirth: String?
    public var sex: String?

    public init(event: PracticeAppointmentAction, visitID: Int64, fillerID: String, placerID: String? = nil, start: Date,
                minutes: Int, providerID: String?, providerName: String, typeCode: String?, typeName: String?,
                reason: String? = nil, patientMRN: String, familyName: String, givenName: String,
                dateOfBirth: String? = nil, sex: String? = nil) {
        self.event = event; self.visitID = visitID; self.fillerID = fillerID; self.placerID = placerID
        self.start = start; self.minutes = minutes; self.providerID = providerID; self.providerName = providerName
        self.typeCode = typeCode; self.typeName = typeName; self.reason = reason; self.patientMRN = patientMRN
        self.familyName = familyName; self.givenName = givenName; self.dateOfBirth = dateOfBirth; self.sex = sex
    }
}
