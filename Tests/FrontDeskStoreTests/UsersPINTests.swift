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
        try store.setPIN("432187", by: Fixture.desk1, now: Fixture.at(1), rounds: rounds)
        let stored = try #require(try store.read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM \"user\" WHERE login = 'ana'") })
        #expect(stored.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(!stored.contains("432187"))
        #expect(try store.unlockWithPIN("432187", by: Fixture.desk1, now: Fixture.at(2)) == .matched)
        #expect(try store.unlockWithPIN("123487", by: Fixture.desk1, now: Fixture.at(3)) == .wrong(retryIn: 0))
        // Two users with the same PIN get different hashes (the salt).
        try store.setPIN("432187", by: Fixture.supervisor, now: Fixture.at(4), rounds: rounds)
        let other = try store.read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM \"user\" WHERE login = 'sue'") }
        #expect(other != stored)
    }

    @Test func everyUnlockAttemptIsAuditedWithoutThePIN() throws {
        let store = try storeWithUsers()
        try store.setPIN("432187", by: Fixture.desk1, now: Fixture.at(1), rounds: rounds)
        _ = try store.unlockWithPIN("999999", by: Fixture.desk1, now: Fixture.at(2))
        _ = try store.unlockWithPIN("432187", by: Fixture.desk1, now: Fixture.at(3))
        let trail = try store.auditTrail(limit: 3)
        #expect(trail.map(\.action) == ["lock.unlocked", "lock.unlock-failed", "user.pin-set"])
        #expect(trail.allSatisfy { $0.login == "ana" && !($0.detail ?? "").contains("432187") && !($0.detail ?? "").contains("999999") })
    }

    @Test func aBadPINIsRefusedAndChangesNothing() throws {
        let store = try storeWithUsers()
        for bad in ["12", "1234", "12345", "abcdef", "1234567890123", "123 456", "١٢٣٤٥٦"] {
            #expect(throws: StoreError.self) { try store.setPIN(bad, by: Fixture.desk1, now: Fixture.at(1), rounds: rounds) }
        }
        #expect(try store.hasPIN(login: "ana") == false)
        #expect(try store.unlockWithPIN("123487", by: Fixture.desk1, now: Fixture.at(2)) == .noPIN)
    }

    @Test("wrong PINs are counted across processes: a second connection sees the wait, even the right PIN is not checked in it")
    func missesHoldAcrossProcesses() throws {
        let store = try Fixture.clinic(try ClinicStore.temporary())
        let admin = Actor(login: "root", desk: "office", role: .admin)
        try store.addUser(login: "root", role: .admin, by: admin, now: Fixture.at(0))
        try store.addUser(login: "ana", role: .receptionist, by: admin, now: Fixture.at(0))
        try store.setPIN("432187", by: Fixture.desk1, now: Fixture.at(0), rounds: rounds)
        for i in 0..<3 { _ = try store.unlockWithPIN("000000", by: Fixture.desk1, now: Fixture.at(1).addingTimeInterval(Double(i))) }
        // Another console (another connection, as another process would have) of the same user:
        let other = try ClinicStore.open(path: try #require(store.path))
        let tooSoon = try other.unlockWithPIN("432187", by: Actor(login: "ana", desk: "desk-9", role: .receptionist),
                                              now: Fixture.at(1).addingTimeInterval(3))
        #expect(tooSoon == .tooSoon(retryIn: 4))
        #expect(try other.unlockWithPIN("432187", by: Fixture.desk1, now: Fixture.at(1).addingTimeInterval(8)) == .matched)
        #expect(try other.unlockWithPIN("000000", by: Fixture.desk1, now: Fixture.at(2)) == .wrong(retryIn: 0), "a match resets the count")
    }

    @Test("a console's lock lives in the store: set, seen by another connection, opened by the PIN or a supervisor")
    func lockInTheStore() throws {
        let store = try storeWithUsers()
        try store.registerDesk(name: "desk-1", user: "ana", now: Fixture.at(0))
        try store.setPIN("432187", by: Fixture.desk1, now: Fixture.at(0), rounds: rounds)
        try store.lockConsole(by: Fixture.desk1, now: Fixture.at(1))
        #expect(try store.consoleLock(desk: "desk-1")?.login == "ana")
        #expect(try store.unlockWithPIN("432187", by: Fixture.desk1, now: Fixture.at(2)) == .matched)
        #expect(try store.consoleLock(desk: "desk-1") == nil)
        try store.lockConsole(by: Fixture.desk1, now: Fixture.at(3))
        try store.grantEmergencyUnlock(desk: "desk-1", by: Fixture.supervisor, now: Fixture.at(4))
        #expect(try store.consoleLock(desk: "desk-1") == nil)
        let actions = try store.auditTrail(limit: 6).map(\.action)
        #expect(Array(actions.prefix(4)) == ["lock.emergency-unlock", "lock.locked", "lock.unlocked", "lock.locked"])
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

    @Test func aLoginWithControlCharactersIsRefused() throws {
        let store = try Fixture.memoryClinic()
        let admin = Actor(login: "root", desk: "x", role: .admin)
        try store.addUser(login: "root", role: .admin, by: admin, now: Fixture.t0)
        for bad in ["ev\u{1B}[2Jil", "nu\u{0}ll", "a b", "c1\u{85}x", String(repeating: "x", count: 65)] {
            #expect(throws: StoreError.self) { try store.addUser(login: bad, role: .receptionist, by: admin, now: Fixture.t0) }
        }
        #expect(try store.listUsers().map(\.login) == ["root"])
    }
}
