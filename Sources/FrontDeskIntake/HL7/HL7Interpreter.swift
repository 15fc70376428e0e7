import Foundation

/// What a message asks FrontDesk to do.
public enum HL7Event: Sendable, Equatable {
    case schedule(HL7ScheduleEvent)
    case patient(HL7PatientEvent)
}

/// Decides what a parsed message means: which event, or why it cannot be applied.
///
/// AR (reject) for what we do not take at all: a version outside the supported
/// range (203), a message type other than SIU or ADT (200), a trigger we do not
/// handle (201). AE (error) for a message we take whose content is wrong.
public struct HL7Interpreter: Sendable {
    public struct Options: Sendable {
        /// The zone for timestamps sent without an offset: the sender's local time.
        public var defaultTimeZone: TimeZone
        public var supportedVersions: ClosedRange<HL7Version>
        /// How long one unit is when a duration comes without units (SCH-9 without
        /// SCH-10, AIS-7 without AIS-8, a bare number in SCH-11.3). Read literally,
        /// chapter 10 falls back to the ISO base unit (seconds), but senders that
        /// leave the unit out mean minutes (nobody books a 30-second visit), so
        /// minutes is the default; set 1 for a sender that really means seconds.
        public var unitlessDurationSeconds: TimeInterval

        public init(defaultTimeZone: TimeZone, supportedVersions: ClosedRange<HL7Version> = .v2_3 ... .latestSupported,
                    unitlessDurationSeconds: TimeInterval = 60) {
            self.defaultTimeZone = defaultTimeZone
            self.supportedVersions = supportedVersions
            self.unitlessDurationSeconds = unitlessDurationSeconds
        }
    }

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    public func interpret(_ message: HL7Message) throws(HL7ContentError) -> HL7Event {
        let header = message.header
        try checkVersion(header)
        guard let type = header.messageType else {
            throw HL7ContentError.missing(HL7ErrorLocation(segment: "MSH", field: 9, component: 1), "message type")
        }
        // Some v2.3 senders leave MSH-9.2 empty and name the event only in EVN-1.
        let trigger = header.triggerEvent ?? message.segment("EVN")?.text(1)?.uppercased()
        switch type {
        case "SIU":
            guard let trigger, let schedule = HL7ScheduleTrigger(rawValue: trigger) else {
                throw unsupportedTrigger(type, trigger, supported: HL7ScheduleTrigger.allCases.map(\.rawValue))
            }
            return .schedule(try HL7ScheduleEvent(message: message, trigger: schedule, options: options))
        case "ADT":
            guard let trigger, let action = HL7PatientAction.triggers[trigger] else {
                throw unsupportedTrigger(type, trigger, supported: HL7PatientAction.triggers.keys.sorted())
            }
            return .patient(try HL7PatientEvent(message: message, trigger: trigger, action: action, options: options))
        default:
            throw HL7ContentError(.reject, .unsupportedMessageType, HL7ErrorLocation(segment: "MSH", field: 9, component: 1),
                                  "message type \(type) is not supported (SIU and ADT are)")
        }
    }

    /// A missing MSH-12 is accepted (it is required, but refusing a message for it
    /// helps nobody); one we cannot read or outside the range is refused.
    private func checkVersion(_ header: HL7MessageHeader) throws(HL7ContentError) {
        guard let text = header.versionText else { return }
        let range = options.supportedVersions
        guard let version = header.version, range.contains(version) else {
            throw HL7ContentError(.reject, .unsupportedVersionID, HL7ErrorLocation(segment: "MSH", field: 12),
                                  "version \(text) is not supported (\(range.lowerBound) to \(range.upperBound.major).\(range.upperBound.minor).x are)")
        }
    }

    private func unsupportedTrigger(_ type: String, _ trigger: String?, supported: [String]) -> HL7ContentError {
        guard let trigger else {
            return HL7ContentError(.error, .requiredFieldMissing, HL7ErrorLocation(segment: "MSH", field: 9, component: 2),
                                   "MSH-9.2 trigger event is missing")
        }
        return HL7ContentError(.reject, .unsupportedEventCode, HL7ErrorLocation(segment: "MSH", field: 9, component: 2),
                               "\(type)^\(trigger) is not supported (\(supported.joined(separator: ", ")) are)")
    }
}
