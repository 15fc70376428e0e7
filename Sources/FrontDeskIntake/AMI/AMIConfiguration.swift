import Foundation
import TextSafety

/// Everything the adapter needs to reach one Asterisk and follow its queues.
public struct AMIConfiguration: Sendable {
    public enum LoginMethod: String, Sendable {
        /// `Action: Challenge` then `Key: md5(challenge + secret)`: the secret never crosses the wire.
        case challengeMD5 = "md5"
        /// `Secret:` in the clear, for managers configured without challenge support.
        case plain
    }

    public var host: String
    public var port: UInt16
    public var username: String
    public var secret: String
    /// Queues to follow; empty follows every queue the manager user can see.
    public var queues: [String]
    public var deskMap: DeskMap
    public var login: LoginMethod
    public var backoff: ReconnectBackoff
    public var connectTimeout: TimeInterval = 5
    /// Longest wait for the reply to one action (login, QueueStatus).
    public var responseTimeout: TimeInterval = 10
    /// With no traffic for this long we send a Ping; with none for twice as long the
    /// link is declared lost (a dead peer behind NAT never sends a FIN).
    public var keepaliveInterval: TimeInterval = 20
    /// See `AMIQueueTranslator.leaveSettleTime`.
    public var leaveSettleTime: TimeInterval = 5
    /// How much the PBX may make the adapter hold (a line, a packet, a resynchronisation).
    public var limits = AMILimits()

    public init(host: String, port: UInt16 = 5038, username: String, secret: String,
                queues: [String] = [], deskMap: DeskMap = DeskMap(), login: LoginMethod = .challengeMD5,
                backoff: ReconnectBackoff = ReconnectBackoff()) {
        self.host = host; self.port = port; self.username = username; self.secret = secret
        self.queues = queues; self.deskMap = deskMap; self.login = login; self.backoff = backoff
    }

    /// Names we put into packets must not smuggle extra header lines into them.
    public func validate() throws {
        guard !host.isEmpty else { throw AMIError.configuration("--host is empty") }
        guard !username.isEmpty else { throw AMIError.configuration("--username is empty") }
        guard !secret.isEmpty else { throw AMIError.configuration("the AMI secret is empty") }
        let breaks = CharacterSet.newlines.union(.controlCharacters)
        if username.rangeOfCharacter(from: breaks) != nil { throw AMIError.configuration("--username contains a control character") }
        if secret.rangeOfCharacter(from: breaks) != nil { throw AMIError.configuration("the AMI secret contains a line break or control character") }
        for queue in queues where queue.isEmpty || queue.rangeOfCharacter(from: breaks) != nil {
            throw AMIError.configuration("--queue \"\(queue)\" is empty or contains a control character")
        }
    }
}

/// Waits between reconnect attempts: `initial`, doubling, at most `maximum`. Tests pass
/// millisecond figures so a reconnect is quick without any sleep in the test itself.
public struct ReconnectBackoff: Equatable, Sendable {
    public var initial: TimeInterval
    public var maximum: TimeInterval

    public init(initial: TimeInterval = 0.5, maximum: TimeInterval = 30) {
        self.initial = initial; self.maximum = maximum
    }

    /// The wait before attempt `failures + 1` after `failures` consecutive failures (≥ 1).
    public func delay(afterFailures failures: Int) -> TimeInterval {
        let doublings = Double(min(max(failures - 1, 0), 30))
        return min(maximum, initial * pow(2, doublings))
    }
}

/// One line on stderr per change of the link, in words an operator reads at a glance.
public enum AMIStatus: Equatable, Sendable {
    case connecting(host: String, port: UInt16)
    case connected(banner: String)
    case loggedIn(user: String, queues: [String])
    case synchronised(open: Int, closed: Int)
    case linkLost(reason: String, retryIn: TimeInterval)
    case eventNotRecorded(reason: String)
    /// Recorded, but not all the line asked for (a pick-up at a desk at its suspend cap).
    case eventRecordedWithWarning(reason: String)
    case stopped

    public var line: String {
        switch self {
        case let .connecting(host, port): return "connecting to \(host):\(port)"
        case let .connected(banner): return "connected: \(InertText.inert(banner))"
        case let .loggedIn(user, queues):
            return "logged in as \(InertText.inert(user)); following \(queues.isEmpty ? "every queue" : "queue " + queues.joined(separator: ", "))"
        case let .synchronised(open, closed):
            return "synchronised: \(open) call\(open == 1 ? "" : "s") open, \(closed) closed as gone while the link was down"
        case let .linkLost(reason, retryIn):
            return "link lost (\(InertText.inert(reason))); reconnecting in \(String(format: "%.1f", retryIn)) s"
        case let .eventNotRecorded(reason): return "a call event was not recorded: \(InertText.inert(reason))"
        case let .eventRecordedWithWarning(reason): return "a call event was recorded with a warning: \(InertText.inert(reason))"
        case .stopped: return "stopped"
        }
    }
}
