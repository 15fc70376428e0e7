import Foundation

/// PL: where something happens (AIL-3, PV1-3): point of care ^ room ^ bed ^ facility ^ … ^ building ^ floor ^ description.
public struct HL7Location: Sendable, Equatable, Hashable {
    public var pointOfCare: String?
    public var room: String?
    public var bed: String?
    public var facility: HL7HierarchicDesignator?
    public var building: String?
    public var floor: String?
    public var description: String?

    public init(pointOfCare: String?, room: String? = nil, bed: String? = nil,
                facility: HL7HierarchicDesignator? = nil, building: String? = nil, floor: String? = nil,
                description: String? = nil) {
        self.pointOfCare = pointOfCare
        self.room = room
        self.bed = bed
        self.facility = facility
        self.building = building
        self.floor = floor
        self.description = description
    }

    init?(_ repetition: HL7Repetition) {
        self.init(pointOfCare: repetition.text(1), room: repetition.text(2), bed: repetition.text(3),
                  facility: HL7HierarchicDesignator(subComponentsOf: repetition.component(4)),
                  building: repetition.text(7), floor: repetition.text(8), description: repetition.text(9))
        if self == HL7Location(pointOfCare: nil) { return nil }
    }
}

/// XAD: a postal address (PID-11). The street is SAD from v2.5 on; its first sub-component is kept.
public struct HL7Address: Sendable, Equatable, Hashable {
    public var street: String?
    public var otherDesignation: String?
    public var city: String?
    public var state: String?
    public var postalCode: String?
    public var country: String?
    /// HL7 table 0190: H home, M mailing, B business, …
    public var typeCode: String?

    public init(street: String?, otherDesignation: String? = nil, city: String? = nil, state: String? = nil,
                postalCode: String? = nil, country: String? = nil, typeCode: String? = nil) {
        self.street = street
        self.otherDesignation = otherDesignation
        self.city = city
        self.state = state
        self.postalCode = postalCode
        self.country = country
        self.typeCode = typeCode
    }

    init?(_ repetition: HL7Repetition) {
        self.init(street: repetition.text(1), otherDesignation: repetition.text(2), city: repetition.text(3),
                  state: repetition.text(4), postalCode: repetition.text(5), country: repetition.text(6),
                  typeCode: repetition.text(7))
        if self == HL7Address(street: nil) { return nil }
    }
}

/// XTN: a telephone number or e-mail address (PID-13, PID-14).
///
/// Before v2.7 the number is usually the formatted text in XTN-1; from v2.5 on it
/// may instead be split into country, area, local number and extension, and v2.7
/// adds XTN-12 unformatted. `number` gives whichever the sender used.
public struct HL7Phone: Sendable, Equatable, Hashable {
    /// XTN-1, e.g. `(555)555-0134`.
    public var formatted: String?
    /// HL7 table 0201: PRN primary residence, WPN work, ORN other residence, NET e-mail, …
    public var useCode: String?
    /// HL7 table 0202: PH telephone, CP cellular, FX fax, Internet, …
    public var equipmentType: String?
    public var email: String?
    public var countryCode: String?
    public var areaCode: String?
    public var localNumber: String?
    public var extensionNumber: String?
    /// XTN-12 (v2.7+).
    public var unformatted: String?

    public init(formatted: String?, useCode: String? = nil, equipmentType: String? = nil, email: String? = nil,
                countryCode: String? = nil, areaCode: String? = nil, localNumber: String? = nil,
                extensionNumber: String? = nil, unformatted: String? = nil) {
        self.formatted = formatted
        self.useCode = useCode
        self.equipmentType = equipmentType
        self.email = email
        self.countryCode = countryCode
        self.areaCode = areaCode
        self.localNumber = localNumber
        self.extensionNumber = extensionNumber
        self.unformatted = unformatted
    }

    init?(_ repetition: HL7Repetition) {
        self.init(formatted: repetition.text(1), useCode: repetition.text(2), equipmentType: repetition.text(3),
                  email: repetition.text(4), countryCode: repetition.text(5), areaCode: repetition.text(6),
                  localNumber: repetition.text(7), extensionNumber: repetition.text(8),
                  unformatted: repetition.text(12))
        if self == HL7Phone(formatted: nil) { return nil }
    }

    /// The number as the sender wrote it, whichever components they used; nil for an e-mail-only entry.
    public var number: String? {
        if let formatted { return formatted }
        if let localNumber {
            let parts = [countryCode.map { "+" + $0 }, areaCode, localNumber].compactMap { $0 }
            return parts.joined(separator: " ") + (extensionNumber.map { " x" + $0 } ?? "")
        }
        return unformatted
    }
}
