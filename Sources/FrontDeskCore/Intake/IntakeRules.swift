import Foundation
import TextSafety

/// Why intake refused an event or a field, in words for `line N: reason`: the field as the
/// feed (or the CSV header) names it, and what is wrong with it. Nothing is stored when one
/// is thrown.
public struct IntakeRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// `call`, `name`, `at`…; nil for a rule about the event as a whole (its order).
    public var field: String?
    public var problem: String

    public init(_ field: String?, _ problem: String) { self.field = field; self.problem = problem }

    public var description: String { field.map { "\"\($0)\" \(problem)" } ?? problem }
}

/// How long each kind of field from outside may be. Characters for what people read,
/// bytes for ids (which are compared, indexed and sent to other systems).
public struct IntakeLimits: Equatable, Sendable {
    /// Call ids, appointment ids, MRNs, desk names: UTF-8 bytes.
    public var idBytes = 128
    /// People's and providers' names, caller-id names, payers.
    public var name = 200
    /// Free text: reasons, notes, addresses, accessibility needs.
    public var text = 500
    public var phone = 40
    /// Short codes: queue names, sex, relationship, member and group numbers, languages.
    public var code = 64
    public var email = 254
    public init() {}
}

/// The rules every event and record from outside obeys, whichever source brought it (the
/// feed, the Asterisk adapter, a CSV import, HL7): times within a window of now, real dates,
/// ids that are plain text, bounded lengths, and events in order for their call. Pure: the
/// store applies them to every event in `apply` and to every record in `importClinic`; the CSV
/// reader applies the same functions per cell so its errors can name the line and column.
///
/// In ids, anything `InertText` would have to replace (NUL, controls, bidi, invisible
/// characters) is refused: an id is compared and indexed, and SQLite's C strings end at NUL,
/// which once merged two calls. In text, NUL becomes a visible ␀ (for the same reason) and the
/// other controls are kept as sent: every path to a screen shows them inert.
public struct IntakeRules: Equatable, Sendable {
    /// How far from now, past or future, an event may say it happened.
    public var window: TimeInterval = 24 * 3600
    /// How far ahead an appointment or a deadline (`due`) may lie.
    public var horizon: TimeInterval = 400 * 86_400
    public var limits = IntakeLimits()
    /// The clinic's zone: what "today" means for a date of birth.
    public var timeZone: TimeZone = .current

    public init(window: TimeInterval = 24 * 3600, horizon: TimeInterval = 400 * 86_400, limits: IntakeLimits = IntakeLimits(),
                timeZone: TimeZone = .current) {
        self.window = window; self.horizon = horizon; self.limits = limits; self.timeZone = timeZone
    }

    public static let `default` = IntakeRules()

    // MARK: events

    /// The event as it may be stored (NUL in text made visible), or why not.
    public func check(_ timed: TimedEvent, now: Date) throws(IntakeRefusal) -> TimedEvent {
        if let at = timed.at { try time(at, field: "at", now: now) }
        let at = timed.at ?? now
        let event: IntakeEvent
        switch timed.event {
        case let .callRinging(call, from, name, reason, queue):
            event = .callRinging(call: try id(call, field: "call"), from: try required(from, field: "from", limit: limits.phone),
                                 name: try text(name, field: "name", limit: limits.name),
                                 reason: try text(reason, field: "reason", limit: limits.text),
                                 queue: try text(queue, field: "queue", limit: limits.code))
        case let .callAnswered(call, desk):
            event = .callAnswered(call: try id(call, field: "call"), desk: try desk.map { d throws(IntakeRefusal) in try id(d, field: "desk") })
        case let .callEnded(call, reason):
            event = .callEnded(call: try id(call, field: "call"), reason: try text(reason, field: "reason", limit: limits.text))
        case let .callAbandoned(call):
            event = .callAbandoned(call: try id(call, field: "call"))
        case let .patientArrived(appointment):
            event = .patientArrived(appointment: try id(appointment, field: "appointment"))
        case let .walkinArrived(name, dob):
            event = .walkinArrived(name: try required(name, field: "name", limit: limits.name),
                                   dateOfBirth: try dob.map { d throws(IntakeRefusal) in try dateOfBirth(d, field: "dob", now: now) })
        case let .providerRequest(mrn, kind, note, due, provider, inDays):
            if let due { try deadline(due, field: "due", after: at) }
            if let inDays, !(0...730).contains(inDays) { throw IntakeRefusal("in_days", "must be 0–730 days") }
            event = .providerRequest(patientMRN: try id(mrn, field: "patient"), kind: kind,
                                     note: try text(note, field: "note", limit: limits.text), due: due,
                                     provider: try provider.map { p throws(IntakeRefusal) in try id(p, field: "provider") }, inDays: inDays)
        case let .emergency(desk, note):
            event = .emergency(desk: try desk.map { d throws(IntakeRefusal) in try id(d, field: "desk") },
                               note: try text(note, field: "note", limit: limits.text))
        }
        return TimedEvent(event, at: timed.at)
    }

