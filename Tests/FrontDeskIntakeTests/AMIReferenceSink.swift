import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

/// The store's call semantics, kept small enough to trust: ringing is idempotent on the
/// call id, answered and ended act on open calls, abandoned only on a waiting call.
/// Every event is recorded, and every event that made no sense is a violation, so a
/// test can say "no duplicate calls and nothing odd was sent" as well as "right state".
final class ReferenceCallSink: CallEventSink {
    private let lock = NSLock()
    private var _calls: [String: Call] = [:]
    private var _events: [TimedEvent] = []
    private var _violations: [String] = []
    private let clock: () -> Date

    init(clock: @escaping () -> Date = Date.init, calls: [Call] = []) {
        self.clock = clock
        for call in calls { _calls[call.id] = call }
    }

    var calls: [String: Call] { lock.lock(); defer { lock.unlock() }; return _calls }
    var events: [TimedEvent] { lock.lock(); defer { lock.unlock() }; return _events }
    var violations: [String] { lock.lock(); defer { lock.unlock() }; return _violations }

    func state(_ id: String) -> CallState? { calls[id]?.state }

    /// How many `callRinging` events named `id`: more than one means a call was counted twice.
    func ringingCount(_ id: String) -> Int {
        events.filter { if case let .callRinging(call, _, _, _, _) = $0.event { return call == id } else { return false } }.count
    }

    func openCallIDs() throws -> Set<String> {
        lock.lock(); defer { lock.unlock() }
        return Set(_calls.values.filter { $0.state.isOpen }.map(\.id))
    }

    @discardableResult
    func apply(_ timed: TimedEvent) throws -> IntakeOutcome {
        lock.lock(); defer { lock.unlock() }
        record(timed)
        return .applied
    }

    private func record(_ timed: TimedEvent) {
        _events.append(timed)
        let at = timed.at ?? clock()
        switch timed.event {
        case let .callRinging(id, from, name, reason, queue):
            if _calls[id] != nil { _violations.append("ringing again: \(id)"); return }
            _calls[id] = Call(id: id, from: from, callerName: name, reason: reason, queue: queue, arrivedAt: at)
        case let .callAnswered(id, desk):
            guard var call = _calls[id], call.state.isWaiting else { _violations.append("answered but not waiting: \(id)"); return }
            call.state = .answered; call.answeredAt = at; call.desk = desk
            _calls[id] = call
        case let .callEnded(id, reason):
            guard var call = _calls[id], call.state.isOpen else { _violations.append("ended but not open: \(id)"); return }
            call.state = .ended; call.endedAt = at; call.reason = reason ?? call.reason
            _calls[id] = call
        case let .callAbandoned(id):
            guard var call = _calls[id], call.state.isWaiting else { _violations.append("abandoned but not waiting: \(id)"); return }
            call.state = .abandoned; call.endedAt = at
            _calls[id] = call
        default:
            _violations.append("not a call event: \(timed.event.typeName)")
        }
    }
}
