import _CryptoExtras
import Crypto
import Foundation
import FrontDeskCore

/// What checking an unlock PIN found.
public enum PINCheck: Equatable, Sendable {
    case matched
    /// Wrong; the next try is accepted after `retryIn` seconds (0: at once).
    case wrong(retryIn: TimeInterval)
    /// Too soon after earlier misses: the PIN was not even checked.
    case tooSoon(retryIn: TimeInterval)
    /// The user never set a PIN: they are told how, and only `frontdesk unlock` opens the console.
    case noPIN
}

/// A PIN kept as a salted slow hash: PBKDF2-HMAC-SHA256 (swift-crypto), stored as
/// `pbkdf2-sha256$ROUNDS$SALT$HASH` (base64) so the rounds can grow without a migration.
struct PINHash: Equatable {
    static let algorithm = "pbkdf2-sha256"
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000; an unlock happens a few times
    /// a day, so the ~0.2 s it costs on the desk machine is acceptable.
    static let defaultRounds = 600_000
    var rounds: Int
    var salt: Data
    var hash: Data

    static func make(pin: String, rounds: Int = defaultRounds) throws -> PINHash {
        var salt = Data(count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
        return PINHash(rounds: rounds, salt: salt, hash: try derive(pin, salt: salt, rounds: rounds))
    }

    static func derive(_ pin: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(pin.utf8), salt: salt, using: .sha256,
                                                     outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }

    var encoded: String {
        [Self.algorithm, String(rounds), salt.base64EncodedString(), hash.base64EncodedString()].joined(separator: "$")
    }

    init(rounds: Int, salt: Data, hash: Data) { self.rounds = rounds; self.salt = salt; self.hash = hash }

    init?(encoded: String) {
        let parts = encoded.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == Self.algorithm, let rounds = Int(parts[1]), rounds > 0,
              let salt = Data(base64Encoded: parts[2]), let hash = Data(base64Encoded: parts[3]) else { return nil }
        self.init(rounds: rounds, salt: salt, hash: hash)
    }

    /// Constant time in the hash's length: every byte is compared whatever the first mismatch.
    func matches(_ pin: String) -> Bool {
        guard let candidate = try? Self.derive(pin, salt: salt, rounds: rounds), candidate.count == hash.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(candidate, hash) { difference |= a ^ b }
        return difference == 0
    }
}

/// Users' unlock PINs and the emergency unlocks of locked consoles.
extension ClinicStore {
    /// A PIN is 6 to 12 digits (NIST SP 800-63B's floor for a memorised numeric secret is
    /// six), typed at a desk in a hurry.
    public static func validatePIN(_ pin: String) throws {
        guard (6...12).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw StoreError.invalid("a PIN is 6 to 12 digits")
        }
    }

