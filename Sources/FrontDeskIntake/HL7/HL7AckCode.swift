import Foundation

/// MSA-1 in original acknowledgment mode (HL7 table 0008).
public enum HL7AckCode: String, Sendable {
    /// AA: the message was applied.
    case accept = "AA"
    /// AE: the message was understood but its content is wrong; resending it unchanged will fail again.
    case error = "AE"
    /// AR: the message was refused for a reason other than its content (type, event, version, frame).
    case reject = "AR"
}
