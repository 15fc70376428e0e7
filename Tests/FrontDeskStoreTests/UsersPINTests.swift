import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

@Suite("Store: users, PINs and emergency unlock")
struct UsersPINTests {
    /// Few rounds keep the tests quick; the stored format says how many were used.
    let rounds = 1_000

    func storeWithUsers() throws -> ClinicStore {
        let store = try Fixture.memoryClinic()
        let admin = Actor(login: "root", desk: "office", role: .admin)
        try store.addUser(login: "root", role: .admin, by: admin, now: Fixture.at(0))
        try store.addUser(login: "ana", role: .receptionist, by: admin, now: Fixture.at(0))
        try store.addUser(login: "sue", role: .supervisor, by: admin, now: Fixture.at(0))
        return store
    }

    @Test func aPINIsKeptAsASaltedSlowHashAndChecked() throws {
        let store = try storeWithUsers()
        try store.setPIN("4321", by: Fixture.desk1, now: Fixture.at(1), rounds: rounds)
        let stored = try #require(try store.read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM user WHERE login = 'ana'") })
        #expect(stored.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(!stored.contains("4321"))
        #expect(try store.checkPIN("4321", by: Fixture.desk1, now: Fixture.at(2)) == .matched)
        #expect(try store.checkPIN("1234", by: Fixture.desk1, now: Fixture.at(3)) == .wrong)
        // Two users with the same PIN get different hashes (the salt).
        try store.setPIN("4321", by: Fixture.supervisor, now: Fixture.at(4), rounds: rounds)
        let other = try store.read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM user WHERE login = 'sue'") }
        #expect(other != stored)
    }

    @Test func everyUnlockAttemptIsAuditedWithoutThePIN() throws {
        let store = try storeWithUsers()
        try store.setPIN("4321", by: Fixture.desk1, now: Fixture.at(1), rounds: rounds)
        _ = try store.checkPIN("9999", by: Fixture.desk1, now: Fixture.at(2))
        _ = try store.checkPIN("4321", by: Fixture.desk1, now: Fixture.at(3))
        let trail = try store.auditTrail(limit: 3)
        #expect(trail.map(\.action) == ["lock.unlocked", "lock.unlock-failed", "user.pin-set"])
        #expect(trail.allSatisfy { $0.login == "ana" && !($0.detail ?? "").contains("4321") && !($0.detail ?? "").contains("9999") })
    }

    @Test func aBadPINIsRefusedAndChangesNothing() throws {
        let store = try storeWithUsers()
        for bad in ["12", "abcd", "1234567890123", "12 34", "١٢٣٤"] {
            #expect(throws: StoreError.self) { try store.setPIN(bad, by: Fixture.desk1, now: Fixture.at(1), rounds: rounds) }
        }
        #expect(try store.hasPIN(login: "ana") == false)
        #expect(try store.checkPIN("1234", by: Fixture.desk1, now: Fixture.at(2)) == .noPIN)
    }

    @Test func onlyASupervisorGrantsAnEmergencyUnlockAndItIsAudited() throws {
        let store = try storeWithUsers()
        try store.registerDesk(name: "desk-1", user: "ana", now: Fixture.at(0))
        #expect(throws: AccessDenied.self) { try store.grantEmergencyUnlock(desk: "desk-1", by: Fixture.desk2, now: Fixture.at(1)) }
        #expect(try store.latestUnlockGrant(desk: "desk-1") == nil)
        #expect(throws: StoreError.unknownDesk("nowhere")) { try store.grantEmergencyUnlock(desk: "nowhere", by: Fixture.supervisor, now: Fixture.at(1)) }
        try store.grantEmergencyUnlock(desk: "desk-1", by: Fixture.supervisor, now: Fixture.at(2))
        #expect(try store.latestUnlockGrant(desk: "desk-1") == Fixture.at(2))
        let last = try #require(try store.auditTrail(limit: 1).first)
        #expect(last.action == "lock.emergency-unlock" && last.login == "sue" && last.detail == "desk-1")
    }
}
