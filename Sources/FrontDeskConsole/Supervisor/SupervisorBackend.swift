import Foundation
import FrontDeskCore
import FrontDeskStore

/// The supervisor's effects on the shared store, on the worker thread. The store checks the
/// role again (and audits), so the screen is not the only guard.
public final class StoreSupervisorBackend: ConsoleBackend {
    public let store: ClinicStore
    public let actor: Actor
    private let follower: ClinicFollower

    public init(store: ClinicStore, actor: Actor, timeZone: TimeZone = .current) {
        self.store = store; self.actor = actor
        follower = ClinicFollower(store: store, timeZone: timeZone)
    }

    /// The first picture, read before the screen starts (the first frame needs it).
    public func initialClinic(at now: Date) -> ClinicSnapshot { follower.first(at: now) }

    public func refresh(at now: Date) -> SupervisorMessage? {
        follower.message(at: now, clinic: { [store] in .clinicAndOutbox($0, try? store.outboxStatus()) }, failed: { .readFailed($0) })
    }

    public func isBusy(_ error: Error) -> Bool { (error as? StoreError) == .busy }
    public func failure(_ effect: SupervisorEffect, _ error: Error) -> SupervisorMessage { .failed("\(error)") }

    /// One action; the reply tells the supervisor what happened.
    public func perform(_ effect: SupervisorEffect, at now: Date) throws -> [SupervisorMessage] {
        switch effect {
        case .reassign(let id, let desk):
            try store.reassign(taskID: id, toDesk: desk, by: actor, now: now)
            return [.done("task \(id) reassigned to \(desk)")]
        case .bump(let id, let points):
            try store.bump(taskID: id, points: points, by: actor, now: now)
            return [.done("task \(id) bumped by \(Int(points))")]
        case .sendNote(let desk, let text):
            try store.sendNote(toDesk: desk, text: text, by: actor, now: now)
            return [.done(text == nil ? "note on \(desk) cleared" : "note sent to \(desk)")]
        case .bell, .quit:
            return []
        }
    }
}
