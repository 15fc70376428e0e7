import Foundation

/// What a desk on the phone with a patient (or dialling them back) needs in view: who they
/// are, their next appointments (beyond today's list too), and the work still open for them.
public struct PatientCard: Equatable, Sendable {
    public var patient: Patient
    /// Appointments from the start of today on that are not over, soonest first.
    public var upcoming: [Visit]
    /// Open tasks about this patient (callbacks, insurance, documents, provider requests).
    public var openTasks: [DeskTask]

    public init(patient: Patient, upcoming: [Visit], openTasks: [DeskTask]) {
        self.patient = patient; self.upcoming = upcoming; self.openTasks = openTasks
    }

    /// The longest an upcoming list runs on screen (and in the query).
    public static let upcomingLimit = 5
}
