import Foundation
import FrontDeskCore
import FrontDeskStore

/// The listener's handler: each frame read, applied to the clinic store in one transaction,
/// and answered. AA only once the store has committed; AE naming the segment and field the
/// intake rules refused; AR for what we do not take, and for a database that could not take
/// it now (busy, gone), which the sender may resend. A message already applied is answered AA
/// again and changes nothing. Safe to call from many connection threads at once.
public final class HL7StoreIntake: Sendable {
    public let store: ClinicStore
    public let actor: Actor
    public let responder: HL7Responder
    let now: @Sendable () -> Date
    let report: (@Sendable (String) -> Void)?

    /// `report` hears one line per frame: what it was, the ACK code, and what was done (ids, no patient data).
    public init(store: ClinicStore, actor: Actor, responder: HL7Responder, now: @escaping @Sendable () -> Date = { Date() },
                report: (@Sendable (String) -> Void)? = nil) {
        self.store = store; self.actor = actor; self.responder = responder; self.now = now; self.report = report
    }

    public func answer(_ inbound: HL7Inbound) -> String {
        let done = OutcomeBox()
        let ack = responder.respond(to: inbound) { event, message in
            done.outcome = try self.apply(event, message)
        }
        report?(Self.line(inbound: inbound, ack: ack, outcome: done.outcome))
        return ack
    }

    /// Applies one interpreted message; store refusals become the ACK they deserve.
    func apply(_ event: HL7Event, _ message: HL7Message) throws -> PracticeOutcome {
        let practice = try PracticeMessage(hl7: event, message: message)
        do {
            return try store.apply(practice, by: actor, now: now())
        } catch let error as StoreError {
            throw Self.acknowledgment(for: error, event: event)
        }
    }

    /// AE for content (the field named where it was), AR for everything that is not the
    /// message's fault: a resend may succeed once the database is free again.
    public static func acknowledgment(for error: StoreError, event: HL7Event) -> HL7ContentError {
        switch error {
        case .intake(let refusal):
            let location = HL7PracticeLocation.of(refusal.field, in: event)
            let missing = refusal.problem.hasPrefix("is missing") || refusal.problem == "is empty"
            let place = location.map { "\($0) " } ?? ""
            return HL7ContentError(.error, missing ? .requiredFieldMissing : .dataTypeError, location, place + refusal.problem)
        case .invalid(let why):
            return HL7ContentError(.error, .applicationInternalError, nil, why)
        case .busy:
            return HL7ContentError(.reject, .applicationRecordLocked, nil, "the clinic's database is busy; nothing was applied — send it again")
        case .notAllowed(let why):
            return HL7ContentError(.reject, .applicationInternalError, nil, "not allowed: \(why)")
        default:
            return HL7ContentError(.reject, .applicationInternalError, nil, "nothing was applied: \(error)")
        }
    }

    /// `SIU^S12 Q1001 from SCHEDPRO^NORTHCLINIC: AA booked appointment 12 (HL7:FL-9001)`.
    static func line(inbound: HL7Inbound, ack: String, outcome: PracticeOutcome?) -> String {
        let reply = try? HL7Parser().parse(ack)
        let code = reply?["MSA", 1].text() ?? "?"
        var what = "frame from \(inbound.peer)"
        if case .message(let m) = inbound.content {
            let kind = [m.header.messageType, m.header.triggerEvent].compactMap { $0 }.joined(separator: "^")
            what = "\(kind.isEmpty ? "message" : kind) \(m.header.controlID ?? "(no control id)") from \(PracticeMessage.sender(of: m.header))"
        }
        let detail = outcome?.summary
            ?? reply.flatMap { $0["ERR", 8].text() ?? $0["MSA", 3].text() ?? $0.segment("ERR")?.text(1, component: 4, subComponent: 2) }
            ?? ""
        return "\(what): \(code)\(detail.isEmpty ? "" : " \(detail)")"
    }
}

/// What the apply closure produced, read after `respond` returns (same thread).
private final class OutcomeBox: @unchecked Sendable {
    var outcome: PracticeOutcome?
}
