import FrontDeskCore

/// `frontdesk ami --dry-run`: writes what would be recorded instead of recording it.
/// Only the event type and the PBX's call id, never the caller's number or name, so
/// the output can be pasted into a support ticket.
public final class DryRunCallSink: CallEventSink {
    private var open: Set<String> = []
    private let write: (String) -> Void

    public init(write: @escaping (String) -> Void) { self.write = write }

    public func apply(_ event: TimedEvent) throws {
        let id: String
        switch event.event {
        case let .callRinging(call, _, _, _, _): id = call; open.insert(call)
        case let .callAnswered(call, _): id = call
        case let .callEnded(call, _), let .callAbandoned(call): id = call; open.remove(call)
        default: return
        }
        var line = "\(event.event.typeName) \(id)"
        if case let .callEnded(_, reason?) = event.event { line += " (\(reason))" }
        write(line)
    }

    public func openCallIDs() throws -> Set<String> { open }
}
