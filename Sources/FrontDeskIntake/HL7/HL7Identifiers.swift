import Foundation

/// HD: who issued an identifier (namespace id & universal id & universal id type).
public struct HL7HierarchicDesignator: Sendable, Equatable, Hashable {
    public var namespaceID: String?
    public var universalID: String?
    public var universalIDType: String?

    public init(namespaceID: String? = nil, universalID: String? = nil, universalIDType: String? = nil) {
        self.namespaceID = namespaceID
        self.universalID = universalID
        self.universalIDType = universalIDType
    }

    /// An HD nested inside another type, where its parts are sub-components.
    init?(subComponentsOf component: HL7Component) {
        self.init(namespaceID: component.subComponent(1).value, universalID: component.subComponent(2).value,
                  universalIDType: component.subComponent(3).value)
        if namespaceID == nil, universalID == nil { return nil }
    }

    /// The name to match on: the namespace id, or the universal id (an OID) when only that was sent.
    public var name: String? { namespaceID ?? universalID }
}

/// CX: a patient identifier with the authority that assigned it (PID-3, MRG-1, PV1-19).
///
/// The same number from two authorities is two different patients, so matching
/// must use `id` together with `assigningAuthority`.
public struct HL7Identifier: Sendable, Equatable, Hashable {
    public var id: String
    /// CX-4.
    public var assigningAuthority: HL7HierarchicDesignator?
    /// CX-5, HL7 table 0203: MR medical record number, PI patient internal id, PT, SS, …
    public var typeCode: String?
    /// CX-6.
    public var assigningFacility: HL7HierarchicDesignator?

    public init(id: String, assigningAuthority: HL7HierarchicDesignator? = nil, typeCode: String? = nil,
                assigningFacility: HL7HierarchicDesignator? = nil) {
        self.id = id
        self.assigningAuthority = assigningAuthority
        self.typeCode = typeCode
        self.assigningFacility = assigningFacility
    }

    /// Nil when CX-1 is empty: an identifier without its value identifies nothing.
    init?(_ repetition: HL7Repetition) {
        guard let id = repetition.text(1) else { return nil }
        self.init(id: id, assigningAuthority: HL7HierarchicDesignator(subComponentsOf: repetition.component(4)),
                  typeCode: repetition.text(5),
                  assigningFacility: HL7HierarchicDesignator(subComponentsOf: repetition.component(6)))
    }

    /// Every usable repetition of a CX field.
    static func all(in field: HL7Field) -> [HL7Identifier] {
        field.repetitions.compactMap(HL7Identifier.init)
    }
}

/// EI: an appointment or order identifier (SCH-1, SCH-2): entity id ^ namespace id ^ universal id ^ type.
public struct HL7EntityIdentifier: Sendable, Equatable, Hashable {
    public var id: String
    public var namespaceID: String?
    public var universalID: String?
    public var universalIDType: String?

    public init(id: String, namespaceID: String? = nil, universalID: String? = nil, universalIDType: String? = nil) {
        self.id = id
        self.namespaceID = namespaceID
        self.universalID = universalID
        self.universalIDType = universalIDType
    }

    init?(_ repetition: HL7Repetition) {
        guard let id = repetition.text(1) else { return nil }
        self.init(id: id, namespaceID: repetition.text(2), universalID: repetition.text(3),
                  universalIDType: repetition.text(4))
    }
}

/// CE / CWE: a coded value with its text (SCH-7, SCH-8, SCH-25, AIS-3, AIG-3).
public struct HL7CodedValue: Sendable, Equatable, Hashable {
    public var code: String?
    public var text: String?
    public var codingSystem: String?
    public var alternateCode: String?
    public var alternateText: String?
    /// CWE-9 (v2.5+), the text as the user saw it.
    public var originalText: String?

    public init(code: String?, text: String? = nil, codingSystem: String? = nil, alternateCode: String? = nil,
                alternateText: String? = nil, originalText: String? = nil) {
        self.code = code
        self.text = text
        self.codingSystem = codingSystem
        self.alternateCode = alternateCode
        self.alternateText = alternateText
        self.originalText = originalText
    }

    /// Nil when neither a code nor any text was sent.
    init?(_ repetition: HL7Repetition) {
        self.init(code: repetition.text(1), text: repetition.text(2), codingSystem: repetition.text(3),
                  alternateCode: repetition.text(4), alternateText: repetition.text(5),
                  originalText: repetition.text(9))
        if code == nil, text == nil, alternateCode == nil, originalText == nil { return nil }
    }

    /// Something to show a person: the text, else the original text, else the code.
    public var displayText: String? { text ?? originalText ?? alternateText ?? code ?? alternateCode }
}
