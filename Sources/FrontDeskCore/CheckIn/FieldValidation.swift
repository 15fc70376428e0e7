import Foundation
import TextSafety

/// A field's value is wrong; `message` is shown next to the field, in plain words.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The check-in form's rules. Each returns the value normalised for storage, or the
/// message to show. Rules are pure and table-tested; `today` is injected.
public enum FieldValidation {
    /// Names: not empty, any script, no control or bidi-override characters, at most 100 characters.
    public static func name(_ raw: String, field: String = "Name") -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return .failure(FieldError("\(field) cannot be empty")) }
        if s.unicodeScalars.contains(where: isUnsafeScalar) {
            return .failure(FieldError("\(field) contains a control character"))
        }
        if s.count > 100 { return .failure(FieldError("\(field) is longer than 100 characters")) }
        return .success(s)
    }

    /// An optional name-like field (preferred name, subscriber): empty is fine.
    public static func optionalText(_ raw: String, field: String, limit: Int = 200) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.unicodeScalars.contains(where: isUnsafeScalar) {
            return .failure(FieldError("\(field) contains a control character"))
        }
        if s.count > limit { return .failure(FieldError("\(field) is longer than \(limit) characters")) }
        return .success(s)
    }

    /// Date of birth as `YYYY-MM-DD` or `MM/DD/YYYY`: a real date, not in the future, age ≤ 130.
    /// Normalised to `YYYY-MM-DD`. `today` is a civil date (`YYYY-MM-DD`).
    public static func dateOfBirth(_ raw: String, today: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard let d = CivilDate(parsing: s) else {
            return .failure(FieldError("Date of birth: enter a real date as YYYY-MM-DD or MM/DD/YYYY"))
        }
        guard let t = CivilDate(parsing: today) else { return .failure(FieldError("Date of birth: today's date is unknown")) }
        if d > t { return .failure(FieldError("Date of birth is in the future")) }
        if t.year - d.year > 130 || (t.year - d.year == 130 && (d.month, d.day) < (t.month, t.day)) {
            return .failure(FieldError("Date of birth is more than 130 years ago"))
        }
        return .success(d.iso)
    }

    /// A phone number: NANP (10 digits, optional leading 1; area code and exchange start 2–9)
    /// or E.164 (`+` and 8–15 digits). NANP is stored as `(212) 555-0134`, E.164 as `+4420…`.
    public static func phone(_ raw: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let message = "Phone: enter a 10-digit number like (212) 555-0134, or an international one starting with +"
        let allowed = CharacterSet(charactersIn: "0123456789+()-. ")
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ allowed.contains($0) }) else { return .failure(FieldError(message)) }
        let digits = s.filter(\.isASCII).filter(\.isNumber)
        if s.hasPrefix("+") {
            guard s.dropFirst().allSatisfy({ $0 != "+" }), (8...15).contains(digits.count), digits.first != "0" else {
                return .failure(FieldError(message))
            }
            return .success("+" + digits)
        }
        var d = Array(digits)
        if d.count == 11 && d.first == "1" { d.removeFirst() }
        guard d.count == 10, d[0] >= "2", d[3] >= "2" else { return .failure(FieldError(message)) }
        return .success("(\(String(d[0..<3]))) \(String(d[3..<6]))-\(String(d[6..<10]))")
    }

    /// The digits of a phone number, for matching callers to patients (drops a NANP leading 1).
    public static func phoneDigits(_ s: String) -> String {
        var d = s.filter(\.isASCII).filter(\.isNumber)
        if d.count == 11 && d.first == "1" { d.removeFirst() }
        return d
    }

    /// An email address: one `@`, a non-empty local part, a dotted domain, no spaces.
    public static func email(_ raw: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let message = "Email: enter an address like name@example.org"
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              !s.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains(where: isUnsafeScalar) }) else {
            return .failure(FieldError(message))
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              labels.last!.count >= 2 else {
            return .failure(FieldError(message))
        }
        return .success(s)
    }

    /// Insurance member id: letters, digits and hyphens, 3–20 characters. Stored upper-case.
    public static func memberID(_ raw: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard (3...20).contains(s.count),
              s.unicodeScalars.allSatisfy({ ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" }) else {
            return .failure(FieldError("Member ID: use only letters, digits and hyphens (3 to 20 characters)"))
        }
        return .success(s.uppercased())
    }

    /// Money: ≥ 0, at most two decimals, an optional leading `$`. Returned in cents.
    public static func money(_ raw: String, field: String = "Amount") -> Result<Int, FieldError> {
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("$") { s.removeFirst() }
        let message = "\(field): enter an amount like 25 or 25.00"
        if s.hasPrefix("-") { return .failure(FieldError("\(field) cannot be negative")) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 7,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(FieldError(message)) }
        var cents = Int(parts[0])! * 100
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), frac.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return .failure(FieldError(frac.count > 2 ? "\(field): at most two decimals" : message))
            }
            cents += Int(frac)! * (frac.count == 1 ? 10 : 1)
        }
        return .success(cents)
    }

    /// Control characters (C0, DEL, C1), bidi controls and characters that draw nothing:
    /// `InertText`'s one rule, the same the screen shows as placeholders and intake refuses in ids.
    static func isUnsafeScalar(_ s: Unicode.Scalar) -> Bool { InertText.isHostile(s) }
}
