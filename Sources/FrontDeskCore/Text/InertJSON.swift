import Foundation
import TextSafety

/// JSON for scripts and people alike: any `Encodable` written straight into bytes (no tree in
/// between — Foundation's encoder built one and cost more than the rest of `status --json`),
/// keys in the order the type encodes them, and every string made inert: besides what JSON
/// requires, C1 controls, bidirectional overrides and invisible format characters are written
/// as `\uXXXX`, so a `cat` of the output can neither move the cursor nor reorder or hide text,
/// while a JSON parser still reads back exactly what was stored.
///
/// Containers close when the value that opened them has finished encoding; nested and super
/// encoders are not supported (no type here uses them).
public enum InertJSON {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        let out = JSONBuffer(pretty: pretty)
        try out.write(value)
        return Data(out.bytes)
    }

    /// A string as a JSON string literal, inert (see above).
    public static func quoted(_ s: String) -> String {
        var bytes: [UInt8] = []
        JSONBuffer.appendQuoted(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Characters that must never reach a terminal raw, written as `\uXXXX`: exactly those
    /// `InertText` (the one rule a screen and stderr use) replaces — C0/C1 controls, DEL, bidi
    /// controls, zero-width and other invisible format characters, the tag block. Escaping is
    /// lossless, so JSON needs no exception for emoji flags; ZWJ and variation selectors, which
    /// hide nothing, stay as they are.
    public static func mustEscape(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v) else { return false }
        return InertText.isHostile(s)
    }
}

final class JSONBuffer {
    var bytes: [UInt8] = []
    let pretty: Bool
    /// Per open container: how many members it has so far.
    var counts: [Int] = []
    init(pretty: Bool) { self.pretty = pretty; bytes.reserveCapacity(1 << 16) }

    func write<T: Encodable>(_ value: T) throws {
        let encoder = StreamingEncoder(buffer: self, codingPath: [])
        try value.encode(to: encoder)
        encoder.finish()
    }

    func open(_ bracket: UInt8) { bytes.append(bracket); counts.append(0) }

    func close(_ bracket: UInt8) {
        let count = counts.removeLast()
        if pretty && count > 0 { newline() }
        bytes.append(bracket)
    }

    /// Before a member: the comma, the line and indent.
    func member() {
        if counts[counts.count - 1] > 0 { bytes.append(UInt8(ascii: ",")) }
        counts[counts.count - 1] += 1
        if pretty { newline() }
    }

    func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * counts.count))
    }

    func key(_ k: String) {
        member()
        Self.appendQuoted(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    func string(_ s: String) { Self.appendQuoted(s, to: &bytes) }

    func double(_ d: Double) throws {
        guard d.isFinite else { throw EncodingError.invalidValue(d, .init(codingPath: [], debugDescription: "JSON has no \(d)")) }
        raw(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)")
    }

    static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case _ where InertJSON.mustEscape(v):
                if v > 0xFFFF {
                    let u = v - 0x10000
                    escape(0xD800 + (u >> 10), &bytes); escape(0xDC00 + (u & 0x3FF), &bytes)
                } else {
                    escape(v, &bytes)
                }
            case 0x20..<0x80:
                bytes.append(UInt8(v))
            default:
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func escape(_ v: UInt32, _ bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), hex[Int(v >> 12 & 0xF)], hex[Int(v >> 8 & 0xF)],
                                  hex[Int(v >> 4 & 0xF)], hex[Int(v & 0xF)]])
    }
}

/// One value's encoder: it writes at most one container (or one single value) into the buffer.
final class StreamingEncoder: Encoder {
    let buffer: JSONBuffer
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var opened: UInt8?
    private var wroteValue = false

    init(buffer: JSONBuffer, codingPath: [CodingKey]) { self.buffer = buffer; self.codingPath = codingPath }

