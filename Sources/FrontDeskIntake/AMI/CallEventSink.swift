import FrontDeskCore

/// Where the adapter's call events go: the clinic store in the product (the same
/// `apply` path as `frontdesk feed`), a recording sink in tests.
///
/// Contract the adapter relies on: `apply` is idempotent on the call id (a second
/// `callRinging` for a known id changes nothing), `callAbandoned` acts only on a call
/// still waiting, and `openCallIDs` lists calls waiting, on hold or answered.
public protocol CallEventSink: AnyObject {
    func apply(_ event: TimedEvent) throws
    func openCallIDs() throws -> Set<String>
}
