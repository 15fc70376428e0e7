import Foundation

/// Escape sequences (HL7 v2 chapter 2): how delimiters, line breaks and arbitrary
/// bytes travel inside a value. Decoding always uses the message's own escape
/// character, so `#$*@!` messages decode `@F@` the way `|^~\&` ones decode `\F\`.
public enum HL7Escaping {
    /// `.sp N` asks for N blank lines; a cap keeps a ten-byte sequence from
    /// turning into megabytes of newlines.
    static let maximumSkippedLines = 20

    /// Decodes one leaf value (already split on every delimiter).
    ///
    /// - `\F\ \S\ \T\ \R\ \E\` (and `\P\` when MSH-2 declares a truncation character) → the delimiter
    /// - `\Xhh…\` → those bytes; consecutive hex sequences are joined, then read as UTF-8,
    ///   falling back to ISO-8859-1 when they are not valid UTF-8
    /// - `\.br\`, `\.sp\`, `\.ce\` → a line break; other formatting commands and `\H\ \N\` vanish
    /// - anything else (`\Cxxyy\`, `\Zlocal\`, a stray escape character) is kept literally
    public static func decode(_ raw: String, with separators: HL7Separators) -> String {
        let bytes = Array(raw.utf8)
        guard bytes.contains(separators.escape) else { return raw }
        var decoded = EscapeOutput()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == separators.escape,
                  let close = bytes[(index + 1)...].firstIndex(of: separators.escape) else {
                decoded.appendLiteral(byte)
                index += 1
                continue
            }
            let content = bytes[(index + 1)..<close]
            if !decoded.apply(sequence: content, separators: separators) {
                decoded.appendLiteral(contentsOf: bytes[index...close])
            }
            index = close + 1
        }
        return decoded.finish()
    }

    /// Escapes text for use as one leaf value in an outgoing message.
    /// Line breaks become `\.br\`; other control characters become `\Xhh\`.
    public static func encode(_ text: String, with separators: HL7Separators) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        let bytes = Array(text.utf8)
        var index = 0
        func sequence(_ body: String) {
            out.append(separators.escape)
            out.append(contentsOf: body.utf8)
            out.append(separators.escape)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == separators.truncation {
                sequence("P")
                index += 1
                continue
            }
            switch byte {
            case separators.escape: sequence("E")
            case separators.field: sequence("F")
            case separators.component: sequence("S")
            case separators.subComponent: sequence("T")
            case separators.repetition: sequence("R")
            case 0x0D:
                sequence(".br")
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            case 0x0A: sequence(".br")
            case 0x00..<0x20, 0x7F: sequence("X" + hex(byte))
            default: out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// Accumulates decoded output, holding hex bytes back until the run ends so a
/// multi-byte UTF-8 character split over `\XC3\\XA9\` still decodes as one.
private struct EscapeOutput {
    private var bytes: [UInt8] = []
    private var pendingHex: [UInt8] = []

    mutating func appendLiteral(_ byte: UInt8) {
        flushHex()
        bytes.append(byte)
    }

    mutating func appendLiteral(contentsOf slice: ArraySlice<UInt8>) {
        flushHex()
        bytes.append(contentsOf: slice)
    }

    /// Applies a known sequence; false when it is unknown and must stay literal.
    mutating func apply(sequence content: ArraySlice<UInt8>, separators: HL7Separators) -> Bool {
        let text = String(decoding: content, as: UTF8.self)
        if let delimiter = delimiter(named: text, separators) {
            appendLiteral(delimiter)
            return true
        }
        if text.first == "X", let hexBytes = Self.hexBytes(text.dropFirst()) {
            pendingHex.append(contentsOf: hexBytes)
            return true
        }
        if text == "H" || text == "N" { flushHex(); return true }
        guard text.first == "." else { return false }
        return applyFormatting(String(text.dropFirst()))
    }

    private func delimiter(named name: String, _ separators: HL7Separators) -> UInt8? {
        switch name {
        case "F": separators.field
        case "S": separators.component
        case "T": separators.subComponent
        case "R": separators.repetition
        case "E": separators.escape
        case "P": separators.truncation
        default: nil
        }
    }

    /// Formatted-text commands (FT): only line structure survives in plain text.
    private mutating func applyFormatting(_ command: String) -> Bool {
        flushHex()
        if command == "br" || command == "ce" {
            bytes.append(0x0A)
            return true
        }
        if command.hasPrefix("sp") {
            let requested = Int(command.dropFirst(2).trimmingCharacters(in: .whitespaces)) ?? 1
            let lines = min(max(requested, 1), HL7Escaping.maximumSkippedLines)
            bytes.append(contentsOf: [UInt8](repeating: 0x0A, count: lines))
            return true
        }
        let dropped = ["fi", "nf", "in", "ti", "sk"]
        return dropped.contains { command.hasPrefix($0) }
    }

    private static func hexBytes(_ digits: Substring) -> [UInt8]? {
        let chars = Array(digits.utf8)
        guard !chars.isEmpty, chars.count.isMultiple(of: 2) else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case 0x30...0x39: char - 0x30
        case 0x41...0x46: char - 0x41 + 10
        case 0x61...0x66: char - 0x61 + 10
        default: nil
        }
    }

    private mutating func flushHex() {
        guard !pendingHex.isEmpty else { return }
        bytes.append(contentsOf: HL7TextDecoding.string(from: pendingHex).utf8)
        pendingHex.removeAll()
    }

    mutating func finish() -> String {
        flushHex()
        return String(decoding: bytes, as: UTF8.self)
    }
}
