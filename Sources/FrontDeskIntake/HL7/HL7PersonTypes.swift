import Foundation

/// XPN: a person's name (PID-5). The family name is FN from v2.4 on
/// (surname & prefix & …); only its surname sub-component is kept.
public struct HL7PersonName: Sendable, Equatable, Hashable {
    public var family: String?
    public var given: String?
    /// Second and further given names or initials.
    public var middle: String?
    public var suffix: String?
    public var prefix: String?
    public var degree: String?
    /// HL7 table 0200: L legal, D display, M maiden, A alias, …
    public var typeCode: String?

    public init(family: String?, given: String? = nil, middle: String? = nil, suffix: String? = nil,
                prefix: String? = nil, degree: String? = nil, typeCode: String? = nil) {
        self.family = family
        self.given = given
        self.middle = middle
        self.suffix = suffix
        self.prefix = prefix
        self.degree = degree
        self.typeCode = typeCode
    }

    /// Reads a name whose family name is component `first` (1 in XPN, 2 in XCN).
    init?(_ repetition: HL7Repetition, startingAt first: Int = 1) {
        let at = { (offset: Int) in repetition.text(first + offset) }
        self.init(family: at(0), given: at(1), middle: at(2), suffix: at(3), prefix: at(4), degree: at(5),
                  typeCode: first == 1 ? repetition.text(7) : repetition.text(10))
        if family == nil, given == nil, middle == nil { return nil }
    }

    /// "Dr Ada M Lovelace Jr" — the parts that were sent, in reading order.
    public var formatted: String {
        [prefix, given, middle, family, suffix].compactMap { $0 }.joined(separator: " ")
    }
}

/// A person who provides care (AIP-3, PV1-7 as XCN) or a resource that stands
/// for one (AIG-3 as CE, where only an id and a text are known).
public struct HL7Provider: Sendable, Equatable, Hashable {
    public var id: String?
    public var name: HL7PersonName?
    /// XCN-9.
    public var assigningAuthority: HL7HierarchicDesignator?
    /// The CE text, when the provider came from a coded resource rather than an XCN.
    public var text: String?

    public init(id: String?, name: HL7PersonName? = nil, assigningAuthority: HL7HierarchicDesignator? = nil,
                text: String? = nil) {
        self.id = id
        self.name = name
        self.assigningAuthority = assigningAuthority
        self.text = text
    }

    /// XCN: id ^ family ^ given ^ middle ^ suffix ^ prefix ^ degree ^ source table ^ assigning authority.
    init?(person repetition: HL7Repetition) {
        self.init(id: repetition.text(1), name: HL7PersonName(repetition, startingAt: 2),
                  assigningAuthority: HL7HierarchicDesignator(subComponentsOf: repetition.component(9)))
        if id == nil, name == nil { return nil }
    }

    /// CE: resource id ^ text.
    init?(resource repetition: HL7Repetition) {
        guard let coded = HL7CodedValue(repetition) else { return nil }
        self.init(id: coded.code, text: coded.displayText)
    }

    public var displayName: String? {
        if let formatted = name?.formatted, !formatted.isEmpty { return formatted }
        return text ?? id
    }
}
