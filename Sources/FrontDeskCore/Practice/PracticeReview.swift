import Foundation

/// The clinic's rules applied to what the practice system has already done. The practice
/// system is the master of its own schedule and registrations: nothing here refuses; it says
/// what a person at the clinic must look at. The booking rules are the desk's own
/// (`RuleContext`), asked with the sender's length.
public enum PracticeReview {
    /// An appointment the practice system made, as the booking rules see it.
    public struct Booking: Equatable, Sendable {
        public var providerID: String?
        public var typeCode: String?
        public var start: Date
        public var minutes: Int
        public var patientID: Int64
        public var patientName: String
        /// The appointment itself, when it is already stored (a move): it clashes with nothing of its own.
        public var ignoring: Int64?

        public init(providerID: String?, typeCode: String?, start: Date, minutes: Int, patientID: Int64, patientName: String,
                    ignoring: Int64? = nil) {
            self.providerID = providerID; self.typeCode = typeCode; self.start = start; self.minutes = minutes
            self.patientID = patientID; self.patientName = patientName; self.ignoring = ignoring
        }
    }

    /// Every problem the desk's rules would have with this appointment, most serious first,
    /// except those about when it was booked rather than what it is (in the past, beyond our
    /// horizon) — the practice system decides those. A provider or a type the calendar does
    /// not have is a problem of its own (someone sets it up); with a provider we know, an
    /// unknown type is checked as a stand-in of the sender's length.
    public static func problems(_ b: Booking, calendar: ClinicCalendar, existing: BookedIndex, now: Date) -> [BookingProblem] {
        var problems: [BookingProblem] = []
        let provider = b.providerID.flatMap { calendar.provider($0) }
        if let id = b.providerID, provider == nil { problems.append(.unknownProvider(id)) }
        let knownType = b.typeCode.flatMap { calendar.type($0) } != nil
        if let code = b.typeCode, !knownType { problems.append(.unknownType(code)) }
        let end = b.start.addingTimeInterval(TimeInterval(b.minutes * 60))
        guard let provider else {
            // No provider to check against; the patient's own diary still holds.
            if let other = existing.firstOverlap(patient: b.patientID, start: b.start, end: end, ignoring: b.ignoring) {
                problems.append(.patientDoubleBooked(patientName: b.patientName, at: calendar.clock.moment(other.start).time,
                                                     provider: calendar.providerName(other.provider), appointmentID: other.id))
            }
            return problems
        }
        var rules = calendar
        var code = b.typeCode ?? ""
        if !knownType {
            code = "\u{1}practice-\(code)"   // a code no calendar file can spell
            rules.types.append(AppointmentType(code: code, name: b.typeCode ?? "unnamed", minutes: b.minutes))
        }
        let request = BookingRequest(provider: provider.id, patientID: b.patientID, patientName: b.patientName, start: b.start,
                                     typeCode: code, ignoring: b.ignoring, lengthMinutes: b.minutes)
        let (found, _) = RuleContext(calendar: rules, index: existing, now: now).evaluate(request, patient: b.patientID)
        problems += found.filter { problem in
            switch problem {
            case .inPast, .beyondHorizon, .unknownProvider, .unknownType: return false
            case .typeNotOffered: return knownType
            default: return true
            }
        }
        return problems
    }

    /// Same MRN, a different name *and* a different date of birth: probably another person,
    /// so the record is not overwritten and someone verifies. A new surname alone (marriage)
    /// or a corrected birth date alone is an update. What was not sent, or is not stored,
    /// differs from nothing.
    public static func isIdentityConflict(stored: Patient, incoming: PracticePatient) -> Bool {
        guard let family = incoming.familyName.value, let dob = incoming.dateOfBirth.value,
              let storedDOB = stored.dateOfBirth else { return false }
        let given = incoming.givenName.value ?? stored.givenName
        let sameName = fold(family) == fold(stored.familyName) && fold(given) == fold(stored.givenName)
        return !sameName && dob != storedDOB
    }

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
    }

    /// What to do when the practice system moves a visit to `next` (cancelled, no-show, done).
    public enum StatusChange: Equatable, Sendable {
        /// The visit's own rules allow it.
        case apply
        /// It is there already: a resend, or both systems did it.
        case already
        /// The clinic saw otherwise (the patient arrived, is roomed…): a person decides.
        case needsPerson
    }

    public static func statusChange(from current: VisitStatus, to next: VisitStatus) -> StatusChange {
        if current == next { return .already }
        // Cancelling a missed appointment frees nothing more.
        if next == .cancelled, current == .noShow { return .already }
        if current.canMove(to: next) { return .apply }
        // A visit ended twice, or cancelled after it ended, needs nobody.
        if next == .done, [.done, .cancelled, .noShow, .leftWithoutBeingSeen].contains(current) { return .already }
        return .needsPerson
    }
}
