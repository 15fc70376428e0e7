import Foundation

/// Who is using a console. The OS login identifies the person; the role decides what they see.
public enum Role: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case receptionist, supervisor, admin
    /// A program, not a person: the feed, the AMI adapter, the HL7 listener. It may feed
    /// events in and read the live status, nothing else, and ranks below every person.
    case integration

    private var rank: Int {
        switch self {
        case .integration: return -1
        case .receptionist: return 0
        case .supervisor: return 1
        case .admin: return 2
        }
    }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// The person and place behind every change (the audit trail records both).
public struct Actor: Equatable, Hashable, Sendable, Codable {
    public var login: String
    public var desk: String
    public var role: Role
    public init(login: String, desk: String, role: Role) {
        self.login = login; self.desk = desk; self.role = role
    }
}
