import Foundation

/// The tasks the practice system's messages leave for a person. They are provider requests
/// (work the clinic's staff do on the practice's behalf); the title says what to do first.
extension NewTask {
    public static func setUpProvider(id: String, name: String?, sender: String, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: "Set up provider \(id)\(name.map { " (\($0))" } ?? "") in the calendar — \(sender) books with them",
                 createdAt: now)
    }

    public static func setUpAppointmentType(code: String, name: String?, sender: String, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: "Set up appointment type \(code)\(name.map { " (\($0))" } ?? "") in the calendar — \(sender) books it",
                 createdAt: now)
    }

    /// `room`: the name the clinic would keep it under; `location`: all the sender said.
    public static func setUpLocation(room: String, location: String, sender: String, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: "Set up room \(room)\(location == room ? "" : " (\(location))") — \(sender) books there",
                 createdAt: now)
    }

    /// The practice system's appointment breaks the clinic's rules or lands on another booking:
    /// it stands (the practice system is the master), and someone sorts it out.
    public static func appointmentClash(patientName: String?, when: String, provider: String, problems: [String],
                                        patientID: Int64, visitID: Int64, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: about(patientName) + " — check \(when) with \(provider) from the practice system: " + problems.joined(separator: "; "),
                 createdAt: now, patientID: patientID, visitID: visitID)
    }

    /// Same MRN, another name and birth date: the record was not changed.
    public static func verifyIdentity(mrn: String, stored: String, incoming: String, sender: String, patientID: Int64,
                                      at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: "Verify identity of MRN \(mrn): here \(stored), \(sender) says \(incoming) — record not changed",
                 createdAt: now, patientID: patientID)
    }

    /// The practice system says a visit was cancelled, missed or ended, and the clinic saw otherwise.
    public static func practiceStatusClash(patientName: String?, said: String, here: VisitStatus, patientID: Int64,
                                           visitID: Int64, at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest,
                 title: about(patientName) + " — the practice system says \(said), here the visit is \(here.label.lowercased())",
                 createdAt: now, patientID: patientID, visitID: visitID)
    }

    /// Something else the practice system did that a person should look at (a desk booking moved…).
    public static func practiceNotice(patientName: String?, note: String, patientID: Int64?, visitID: Int64?,
                                      at now: Date) -> DeskTask {
        DeskTask(id: 0, kind: .providerRequest, title: about(patientName) + " — " + note,
                 createdAt: now, patientID: patientID, visitID: visitID)
    }
}
