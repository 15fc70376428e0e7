import FrontDeskCore
import FrontDeskStore

/// Where the adapter's call events go: the clinic store in the product (the same
/// `apply` path as `frontdesk feed`), a recording sink in tests.
///
/// Contract the adapter relies on: `apply` is idempotent on the call id (a second
/// `callRinging` for a known id changes nothing), `callAbandoned` acts only on a call
/// still waiting, and `openCallIDs` lists calls waiting, on hold or answered. `apply` throws
/// what it refused, and says what it recorded only in part (a pick-up at a desk at its cap).
public protocol CallEventSink: AnyObject {
    @discardableResult
    func apply(_ event: TimedEvent) throws -> IntakeOutcome
    func openCallIDs() throws -> Set<String>
}
