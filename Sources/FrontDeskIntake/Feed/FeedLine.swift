import Foundation
import FrontDeskCore

/// Why a feed line was rejected, in words for `line N: reason`.
public struct FeedLineError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// One JSON object per line → one `TimedEvent`. Unknown fields are ignored (sources add
/// their own); unknown types, missing or mistyped fields are rejected by name.
public enum FeedLine {
    public static func parse(_ line: Data) throws -> TimedEvent {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: line, options: []) } catch {
            throw FeedLineError("not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw FeedLineError("not a JSON object") }
        let f = Fields(fields)
        guard let type = fields["type"] else { throw FeedLineError("missing \"type\"") }
        guard let typeName = type as? String else { throw FeedLineError("\"type\" must be a string") }
        let at = try f.date("at")
        let event: IntakeEvent
        switch typeName {
        case "call.ringing":
            event = .callRinging(call: try f.id("call"), from: try f.required("from"), name: try f.optional("name"),
                                 reason: try f.optional("reason"), queue: try f.optional("queue"))
        case "call.answered": event = .callAnswered(call: try f.id("call"), desk: try f.optional("desk"))
        case "call.ended": event = .callEnded(call: try f.id("call"), reason: try f.optional("reason"))
        case "call.abandoned": event = .callAbandoned(call: try f.id("call"))
        case "patient.arrived": event = .patientArrived(appointment: try f.id("appointment"))
        case "walkin.arrived":
            let dob: String? = try f.optional("dob")
            if let dob, CivilDate(iso: dob) == nil { throw FeedLineError("\"dob\" must be a date yyyy-MM-dd") }
            event = .walkinArrived(name: try f.required("name"), dateOfBirth: dob)
        case "provider.request":
            let kindName: String = try f.required("kind")
            guard let kind = ProviderRequestKind(rawValue: kindName) else {
                throw FeedLineError("\"kind\" must be one of \(ProviderRequestKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var inDays: Int?
            switch f.raw["in_days"] {
            case nil, is NSNull: inDays = nil
            case is Bool: throw FeedLineError("\"in_days\" must be a whole number of days")
            case let n as Int: inDays = n
            default: throw FeedLineError("\"in_days\" must be a whole number of days")
            }
            event = .providerRequest(patientMRN: try f.id("patient"), kind: kind, note: try f.optional("note"), due: try f.date("due"),
                                     provider: try f.optional("provider"), inDays: inDays)
        case "emergency": event = .emergency(desk: try f.optional("desk"), note: try f.optional("note"))
        default: throw FeedLineError("unknown type \"\(typeName.prefix(40))\"")
        }
        return TimedEvent(event, at: at)
    }


    /// ISO 8601 with or without fractional seconds, with a zone (`Z` or `+02:00`).
    public static func parseInstant(_ s: String) -> Date? { ISOTime.parse(s) }
}

private struct Fields {
    let raw: [String: Any]
    init(_ raw: [String: Any]) { self.raw = raw }

    func optional(_ key: String) throws -> String? {
        guard let v = raw[key], !(v is NSNull) else { return nil }
        guard let s = v as? String else { throw FeedLineError("\"\(key)\" must be a string") }
        return s
    }

    func required(_ key: String) throws -> String {
        guard let s = try optional(key) else { throw FeedLineError("missing \"\(key)\"") }
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw FeedLineError("\"\(key)\" is empty") }
        return s
    }

    /// An id may be a string or a whole number (phone systems send both).
    func id(_ key: String) throws -> String {
        let wrong = FeedLineError("\"\(key)\" must be a string or a whole number")
        switch raw[key] {
        case nil, is NSNull: throw FeedLineError("missing \"\(key)\"")
        case is Bool: throw wrong
        case let i as Int: return String(i)
        case let d as Double:
            guard d == d.rounded(), abs(d) < 1e15 else { throw wrong }
            return String(Int64(d))
        case is String:
            return try required(key)   // its length and characters are the intake rules' to judge
        default: throw wrong
        }
    }

    func date(_ key: String) throws -> Date? {
        guard let s = try optional(key) else { return nil }
        guard let d = FeedLine.parseInstant(s) else { throw FeedLineError("\"\(key)\" is not an ISO 8601 time: \(s.prefix(40))") }
        return d
    }
}
