import Foundation

/// A DTM / TS value: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`.
///
/// Checked against the calendar (no 30 February, no hour 24). Offsets up to
/// ±14:00 are accepted; so are up to 9 fraction digits, since some senders
/// write microseconds although the standard stops at 4.
///
/// The calendar fields are kept as sent, next to the instant they denote, because
/// some values (a birth date) are days, not instants, and must not shift with a
/// time zone. A value without an offset is read in the injected default zone.
public struct HL7Timestamp: Sendable, Equatable, CustomStringConvertible {
    /// The last calendar field the sender filled.
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day, hour, minute, second, fraction
        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let date: Date
    public let precision: Precision
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The digits after the decimal point, as sent (`"1234"` for `.1234`).
    public let fractionDigits: String?
    /// Minutes east of UTC when the value carried `+/-ZZZZ`; nil when the default zone applied.
    public let utcOffsetMinutes: Int?

    /// Parses a timestamp. A TS from v2.3 may arrive as `value^precision`; the
    /// degree-of-precision component is ignored (the digits say the precision).
    public static func parse(_ text: String, defaultTimeZone: TimeZone) throws(HL7TimestampError) -> HL7Timestamp {
        let body = text.split(separator: "^", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var scanner = TimestampScanner(Array(body.trimmingCharacters(in: .whitespaces).utf8))
        let digits = scanner.digits()
        let precisions: [Int: Precision] = [4: .year, 6: .month, 8: .day, 10: .hour, 12: .minute, 14: .second]
        guard var precision = precisions[digits.count] else {
            throw HL7TimestampError("\"\(text)\" is not a date: expected 4, 6, 8, 10, 12 or 14 digits, found \(digits.count)")
        }
        var fraction: String?
        if scanner.take(0x2E) {
            let fractionText = scanner.digits()
            guard precision == .second, (1...9).contains(fractionText.count) else {
                throw HL7TimestampError("\"\(text)\" has a fraction of a second that is not after the seconds")
            }
            fraction = fractionText
            precision = .fraction
        }
        var offset: Int?
        if let sign = scanner.sign() {
            let zone = scanner.digits()
            guard zone.count == 4, let hours = Int(zone.prefix(2)), let minutes = Int(zone.suffix(2)),
                  hours <= 14, minutes < 60 else {
                throw HL7TimestampError("\"\(text)\" has a time zone offset that is not +/-HHMM")
            }
            offset = sign * (hours * 60 + minutes)
        }
        guard scanner.isAtEnd else {
            throw HL7TimestampError("\"\(text)\" is not a date: unexpected characters")
        }
        func number(_ from: Int, _ length: Int, default value: Int) -> Int {
            digits.count >= from + length ? Int(digits.dropFirst(from).prefix(length))! : value
        }
        let fields = CalendarFields(year: number(0, 4, default: 1), month: number(4, 2, default: 1),
                                    day: number(6, 2, default: 1), hour: number(8, 2, default: 0),
                                    minute: number(10, 2, default: 0), second: number(12, 2, default: 0))
        if let problem = fields.problem { throw HL7TimestampError("\"\(text)\" is not a valid date: \(problem)") }
        let fractionSeconds = fraction.map { Double("0." + $0) ?? 0 } ?? 0
        let zone = offset.map { TimeZone(secondsFromGMT: $0 * 60)! } ?? defaultTimeZone
        let date = fields.date(in: zone).addingTimeInterval(fractionSeconds)
        return HL7Timestamp(date: date, precision: precision, fields: fields, fractionDigits: fraction,
                            utcOffsetMinutes: offset)
    }

    /// An instant written in `timeZone`, down to `precision`, with its offset (`+/-ZZZZ`)
    /// unless `includesOffset` is false.
    public init(date: Date, timeZone: TimeZone, precision: Precision = .second, includesOffset: Bool = true) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let fields = CalendarFields(year: parts.year ?? 1, month: parts.month ?? 1, day: parts.day ?? 1,
                                    hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0)
        let tenThousandths = min(9_999, Int(Double(parts.nanosecond ?? 0) / 100_000))
        let fraction = precision == .fraction ? String(format: "%04d", tenThousandths) : nil
        self.init(date: date, precision: precision, fields: fields.truncated(to: precision), fractionDigits: fraction,
                  utcOffsetMinutes: includesOffset ? timeZone.secondsFromGMT(for: date) / 60 : nil)
    }

    /// A calendar day such as a birth date; its instant is that day's midnight in `timeZone`.
    public init?(year: Int, month: Int, day: Int, timeZone: TimeZone = TimeZone(secondsFromGMT: 0)!) {
        let fields = CalendarFields(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        guard fields.problem == nil else { return nil }
        self.init(date: fields.date(in: timeZone), precision: .day, fields: fields, fractionDigits: nil,
                  utcOffsetMinutes: nil)
    }

    private init(date: Date, precision: Precision, fields: CalendarFields, fractionDigits: String?,
                 utcOffsetMinutes: Int?) {
        self.date = date
        self.precision = precision
        year = fields.year
        month = fields.month
        day = fields.day
        hour = fields.hour
        minute = fields.minute
        second = fields.second
        self.fractionDigits = fractionDigits
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// The value as HL7 text, at its own precision.
    public var text: String {
        let pieces: [(Precision, String)] = [(.month, pad(month)), (.day, pad(day)), (.hour, pad(hour)),
                                             (.minute, pad(minute)), (.second, pad(second))]
        var out = String(format: "%04d", year)
        for (level, piece) in pieces where precision >= level { out += piece }
        if precision == .fraction, let fractionDigits { out += "." + fractionDigits }
        if let offset = utcOffsetMinutes {
            out += (offset < 0 ? "-" : "+") + pad(abs(offset) / 60) + pad(abs(offset) % 60)
        }
        return out
    }

    public var description: String { text }

    private func pad(_ value: Int) -> String { String(format: "%02d", value) }
}

/// Why a timestamp was refused, as a sentence for an ERR segment.
public struct HL7TimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Calendar fields checked against the calendar, not just against their digit count.
private struct CalendarFields {
    var year, month, day, hour, minute, second: Int

    var problem: String? {
        guard year >= 1 else { return "year 0000" }
        guard (1...12).contains(month) else { return "month \(month)" }
        guard (1...Self.days(inMonth: month, year: year)).contains(day) else { return "day \(day) of month \(month)" }
        guard (0...23).contains(hour) else { return "hour \(hour)" }
        guard (0...59).contains(minute) else { return "minute \(minute)" }
        guard (0...59).contains(second) else { return "second \(second)" }
        return nil
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    func truncated(to precision: HL7Timestamp.Precision) -> CalendarFields {
        CalendarFields(year: year, month: precision >= .month ? month : 1, day: precision >= .day ? day : 1,
                       hour: precision >= .hour ? hour : 0, minute: precision >= .minute ? minute : 0,
                       second: precision >= .second ? second : 0)
    }

    func date(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }
}

/// A cursor over ASCII bytes for the timestamp grammar.
private struct TimestampScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func digits() -> String {
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if take(0x2B) { return 1 }
        if take(0x2D) { return -1 }
        return nil
    }
}
