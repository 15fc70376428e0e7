import Foundation
import FrontDeskCore
import FrontDeskStore

/// The adapter's events applied by the same store path as `frontdesk feed`, as the
/// phone system: each change is journalled (every console sees it) and audited under `actor`.
public final class StoreCallSink: CallEventSink {
    public let store: ClinicStore
    public let actor: Actor
    private let clock: () -> Date

    public init(store: ClinicStore, actor: Actor, clock: @escaping () -> Date = Date.init) {
        self.store = store; self.actor = actor; self.clock = clock
    }

    @discardableResult
    public func apply(_ event: TimedEvent) throws -> IntakeOutcome {
        try store.apply(event, by: actor, now: clock())
    }

    public func openCallIDs() throws -> Set<String> { try store.openCallIDs() }
}
