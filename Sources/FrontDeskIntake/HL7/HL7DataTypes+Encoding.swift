import Foundation

/// Each data type written back in the component layout it is read from.
extension HL7HierarchicDesignator {
    /// As sub-components, the way an HD sits inside a CX, XCN or PL component.
    func encodedAsSubComponents(_ encoder: HL7Encoder) -> String {
        encoder.subComponents([namespaceID, universalID, universalIDType])
    }
}

extension HL7Identifier {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.composite([encoder.leaf(id), "", "", assigningAuthority?.encodedAsSubComponents(encoder) ?? "",
                           encoder.leaf(typeCode), assigningFacility?.encodedAsSubComponents(encoder) ?? ""])
    }
}

extension HL7EntityIdentifier {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.components([id, namespaceID, universalID, universalIDType])
    }
}

extension HL7CodedValue {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.components([code, text, codingSystem, alternateCode, alternateText, nil, nil, nil, originalText])
    }
}

extension HL7PersonName {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.components([family, given, middle, suffix, prefix, degree, typeCode])
    }
}

extension HL7Provider {
    /// As an XCN: id ^ family ^ given ^ middle ^ suffix ^ prefix ^ degree ^ ^ assigning authority.
    func encodedAsPerson(_ encoder: HL7Encoder) -> String {
        let parts = [name?.family, name?.given, name?.middle, name?.suffix, name?.prefix, name?.degree]
        return encoder.composite([encoder.leaf(id)] + parts.map(encoder.leaf)
                                 + ["", assigningAuthority?.encodedAsSubComponents(encoder) ?? ""])
    }
}

extension HL7Location {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.composite([encoder.leaf(pointOfCare), encoder.leaf(room), encoder.leaf(bed),
                           facility?.encodedAsSubComponents(encoder) ?? "", "", "",
                           encoder.leaf(building), encoder.leaf(floor), encoder.leaf(description)])
    }
}

extension HL7Address {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.components([street, otherDesignation, city, state, postalCode, country, typeCode])
    }
}

extension HL7Phone {
    func encoded(_ encoder: HL7Encoder) -> String {
        encoder.components([formatted, useCode, equipmentType, email, countryCode, areaCode, localNumber,
                            extensionNumber, nil, nil, nil, unformatted])
    }
}

extension HL7PatientDemographics {
    /// The PID segment, `""` written for every field the demographics mark as cleared.
    func pidSegment(_ encoder: HL7Encoder) -> HL7SegmentWriter {
        var pid = HL7SegmentWriter("PID")
        pid[1] = "1"
        pid[3] = encoder.repetitions(identifiers.map { $0.encoded(encoder) })
        pid[5] = encoder.presence(name) { $0.encoded(encoder) }
        pid[7] = encoder.presence(birthDate) { $0.text }
        pid[8] = encoder.presence(sex) { encoder.leaf($0) }
        pid[11] = encoder.presence(address) { $0.encoded(encoder) }
        pid[13] = encoder.presence(homePhones) { encoder.repetitions($0.map { $0.encoded(encoder) }) }
        pid[14] = encoder.presence(businessPhones) { encoder.repetitions($0.map { $0.encoded(encoder) }) }
        return pid
    }
}
