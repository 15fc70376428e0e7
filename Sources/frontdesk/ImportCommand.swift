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
    @Argument(help: "The CSV file (UTF-8, RFC 4180); - reads standard input.") var file: String
    /// What to call the file in messages when it arrives on standard input (the boundary hands
    /// a person's own file over that way).
    @Option(help: .hidden) var label: String?
    @Option(help: "The day HH:MM times fall on, yyyy-MM-dd (default: today).") var day: String?

    func run() throws {
        // Who runs this is checked before the file is even opened.
        let (store, actor) = try StoreCommand.session(database, .importData).pair
        let name = label ?? (file == "-" ? "standard input" : file)
        let text: String
        do {
            // Under the service account, only a file the person running this may read.
            guard let t = String(data: try Boundary.readInputFile(file), encoding: .utf8) else {
                throw StoreCommand.failure("cannot read \(name) as UTF-8 text", code: 66)
            }
            text = t
        } catch let r as Boundary.Refusal { throw StoreCommand.failure(r.message, code: r.code) }
        var dayDate = Date()
        if let day {
            guard let d = CivilDate(iso: day) else { throw ValidationError("--day must be a real date yyyy-MM-dd") }
            dayDate = d.start(in: .current)
        }
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
            print("imported \(done.appointments) appointments, \(done.patients) new patients from \(name)")
        } catch {
            throw StoreCommand.failure("\(name): \(error) (nothing imported)", code: 65)
        }
    }
}
