import Foundation

/// Why a desk refused to take, suspend or resume a task. Nothing changes when one is thrown.
public struct DeskWorkError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Desk {
    /// Takes `task` as the active task. The desk must be free and the task open and not held elsewhere.
    public mutating func take(_ task: inout DeskTask) throws {
        if let active = activeTaskID { throw DeskWorkError("desk \(name) is already working on task \(active)") }
        guard task.state == .queued || (task.state == .suspended && suspendedTaskIDs.contains(task.id))
            || (task.state == .suspended && task.desk == nil) else {
            throw DeskWorkError("task \(task.id) is \(task.state.rawValue) and cannot be taken by desk \(name)")
        }
        if let assigned = task.assignedDesk, assigned != name {
            throw DeskWorkError("task \(task.id) is assigned to desk \(assigned)")
        }
        suspendedTaskIDs.removeAll { $0 == task.id }
        activeTaskID = task.id
        task.state = .active
        task.desk = name
    }

    /// Puts the active task aside with its context. Refused above `cap`, except that an
    /// emergency may always push the stack one deeper (pass `forEmergency`).
    public mutating func suspend(_ task: inout DeskTask, context: TaskContext, cap: Int = PolicyConfig.default.suspendCap,
                                 forEmergency: Bool = false) throws {
        guard activeTaskID == task.id, task.state == .active else {
            throw DeskWorkError("task \(task.id) is not the active task at desk \(name)")
        }
        if suspendedTaskIDs.count >= cap && !forEmergency {
            throw DeskWorkError("desk \(name) already has \(suspendedTaskIDs.count) tasks suspended (cap \(cap))")
        }
        var stored = context
        stored.timesSuspended = (task.context?.timesSuspended ?? 0) + 1
        task.context = stored
        task.state = .suspended
        task.masked = false
        activeTaskID = nil
        suspendedTaskIDs.append(task.id)
    }

    /// Brings a suspended task back as the active one; its context (draft byte for byte, step,
    /// note, progress) is returned and stays on the task until it is done.
    @discardableResult
    public mutating func resume(_ task: inout DeskTask) throws -> TaskContext {
        guard suspendedTaskIDs.contains(task.id), task.state == .suspended, let context = task.context else {
            throw DeskWorkError("task \(task.id) is not suspended at desk \(name)")
        }
        if let active = activeTaskID { throw DeskWorkError("desk \(name) is already working on task \(active)") }
        suspendedTaskIDs.removeAll { $0 == task.id }
        activeTaskID = task.id
        task.state = .active
        return context
    }

    /// Closes the active task as done.
    public mutating func finish(_ task: inout DeskTask) throws {
        guard activeTaskID == task.id, task.state == .active else {
            throw DeskWorkError("task \(task.id) is not the active task at desk \(name)")
        }
        activeTaskID = nil
        task.state = .done
        task.masked = false
    }
}

extension Call {
    /// The callback task an abandoned call leaves behind, due within `window` of the hang-up.
    /// Nil when the call was not abandoned.
    public func callbackTask(id: Int64, window: TimeInterval = 30 * 60) -> DeskTask? {
        guard state == .abandoned else { return nil }
        let at = endedAt ?? arrivedAt
        return DeskTask(id: id, kind: .callback, title: "Call back \(from)", createdAt: at,
                        dueAt: at.addingTimeInterval(window), patientID: patientID, callID: self.id)
    }
}
