import Foundation

/// A patient's record as the desk's lookup shows it, read-only: the demographics and every
/// visit the clinic has for them, past and future (not only today's).
public struct PatientRecord: Equatable, Sendable {
    public var patient: Patient
    /// In time order (appointment time, else arrival).
    public var visits: [Visit]

    public init(patient: Patient, visits: [Visit]) {
        self.patient = patient
        self.visits = visits.sorted { ($0.when, $0.id) < ($1.when, $1.id) }
    }

    /// Visits from `now` on, soonest first.
    public func upcoming(at now: Date) -> [Visit] { visits.filter { $0.when >= now } }
    /// Visits before `now`, most recent first.
    public func past(at now: Date) -> [Visit] { visits.filter { $0.when < now }.reversed() }
}

extension Visit {
    /// When the visit is: the appointment, else the arrival (a walk-in), else since its status.
    public var when: Date { appointmentAt ?? arrivedAt ?? statusSince }
}
