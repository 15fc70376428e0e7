import Foundation
import FrontDeskCore
import GRDB
import TestSupport
@testable import FrontDeskStore

/// A fixed clock and a small clinic, so every test reads as "given this clinic…".
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)   // a fixed morning
    static let desk1 = Actor(login: "ana", desk: "desk-1", role: .receptionist)
    static let desk2 = Actor(login: "ben", desk: "desk-2", role: .receptionist)
    static let supervisor = Actor(login: "sue", desk: "office", role: .supervisor)

    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static let patients = [
        Patient(id: 0, mrn: "M001", familyName: "Ñúñez-O'Brien", givenName: "José", dateOfBirth: "1980-02-29", phone: "555-0101",
                insurance: Insurance(payer: "Acme Health", memberID: "X1")),
        Patient(id: 0, mrn: "M002", familyName: "李", givenName: "小龍", dateOfBirth: "1975-06-01", phone: "555-0102"),
        Patient(id: 0, mrn: "M003", familyName: "Twin", givenName: "A", phone: "555-0199"),
        Patient(id: 0, mrn: "M004", familyName: "Twin", givenName: "B", phone: "555-0199"),
    ]

    /// A store with four patients and two appointments (A1 at 09:00 for M001, A2 at 09:15 for M002).
    static func clinic(_ store: ClinicStore) throws -> ClinicStore {
        _ = try store.importClinic(patients: patients, appointments: [
            AppointmentRecord(ref: "A1", at: at(0), mrn: "M001", provider: "Dr Okafor", reason: "Annual"),
            AppointmentRecord(ref: "A2", at: at(15), mrn: "M002", provider: "Dr Lindqvist", reason: "Follow-up"),
        ], by: desk1, now: at(-60))
        return store
    }

    static func memoryClinic() throws -> ClinicStore { try clinic(try TestEngine.freshStore()) }

    /// A new database file whose admin is the login the tests run as, so the real binary run
    /// by a test (feed, status, import) is a known user of it — as after `frontdesk init`.
    static func fileClinic(_ path: String) throws -> ClinicStore {
        let store = try ClinicStore.create(path: path)
        let me = Actor(login: Spawn.login, desk: "test", role: .admin)
        try store.addUser(login: me.login, role: .admin, by: me, now: Date())
        return store
    }
    static func diskClinic() throws -> ClinicStore { try clinic(try ClinicStore.temporary()) }

    /// Whether `body` was refused by a constraint of the schema (a CHECK, a key), on either engine.
    static func refusedByTheSchema(_ body: () throws -> Void) -> Bool {
        do { try body() } catch let e as DatabaseError { return e.resultCode == .SQLITE_CONSTRAINT }
        catch let e as PostgresSQLError { return e.sqlState?.rawValue.hasPrefix("23") == true }
        catch { return false }
        return false
    }

    static func ring(_ store: ClinicStore, _ id: String, from: String = "555-0100", at minute: Double = 0) throws {
        try store.apply(TimedEvent(.callRinging(call: id, from: from, name: nil, reason: "billing", queue: nil)), by: desk1, now: at(minute))
    }
}

/// Which engine the store's contract runs on. By default a private in-memory SQLite store;
/// with `FRONTDESK_TEST_ENGINE=postgres` (scripts/test's second run), a new database of its own
/// on the PostgreSQL server `FRONTDESK_TEST_POSTGRES` names, so the same tests hold the
/// PostgreSQL engine to the same contract.
enum TestEngine {
    static var postgres: String? {
        let env = ProcessInfo.processInfo.environment
        guard env["FRONTDESK_TEST_ENGINE"] == "postgres" else { return nil }
        return env["FRONTDESK_TEST_POSTGRES"]
    }

    static func freshStore(config: StoreConfig = .default) throws -> ClinicStore {
        guard postgres != nil else { return try ClinicStore.inMemory(config: config) }
        return try ClinicStore.create(postgres: try TestPostgres.freshDatabase(), config: config)
    }
}
