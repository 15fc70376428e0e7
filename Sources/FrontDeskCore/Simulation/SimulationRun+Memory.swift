import Foundation

/// `memory`: the receptionist without the library loses track of work set aside.
extension SimulationRun {
    /// Tasks whose time in mind ran out before the desk went back to them are forgotten:
    /// still open (the report counts them never resumed), but no desk will take them again.
    mutating func forgetLapsedTasks() {
        for (id, at) in forgetAt where at <= now {
            forgetAt[id] = nil
            guard var task = tasks[id], task.state == .suspended else { continue }
            task.desk = nil
            set(task)
            waiting.remove(id)
        }
    }
}
