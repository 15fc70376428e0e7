import Foundation

/// A booking FrontDesk announces as an SIU message. FrontDesk is the filler
/// (the system that keeps the schedule), so `fillerID` is our id and
/// `placerID` the other system's, when it asked for the booking.
public struct HL7OutgoingAppointment: Sendable, Equatable {
    public var trigger: HL7ScheduleTrigger
    public var fillerID: HL7EntityIdentifier
    public var placerID: HL7EntityIdentifier?
    public var start: Date
    /// Seconds.
    public var duration: TimeInterval
    /// Written as the booked service, AIS-3, the first place a reader looks for the type.
    public var appointmentType: HL7CodedValue?
    /// SCH-7.
    public var reason: HL7CodedValue?
    /// SCH-6; when nil, the trigger itself with a description.
    public var eventReason: HL7CodedValue?
    /// SCH-25; when nil, table 0278's state for the trigger (Booked, Cancelled, Deleted, Noshow).
    public var fillerStatus: HL7CodedValue?
    public var provider: HL7Provider?
    public var location: HL7Location?
    public var patient: HL7PatientDemographics?
    public var notes: [String]

    public init(trigger: HL7ScheduleTrigger, fillerID: HL7EntityIdentifier, placerID: HL7EntityIdentifier? = nil,
                start: Date, duration: TimeInterval, appointmentType: HL7CodedValue? = nil,
                reason: HL7CodedValue? = nil, eventReason: HL7CodedValue? = nil, fillerStatus: HL7CodedValue? = nil,
                provider: HL7Provider? = nil, location: HL7Location? = nil, patient: HL7PatientDemographics? = nil,
                notes: [String] = []) {
        self.trigger = trigger
        self.fillerID = fillerID
        self.placerID = placerID
        self.start = start
        self.duration = duration
        self.appointmentType = appointmentType
        self.reason = reason
        self.eventReason = eventReason
        self.fillerStatus = fillerStatus
        self.provider = provider
        self.location = location
        self.patient = patient
        self.notes = notes
    }
}

extension HL7ScheduleTrigger {
    /// Table 0278 filler status for an appointment after this event.
    var fillerStatus: HL7CodedValue {
        switch self {
        case .booked, .rescheduled, .modified: HL7CodedValue(code: "Booked", codingSystem: "HL70278")
        case .cancelled: HL7CodedValue(code: "Cancelled", codingSystem: "HL70278")
        case .deleted: HL7CodedValue(code: "Deleted", codingSystem: "HL70278")
        case .noShow: HL7CodedValue(code: "Noshow", codingSystem: "HL70278")
        }
    }

    var summary: String {
        switch self {
        case .booked: "New appointment booked"
        case .rescheduled: "Appointment rescheduled"
        case .modified: "Appointment modified"
        case .cancelled: "Appointment cancelled"
        case .deleted: "Appointment deleted"
        case .noShow: "Patient did not show"
        }
    }
}

extension HL7OutgoingAppointment {
    /// The SIU message text: MSH, SCH, [TQ1], NTE…, [PID], RGS, AIS, [AIL], [AIP].
    ///
    /// Start and duration are written everywhere a reader of that version may look:
    /// SCH-9/10/11 before v2.7, TQ1 from v2.5, and AIS-4/7/8 always.
    public func siuMessage(header: HL7OutgoingHeader) -> String {
        let encoder = header.encoder
        let version = header.parsedVersion
        let end = start.addingTimeInterval(duration)
        let (amount, unit) = Self.durationAmount(duration)
        var segments = [header.mshSegment(type: "SIU", trigger: trigger.rawValue, structure: "SIU_S12")]

        var sch = HL7SegmentWriter("SCH")
        sch[1] = placerID?.encoded(encoder) ?? ""
        sch[2] = fillerID.encoded(encoder)
        sch[6] = (eventReason ?? HL7CodedValue(code: trigger.rawValue, text: trigger.summary)).encoded(encoder)
        sch[7] = reason?.encoded(encoder) ?? ""
        if version < .v2_7 {
            sch[9] = amount
            sch[10] = unit
            let tqDuration = (unit == "min" ? "M" : "S") + amount
            sch[11] = encoder.composite(["", "", tqDuration, header.timestampText(start), header.timestampText(end)])
        }
        sch[25] = (fillerStatus ?? trigger.fillerStatus).encoded(encoder)
        segments.append(sch)

        if version >= .v2_5 {
            var tq1 = HL7SegmentWriter("TQ1")
            tq1[1] = "1"
            tq1[7] = header.timestampText(start)
            tq1[8] = header.timestampText(end)
            segments.append(tq1)
        }
        for (index, note) in notes.enumerated() {
            var nte = HL7SegmentWriter("NTE")
            nte[1] = String(index + 1)
            nte[3] = encoder.leaf(note)
            segments.append(nte)
        }
        if let patient { segments.append(patient.pidSegment(encoder)) }

        var rgs = HL7SegmentWriter("RGS")
        rgs[1] = "1"
        segments.append(rgs)
        var ais = HL7SegmentWriter("AIS")
        ais[1] = "1"
        ais[3] = appointmentType?.encoded(encoder) ?? ""
        ais[4] = header.timestampText(start)
        ais[7] = amount
        ais[8] = unit
        segments.append(ais)
        if let location {
            var ail = HL7SegmentWriter("AIL")
            ail[1] = "1"
            ail[3] = location.encoded(encoder)
            segments.append(ail)
        }
        if let provider {
            var aip = HL7SegmentWriter("AIP")
            aip[1] = "1"
            aip[3] = provider.encodedAsPerson(encoder)
            segments.append(aip)
        }
        return HL7SegmentWriter.message(segments, separators: header.separators)
    }

    /// Whole minutes when the duration is one, else seconds: `("30", "min")`, `("90", "s")`.
    static func durationAmount(_ duration: TimeInterval) -> (String, String) {
        let seconds = Int(max(0, duration).rounded())
        return seconds % 60 == 0 ? (String(seconds / 60), "min") : (String(seconds), "s")
    }
}
