import Foundation

/// The SIU trigger events FrontDesk takes, named for what happened.
public enum HL7ScheduleTrigger: String, Sendable, CaseIterable {
    case booked = "S12"
    case rescheduled = "S13"
    case modified = "S14"
    case cancelled = "S15"
    case deleted = "S17"
    case noShow = "S26"

    /// A new booking or a move must say when; a cancellation or a no-show needs only the ids.
    var requiresStart: Bool { self == .booked || self == .rescheduled }
}

/// What an SIU message says about one appointment, independent of any store.
///
/// The appointment is keyed by `fillerID` (SCH-2), with `placerID` (SCH-1) as
/// the other system's key when it sent one.
public struct HL7ScheduleEvent: Sendable, Equatable {
    public var trigger: HL7ScheduleTrigger
    /// SCH-1: the placer's (requesting system's) appointment id.
    public var placerID: HL7EntityIdentifier?
    /// SCH-2: the filler's (scheduling system's) appointment id. Always present.
    public var fillerID: HL7EntityIdentifier
    public var start: HL7Timestamp?
    /// Seconds.
    public var duration: TimeInterval?
    /// Which fields the start and the duration came from, e.g. `TQ1-7`, `AIS-7`.
    public var startSource: HL7ErrorLocation?
    public var durationSource: HL7ErrorLocation?
    /// The resolved type: AIS-3, else SCH-7, else SCH-8 (see `HL7ScheduleEvent.resolvedType`).
    public var appointmentType: HL7CodedValue?
    /// SCH-7 appointment reason, SCH-8 appointment type, AIS-3 universal service id, as sent.
    public var reason: HL7CodedValue?
    public var type: HL7CodedValue?
    public var service: HL7CodedValue?
    /// AIP-3, else AIG-3, else PV1-7.
    public var provider: HL7Provider?
    /// AIL-3, else PV1-3.
    public var location: HL7Location?
    /// The first PID, when the message has one.
    public var patient: HL7PatientDemographics?
    /// SCH-25, HL7 table 0278 (Booked, Cancelled, Noshow, …).
    public var fillerStatus: HL7CodedValue?
    /// Every NTE-3 in message order; one note per NTE, repetitions joined by line breaks.
    public var notes: [String]

    public init(trigger: HL7ScheduleTrigger, placerID: HL7EntityIdentifier? = nil, fillerID: HL7EntityIdentifier,
                start: HL7Timestamp? = nil, duration: TimeInterval? = nil, startSource: HL7ErrorLocation? = nil,
                durationSource: HL7ErrorLocation? = nil, appointmentType: HL7CodedValue? = nil,
                reason: HL7CodedValue? = nil, type: HL7CodedValue? = nil, service: HL7CodedValue? = nil,
                provider: HL7Provider? = nil, location: HL7Location? = nil, patient: HL7PatientDemographics? = nil,
                fillerStatus: HL7CodedValue? = nil, notes: [String] = []) {
        self.trigger = trigger
        self.placerID = placerID
        self.fillerID = fillerID
        self.start = start
        self.duration = duration
        self.startSource = startSource
        self.durationSource = durationSource
        self.appointmentType = appointmentType
        self.reason = reason
        self.type = type
        self.service = service
        self.provider = provider
        self.location = location
        self.patient = patient
        self.fillerStatus = fillerStatus
        self.notes = notes
    }

    /// The end, when both a start and a duration are known.
    public var end: Date? {
        guard let start, let duration else { return nil }
        return start.date.addingTimeInterval(duration)
    }
}
