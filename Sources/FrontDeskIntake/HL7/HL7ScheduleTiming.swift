import Foundation

/// When an appointment starts and how long it lasts, from whichever fields the sender filled.
///
/// Senders disagree: v2.3–2.5 systems fill SCH-11 (a TQ) or SCH-9/10, v2.5+
/// systems a TQ1, and many put the times only on the resources (AIS, AIP, AIL, AIG).
/// Sources are tried in this order and the first one holding a value wins; a
/// later source is never read, so junk there cannot fail a message that was clear
/// earlier, while a malformed value in the winning source is an AE, not skipped.
///
/// Start:    SCH-11.4, TQ1-7, AIS-4, AIP-6, AIL-6, AIG-8.
/// Duration: SCH-11.3 (`M30`, `H1`, or a number), SCH-9 with SCH-10 units,
///           SCH-11.5 end − start, TQ1-8 end − start, TQ1-6 service duration,
///           TQ1-13 occurrence duration, AIS-7/8, AIP-9/10, AIL-9/10, AIG-11/12.
/// An end is measured from its own segment's start, else from the resolved start.
struct HL7ScheduleTiming: Equatable {
    var start: HL7Timestamp?
    var startSource: HL7ErrorLocation?
    var duration: TimeInterval?
    var durationSource: HL7ErrorLocation?

    private enum DurationField {
        /// A TQ duration component (SCH-11.3).
        case repeatDuration(HL7Segment, field: Int, component: Int)
        /// A number field with a separate units field (SCH-9/10, AIS-7/8, …).
        case amount(HL7Segment, field: Int, unitField: Int)
        /// A CQ, `amount^units` in one field (TQ1-6, TQ1-13).
        case quantity(HL7Segment, field: Int)
        /// An end time, measured against a start time in the same segment.
        case end(HL7Segment, field: Int, component: Int, startField: Int, startComponent: Int)
    }

    static func read(from message: HL7Message, zone: TimeZone,
                     unitlessSeconds: Double) throws(HL7ContentError) -> HL7ScheduleTiming {
        var timing = HL7ScheduleTiming()
        let sch = message.segment("SCH")
        let tq1 = message.segment("TQ1")
        let startFields: [(HL7Segment?, Int, Int)] = [
            (sch, 11, 4), (tq1, 7, 1), (message.firstSegment("AIS", filling: 4), 4, 1),
            (message.firstSegment("AIP", filling: 6), 6, 1), (message.firstSegment("AIL", filling: 6), 6, 1),
            (message.firstSegment("AIG", filling: 8), 8, 1),
        ]
        for case let (segment?, field, component) in startFields {
            guard let start = try segment.timestamp(field, component: component, what: "start", in: zone) else { continue }
            timing.start = start
            timing.startSource = segment.location(field: field, component: component == 1 ? nil : component)
            break
        }
        var durationFields: [DurationField] = []
        if let sch {
            durationFields += [.repeatDuration(sch, field: 11, component: 3), .amount(sch, field: 9, unitField: 10),
                               .end(sch, field: 11, component: 5, startField: 11, startComponent: 4)]
        }
        if let tq1 {
            durationFields += [.end(tq1, field: 8, component: 1, startField: 7, startComponent: 1),
                               .quantity(tq1, field: 6), .quantity(tq1, field: 13)]
        }
        let resources = [("AIS", 7, 8), ("AIP", 9, 10), ("AIL", 9, 10), ("AIG", 11, 12)]
        for (name, field, unitField) in resources {
            if let segment = message.firstSegment(name, filling: field) {
                durationFields.append(.amount(segment, field: field, unitField: unitField))
            }
        }
        for candidate in durationFields {
            guard let (seconds, source) = try duration(of: candidate, zone: zone, unitlessSeconds: unitlessSeconds,
                                                       resolvedStart: timing.start) else { continue }
            timing.duration = seconds
            timing.durationSource = source
            break
        }
        return timing
    }

    private static func duration(of candidate: DurationField, zone: TimeZone, unitlessSeconds: Double,
                                 resolvedStart: HL7Timestamp?) throws(HL7ContentError) -> (TimeInterval, HL7ErrorLocation)? {
        switch candidate {
        case .repeatDuration(let segment, let field, let component):
            guard let text = segment.text(field, component: component), text.uppercased() != "INDEF" else { return nil }
            let location = segment.location(field: field, component: component)
            return (try checked(HL7Duration.seconds(tqDuration: text, unitlessSeconds: unitlessSeconds),
                                amountAt: location, unitAt: location), location)
        case .amount(let segment, let field, let unitField):
            guard let text = segment.text(field) else { return nil }
            let unit = segment.text(unitField) ?? segment.text(unitField, component: 2)
            let location = segment.location(field: field)
            return (try checked(HL7Duration.seconds(amount: text, unit: unit, unitlessSeconds: unitlessSeconds),
                                amountAt: location, unitAt: segment.location(field: unitField)), location)
        case .quantity(let segment, let field):
            guard let text = segment.text(field) else { return nil }
            let unit = segment.text(field, component: 2) ?? segment.text(field, component: 2, subComponent: 2)
            let location = segment.location(field: field)
            return (try checked(HL7Duration.seconds(amount: text, unit: unit, unitlessSeconds: unitlessSeconds),
                                amountAt: location, unitAt: segment.location(field: field, component: 2)), location)
        case .end(let segment, let field, let component, let startField, let startComponent):
            let part = component == 1 ? nil : component
            guard let end = try segment.timestamp(field, component: component, what: "end", in: zone),
                  let start = try segment.timestamp(startField, component: startComponent, what: "start", in: zone)
                    ?? resolvedStart else { return nil }
            let location = segment.location(field: field, component: part)
            guard end.date >= start.date else {
                throw HL7ContentError.malformed(location, "end \(end.text) is before the start \(start.text)")
            }
            return (end.date.timeIntervalSince(start.date), location)
        }
    }

    private static func checked(_ result: Result<TimeInterval, HL7Duration.Problem>, amountAt: HL7ErrorLocation,
                                unitAt: HL7ErrorLocation) throws(HL7ContentError) -> TimeInterval {
        switch result {
        case .success(let seconds): return seconds
        case .failure(.amount(let reason)): throw HL7ContentError.malformed(amountAt, reason)
        case .failure(.unit(let reason)):
            throw HL7ContentError(.error, .tableValueNotFound, unitAt, "\(unitAt) \(reason)")
        }
    }
}
