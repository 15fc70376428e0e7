import Foundation

extension HL7ScheduleEvent {
    /// Reads an SIU message. Segments are found by name, not position, so
    /// reordered, repeated, missing optional and Z-segments are all fine.
    ///
    /// Fails (AE) when SCH or SCH-2 is missing, when a booking or a reschedule has
    /// no start anywhere, or when a field that is used holds a malformed value.
    init(message: HL7Message, trigger: HL7ScheduleTrigger,
         options: HL7Interpreter.Options) throws(HL7ContentError) {
        guard let sch = message.segment("SCH") else {
            throw HL7ContentError(.error, .segmentSequenceError, HL7ErrorLocation(segment: "SCH"),
                                  "SCH segment is missing")
        }
        guard let fillerID = HL7EntityIdentifier(sch.field(2).first) else {
            throw HL7ContentError.missing(sch.location(field: 2), "filler appointment id")
        }
        let timing = try HL7ScheduleTiming.read(from: message, zone: options.defaultTimeZone,
                                                unitlessSeconds: options.unitlessDurationSeconds)
        if trigger.requiresStart, timing.start == nil {
            let expected = message.header.version.map { $0 >= .v2_7 } == true
                ? HL7ErrorLocation(segment: "TQ1", field: 7) : sch.location(field: 11, component: 4)
            throw HL7ContentError.missing(expected, "appointment start")
        }
        let pid = message.segment("PID")
        let pv1 = message.segment("PV1")
        let reason = HL7CodedValue(sch.field(7).first)
        let type = HL7CodedValue(sch.field(8).first)
        let service = message.firstSegment("AIS", filling: 3).flatMap { HL7CodedValue($0.field(3).first) }
        self.init(
            trigger: trigger,
            placerID: HL7EntityIdentifier(sch.field(1).first),
            fillerID: fillerID,
            start: timing.start,
            duration: timing.duration,
            startSource: timing.startSource,
            durationSource: timing.durationSource,
            appointmentType: Self.resolvedType(service: service, reason: reason, type: type),
            reason: reason,
            type: type,
            service: service,
            provider: Self.provider(in: message, pv1: pv1),
            location: message.firstSegment("AIL", filling: 3).flatMap { HL7Location($0.field(3).first) }
                ?? pv1.flatMap { HL7Location($0.field(3).first) },
            patient: try pid.map { (segment) throws(HL7ContentError) in
                try HL7PatientDemographics.read(from: segment, defaultTimeZone: options.defaultTimeZone)
            },
            fillerStatus: HL7CodedValue(sch.field(25).first),
            notes: Self.notes(in: message))
    }

    /// The booked service says most about the visit, so AIS-3 comes first; then the
    /// SCH-7 reason; then SCH-8, unless it holds only table 0277's booking states
    /// (Normal, Tentative, Complete), which say nothing about the kind of visit.
    static func resolvedType(service: HL7CodedValue?, reason: HL7CodedValue?,
                             type: HL7CodedValue?) -> HL7CodedValue? {
        let bookingStates: Set<String> = ["NORMAL", "TENTATIVE", "COMPLETE"]
        let meaningfulType = type.flatMap { coded in
            bookingStates.contains((coded.code ?? coded.text ?? "").uppercased()) ? nil : coded
        }
        return service ?? reason ?? meaningfulType
    }

    /// AIP-3 names the person; AIG-3 a resource that may stand for one; PV1-7 the
    /// attending doctor. SCH-16 (filler contact) is deliberately not used: it is
    /// the person to call about the booking, usually a scheduler, not the clinician.
    private static func provider(in message: HL7Message, pv1: HL7Segment?) -> HL7Provider? {
        if let aip = message.firstSegment("AIP", filling: 3), let person = HL7Provider(person: aip.field(3).first) {
            return person
        }
        if let aig = message.firstSegment("AIG", filling: 3), let resource = HL7Provider(resource: aig.field(3).first) {
            return resource
        }
        return pv1.flatMap { HL7Provider(person: $0.field(7).first) }
    }

    private static func notes(in message: HL7Message) -> [String] {
        message.segments(named: "NTE").compactMap { nte in
            let lines = nte.field(3).repetitions.filter { !$0.isEmpty && !$0.isNull }.map(\.decodedText)
            return lines.isEmpty ? nil : lines.joined(separator: "\n")
        }
    }
}