    /// What the stored call says about an event for it: nothing happens to a call before it
    /// rang, and nothing ends it before it was answered. Equal times are in order.
    public func order(_ event: IntakeEvent, at: Date, call: Call) throws(IntakeRefusal) {
        let rang = call.arrivedAt
        switch event {
        case .callAnswered where at < rang:
            throw IntakeRefusal(nil, "call \(call.id) was answered at \(Self.stamp(at)), before it rang at \(Self.stamp(rang))")
        case .callAbandoned where at < rang:
            throw IntakeRefusal(nil, "call \(call.id) was abandoned at \(Self.stamp(at)), before it rang at \(Self.stamp(rang))")
        case .callEnded:
            if at < rang { throw IntakeRefusal(nil, "call \(call.id) ended at \(Self.stamp(at)), before it rang at \(Self.stamp(rang))") }
            if let answered = call.answeredAt, at < answered {
                throw IntakeRefusal(nil, "call \(call.id) ended at \(Self.stamp(at)), before it was answered at \(Self.stamp(answered))")
            }
        default:
            break
        }
    }

    // MARK: fields (the CSV reader uses these per cell)

    /// An id: not blank, no surrounding spaces, at most `limits.idBytes` bytes, nothing
    /// `InertText` would replace.
    public func id(_ value: String, field: String) throws(IntakeRefusal) -> String {
        if value.utf8.count > limits.idBytes { throw IntakeRefusal(field, "is longer than \(limits.idBytes) bytes") }
        if let bad = value.unicodeScalars.first(where: InertText.isHostile) {
            let kind = bad.value < 0x20 || (0x7F...0x9F).contains(bad.value) ? "a control character" : "an invisible or bidi control character"
            throw IntakeRefusal(field, "contains \(kind) (\(Self.codePoint(bad))); ids must be plain text")
        }
        if value.allSatisfy(\.isWhitespace) { throw IntakeRefusal(field, "is empty") }
        if value.first!.isWhitespace || value.last!.isWhitespace { throw IntakeRefusal(field, "starts or ends with a space") }
        return value
    }

    /// Free text of at most `limit` characters (and 8 bytes a character, so a cluster of
    /// combining marks cannot smuggle megabytes); NUL becomes a visible ␀.
    public func text(_ value: String, field: String, limit: Int) throws(IntakeRefusal) -> String {
        if Self.exceeds(value, characters: limit) { throw IntakeRefusal(field, "is longer than \(limit) characters") }
        if value.utf8.count > 8 * limit { throw IntakeRefusal(field, "is longer than \(8 * limit) bytes") }
        guard value.utf8.contains(0) else { return value }
        return String(String.UnicodeScalarView(value.unicodeScalars.map { $0.value == 0 ? "\u{2400}" : $0 }))
    }

    public func text(_ value: String?, field: String, limit: Int) throws(IntakeRefusal) -> String? {
        guard let value else { return nil }
        let checked: String = try text(value, field: field, limit: limit)
        return checked
    }

    /// Text that must say something.
    public func required(_ value: String, field: String, limit: Int) throws(IntakeRefusal) -> String {
        let checked: String = try text(value, field: field, limit: limit)
        if checked.allSatisfy(\.isWhitespace) { throw IntakeRefusal(field, "is empty") }
        return checked
    }

    /// When something happened: within `window` of now, past or future.
    public func time(_ date: Date, field: String, now: Date) throws(IntakeRefusal) {
        guard abs(date.timeIntervalSince(now)) <= window else {
            throw IntakeRefusal(field, "\(Self.stamp(date)) is more than \(Self.duration(window)) from now (\(Self.stamp(now)))")
        }
    }

