import Foundation

/// Bounds that keep a hostile or broken message from costing more than it should.
/// Anything beyond them is a parse error (and so an AE), never a crash or a stall.
public struct HL7ParserLimits: Sendable, Equatable {
    /// Whole message, in UTF-8 bytes. Default 4 MiB.
    public var maxMessageBytes: Int
    /// Segments per message. Default 5,000.
    public var maxSegments: Int
    /// Fields per segment. Default 1,000.
    public var maxFieldsPerSegment: Int
    /// One field's escaped text, in UTF-8 bytes. Default 64 KiB: far above any
    /// demographic or scheduling field, below what an embedded document would need.
    public var maxFieldBytes: Int

    public init(maxMessageBytes: Int = 4 << 20, maxSegments: Int = 5_000,
                maxFieldsPerSegment: Int = 1_000, maxFieldBytes: Int = 64 << 10) {
        self.maxMessageBytes = maxMessageBytes
        self.maxSegments = maxSegments
        self.maxFieldsPerSegment = maxFieldsPerSegment
        self.maxFieldBytes = maxFieldBytes
    }

    public static let standard = HL7ParserLimits()
}

/// Turns message text into an `HL7Message`.
///
/// Delimiters come from MSH-1 and MSH-2. Segments end with CR; LF and CR LF are
/// accepted too, as are blank lines, a missing final terminator and a UTF-8 BOM.
/// Segment order is not checked (that is the extraction's business).
public struct HL7Parser: Sendable {
    public var limits: HL7ParserLimits

    public init(limits: HL7ParserLimits = .standard) {
        self.limits = limits
    }

    public func parse(_ text: String) throws(HL7ParseError) -> HL7Message {
        let bytes = Array(text.utf8)
        guard bytes.count <= limits.maxMessageBytes else {
            throw HL7ParseError(.segmentSequenceError, nil,
                                "message is \(bytes.count) bytes, over the \(limits.maxMessageBytes)-byte limit",
                                header: readHeader(text, requireTerminator: true))
        }
        let lines = Self.segmentLines(bytes)
        guard let firstLine = lines.first else {
            throw HL7ParseError(.segmentSequenceError, HL7ErrorLocation(segment: "MSH"), "MSH missing: the message is empty")
        }
        let msh = try headerSegment(firstLine)
        let header = HL7MessageHeader(segment: msh)
        guard lines.count <= limits.maxSegments else {
            throw HL7ParseError(.segmentSequenceError, nil,
                                "message has \(lines.count) segments, over the \(limits.maxSegments)-segment limit",
                                header: header)
        }
        var segments = [msh]
        var occurrences = ["MSH": 1]
        for (index, line) in lines.enumerated().dropFirst() {
            let name = try segmentName(line, separators: msh.separators, position: index + 1, header: header)
            guard name != "MSH" else {
                throw HL7ParseError(.segmentSequenceError, HL7ErrorLocation(segment: "MSH", sequence: 2),
                                    "a second MSH: batches of messages are not supported in one frame",
                                    header: header)
            }
            let occurrence = (occurrences[name] ?? 0) + 1
            occurrences[name] = occurrence
            let raws = try fieldTexts(line.dropFirst(3), separators: msh.separators, segment: name,
                                      occurrence: occurrence, firstField: 1, header: header)
            let fields = raws.map { HL7Field(raw: $0, separators: msh.separators) }
            segments.append(HL7Segment(name: name, fields: fields, separators: msh.separators, occurrence: occurrence))
        }
        return HL7Message(separators: msh.separators, segments: segments)
    }

    /// Reads only the MSH segment, for answering a message that cannot be parsed
    /// whole (or was never read whole, like an oversize frame). With
    /// `requireTerminator`, a header cut off before its segment terminator is
    /// refused, so a truncated MSH-10 is never echoed as if it were complete.
    public func readHeader(_ text: String, requireTerminator: Bool = false) -> HL7MessageHeader? {
        let bytes = Array(text.utf8)
        let lines = Self.segmentLines(bytes, stoppingAfter: 1)
        guard let first = lines.first else { return nil }
        if requireTerminator, first.endIndex == bytes.endIndex { return nil }
        return (try? headerSegment(first)).map(HL7MessageHeader.init(segment:))
    }

    // MARK: - Segments

