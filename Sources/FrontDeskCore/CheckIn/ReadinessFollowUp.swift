import Foundation

/// What a visit's readiness items call for, and who may change them after check-in: one rule
/// for the completing transaction and for a document that arrives late.
public enum ReadinessFollowUp {
    /// The documents still open: what a missing-documents task asks for, in checklist order.
    public static func missingDocuments(_ readiness: [ReadinessItem: ReadinessState]) -> [ReadinessItem] {
        ReadinessItem.allCases.filter { $0.isDocument && readiness[$0] == .open }
    }

    /// Insurance still to verify: what an insurance-verification task is for.
    public static func needsInsuranceVerification(_ readiness: [ReadinessItem: ReadinessState]) -> Bool {
        readiness[.insuranceVerified] == .open
    }

    /// The items a visit has, by item.
    public static func states(_ visit: Visit) -> [ReadinessItem: ReadinessState] {
        Dictionary(visit.readiness.map { ($0.item, $0.state) }, uniquingKeysWith: { a, _ in a })
    }

    /// A visit's items may be opened again once it is checked in, until it is over: a document
    /// that arrives while the patient waits or is with the provider. Before that, the Check-In
    /// form is where they are ticked; after a no-show or a cancellation there is nothing to do.
    public static func canReopen(_ status: VisitStatus) -> Bool {
        switch status {
        case .checkedIn, .roomed, .withProvider, .checkout, .done: return true
        default: return false
        }
    }

    /// Documents and the insurance check are ticked when they arrive; the copay is taken with
    /// its amount and method, which a tick cannot record.
    public static func isTickable(_ item: ReadinessItem) -> Bool { item != .copay }

    /// Why this change may not be made now, or nil when it may.
    public static func refusal(_ item: ReadinessItem, in status: VisitStatus) -> String? {
        if !canReopen(status) {
            return "a visit that is \(status.label.lowercased()) has no readiness items to tick here"
                + (status == .arrived || status == .scheduled ? " — the Check-In form has them" : "")
        }
        if !isTickable(item) { return "the copay is taken with its amount and method, not with a tick" }
        return nil
    }
}

/// What a completed check-in tells the desk: which ticket, who, and what is still open.
public struct CheckInConfirmation: Equatable, Sendable {
    public var visitID: Int64
    public var ticket: String
    public var patientName: String
    /// Readiness items left open (flags on the board, some with tasks), in checklist order.
    public var open: [ReadinessItem]

    public init(visitID: Int64, ticket: String, patientName: String, readiness: [ReadinessItem: ReadinessState]) {
        self.visitID = visitID; self.ticket = ticket; self.patientName = patientName
        open = ReadinessItem.allCases.filter { readiness[$0] == .open }
    }

    /// "✓ A-013 checked in · Шевченко, Оксана · 2 items open: Photo ID, Copay" — the count
    /// before the list, so a narrow screen that cuts the line still says how many.
    public var text: String {
        let who = [ticket.isEmpty ? nil : ticket, "checked in"].compactMap { $0 }.joined(separator: " ")
        let items: String
        switch open.count {
        case 0: items = "nothing open"
        case 1: items = "1 item open: \(open[0].label)"
        default: items = "\(open.count) items open: " + open.map(\.label).joined(separator: ", ")
        }
        return "✓ \(who) · \(patientName) · \(items)"
    }
}
