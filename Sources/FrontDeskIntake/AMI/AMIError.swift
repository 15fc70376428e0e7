import Foundation

/// Why the AMI adapter stopped or dropped a link. Messages are for the operator and
/// never carry caller details (patient data stays out of logs).
public enum AMIError: Error, Equatable, CustomStringConvertible {
    /// The PBX refused our credentials: fatal, never retried (a retry loop would
    /// hammer the PBX with a wrong password and can lock the account out).
    case authenticationFailed(user: String, message: String)
    /// The peer is not an Asterisk manager, or sent something no manager sends.
    case protocolViolation(String)
    /// The link could not be made or was lost: retried with backoff.
    case linkLost(String)
    /// Bad configuration (desk map, secret, names with line breaks): fatal.
    case configuration(String)

    public var description: String {
        switch self {
        case let .authenticationFailed(user, message):
            return "the PBX refused the login for manager user \"\(user)\": \(message)"
        case let .protocolViolation(what): return "the PBX sent \(what)"
        case let .linkLost(why): return why
        case let .configuration(what): return what
        }
    }

    /// Only a lost link is worth another attempt.
    public var isRetryable: Bool {
        switch self {
        case .linkLost, .protocolViolation: return true
        case .authenticationFailed, .configuration: return false
        }
    }
}
