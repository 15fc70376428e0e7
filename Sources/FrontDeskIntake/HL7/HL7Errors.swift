import Foundation

/// HL7 table 0357, message error condition codes: what ERR-3 (ERR-1.4 before v2.5) carries.
public enum HL7ErrorCode: Int, Sendable, CaseIterable {
    case segmentSequenceError = 100
    case requiredFieldMissing = 101
    case dataTypeError = 102
    case tableValueNotFound = 103
    case unsupportedMessageType = 200
    case unsupportedEventCode = 201
    case unsupportedProcessingID = 202
    case unsupportedVersionID = 203
    case unknownKeyIdentifier = 204
    case duplicateKeyIdentifier = 205
    case applicationRecordLocked = 206
    case applicationInternalError = 207

    /// The table's own wording, sent as the code's text.
    public var text: String {
        switch self {
        case .segmentSequenceError: "Segment sequence error"
        case .requiredFieldMissing: "Required field missing"
        case .dataTypeError: "Data type error"
        case .tableValueNotFound: "Table value not found"
        case .unsupportedMessageType: "Unsupported message type"
        case .unsupportedEventCode: "Unsupported event code"
        case .unsupportedProcessingID: "Unsupported processing id"
        case .unsupportedVersionID: "Unsupported version id"
        case .unknownKeyIdentifier: "Unknown key identifier"
        case .duplicateKeyIdentifier: "Duplicate key identifier"
        case .applicationRecordLocked: "Application record locked"
        case .applicationInternalError: "Application internal error"
        }
    }
}

/// Where in a message something went wrong: the ERL data type
/// (segment id ^ segment sequence ^ field position ^ repetition ^ component ^ sub-component).
public struct HL7ErrorLocation: Sendable, Equatable, CustomStringConvertible {
    public var segment: String
    /// Occurrence of that segment name, 1 for the first.
    public var sequence: Int
    public var field: Int?
    public var repetition: Int?
    public var component: Int?
    public var subComponent: Int?

    public init(segment: String, sequence: Int = 1, field: Int? = nil, repetition: Int? = nil,
                component: Int? = nil, subComponent: Int? = nil) {
        self.segment = segment
        self.sequence = sequence
        self.field = field
        self.repetition = repetition
        self.component = component
        self.subComponent = subComponent
    }

    /// `PID-7`, `SCH-11.4`: how people write a position.
    public var description: String {
        guard let field else { return segment }
        return "\(segment)-\(field)" + (component.map { ".\($0)" } ?? "")
    }
}

/// What one ERR segment reports: the code, where, and a sentence for the person reading it.
public struct HL7ErrorDetail: Sendable, Equatable, CustomStringConvertible {
    public var code: HL7ErrorCode
    public var location: HL7ErrorLocation?
    public var message: String

    public init(code: HL7ErrorCode, location: HL7ErrorLocation?, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { message }
}

/// A message that could not be parsed. Carries whatever header could be read,
/// so the ACK can still echo MSH-10 and address the sender.
public struct HL7ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var detail: HL7ErrorDetail
    public var header: HL7MessageHeader?

    init(_ code: HL7ErrorCode, _ location: HL7ErrorLocation?, _ message: String, header: HL7MessageHeader? = nil) {
        detail = HL7ErrorDetail(code: code, location: location, message: message)
        self.header = header
    }

    public var description: String { detail.message }
}

/// A parsed message whose content we cannot apply: AE when a field is wrong,
/// AR when the message is of a kind we do not take at all.
public struct HL7ContentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var acknowledgment: HL7AckCode
    public var detail: HL7ErrorDetail

    public init(_ acknowledgment: HL7AckCode, _ code: HL7ErrorCode, _ location: HL7ErrorLocation?, _ message: String) {
        self.acknowledgment = acknowledgment
        detail = HL7ErrorDetail(code: code, location: location, message: message)
    }

    /// A field we need is empty: AE, 101.
    static func missing(_ location: HL7ErrorLocation, _ what: String) -> HL7ContentError {
        HL7ContentError(.error, .requiredFieldMissing, location, "\(location) \(what) is missing")
    }

    /// A field holds something of the wrong form: AE, 102.
    static func malformed(_ location: HL7ErrorLocation, _ what: String) -> HL7ContentError {
        HL7ContentError(.error, .dataTypeError, location, "\(location) \(what)")
    }

    public var description: String { detail.message }
}
