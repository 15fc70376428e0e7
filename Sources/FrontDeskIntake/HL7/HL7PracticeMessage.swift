import Foundation
import FrontDeskCore

/// An interpreted HL7 message as the practice system's change the store applies.
///
/// Nothing is checked here beyond what HL7 itself needs (a control id): the intake rules
/// (`IntakeRules.practice`) check every field in the store, and `HL7PracticeLocation` says
/// where in the message a refused field was, for the ERR segment.
extension PracticeMessage {
    public init(hl7 event: HL7Event, message: HL7Message) throws(HL7ContentError) {
        let header = message.header
        guard let control = header.controlID else {
            throw HL7ContentError.missing(HL7ErrorLocation(segment: "MSH", field: 10), "message control id")
        }
        let kind = [header.messageType, header.triggerEvent ?? message.segment("EVN")?.text(1)?.uppercased()]
            .compactMap { $0 }.joined(separator: "^")
        let change: PracticeChange
        switch event {
        case .schedule(let s): change = .appointment(PracticeAppointment(hl7: s))
        case .patient(let p): change = .patient(PracticePatientChange(hl7: p))
        }
        self.init(sender: Self.sender(of: header), controlID: control, kind: kind, change: change)
    }

    /// MSH-3 and MSH-4: a control id is unique only within its sender.
    public static func sender(of header: HL7MessageHeader) -> String {
        [header.sendingApplication ?? "", header.sendingFacility ?? ""].joined(separator: "^")
    }
}

extension PracticeAppointment {
    init(hl7 s: HL7ScheduleEvent) {
        let action: PracticeAppointmentAction = switch s.trigger {
        case .booked: .book
        case .rescheduled: .reschedule
        case .modified: .modify
        case .cancelled: .cancel
        case .deleted: .delete
        case .noShow: .noShow
        }
        // A length under a minute says nothing (the type's length stands in).
        let minutes = s.duration.map { Int(($0 / 60).rounded()) }.flatMap { $0 >= 1 ? $0 : nil }
        let type = s.appointmentType
        let location = s.location.map { l in
            [l.pointOfCare, l.room, l.description].compactMap { $0 }.joined(separator: " ")
        }.flatMap { $0.isEmpty ? nil : $0 }
        self.init(action: action, fillerID: s.fillerID.id, placerID: s.placerID?.id, start: s.start?.date, minutes: minutes,
                  providerID: s.provider?.id, providerName: s.provider?.displayName,
                  typeCode: type?.code ?? type?.displayText, typeName: type?.displayText,
                  location: location, locationCode: s.location.flatMap { $0.room ?? $0.pointOfCare ?? $0.description },
                  patient: s.patient.map(PracticePatient.init(hl7:)))
    }
}

extension PracticePatientChange {
    init(hl7 p: HL7PatientEvent) {
        let action: PracticePatientAction = switch p.action {
        case .register: .register
        case .update: .update
        case .endVisit: .endVisit
        case .merge: .merge(prior: p.priorIdentifiers.map(PracticeIdentifier.init(hl7:)))
        }
        self.init(action: action, patient: PracticePatient(hl7: p.patient))
    }
}

extension PracticeIdentifier {
    init(hl7 i: HL7Identifier) {
        self.init(id: i.id, authority: i.assigningAuthority?.name ?? "", type: i.typeCode)
    }
}

extension PracticePatient {
    init(hl7 d: HL7PatientDemographics) {
        func update<T>(_ presence: HL7Presence<T>, _ value: (T) -> String?) -> FieldUpdate<String> {
            switch presence {
            case .empty: return .keep
            case .null: return .clear
            case .value(let v): return value(v).map(FieldUpdate.set) ?? .keep
            }
        }
        let phones: FieldUpdate<String> = {
            if let number = d.phone { return .set(number) }
            return d.homePhones.isNull && !d.businessPhones.isValue ? .clear : .keep
        }()
        self.init(identifiers: d.identifiers.map(PracticeIdentifier.init(hl7:)),
                  familyName: update(d.name) { $0.family },
                  givenName: update(d.name) { $0.given },
                  // A birth date is a day; one sent only to the month or year cannot be stored.
                  dateOfBirth: update(d.birthDate) { ts in
                      ts.precision >= .day ? String(format: "%04d-%02d-%02d", ts.year, ts.month, ts.day) : nil
                  },
                  sex: update(d.sex) { $0 },
                  phone: phones,
                  address: update(d.address) { a in
                      let line = [a.street, a.otherDesignation, a.city, [a.state, a.postalCode].compactMap { $0 }.joined(separator: " "),
                                  a.country].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                      return line.isEmpty ? nil : line
                  })
    }
}

private extension HL7Presence {
    var isValue: Bool { value != nil }
}

/// Where in an HL7 message a field the intake rules refused came from, for ERR-2.
public enum HL7PracticeLocation {
    public static func of(_ field: String?, in event: HL7Event) -> HL7ErrorLocation? {
        guard let field else { return nil }
        let base = field.split(separator: ".").prefix(2).joined(separator: ".")
        let suffix = field.hasSuffix(".authority") ? 4 : field.hasSuffix(".type") ? 5 : nil
        let schedule: HL7ScheduleEvent? = if case .schedule(let s) = event { s } else { nil }
        switch PracticeField(rawValue: base) {
        case .patient?: return HL7ErrorLocation(segment: "PID")
        case .patientIdentifier?: return HL7ErrorLocation(segment: "PID", field: 3, component: suffix)
        case .familyName?: return HL7ErrorLocation(segment: "PID", field: 5, component: 1)
        case .givenName?: return HL7ErrorLocation(segment: "PID", field: 5, component: 2)
        case .dateOfBirth?: return HL7ErrorLocation(segment: "PID", field: 7)
        case .sex?: return HL7ErrorLocation(segment: "PID", field: 8)
        case .address?: return HL7ErrorLocation(segment: "PID", field: 11)
        case .phone?: return HL7ErrorLocation(segment: "PID", field: 13)
        case .priorIdentifier?: return HL7ErrorLocation(segment: "MRG", field: 1, component: suffix)
        case .placerID?: return HL7ErrorLocation(segment: "SCH", field: 1)
        case .fillerID?: return HL7ErrorLocation(segment: "SCH", field: 2)
        case .start?: return schedule?.startSource ?? HL7ErrorLocation(segment: "SCH", field: 11, component: 4)
        case .minutes?: return schedule?.durationSource ?? HL7ErrorLocation(segment: "SCH", field: 9)
        case .providerID?: return HL7ErrorLocation(segment: "AIP", field: 3, component: 1)
        case .providerName?: return HL7ErrorLocation(segment: "AIP", field: 3, component: 2)
        case .typeCode?, .typeName?:
            let part = base == PracticeField.typeCode.rawValue ? 1 : 2
            if schedule?.service != nil { return HL7ErrorLocation(segment: "AIS", field: 3, component: part) }
            if schedule?.reason != nil { return HL7ErrorLocation(segment: "SCH", field: 7, component: part) }
            return HL7ErrorLocation(segment: "SCH", field: 8, component: part)
        case .location?: return HL7ErrorLocation(segment: "AIL", field: 3)
        case nil:
            switch field {
            case "control_id": return HL7ErrorLocation(segment: "MSH", field: 10)
            case "sender": return HL7ErrorLocation(segment: "MSH", field: 3)
            default: return nil
            }
        }
    }
}
