import Foundation

extension HL7PatientEvent {
    /// Reads an ADT message. Needs a PID with at least one identifier; A40 also
    /// needs an MRG with MRG-1. PV1 and EVN are optional.
    init(message: HL7Message, trigger: String, action: HL7PatientAction,
         options: HL7Interpreter.Options) throws(HL7ContentError) {
        let zone = options.defaultTimeZone
        let pids = message.segments(named: "PID")
        guard let pid = pids.first else {
            throw HL7ContentError(.error, .segmentSequenceError, HL7ErrorLocation(segment: "PID"), "PID segment is missing")
        }
        let patient = try HL7PatientDemographics.read(from: pid, defaultTimeZone: zone)
        guard !patient.identifiers.isEmpty else {
            throw HL7ContentError.missing(pid.location(field: 3), "patient identifier list")
        }
        var prior: [HL7Identifier] = []
        if action == .merge {
            // ADT_A39 allows several PID/MRG pairs; applying only the first would ACK
            // merges we never made, so more than one is refused outright.
            guard pids.count == 1 else {
                throw HL7ContentError(.error, .segmentSequenceError, HL7ErrorLocation(segment: "PID", sequence: 2),
                                      "only one PID/MRG pair per A40 is supported; send one merge per message")
            }
            guard let mrg = message.segment("MRG") else {
                throw HL7ContentError(.error, .segmentSequenceError, HL7ErrorLocation(segment: "MRG"),
                                      "MRG segment is missing")
            }
            prior = HL7Identifier.all(in: mrg.field(1))
            guard !prior.isEmpty else { throw HL7ContentError.missing(mrg.location(field: 1), "prior patient identifier list") }
        }
        let pv1 = message.segment("PV1")
        self.init(
            trigger: trigger, action: action, patient: patient,
            recordedAt: try message.segment("EVN")?.timestamp(2, what: "recorded date/time", in: zone),
            patientClass: pv1?.text(2)?.uppercased(),
            visitNumber: pv1.flatMap { HL7Identifier($0.field(19).first) },
            attendingDoctor: pv1.flatMap { HL7Provider(person: $0.field(7).first) },
            assignedLocation: pv1.flatMap { HL7Location($0.field(3).first) },
            admittedAt: try pv1?.timestamp(44, what: "admit date/time", in: zone),
            dischargedAt: try pv1?.timestamp(45, what: "discharge date/time", in: zone),
            priorIdentifiers: prior)
    }
}
