import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import appointments (or patients) from a practice-system CSV export, all or nothing.",
        discussion: """
        appointments: \(AppointmentImport.appointmentColumns.joined(separator: ",")) \
        [+ \(AppointmentImport.newPatientColumns.joined(separator: ",")) to create unknown patients]; \
        time is HH:MM (local, on --day) or ISO 8601.
        patients: \(AppointmentImport.patientColumns.joined(separator: ",")).
        """)

    enum What: String, ExpressibleByArgument, CaseIterable { case appointments, patients }

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "appointments or patients") var what: What
    @Argument(help: "The CSV file (UTF-8, RFC 4180).") var file: String
    @Option(help: "The day HH:MM times fall on, yyyy-MM-dd (default: today).") var day: String?

    func run() throws {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw StoreCommand.failure("cannot read \(file) as UTF-8 text", code: 66)
        }
        var dayDate = Date()
        if let day {
            guard let d = CivilDate(iso: day) else { throw ValidationError("--day must be a real date yyyy-MM-dd") }
            dayDate = d.start(in: .current)
        }
        let store = try StoreCommand.open(database)
        let actor = try StoreCommand.actor(store, desk: nil)
        let now = Date()
        do {
            let done: (patients: Int, appointments: Int)
            switch what {
            case .patients:
                let patients = try AppointmentImport.patients(csv: text, now: now, rules: store.config.intake)
                done = try store.importClinic(patients: patients, appointments: [], by: actor, now: now)
            case .appointments:
                let known = try store.patientMRNs()
                let parsed = try AppointmentImport.appointments(csv: text, day: dayDate, knownMRNs: known, now: now, rules: store.config.intake)
                done = try store.importClinic(patients: parsed.newPatients, appointments: parsed.appointments, by: actor, now: now)
            }
            print("imported \(done.appointments) appointments, \(done.patients) new patients from \(file)")
        } catch {
            throw StoreCommand.failure("\(file): \(error) (nothing imported)", code: 65)
        }
    }
}
