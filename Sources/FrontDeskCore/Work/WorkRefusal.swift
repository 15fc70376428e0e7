import Foundation

/// Why the desk-work rules refused a step. Nothing changes when one is thrown; every
/// case reads as a sentence a receptionist can act on.
public enum WorkRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case notOpen(task: Int64, state: TaskState)
    case heldElsewhere(task: Int64, desk: String)
    case assignedElsewhere(task: Int64, desk: String)
    case suspendCapReached(desk: String, cap: Int)
    case maskedStep(TaskKind)
    /// The desk is handling an emergency: ordinary work waits until it is done.
    case emergencyInHand(desk: String)
    case nothingActive(desk: String)
    case notActiveHere(task: Int64, desk: String)
    case callNotWaiting(call: String, state: CallState, desk: String?)
    /// The work belongs to other sites than the desk's (`SiteRule`).
    case otherSite(task: Int64, sites: [String], deskSite: String)

    public var description: String {
        switch self {
        case let .notOpen(id, state): return "task \(id) is \(state.rawValue)"
        case let .heldElsewhere(id, desk): return "task \(id) is held by desk \(desk)"
        case let .assignedElsewhere(id, desk): return "task \(id) is assigned to desk \(desk)"
        case let .suspendCapReached(desk, cap): return "desk \(desk) already has \(cap) suspended tasks (the cap)"
        case let .maskedStep(kind): return "\(kind.label) is in a masked step — finish that step first"
        case .emergencyInHand: return "the emergency comes first — d closes it with a note; nothing else is put aside for it"
        case let .nothingActive(desk): return "desk \(desk) has no active task"
        case let .notActiveHere(id, desk): return "task \(id) is not the active task at desk \(desk)"
        case let .otherSite(id, sites, deskSite):
            return "task \(id) is work of \(sites.joined(separator: ", ")), not of this desk's site \(deskSite)"
        case let .callNotWaiting(call, state, desk):
            if state == .answered, let desk { return "call \(call) was answered by desk \(desk)" }
            return "call \(call) is \(state.rawValue)"
        }
    }
}
