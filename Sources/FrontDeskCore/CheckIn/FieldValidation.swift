import Foundation
import TextSafety

/// A field's value is wrong, in plain words. The field is named once, by this type: a
/// problem is either a predicate ("is in the future" → "Date of birth is in the future") or an
/// instruction ("enter a real date…" → "Date of birth: enter a real date…"), never a sentence
/// that names the field itself — so nothing that shows an error can repeat the label.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field as the form labels it ("Phone").
    public let field: String
    /// What is wrong, without the field's name.
    public let problem: String
    /// The one sentence the receptionist reads.
    public let message: String

    /// "Family name" + "cannot be empty" → "Family name cannot be empty".
    public init(_ field: String, _ predicate: String) {
        self.field = field; problem = predicate; message = "\(field) \(predicate)"
    }

    /// "Phone" + "enter 10 digits…" → "Phone: enter 10 digits…".
    public init(_ field: String, instruction: String) {
        self.field = field; problem = instruction; message = "\(field): \(instruction)"
    }

    /// What the receptionist reads, for tests that compare exactly that.
    init(_ message: String) { field = ""; problem = message; self.message = message }

    public var description: String { message }
    /// Two errors are the same when they read the same.
    public static func == (a: FieldError, b: FieldError) -> Bool { a.message == b.message }

    /// The longest message a field may give: the form's message line at 80 columns, less its
    /// "✗ " mark and the pane's borders, so every message is read whole at 80×24.
    public static let widest = 76
}

/// The check-in form's rules. Each returns the value normalised for storage, or the
/// message to show. Rules are pure and table-tested; `today` is injected.
public enum FieldValidation {
    /// Names: not empty, any script, no control or bidi-override characters, at most 100 characters.
    public static func name(_ raw: String, field: String = "Name", limit: Int = 100) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return .failure(FieldError(field, "cannot be empty")) }
        if s.unicodeScalars.contains(where: isUnsafeScalar) {
            return .failure(FieldError(field, "contains a control character"))
        }
        if s.count > limit { return .failure(FieldError(field, "is longer than \(limit) characters")) }
        return .success(s)
    }

    /// An optional name-like field (preferred name, subscriber): empty is fine.
    public static func optionalText(_ raw: String, field: String, limit: Int = 200) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.unicodeScalars.contains(where: isUnsafeScalar) {
            return .failure(FieldError(field, "contains a control character"))
        }
        if s.count > limit { return .failure(FieldError(field, "is longer than \(limit) characters")) }
        return .success(s)
    }

    /// Date of birth as `YYYY-MM-DD` or `MM/DD/YYYY`: a real date, not in the future, age ≤ 130.
    /// Normalised to `YYYY-MM-DD`. `today` is a civil date (`YYYY-MM-DD`).
    public static func dateOfBirth(_ raw: String, today: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let field = "Date of birth"
        guard let d = CivilDate(parsing: s) else {
            return .failure(FieldError(field, instruction: "enter a real date as YYYY-MM-DD or MM/DD/YYYY"))
        }
        guard let t = CivilDate(parsing: today) else { return .failure(FieldError(field, instruction: "today's date is unknown")) }
        if d > t { return .failure(FieldError(field, "is in the future")) }
        if t.year - d.year > 130 || (t.year - d.year == 130 && (d.month, d.day) < (t.month, t.day)) {
            return .failure(FieldError(field, "is more than 130 years ago"))
        }
        return .success(d.iso)
    }

    /// A phone number: NANP (10 digits, optional leading 1; area code and exchange start 2–9)
    /// or E.164 (`+` and 8–15 digits). NANP is stored as `(212) 555-0134`, E.164 as `+4420…`.
    public static func phone(_ raw: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        // Short enough to be read whole on one line at 80 columns (`FieldError.widest`).
        let message = FieldError("Phone", instruction: "enter 10 digits like (212) 555-0134, or + and the country code")
        let allowed = CharacterSet(charactersIn: "0123456789+()-. ")
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ allowed.contains($0) }) else { return .failure(message) }
        let digits = s.filter(\.isASCII).filter(\.isNumber)
        if s.hasPrefix("+") {
            guard s.dropFirst().allSatisfy({ $0 != "+" }), (8...15).contains(digits.count), digits.first != "0" else {
                return .failure(message)
            }
            return .success("+" + digits)
        }
        var d = Array(digits)
        if d.count == 11 && d.first == "1" { d.removeFirst() }
        guard d.count == 10, d[0] >= "2", d[3] >= "2" else { return .failure(message) }
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
        let message = FieldError("Email", instruction: "enter an address like name@example.org")
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              !s.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains(where: isUnsafeScalar) }) else {
            return .failure(message)
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              labels.last!.count >= 2 else {
            return .failure(message)
        }
        return .success(s)
    }

    /// Insurance member id: letters, digits and hyphens, 3–20 characters. Stored upper-case.
    public static func memberID(_ raw: String) -> Result<String, FieldError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard (3...20).contains(s.count),
              s.unicodeScalars.allSatisfy({ ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" }) else {
            return .failure(FieldError("Member ID", instruction: "use only letters, digits and hyphens (3 to 20 characters)"))
        }
        return .success(s.uppercased())
    }

    /// Money: ≥ 0, at most two decimals, an optional leading `$`. Returned in cents.
    public static func money(_ raw: String, field: String = "Amount") -> Result<Int, FieldError> {
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("$") { s.removeFirst() }
        let message = FieldError(field, instruction: "enter an amount like 25 or 25.00")
        if s.hasPrefix("-") { return .failure(FieldError(field, "cannot be negative")) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 7,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(message) }
        var cents = Int(parts[0])! * 100
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), frac.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return .failure(frac.count > 2 ? FieldError(field, instruction: "at most two decimals") : message)
            }
            cents += Int(frac)! * (frac.count == 1 ? 10 : 1)
        }
        return .success(cents)
    }

    /// Control characters (C0, DEL, C1), bidi controls and characters that draw nothing:
    /// `InertText`'s one rule, the same the screen shows as placeholders and intake refuses in ids.
    static func isUnsafeScalar(_ s: Unicode.Scalar) -> Bool { InertText.isHostile(s) }
}