    /// Lines between CR / LF terminators, skipping blank ones (and ones holding only
    /// spaces or control characters, which some senders leave between segments).
    static func segmentLines(_ bytes: [UInt8], stoppingAfter limit: Int = .max) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var index = start
        func close(at end: Int) {
            let line = bytes[start..<end]
            if line.contains(where: { $0 > 0x20 }) { lines.append(line) }
        }
        while index < bytes.count, lines.count < limit {
            if bytes[index] == 0x0D || bytes[index] == 0x0A {
                close(at: index)
                start = index + 1
            }
            index += 1
        }
        if lines.count < limit, start < bytes.count { close(at: bytes.count) }
        return lines
    }

    private func headerSegment(_ rawLine: ArraySlice<UInt8>) throws(HL7ParseError) -> HL7Segment {
        let line = rawLine.drop { $0 == 0x20 || $0 == 0x09 }
        guard line.starts(with: Array("MSH".utf8)) else {
            let name = String(decoding: line.prefix(3), as: UTF8.self)
            let reason = ["FHS", "BHS"].contains(name)
                ? "MSH missing: batch files (\(name)) are not supported"
                : "MSH missing: a message must start with an MSH segment"
            throw HL7ParseError(.segmentSequenceError, HL7ErrorLocation(segment: "MSH"), reason)
        }
        let body = line.dropFirst(3)
        guard let fieldSeparator = body.first else {
            throw HL7ParseError(.requiredFieldMissing, HL7ErrorLocation(segment: "MSH", field: 1),
                                "MSH-1 field separator is missing")
        }
        let afterSeparator = body.dropFirst()
        let encodingEnd = afterSeparator.firstIndex(of: fieldSeparator) ?? afterSeparator.endIndex
        let separators = try HL7Separators.declared(field: fieldSeparator,
                                                    encodingCharacters: afterSeparator[..<encodingEnd])
        let literal = { (text: String) in HL7Field(raw: text, separators: separators, isLiteral: true) }
        var fields = [literal(String(separators.character(fieldSeparator))),
                      literal(separators.encodingCharacters)]
        if encodingEnd < afterSeparator.endIndex {
            let rest = afterSeparator[encodingEnd...]
            let raws = try fieldTexts(rest, separators: separators, segment: "MSH", occurrence: 1,
                                      firstField: 3, header: nil)
            fields += raws.map { HL7Field(raw: $0, separators: separators) }
        }
        return HL7Segment(name: "MSH", fields: fields, separators: separators)
    }

    private func segmentName(_ line: ArraySlice<UInt8>, separators: HL7Separators, position: Int,
                             header: HL7MessageHeader) throws(HL7ParseError) -> String {
        let nameBytes = line.prefix { $0 != separators.field }
        let isUpperOrDigit = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) }
        guard nameBytes.count == 3, let first = nameBytes.first, (0x41...0x5A).contains(first),
              nameBytes.allSatisfy(isUpperOrDigit) else {
            let shown = String(decoding: nameBytes.prefix(10), as: UTF8.self)
            let reason = nameBytes.count == 3
                ? "segment \(position): segment name must be 3 upper-case letters or digits, starting with a letter (found \"\(shown)\")"
                : "segment \(position): segment name must be 3 characters (found \"\(shown)\")"
            throw HL7ParseError(.segmentSequenceError, HL7ErrorLocation(segment: String(shown.prefix(3)), sequence: position),
                                reason, header: header)
        }
        return String(decoding: nameBytes, as: UTF8.self)
    }

    /// Splits what follows the segment name. `body` starts with the field
    /// separator (or is empty for a segment with no fields).
    private func fieldTexts(_ body: ArraySlice<UInt8>, separators: HL7Separators, segment: String,
                            occurrence: Int, firstField: Int,
                            header: HL7MessageHeader?) throws(HL7ParseError) -> [String] {
        guard !body.isEmpty else { return [] }
        let pieces = body.dropFirst().split(separator: separators.field, omittingEmptySubsequences: false)
        guard pieces.count <= limits.maxFieldsPerSegment else {
            throw HL7ParseError(.dataTypeError, HL7ErrorLocation(segment: segment, sequence: occurrence),
                                "\(segment) has \(pieces.count) fields, over the \(limits.maxFieldsPerSegment)-field limit",
                                header: header)
        }
        var texts: [String] = []
        texts.reserveCapacity(pieces.count)
        for (offset, piece) in pieces.enumerated() {
            guard piece.count <= limits.maxFieldBytes else {
                let position = firstField + offset
                throw HL7ParseError(.dataTypeError,
                                    HL7ErrorLocation(segment: segment, sequence: occurrence, field: position),
                                    "\(segment)-\(position) is \(piece.count) bytes, over the \(limits.maxFieldBytes)-byte field limit",
                                    header: header)
            }
            texts.append(String(decoding: piece, as: UTF8.self))
        }
        return texts
    }
}