    /// Sets `actor`'s own PIN (nobody sets another user's). `rounds` is for tests only.
    public func setPIN(_ pin: String, by actor: Actor, now: Date, rounds: Int? = nil) throws {
        try Self.validatePIN(pin)
        let encoded = try PINHash.make(pin: pin, rounds: rounds ?? PINHash.defaultRounds).encoded
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: "UPDATE \"user\" SET pin_hash = ? WHERE login = ?", arguments: [encoded, actor.login])
            guard tx.changes == 1 else { throw StoreError.notAllowed("\(actor.login) is not a user of this clinic") }
            try tx.changed(.user, actor.login, action: "user.pin-set")
        }
    }

    public func hasPIN(login: String) throws -> Bool {
        try read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM \"user\" WHERE login = ?", arguments: [login]) != nil }
    }

    /// Checks `pin` for `actor`'s locked console. Misses are counted in the store per login,
    /// across every console and process, with the growing wait `PINThrottle` gives; a try
    /// inside that wait is refused without checking. Every attempt is audited (never the PIN).
    /// A match opens the console's lock row in the same transaction that records it.
    public func unlockWithPIN(_ pin: String, by actor: Actor, now: Date) throws -> PINCheck {
        let (stored, failures, last) = try read { db -> (String?, Int, Date?) in
            let hash = try String.fetchOne(db, sql: "SELECT pin_hash FROM \"user\" WHERE login = ?", arguments: [actor.login])
            let row = try SQLRow.fetchOne(db, sql: "SELECT failures, last_failure FROM pin_attempt WHERE login = ?", arguments: [actor.login])
            return (hash, row.map { $0[0] } ?? 0, row.flatMap { ($0[1] as Double?).map { Date(timeIntervalSince1970: $0) } })
        }
        let wait = PINThrottle.wait(failures: failures, lastFailure: last, at: now)
        let result: PINCheck
        if wait > 0 {
            result = .tooSoon(retryIn: wait)
        } else if let stored, let hash = PINHash(encoded: stored) {
            // The slow hash runs outside any transaction: the write lock is held for milliseconds only.
            result = hash.matches(pin) ? .matched : .wrong(retryIn: PINThrottle.wait(failures: failures + 1, lastFailure: now, at: now))
        } else {
            result = .noPIN
        }
        try write(actor, now: now) { tx in
            switch result {
            case .matched:
                try tx.db.execute(sql: "DELETE FROM pin_attempt WHERE login = ?", arguments: [actor.login])
                try tx.db.execute(sql: "DELETE FROM console_lock WHERE desk = ?", arguments: [actor.desk])
                try tx.changed(.desk, actor.desk, action: "lock.unlocked", detail: "PIN")
            case .wrong:
                try tx.db.execute(sql: """
                    INSERT INTO pin_attempt(login, failures, last_failure) VALUES (?, 1, ?)
                    ON CONFLICT(login) DO UPDATE SET failures = pin_attempt.failures + 1, last_failure = excluded.last_failure
                    """, arguments: [actor.login, tx.t])
                try tx.audit("lock.unlock-failed", detail: "wrong PIN")
            case .tooSoon(let retry):
                try tx.audit("lock.unlock-failed", detail: "too soon (wait \(Int(retry.rounded(.up))) s)")
            case .noPIN:
                try tx.audit("lock.unlock-failed", detail: "no PIN set")
            }
        }
        return result
    }

    /// A console locked itself: the lock lives here, so a restarted console comes up locked.
    public func lockConsole(by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: "INSERT INTO console_lock(desk, login, locked_at) VALUES (?, ?, ?) ON CONFLICT(desk) DO UPDATE SET login = excluded.login, locked_at = excluded.locked_at",
                              arguments: [actor.desk, actor.login, tx.t])
            try tx.changed(.desk, actor.desk, action: "lock.locked")
        }
    }

    /// Who locked `desk`'s console and when, if it is locked.
    public func consoleLock(desk: String) throws -> (login: String, at: Date)? {
        try read { db in
            try SQLRow.fetchOne(db, sql: "SELECT login, locked_at FROM console_lock WHERE desk = ?", arguments: [desk])
                .map { ($0[0], Date(timeIntervalSince1970: $0[1])) }
        }
    }

    /// `frontdesk unlock --desk NAME`: a supervisor opens a locked console without its user's
    /// PIN. Audited as an emergency access; the console sees the grant through the change feed.
    public func grantEmergencyUnlock(desk: String, by actor: Actor, now: Date) throws {
        try AccessPolicy.require(actor.role, .emergencyUnlock)
        try write(actor, now: now) { tx in
            guard try Bool.fetchOne(tx.db, sql: "SELECT 1 FROM desk WHERE name = ?", arguments: [desk]) != nil else {
                throw StoreError.unknownDesk(desk)
            }
            try tx.db.execute(sql: "INSERT INTO unlock_grant(desk, granted_by, at) VALUES (?, ?, ?)",
                              arguments: [desk, actor.login, tx.t])
            try tx.db.execute(sql: "DELETE FROM console_lock WHERE desk = ?", arguments: [desk])
            try tx.changed(.desk, desk, action: "lock.emergency-unlock", detail: desk)
        }
    }

    /// The newest emergency unlock of `desk`, if any (a console unlocks when it is newer than its lock).
    public func latestUnlockGrant(desk: String) throws -> Date? {
        try read { db in
            try Double.fetchOne(db, sql: "SELECT max(at) FROM unlock_grant WHERE desk = ?", arguments: [desk])
                .map { Date(timeIntervalSince1970: $0) }
        }
    }
}
