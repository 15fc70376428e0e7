import Foundation
import Testing
import FrontDeskCore
import FrontDeskStore
import TestSupport
@testable import FrontDeskIntake

@Suite("CSV import")
struct CSVImportTests {
    let day = Date(timeIntervalSince1970: 1_780_000_000)
    let admin = Actor(login: "root", desk: "d", role: .admin)
    let patientsCSV = #"""
    mrn,family_name,given_name,preferred_name,date_of_birth,sex,phone,email,address,payer,member_id,group_number,subscriber,relationship,interpreter,accessibility
    M1,"O'Connor-Nguyễn",Siobhán,,1990-03-04,F,555-0101,,"12 Elm St, Apt 3",Acme Health,AC123,G7,self,self,,wheelchair
    M2,"Петров","Алексей ""Лёша""",Лёша,1968-11-30,M,555-0102,,,,,,,,Russian,
    """#

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let table = try CSVTable(text: "a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n3,4\n", required: ["a", "b"])
        #expect(table.records.map { $0["a"] } == ["x, y", "3"])
        #expect(table.records[0]["b"] == "say \"hi\"\nthere")
        #expect(table.records[1].line == 4)   // the quoted newline counts as a line
    }

    @Test func patientsParseWithInsuranceAndEmptyMeaningNone() throws {
        let ps = try AppointmentImport.patients(csv: patientsCSV)
        #expect(ps.map(\.familyName) == ["O'Connor-Nguyễn", "Петров"])
        #expect(ps[0].insurance?.memberID == "AC123" && ps[0].address == "12 Elm St, Apt 3")
        #expect(ps[1].insurance == nil && ps[1].givenName == "Алексей \"Лёша\"" && ps[1].interpreter == "Russian")
    }

    @Test(arguments: [
        ("appointment_id,time,mrn,provider,reason\nA1,9:00,M1,Dr X,\nA2,25:00,M1,Dr X,", "line 3, column time: 25:00 is neither HH:MM nor an ISO 8601 time"),
        ("appointment_id,time,mrn,provider,reason\nA1,09:00,M9,Dr X,", "line 2, column mrn: no patient with MRN M9"),
        ("appointment_id,time,mrn,provider,reason\nA1,09:00,M1,,", "line 2, column provider: is empty"),
        ("appointment_id,time,mrn,provider,reason\nA1,09:00,M1,Dr X,\nA1,10:00,M1,Dr X,", "line 3, column appointment_id: A1 repeats line 2"),
        ("appointment_id,time,mrn,reason\nA1,09:00,M1,", "line 1, column provider: missing from the header"),
        ("appointment_id,time,mrn,provider,reason\nA1,09:00,M1,Dr X", "line 2: has 4 fields, the header has 5"),
        ("appointment_id,time,mrn,provider,reason\nA1,09:00,\"M1,Dr X,", "line 2: a quoted field is never closed"),
    ])
    func errorsNameTheLineAndTheColumn(_ csv: String, _ message: String) throws {
        let error = try #require(throws: CSVError.self) { try AppointmentImport.appointments(csv: csv, day: day, knownMRNs: ["M1"], now: day) }
        #expect(error.description.hasPrefix(message), "got: \(error)")
    }

    @Test func unknownPatientsCanComeWithTheirOwnColumns() throws {
        let csv = "appointment_id,time,mrn,provider,reason,family_name,given_name,date_of_birth,phone\nA9,2026-05-29T09:00:00Z,N1,Dr Y,New,Ibáñez,Ana,1999-09-09,555-0109\n"
        let parsed = try AppointmentImport.appointments(csv: csv, day: day, knownMRNs: [], now: day)
        #expect(parsed.newPatients.map(\.mrn) == ["N1"])
        #expect(parsed.appointments.first?.at == FeedLine.parseInstant("2026-05-29T09:00:00Z"))
    }

    @Test func theImportCommandIsAllOrNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("c.sqlite").path
        try patientsCSV.write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        try "appointment_id,time,mrn,provider,reason\nA1,09:00,M1,Dr X,\nA2,09:30,M404,Dr X,\n"
            .write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        try "appointment_id,time,mrn,provider,reason\nA1,09:00,M1,Dr X,Annual\nA2,09:30,M2,Dr Y,\"Pain, left knee\"\n"
            .write(to: dir.appendingPathComponent("good.csv"), atomically: true, encoding: .utf8)
        #expect(try Spawn.frontdesk(["init", "--db", db]).status == 0)
        #expect(try Spawn.frontdesk(["import", "patients", dir.appendingPathComponent("p.csv").path, "--db", db]).status == 0)
        let bad = try Spawn.frontdesk(["import", "appointments", dir.appendingPathComponent("bad.csv").path, "--db", db])
        #expect(bad.status == 65 && bad.stderr.contains("line 3, column mrn"))
        #expect(try ClinicStore.open(path: db).snapshot().visits.isEmpty)
        let good = try Spawn.frontdesk(["import", "appointments", dir.appendingPathComponent("good.csv").path, "--db", db])
        #expect(good.status == 0)
        let visits = try ClinicStore.open(path: db).snapshot().visits
        #expect(visits.map(\.reason) == ["Annual", "Pain, left knee"])
    }
}