    /// Closes what this value opened; a value that wrote nothing at all is `null`.
    func finish() {
        if let opened { buffer.close(opened == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")) }
        else if !wroteValue { buffer.raw("null") }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if opened == nil { opened = UInt8(ascii: "{"); buffer.open(UInt8(ascii: "{")) }
        return KeyedEncodingContainer(KeyedWriter<Key>(encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if opened == nil { opened = UInt8(ascii: "["); buffer.open(UInt8(ascii: "[")) }
        return UnkeyedWriter(encoder: self)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleWriter(encoder: self) }

    /// Writes one value where the buffer is (after a key, an array comma, or at the top).
    /// Primitives are told apart by their metatype (a pointer comparison), not by casting: a
    /// failed dynamic cast per field was most of the cost of a long array.
    func value<T: Encodable>(_ v: T) throws {
        let b = buffer
        if T.self == String.self { b.string(unsafeBitCast(v, to: String.self)) }
        else if T.self == Int64.self { b.raw(String(unsafeBitCast(v, to: Int64.self))) }
        else if T.self == Int.self { b.raw(String(unsafeBitCast(v, to: Int.self))) }
        else if T.self == Bool.self { b.raw(unsafeBitCast(v, to: Bool.self) ? "true" : "false") }
        else if T.self == Double.self { try b.double(unsafeBitCast(v, to: Double.self)) }
        else if T.self == Date.self { b.string(ISOTime.string(unsafeBitCast(v, to: Date.self))) }
        else {
            let child = StreamingEncoder(buffer: b, codingPath: codingPath)
            try v.encode(to: child)
            child.finish()
        }
    }

    func markValue() { wroteValue = true }
}

// The typed methods are the common path (a type's own `encode(to:)` calls them with the static
// type known); the generic one casts, which is slow, and is left for nested values.
private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamingEncoder
    var codingPath: [CodingKey] { encoder.codingPath }
    mutating func encodeNil(forKey key: Key) throws { encoder.buffer.key(key.stringValue); encoder.buffer.raw("null") }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.buffer.key(key.stringValue); encoder.buffer.string(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.buffer.key(key.stringValue); encoder.buffer.raw(value ? "true" : "false") }
    mutating func encode(_ value: Int, forKey key: Key) throws { encoder.buffer.key(key.stringValue); encoder.buffer.raw(String(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoder.buffer.key(key.stringValue); encoder.buffer.raw(String(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoder.buffer.key(key.stringValue); try encoder.buffer.double(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        encoder.buffer.key(key.stringValue)
        try encoder.value(value)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        fatalError("InertJSON: nested containers are not supported")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        fatalError("InertJSON: nested containers are not supported")
    }
    mutating func superEncoder() -> Encoder { fatalError("InertJSON: super encoders are not supported") }
    mutating func superEncoder(forKey key: Key) -> Encoder { fatalError("InertJSON: super encoders are not supported") }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [CodingKey] { encoder.codingPath }
    var count = 0
    mutating func encodeNil() throws { encoder.buffer.member(); encoder.buffer.raw("null"); count += 1 }
    mutating func encode(_ value: String) throws { encoder.buffer.member(); encoder.buffer.string(value); count += 1 }
    mutating func encode(_ value: Int64) throws { encoder.buffer.member(); encoder.buffer.raw(String(value)); count += 1 }
    mutating func encode(_ value: Int) throws { encoder.buffer.member(); encoder.buffer.raw(String(value)); count += 1 }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.buffer.member()
        try encoder.value(value)
        count += 1
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        fatalError("InertJSON: nested containers are not supported")
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { fatalError("InertJSON: nested containers are not supported") }
    mutating func superEncoder() -> Encoder { fatalError("InertJSON: super encoders are not supported") }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [CodingKey] { encoder.codingPath }
    mutating func encodeNil() throws { encoder.markValue(); encoder.buffer.raw("null") }
    mutating func encode(_ value: String) throws { encoder.markValue(); encoder.buffer.string(value) }
    mutating func encode(_ value: Bool) throws { encoder.markValue(); encoder.buffer.raw(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { encoder.markValue(); encoder.buffer.raw(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.markValue(); encoder.buffer.raw(String(value)) }
    mutating func encode(_ value: Double) throws { encoder.markValue(); try encoder.buffer.double(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.markValue(); try encoder.value(value) }
}

/// A dictionary written with its keys in sorted order (a `[String: V]` on its own comes out in
/// hash order, different on every run).
public struct SortedKeys<Value: Encodable>: Encodable {
    public let dictionary: [String: Value]
    public init(_ dictionary: [String: Value]) { self.dictionary = dictionary }
    struct Key: CodingKey {
        var stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for k in dictionary.keys.sorted() { try c.encode(dictionary[k]!, forKey: Key(k)) }
    }
}

extension KeyedEncodingContainer {
    /// Writes the value, or `null` when there is none (so a script always finds the key); the
    /// typed path, without the generic `Optional` detour.
    public mutating func encodeOrNull(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    public mutating func encodeOrNull(_ value: Int64?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    public mutating func encodeOrNull(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    public mutating func encodeOrNull(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
