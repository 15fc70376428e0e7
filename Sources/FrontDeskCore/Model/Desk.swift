import Foundation

/// A front-desk position. At most one active task; what it put aside is a stack.
public struct Desk: Equatable, Hashable, Sendable, Codable {
    public var name: String
    /// OS login of the person signed in at the desk, if any.
    public var user: String?
    public var activeTaskID: Int64?
    /// Suspended tasks, most recently suspended last.
    public var suspendedTaskIDs: [Int64]
    /// A supervisor's one-line note shown on the desk's status line.
    public var note: String?
    public var lastSeen: Date?

    public init(name: String, user: String? = nil, activeTaskID: Int64? = nil,
                suspendedTaskIDs: [Int64] = [], note: String? = nil, lastSeen: Date? = nil) {
        self.name = name; self.user = user; self.activeTaskID = activeTaskID
        self.suspendedTaskIDs = suspendedTaskIDs; self.note = note; self.lastSeen = lastSeen
    }
}
