import Foundation

/// Something the outside world tells us: the one shape every source (`frontdesk feed`,
/// the Asterisk adapter, the simulator) produces, so all of them go through one store path.
public enum IntakeEvent: Equatable, Sendable {
    case callRinging(call: String, from: String, name: String?, reason: String?, queue: String?)
    case callAnswered(call: String, desk: String?)
    /// `reason` says why when the source closed it for us (e.g. vanished after a reconnect).
    case callEnded(call: String, reason: String?)
    case callAbandoned(call: String)
    case patientArrived(appointment: String)
    case walkinArrived(name: String, dateOfBirth: String?)
    /// `provider` (the calendar's id) and `inDays` say what a follow-up asks for ("in 2 weeks with
    /// Dr. Okafor": 14, "okafor"); the schedule opens next available with them.
    case providerRequest(patientMRN: String, kind: ProviderRequestKind, note: String?, due: Date?,
                         provider: String? = nil, inDays: Int? = nil)
    case emergency(desk: String?, note: String?)

    /// The `type` of the feed line this event is written as.
    public var typeName: String {
        switch self {
        case .callRinging: return "call.ringing"
        case .callAnswered: return "call.answered"
        case .callEnded: return "call.ended"
        case .callAbandoned: return "call.abandoned"
        case .patientArrived: return "patient.arrived"
        case .walkinArrived: return "walkin.arrived"
        case .providerRequest: return "provider.request"
        case .emergency: return "emergency"
        }
    }
}

public enum ProviderRequestKind: String, CaseIterable, Sendable, Codable, Hashable {
    case followUp = "follow-up"
    case discharge = "discharge"
    case referral = "referral"
    case results = "results"

    public var label: String {
        switch self {
        case .followUp: return "Schedule follow-up"
        case .discharge: return "Discharge information"
        case .referral: return "Referral"
        case .results: return "Results call"
        }
    }
}

/// An event with the time it happened (the `at` of a feed line) or nil for "now".
public struct TimedEvent: Equatable, Sendable {
    public var event: IntakeEvent
    public var at: Date?
    public init(_ event: IntakeEvent, at: Date? = nil) { self.event = event; self.at = at }
}
