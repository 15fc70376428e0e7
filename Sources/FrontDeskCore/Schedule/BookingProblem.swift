import Foundation

/// One reason a booking is refused. The cases are declared most serious first: what nobody
/// at the desk can change (the request itself, time, the clinic's calendar), then the
/// provider's week, then the patient's own diary, and last what an overbook can settle.
public enum BookingProblem: Hashable, Sendable {
    case unknownProvider(String)
    case unknownType(String)
    case inPast(LocalStamp)
    case beyondHorizon(days: Int)
    case holiday(Holiday)
    case typeNotOffered(provider: String, type: String)
    /// `hours` empty: the provider does not work that weekday.
    case outsideOfficeHours(provider: String, weekday: Weekday, requested: TimeRange, hours: [TimeRange])
    case blocked(provider: String, reason: String, span: BlockedSpan)
    case offGrid(provider: String, slotMinutes: Int, requested: TimeOfDay, earlier: TimeOfDay, later: TimeOfDay)
    /// Overbooking never lets a patient be in two places at once.
    case patientDoubleBooked(patientName: String, at: TimeOfDay, provider: String, appointmentID: Int64)
    case slotTaken(provider: String, booked: TimeRange, patientName: String, appointmentID: Int64)
    case overbookNotPermitted
    case overbookNeedsReason
    case overbookCapReached(provider: String, count: Int, cap: Int, date: CivilDate)

    /// When a block applies.
    public enum BlockedSpan: Hashable, Sendable {
        case weekly(TimeRange)
        case dated(from: LocalStamp, to: LocalStamp)
    }

    /// 0 is the most serious; verdicts list problems in this order.
    public var severity: Int {
        switch self {
        case .unknownProvider: return 0
        case .unknownType: return 1
        case .inPast: return 2
        case .beyondHorizon: return 3
        case .holiday: return 4
        case .typeNotOffered: return 5
        case .outsideOfficeHours: return 6
        case .blocked: return 7
        case .offGrid: return 8
        case .patientDoubleBooked: return 9
        case .slotTaken: return 10
        case .overbookNotPermitted: return 11
        case .overbookNeedsReason: return 12
        case .overbookCapReached: return 13
        }
    }

    public var message: String {
        switch self {
        case .unknownProvider(let id):
            return "no provider '\(id)' in the calendar"
        case .unknownType(let code):
            return "no appointment type '\(code)'"
        case .inPast(let stamp):
            return "\(stamp.text) is in the past"
        case .beyondHorizon(let days):
            return "more than \(days) days ahead"
        case .holiday(let holiday):
            return "the clinic is closed on \(holiday.date.shortText) (\(holiday.name))"
        case .typeNotOffered(let provider, let type):
            return "\(provider) does not see \(type) appointments"
        case .outsideOfficeHours(let provider, let weekday, let requested, let hours):
            if hours.isEmpty { return "\(provider) does not work on \(weekday.name)s" }
            let listed = hours.sorted { $0.start < $1.start }.map(\.text).joined(separator: ", ")
            return "\(requested.text) is outside \(provider)'s hours on \(weekday.name) (\(listed))"
        case .blocked(let provider, let reason, .weekly(let range)):
            return "\(provider) is blocked \(range.text) (\(reason))"
        case .blocked(let provider, let reason, .dated(let from, let to)):
            if from.date == to.date {
                return "\(provider) is blocked \(from.time.text)–\(to.time.text) \(from.date.shortText) (\(reason))"
            }
            return "\(provider) is blocked from \(from.text) to \(to.text) (\(reason))"
        case .offGrid(let provider, let slot, let requested, let earlier, let later):
            return "\(requested.text) is not on \(provider)'s \(slot)-minute grid (\(earlier.text) or \(later.text))"
        case .patientDoubleBooked(let patient, let at, let provider, _):
            return "\(Self.spokenName(patient)) already has \(at.text) with \(provider)"
        case .slotTaken(let provider, let booked, let patient, _):
            return "\(provider) is booked \(booked.text) (\(patient))"
        case .overbookNotPermitted:
            return "overbooking needs the supervisor role"
        case .overbookNeedsReason:
            return "an overbook needs a reason"
        case .overbookCapReached(let provider, let count, let cap, let date):
            if cap == 0 { return "\(provider) takes no overbooks" }
            let already = "\(count) overbook\(count == 1 ? "" : "s") already on \(date.shortText)"
            return count == cap ? "\(already), the cap" : "\(already), over the cap of \(cap)"
        }
    }

    /// "Lindqvist, Ana" → "Ana Lindqvist", for a sentence about the patient. A name not in
    /// "Family, Given" form is used as it is.
    static func spokenName(_ listed: String) -> String {
        let parts = listed.components(separatedBy: ", ")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return listed }
        return "\(parts[1]) \(parts[0])"
    }
}
