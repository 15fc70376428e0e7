import Foundation

/// Who the patient is, as one PID segment says, in both SIU and ADT messages.
///
/// Fields other than the identifiers keep HL7's three states: `.empty` (the
/// sender said nothing: keep what you have), `.null` (`""`: clear it) and `.value`.
public struct HL7PatientDemographics: Sendable, Equatable {
    /// PID-3, every repetition. Patients are matched on id *and* assigning authority.
    public var identifiers: [HL7Identifier]
    /// PID-5, first repetition (the legal name by convention).
    public var name: HL7Presence<HL7PersonName>
    /// PID-7. A day, not an instant: use its `year`, `month`, `day`.
    public var birthDate: HL7Presence<HL7Timestamp>
    /// PID-8, HL7 table 0001 (F, M, O, U, A, N), upper-cased.
    public var sex: HL7Presence<String>
    /// PID-11, first repetition.
    public var address: HL7Presence<HL7Address>
    /// PID-13, every repetition.
    public var homePhones: HL7Presence<[HL7Phone]>
    /// PID-14, every repetition.
    public var businessPhones: HL7Presence<[HL7Phone]>

    public init(identifiers: [HL7Identifier], name: HL7Presence<HL7PersonName> = .empty,
                birthDate: HL7Presence<HL7Timestamp> = .empty, sex: HL7Presence<String> = .empty,
                address: HL7Presence<HL7Address> = .empty, homePhones: HL7Presence<[HL7Phone]> = .empty,
                businessPhones: HL7Presence<[HL7Phone]> = .empty) {
        self.identifiers = identifiers
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.address = address
        self.homePhones = homePhones
        self.businessPhones = businessPhones
    }

    /// The first number to call: home before business.
    public var phone: String? {
        (homePhones.value ?? []).lazy.compactMap(\.number).first
            ?? (businessPhones.value ?? []).lazy.compactMap(\.number).first
    }

    /// Reads a PID. When PID-3 is empty the v2.3-era PID-2 (external id) stands in,
    /// because sparse senders still put the only identifier there.
    static func read(from pid: HL7Segment, defaultTimeZone: TimeZone) throws(HL7ContentError) -> HL7PatientDemographics {
        var identifiers = HL7Identifier.all(in: pid.field(3))
        if identifiers.isEmpty { identifiers = HL7Identifier.all(in: pid.field(2)) }
        let birthDate = try pid.presence(7) { (_: HL7Field) throws(HL7ContentError) in
            try pid.timestamp(7, what: "birth date", in: defaultTimeZone)
        }
        return HL7PatientDemographics(
            identifiers: identifiers,
            name: try pid.presence(5) { HL7PersonName($0.first) },
            birthDate: birthDate,
            sex: try pid.presence(8) { $0.text()?.uppercased() },
            address: try pid.presence(11) { HL7Address($0.first) },
            homePhones: try pid.presence(13) { phones(in: $0) },
            businessPhones: try pid.presence(14) { phones(in: $0) })
    }

    private static func phones(in field: HL7Field) -> [HL7Phone]? {
        let phones = field.repetitions.compactMap(HL7Phone.init)
        return phones.isEmpty ? nil : phones
    }
}
