import Foundation

/// Bytes to text for messages whose character set we cannot trust MSH-18 to name.
///
/// UTF-8 is tried first; bytes that are not valid UTF-8 are read as ISO-8859-1,
/// which maps every byte to a character, so decoding never fails and never drops data.
public enum HL7TextDecoding {
    public static func string<Bytes: Collection>(from bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var body = Array(bytes)
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        if let text = String(bytes: body, encoding: .utf8) { return text }
        var latin1 = String.UnicodeScalarView()
        latin1.append(contentsOf: body.map { Unicode.Scalar($0) })
        return String(latin1)
    }
}
