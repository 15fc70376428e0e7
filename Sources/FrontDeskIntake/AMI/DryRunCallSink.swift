import Foundation
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// `frontdesk ami --dry-run`: writes what would be recorded instead of recording it.
/// Only the event type and the PBX's call id (inert: the PBX chooses it), never the caller's
/// number or name, so the output can be pasted into a support ticket. An event the intake
/// rules would refuse says so, with the reason.
public final class DryRunCallSink: CallEventSink {
    private var open: Set<String> = []
    private let write: (String) -> Void
    private let rules: IntakeRules
    private let clock: () -> Date

    public init(rules: IntakeRules = .default, clock: @escaping () -> Date = Date.init, write: @escaping (String) -> Void) {
        self.rules = rules; self.clock = clock; self.write = write
    }

    @discardableResult
    public func apply(_ event: TimedEvent) throws -> IntakeOutcome {
        let id: String
        switch event.event {
        case let .callRinging(call, _, _, _, _): id = call; open.insert(call)
        case let .callAnswered(call, _): id = call
        case let .callEnded(call, _), let .callAbandoned(call): id = call; open.remove(call)
        default: return .applied
        }
        var line = "\(event.event.typeName) \(id)"
        if case let .callEnded(_, reason?) = event.event { line += " (\(reason))" }
        do { _ = try rules.check(event, now: clock()) } catch { line += " — would be refused: \(error)" }
        write(InertText.inert(line))
        return .applied
    }

    public func openCallIDs() throws -> Set<String> { open }
}
