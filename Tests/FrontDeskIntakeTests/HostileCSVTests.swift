import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskStore
@testable import FrontDeskIntake

/// What a hostile or broken export brings to `frontdesk import`: a refusal naming the line and
/// the column, exit 65, and nothing stored.
@Suite("Hostile intake: CSV")
struct HostileCSVTests {
    @Test("CSV: a 1 MB name is refused with its line and column, before anything is parsed further")
    func csvNameTooLong() throws {
        let csv = "mrn,family_name,given_name\nM1,Lee,Ann\nM2,\(String(repeating: "x", count: 1_000_000)),Bo\n"
        let error = try #require(throws: CSVError.self) { try AppointmentImport.patients(csv: csv) }
        #expect(error.description.hasPrefix("line 3, column family_name: ") && error.description.contains("longer than"),
                "got: \(error.description.prefix(200))")
    }

    @Test("CSV: every bounded field is bounded", arguments: [
        ("reason", String(repeating: "r", count: 501)),
        ("provider", String(repeating: "p", count: 201)),
        ("appointment_id", String(repeating: "a", count: 129)),
    ])
    func csvAppointmentLimits(_ column: String, _ value: String) throws {
        var row = ["appointment_id": "A1", "time": "09:00", "mrn": "M1", "provider": "Dr X", "reason": "Annual"]
        row[column] = value
        let csv = "appointment_id,time,mrn,provider,reason\n" + AppointmentImport.appointmentColumns.map { row[$0]! }.joined(separator: ",") + "\n"
        let error = try #require(throws: CSVError.self) {
            try AppointmentImport.appointments(csv: csv, day: Date(), knownMRNs: ["M1"])
        }
        #expect(error.description.hasPrefix("line 2, column \(column): ") && error.description.contains("longer than"), "got: \(error)")
    }

    @Test("CSV: control characters in an MRN or appointment id are refused", arguments: ["M\u{1}1", "M1\u{202E}", "M\u{200B}1"])
    func csvHostileIds(_ mrn: String) throws {
        let csv = "mrn,family_name,given_name\n\(mrn),Lee,Ann\n"
        let error = try #require(throws: CSVError.self) { try AppointmentImport.patients(csv: csv) }
        #expect(error.description.hasPrefix("line 2, column mrn: "), "got: \(error)")
    }

    @Test("import: an appointment in year 1, or on a date that does not exist, is refused by line and column")
    func importRefusesImpossibleTimes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("c.sqlite").path
        let patients = dir.appendingPathComponent("p.csv")
        try "mrn,family_name,given_name,date_of_birth\nM1,Lee,Ann,1990-01-02\n".write(to: patients, atomically: true, encoding: .utf8)
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        #expect(try Spawn.frontdesk(["import", "patients", patients.path, "--db", db]).status == 0)
        for (time, what) in [("0001-01-01T09:00:00Z", "0001-01-01T09:00:00Z"), ("2026-02-30T09:00:00Z", "2026-02-30")] {
            let file = dir.appendingPathComponent("a.csv")
            try "appointment_id,time,mrn,provider,reason\nA1,\(time),M1,Dr X,\n".write(to: file, atomically: true, encoding: .utf8)
            let r = try Spawn.frontdesk(["import", "appointments", file.path, "--db", db])
            #expect(r.status == 65, "\(time) was imported")
            #expect(r.stderr.contains("line 2, column time: ") && r.stderr.contains(what), "\(r.stderr)")
        }
        #expect(try ClinicStore.open(path: db).snapshot().visits.isEmpty)
    }

    @Test("import: a birth date that does not exist or lies in the future is refused")
    func importRefusesImpossibleBirthDates() throws {
        for dob in ["2026-02-30", "2999-01-01"] {
            let csv = "mrn,family_name,given_name,date_of_birth\nM1,Lee,Ann,\(dob)\n"
            let error = try #require(throws: CSVError.self) { try AppointmentImport.patients(csv: csv) }
            #expect(error.description.hasPrefix("line 2, column date_of_birth: "), "got: \(error)")
        }
    }
}
