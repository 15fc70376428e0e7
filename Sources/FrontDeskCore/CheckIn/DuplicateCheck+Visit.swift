import Foundation

extension DuplicateCheck {
    /// What the check found for a new record asked for during a visit: the other records that
    /// look like the same person, and apart from them the visit's own patient when the form
    /// still describes them — never listed as a duplicate of themselves.
    public struct Report: Equatable, Sendable {
        /// Other records that are probably the same person (the visit's own patient never is one).
        public var others: [Match]
        /// The patient the visit already is, when the details match them.
        public var visitsOwn: Match?
        /// Nobody like them: the new record can be made at once.
        public var isEmpty: Bool { others.isEmpty && visitsOwn == nil }
    }

    /// `visitPatientID`: the patient the visit is now (nil when registering outside a visit).
    public static func report(for c: Candidate, visitPatientID: Int64?, among patients: [Patient]) -> Report {
        let matches = likelyDuplicates(of: c, among: patients)
        return Report(others: matches.filter { $0.patient.id != visitPatientID },
                      visitsOwn: visitPatientID.flatMap { id in matches.first { $0.patient.id == id } })
    }
}
