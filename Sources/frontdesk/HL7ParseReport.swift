import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

/// What `frontdesk hl7 parse` prints for one message. Every key is always written (`null`
/// when there is nothing), so scripts find each one; strings go out through `InertJSON`.
struct HL7ParseReport: Encodable {
    struct Problem: Encodable {
        var code: Int?, location: String?, message: String?
        enum CodingKeys: String, CodingKey { case code, location, message }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(code, forKey: .code); try c.encodeOrNull(location, forKey: .location)
            try c.encodeOrNull(message, forKey: .message)
        }
    }

    /// A field as sent: `keep` (left out), `clear` (`""`), or `set` with its value.
    struct Update: Encodable {
        var update: String, value: String?
        init(_ u: FieldUpdate<String>) {
            switch u {
            case .keep: update = "keep"; value = nil
            case .clear: update = "clear"; value = nil
            case .set(let v): update = "set"; value = v
            }
        }
        enum CodingKeys: String, CodingKey { case update, value }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(update, forKey: .update); try c.encodeOrNull(value, forKey: .value)
        }
    }

    struct Identifier: Encodable {
        var id: String, authority: String, type: String?
        init(_ i: PracticeIdentifier) { id = i.id; authority = i.authority; type = i.type }
        enum CodingKeys: String, CodingKey { case id, authority, type }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(authority, forKey: .authority); try c.encodeOrNull(type, forKey: .type)
        }
    }

    struct Patient: Encodable {
        var identifiers: [Identifier]
        var familyName, givenName, dateOfBirth, sex, phone, address: Update
        init(_ p: PracticePatient) {
            identifiers = p.identifiers.map(Identifier.init)
            familyName = Update(p.familyName); givenName = Update(p.givenName); dateOfBirth = Update(p.dateOfBirth)
            sex = Update(p.sex); phone = Update(p.phone); address = Update(p.address)
        }
    }

    struct Change: Encodable {
        var sender: String, kind: String, subject: String, action: String
        var appointment: String?, placer: String?, start: String?, minutes: Int?
        var providerID: String?, providerName: String?, typeCode: String?, typeName: String?, location: String?
        var priorIdentifiers: [Identifier]?
        var patient: Patient?

        init(_ m: PracticeMessage) {
            sender = m.sender; kind = m.kind
            switch m.change {
            case .appointment(let a):
                subject = "appointment"; action = a.action.rawValue
                appointment = a.reference; placer = a.placerID; start = a.start.map(ISOTime.string); minutes = a.minutes
                providerID = a.providerID; providerName = a.providerName; typeCode = a.typeCode; typeName = a.typeName
                location = a.location; patient = a.patient.map(Patient.init)
            case .patient(let c):
                subject = "patient"
                switch c.action {
                case .register: action = "register"
                case .update: action = "update"
                case .endVisit: action = "end-visit"
                case .merge(let prior): action = "merge"; priorIdentifiers = prior.map(Identifier.init)
                }
                patient = Patient(c.patient)
            }
        }

        enum CodingKeys: String, CodingKey {
            case sender, kind, subject, action, appointment, placer, start, minutes, providerID, providerName, typeCode, typeName
            case location, priorIdentifiers, patient
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sender, forKey: .sender); try c.encode(kind, forKey: .kind); try c.encode(subject, forKey: .subject)
            try c.encode(action, forKey: .action); try c.encodeOrNull(appointment, forKey: .appointment)
            try c.encodeOrNull(placer, forKey: .placer); try c.encodeOrNull(start, forKey: .start)
            try c.encodeOrNull(minutes, forKey: .minutes); try c.encodeOrNull(providerID, forKey: .providerID)
            try c.encodeOrNull(providerName, forKey: .providerName); try c.encodeOrNull(typeCode, forKey: .typeCode)
            try c.encodeOrNull(typeName, forKey: .typeName); try c.encodeOrNull(location, forKey: .location)
            try c.encodeObjectOrNull(priorIdentifiers, forKey: .priorIdentifiers); try c.encodeObjectOrNull(patient, forKey: .patient)
        }
    }

    struct Rehearsal: Encodable {
        var duplicate: Bool, appointmentID: Int64?, patientID: Int64?, actions: [String], tasks: Int
        init(_ o: PracticeOutcome) {
            duplicate = o.duplicate; appointmentID = o.appointmentID; patientID = o.patientID
            actions = o.duplicate ? [o.summary] : o.actions; tasks = o.tasks.count
        }
        enum CodingKeys: String, CodingKey { case duplicate, appointmentID, patientID, actions, tasks }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(duplicate, forKey: .duplicate); try c.encodeOrNull(appointmentID, forKey: .appointmentID)
            try c.encodeOrNull(patientID, forKey: .patientID); try c.encode(actions, forKey: .actions); try c.encode(tasks, forKey: .tasks)
        }
    }

    var controlID: String?
    var acknowledgment = "?"
    var error: Problem?
    var change: Change?
    var rehearsal: Rehearsal?
    var ack = ""

    /// MSA-1 and the ERR of the ACK the message would get.
    mutating func read(acknowledgment text: String, inbound: HL7Inbound) {
        ack = text
        if case .message(let m) = inbound.content { controlID = m.header.controlID }
        if case .unparseable(let e) = inbound.content { controlID = e.header?.controlID }
        guard let reply = try? HL7Parser().parse(text) else { return }
        acknowledgment = reply["MSA", 1].text() ?? "?"
        guard let err = reply.segment("ERR") else { return }
        // ERR-2 from v2.5 on; v2.3 and v2.4 put segment ^ sequence ^ field in ERR-1.
        let at = err.text(2) != nil ? 2 : 1
        let location = err.text(at).map { segment in
            [segment, err.text(at, component: 3)].compactMap { $0 }.joined(separator: "-")
                + (at == 2 ? err.text(2, component: 5).map { ".\($0)" } ?? "" : "")
        }
        error = Problem(code: err.text(3).flatMap { Int($0) } ?? err.text(1, component: 4).flatMap { Int($0) },
                        location: location, message: err.text(8) ?? reply["MSA", 3].text())
    }

    enum CodingKeys: String, CodingKey { case controlID, acknowledgment, error, change, rehearsal, ack }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(controlID, forKey: .controlID); try c.encode(acknowledgment, forKey: .acknowledgment)
        try c.encodeObjectOrNull(error, forKey: .error); try c.encodeObjectOrNull(change, forKey: .change)
        try c.encodeObjectOrNull(rehearsal, forKey: .rehearsal); try c.encode(ack, forKey: .ack)
    }
}

extension KeyedEncodingContainer {
    /// `encodeOrNull` for a nested value.
    mutating func encodeObjectOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
