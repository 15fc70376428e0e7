import Foundation
import FrontDeskCore
import FrontDeskStore

/// The practice-system export formats (`seeds/patients.csv`, `seeds/appointments.csv`)
/// parsed into what the store imports. Everything is checked before anything is written.
public enum AppointmentImport {
    public static let patientColumns = ["mrn", "family_name", "given_name", "preferred_name", "date_of_birth", "sex",
                                        "phone", "email", "address", "payer", "member_id", "group_number", "subscriber",
                                        "relationship", "interpreter", "accessibility"]
    public static let appointmentColumns = ["appointment_id", "time", "mrn", "provider", "reason"]
    /// With these extra columns an appointment row can bring a patient the clinic does not know yet.
    public static let newPatientColumns = ["family_name", "given_name", "date_of_birth", "phone"]

    /// Patients, each checked by the intake rules (`rules`, the store's own by default) so an
    /// error names the line and the column; `now` is what "a birth date in the future" means.
    public static func patients(csv text: String, now: Date = Date(), rules: IntakeRules = .default) throws -> [Patient] {
        let table = try CSVTable(text: text, required: ["mrn", "family_name", "given_name"])
        var seen: [String: Int] = [:]
        return try table.records.map { r in
            let p = try patient(r, now: now, rules: rules)
            if let first = seen[p.mrn] { throw CSVError(line: r.line, column: "mrn", "\(p.mrn) repeats line \(first)") }
            seen[p.mrn] = r.line
            return p
        }
    }

    static func patient(_ r: CSVTable.Record, now: Date, rules: IntakeRules) throws -> Patient {
        func need(_ c: String) throws -> String {
            guard let v = r[c] else { throw CSVError(line: r.line, column: c, "is empty") }
            return v
        }
        var insurance: Insurance?
        if let payer = r["payer"] {
            insurance = Insurance(payer: payer, memberID: try need("member_id"), groupNumber: r["group_number"],
                                  subscriber: r["subscriber"], relationship: r["relationship"])
        }
        let p = Patient(id: 0, mrn: try need("mrn"), familyName: try need("family_name"), givenName: r["given_name"] ?? "",
                        preferredName: r["preferred_name"], dateOfBirth: r["date_of_birth"], sex: r["sex"], phone: r["phone"],
                        email: r["email"], address: r["address"], insurance: insurance,
                        interpreter: r["interpreter"], accessibility: r["accessibility"])
        return try checked(r) { try rules.patient(p, now: now) }
    }

    /// Appointments, and the patients that rows with the extra columns bring along.
    /// `time` is `HH:MM` on `day` (local time) or a full ISO 8601 instant, within the intake
    /// rules' window before `now` and their horizon after it.
    /// `knownMRNs` are patients already in the store or in the patients file.
    public static func appointments(csv text: String, day: Date, knownMRNs: Set<String>, now: Date = Date(),
                                    rules: IntakeRules = .default,
                                    calendar: Calendar = .current) throws -> (appointments: [AppointmentRecord], newPatients: [Patient]) {
        let table = try CSVTable(text: text, required: appointmentColumns)
        let canCreate = newPatientColumns.allSatisfy(table.header.contains)
        var result: [AppointmentRecord] = []
        var newPatients: [Patient] = []
        var known = knownMRNs
        var seen: [String: Int] = [:]
        for r in table.records {
            func need(_ c: String) throws -> String {
                guard let v = r[c] else { throw CSVError(line: r.line, column: c, "is empty") }
                return v
            }
            let ref = try checked(r) { try rules.id(try need("appointment_id"), field: "appointment_id") }
            if let first = seen[ref] { throw CSVError(line: r.line, column: "appointment_id", "\(ref) repeats line \(first)") }
            seen[ref] = r.line
            let timeText = try need("time")
            guard let at = time(timeText, day: day, calendar: calendar) else {
                throw CSVError(line: r.line, column: "time", "\(timeText.prefix(40)) is neither HH:MM nor an ISO 8601 time")
            }
            let mrn = try checked(r) { try rules.id(try need("mrn"), field: "mrn") }
            if !known.contains(mrn) {
                guard canCreate, r["family_name"] != nil else {
                    throw CSVError(line: r.line, column: "mrn", "no patient with MRN \(mrn) (add family_name,given_name,date_of_birth,phone columns to create one)")
                }
                newPatients.append(try patient(r, now: now, rules: rules))
                known.insert(mrn)
            }
            let record = AppointmentRecord(ref: ref, at: at, mrn: mrn, provider: try need("provider"), reason: r["reason"] ?? "")
            result.append(try checked(r) { try rules.appointment(record, now: now) })
        }
        return (result, newPatients)
    }

    /// Runs an intake rule on a row: its refusal becomes an error at the row's line, in the
    /// column the rule names. (`need` inside the rule throws a `CSVError`, passed on as it is.)
    static func checked<T>(_ r: CSVTable.Record, _ rule: () throws -> T) throws -> T {
        do { return try rule() } catch let refusal as IntakeRefusal {
            throw CSVError(line: r.line, column: refusal.field, refusal.problem)
        }
    }

    static func time(_ text: String, day: Date, calendar: Calendar) -> Date? {
        let parts = text.split(separator: ":")
        if parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
           (0..<24).contains(h), (0..<60).contains(m) {
            return calendar.date(bySettingHour: h, minute: m, second: 0, of: calendar.startOfDay(for: day))
        }
        return FeedLine.parseInstant(text)
    }
}

extension ClinicStore {
    /// Loads the demo clinic from `seeds/` (patients.csv, appointments.csv) with the
    /// appointments on `day`. All or nothing.
    public func loadDemo(seeds: URL, day: Date, now: Date, by actor: Actor) throws -> (patients: Int, appointments: Int) {
        let patientsText = try String(contentsOf: seeds.appendingPathComponent("patients.csv"), encoding: .utf8)
        let appointmentsText = try String(contentsOf: seeds.appendingPathComponent("appointments.csv"), encoding: .utf8)
        let patients: [Patient]
        do { patients = try AppointmentImport.patients(csv: patientsText, now: now, rules: config.intake) } catch { throw DemoSeedError(file: "patients.csv", error: error) }
        let known = Set(patients.map(\.mrn)).union(try patientMRNs())
        let parsed: (appointments: [AppointmentRecord], newPatients: [Patient])
        do { parsed = try AppointmentImport.appointments(csv: appointmentsText, day: day, knownMRNs: known, now: now,
                                                            rules: config.intake) } catch {
            throw DemoSeedError(file: "appointments.csv", error: error)
        }
        return try importClinic(patients: patients + parsed.newPatients, appointments: parsed.appointments, by: actor, now: now)
    }
}

public struct DemoSeedError: Error, CustomStringConvertible {
    public var file: String
    public var error: Error
    public var description: String { "\(file): \(error)" }
}