    /// When a booked appointment is: not more than `window` ago, not more than `horizon` ahead.
    public func appointmentTime(_ date: Date, field: String, now: Date) throws(IntakeRefusal) {
        let ahead = date.timeIntervalSince(now)
        guard ahead.isFinite, ahead >= -window else {
            throw IntakeRefusal(field, "\(Self.stamp(date)) is more than \(Self.duration(window)) ago (now \(Self.stamp(now)))")
        }
        guard ahead <= horizon else {
            throw IntakeRefusal(field, "\(Self.stamp(date)) is more than \(Self.duration(horizon)) ahead (now \(Self.stamp(now)))")
        }
    }

    /// A deadline for something that happened at `event`: not more than `window` before it,
    /// not more than `horizon` after it.
    public func deadline(_ date: Date, field: String, after event: Date) throws(IntakeRefusal) {
        let after = date.timeIntervalSince(event)
        guard after.isFinite, after >= -window else {
            throw IntakeRefusal(field, "\(Self.stamp(date)) is more than \(Self.duration(window)) before the event (\(Self.stamp(event)))")
        }
        guard after <= horizon else {
            throw IntakeRefusal(field, "\(Self.stamp(date)) is more than \(Self.duration(horizon)) after the event (\(Self.stamp(event)))")
        }
    }

    /// A date of birth: exactly `yyyy-MM-dd`, a real date, then the check-in form's own rule
    /// (not in the future, not more than 130 years ago).
    public func dateOfBirth(_ value: String, field: String, now: Date) throws(IntakeRefusal) -> String {
        guard CivilDate(iso: value) != nil else {
            throw IntakeRefusal(field, "\(InertText.inert(String(value.prefix(40)))) is not a real date yyyy-MM-dd")
        }
        switch FieldValidation.dateOfBirth(value, today: CivilDate(now, in: timeZone).iso) {
        case .success(let iso): return iso
        case .failure(let error): throw IntakeRefusal(field, "\(value): \(error.message.prefix(1).lowercased())\(error.message.dropFirst())")
        }
    }

    // MARK: records (imports)

    /// A patient record as an import brings it; refusals name the CSV column.
    public func patient(_ p: Patient, now: Date) throws(IntakeRefusal) -> Patient {
        var q = p
        q.mrn = try id(p.mrn, field: "mrn")
        q.familyName = try required(p.familyName, field: "family_name", limit: limits.name)
        q.givenName = try text(p.givenName, field: "given_name", limit: limits.name)
        q.preferredName = try text(p.preferredName, field: "preferred_name", limit: limits.name)
        q.dateOfBirth = try p.dateOfBirth.map { d throws(IntakeRefusal) in try dateOfBirth(d, field: "date_of_birth", now: now) }
        q.sex = try text(p.sex, field: "sex", limit: limits.code)
        q.phone = try text(p.phone, field: "phone", limit: limits.phone)
        q.email = try text(p.email, field: "email", limit: limits.email)
        q.address = try text(p.address, field: "address", limit: limits.text)
        q.interpreter = try text(p.interpreter, field: "interpreter", limit: limits.code)
        q.accessibility = try text(p.accessibility, field: "accessibility", limit: limits.text)
        if let i = p.insurance {
            q.insurance?.payer = try text(i.payer, field: "payer", limit: limits.name)
            q.insurance?.memberID = try text(i.memberID, field: "member_id", limit: limits.code)
            q.insurance?.groupNumber = try text(i.groupNumber, field: "group_number", limit: limits.code)
            q.insurance?.subscriber = try text(i.subscriber, field: "subscriber", limit: limits.name)
            q.insurance?.relationship = try text(i.relationship, field: "relationship", limit: limits.code)
        }
        return q
    }

    // MARK: words

    /// Whether `s` has more than `limit` characters, counting no further than that.
    static func exceeds(_ s: String, characters limit: Int) -> Bool {
        var n = 0
        for _ in s {
            n += 1
            if n > limit { return true }
        }
        return false
    }

    /// ISO 8601 for any date a source can send, even one no calendar holds.
    static func stamp(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        return t.isFinite && abs(t) < 1e13 ? ISOTime.string(date) : "an impossible time"
    }

    static func duration(_ seconds: TimeInterval) -> String {
        if seconds >= 2 * 86_400, seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(seconds / 86_400)) days" }
        if seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) h" }
        return "\(Int((seconds / 60).rounded())) min"
    }

    static func codePoint(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
