import Foundation

extension IntakeRules {
    /// A practice system's message as it may be stored, or why not; refusals name the field
    /// by its `PracticeField`. The same rules as every other source: ids of plain text,
    /// bounded lengths, real dates of birth, an appointment's time within the window.
    /// A cancellation, a deletion or a no-show changes no time, so its start is not checked:
    /// the practice system may close yesterday's appointment.
    public func practice(_ message: PracticeMessage, now: Date) throws(IntakeRefusal) -> PracticeMessage {
        var checked = message
        checked.controlID = try id(message.controlID, field: "control_id")
        checked.sender = try id(message.sender, field: "sender")
        switch message.change {
        case .appointment(let a):
            checked.change = .appointment(try practice(a, now: now))
        case .patient(let change):
            var c = change
            c.patient = try practice(change.patient, now: now)
            if case .merge(let prior) = change.action {
                guard !prior.isEmpty else { throw IntakeRefusal(PracticeField.priorIdentifier.rawValue, "is missing") }
                c.action = .merge(prior: try prior.map { p throws(IntakeRefusal) in try identifier(p, field: .priorIdentifier) })
            }
            checked.change = .patient(c)
        }
        return checked
    }

    func practice(_ a: PracticeAppointment, now: Date) throws(IntakeRefusal) -> PracticeAppointment {
        var c = a
        c.fillerID = try id(a.fillerID, field: PracticeField.fillerID.rawValue)
        c.placerID = try optionalID(a.placerID, .placerID)
        if let start = a.start, [.book, .reschedule, .modify].contains(a.action) {
            try appointmentTime(start, field: PracticeField.start.rawValue, now: now)
        }
        if let minutes = a.minutes, !(1...1440).contains(minutes) {
            throw IntakeRefusal(PracticeField.minutes.rawValue, "\(minutes) is not a length of 1 to 1440 minutes")
        }
        c.providerID = try optionalID(a.providerID, .providerID)
        c.providerName = try text(a.providerName, field: PracticeField.providerName.rawValue, limit: limits.name)
        c.typeCode = try optionalID(a.typeCode, .typeCode)
        c.typeName = try text(a.typeName, field: PracticeField.typeName.rawValue, limit: limits.name)
        c.location = try text(a.location, field: PracticeField.location.rawValue, limit: limits.name)
        c.patient = try a.patient.map { p throws(IntakeRefusal) in try practice(p, now: now) }
        return c
    }

    func practice(_ p: PracticePatient, now: Date) throws(IntakeRefusal) -> PracticePatient {
        guard !p.identifiers.isEmpty else { throw IntakeRefusal(PracticeField.patientIdentifier.rawValue, "is missing") }
        var c = p
        c.identifiers = try p.identifiers.map { i throws(IntakeRefusal) in try identifier(i, field: .patientIdentifier) }
        c.familyName = try update(p.familyName) { v throws(IntakeRefusal) in
            try required(v, field: PracticeField.familyName.rawValue, limit: limits.name)
        }
        c.givenName = try update(p.givenName) { v throws(IntakeRefusal) in try text(v, field: PracticeField.givenName.rawValue, limit: limits.name) }
        c.dateOfBirth = try update(p.dateOfBirth) { v throws(IntakeRefusal) in
            try dateOfBirth(v, field: PracticeField.dateOfBirth.rawValue, now: now)
        }
        c.sex = try update(p.sex) { v throws(IntakeRefusal) in try text(v, field: PracticeField.sex.rawValue, limit: limits.code) }
        c.phone = try update(p.phone) { v throws(IntakeRefusal) in try text(v, field: PracticeField.phone.rawValue, limit: limits.phone) }
        c.address = try update(p.address) { v throws(IntakeRefusal) in try text(v, field: PracticeField.address.rawValue, limit: limits.text) }
        return c
    }

    private func identifier(_ i: PracticeIdentifier, field: PracticeField) throws(IntakeRefusal) -> PracticeIdentifier {
        PracticeIdentifier(id: try id(i.id, field: field.rawValue),
                           authority: i.authority.isEmpty ? "" : try id(i.authority, field: field.rawValue + ".authority"),
                           type: try text(i.type, field: field.rawValue + ".type", limit: limits.code))
    }

    private func optionalID(_ value: String?, _ field: PracticeField) throws(IntakeRefusal) -> String? {
        guard let value else { return nil }
        return try id(value, field: field.rawValue)
    }

    private func update(_ u: FieldUpdate<String>, _ check: (String) throws(IntakeRefusal) -> String) throws(IntakeRefusal) -> FieldUpdate<String> {
        guard case .set(let v) = u else { return u }
        return .set(try check(v))
    }
}
