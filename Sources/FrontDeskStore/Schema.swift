import Foundation
import FrontDeskCore
import GRDB

/// The schema, as forward-only versioned migrations. Constraints live here, not in code:
/// a buggy caller gets an error, never a bad row. Times are seconds since 1970 (REAL).
/// Here the live state and its safeguards (v1–v4); the desk's and the schedule's additions
/// (v5–v8) in Schema+Desk.swift; the practice system's and the day report's (v9–v12) in
/// Schema+Practice.swift — registered in that order, which is the order they run in.
enum Schema {
    static func list<T: RawRepresentable>(_ values: [T]) -> String where T.RawValue == String {
        values.map { "'\($0.rawValue)'" }.joined(separator: ",")
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-live-state") { db in
            try db.execute(sql: """
            CREATE TABLE patient (
              id INTEGER PRIMARY KEY,
              mrn TEXT NOT NULL UNIQUE CHECK (length(mrn) > 0),
              family_name TEXT NOT NULL,
              given_name TEXT NOT NULL,
              preferred_name TEXT,
              date_of_birth TEXT CHECK (date_of_birth IS NULL OR date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
              sex TEXT, phone TEXT,
              phone_key TEXT,            -- last 10 digits, to match a caller's number
              email TEXT, address TEXT,
              payer TEXT, member_id TEXT, group_number TEXT, subscriber TEXT, relationship TEXT,
              insurance_verified INTEGER NOT NULL DEFAULT 0 CHECK (insurance_verified IN (0, 1)),
              interpreter TEXT, accessibility TEXT,
              version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
            );
            CREATE INDEX patient_phone ON patient(phone_key);

            CREATE TABLE visit (
              id INTEGER PRIMARY KEY,
              ticket TEXT NOT NULL DEFAULT '',
              patient_id INTEGER NOT NULL REFERENCES patient(id),
              appointment_ref TEXT UNIQUE,
              provider TEXT NOT NULL,
              appointment_at REAL,
              walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
              reason TEXT NOT NULL DEFAULT '',
              status TEXT NOT NULL CHECK (status IN (\(list(VisitStatus.allCases)))),
              status_since REAL NOT NULL,
              arrived_at REAL,
              room TEXT,
              version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
              CHECK (walk_in = 1 OR appointment_at IS NOT NULL)
            );
            CREATE INDEX visit_patient ON visit(patient_id);

            CREATE TABLE readiness (
              visit_id INTEGER NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
              item TEXT NOT NULL CHECK (item IN (\(list(ReadinessItem.allCases)))),
              state TEXT NOT NULL CHECK (state IN ('open', 'done', 'waived')),
              since REAL NOT NULL,
              PRIMARY KEY (visit_id, item)
            );

            CREATE TABLE call (
              id TEXT PRIMARY KEY CHECK (length(id) > 0),
              from_number TEXT NOT NULL,
              caller_name TEXT, reason TEXT, queue TEXT,
              state TEXT NOT NULL CHECK (state IN (\(list(CallState.allCases)))),
              arrived_at REAL NOT NULL, answered_at REAL, ended_at REAL,
              desk TEXT,
              patient_id INTEGER REFERENCES patient(id)
            );
            CREATE INDEX call_state ON call(state);

            CREATE TABLE desk (
              name TEXT PRIMARY KEY CHECK (length(name) > 0),
              user TEXT,
              note TEXT,
              last_seen REAL,
              lease_until REAL
            );

            CREATE TABLE task (
              id INTEGER PRIMARY KEY,
              kind TEXT NOT NULL CHECK (kind IN (\(list(TaskKind.allCases)))),
              state TEXT NOT NULL CHECK (state IN (\(list(TaskState.allCases)))),
              title TEXT NOT NULL,
              created_at REAL NOT NULL,
              due_at REAL,
              desk TEXT,
              patient_id INTEGER REFERENCES patient(id),
              visit_id INTEGER REFERENCES visit(id),
              call_id TEXT REFERENCES call(id),
              masked INTEGER NOT NULL DEFAULT 0 CHECK (masked IN (0, 1)),
              bump REAL NOT NULL DEFAULT 0,
              assigned_desk TEXT,
              draft BLOB, step TEXT, note TEXT, progress REAL CHECK (progress IS NULL OR progress BETWEEN 0 AND 1),
              suspended_at REAL, times_suspended INTEGER NOT NULL DEFAULT 0,
              CHECK (state <> 'active' OR desk IS NOT NULL)
            );
            CREATE INDEX task_open ON task(state, desk);
            CREATE INDEX task_call ON task(call_id);
            CREATE INDEX task_visit ON task(visit_id);

            CREATE TABLE user (
              login TEXT PRIMARY KEY CHECK (length(login) > 0),
              role TEXT NOT NULL CHECK (role IN ('receptionist', 'supervisor', 'admin')),
              pin_hash TEXT,
              created_at REAL NOT NULL
            );

            -- The change feed: every write transaction appends what it changed.
            CREATE TABLE journal (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              at REAL NOT NULL,
              kind TEXT NOT NULL,
              entity TEXT NOT NULL
            );

            -- Append-only: who (OS login), when, desk, action, patient.
            CREATE TABLE audit (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at REAL NOT NULL,
              login TEXT NOT NULL CHECK (length(login) > 0),
              desk TEXT NOT NULL,
              action TEXT NOT NULL,
              patient_id INTEGER,
              detail TEXT
            );
            CREATE INDEX audit_patient ON audit(patient_id);
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
              BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
              BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            """)
        }
        // v2: emergency unlocks of an idle-locked console (`frontdesk unlock`). A locked
        // console sees a grant newer than its lock through the change feed. The PIN itself
        // lives in v1's `user.pin_hash` as "pbkdf2-sha256$rounds$salt$hash".
        m.registerMigration("v2-unlock-grants") { db in
            try db.execute(sql: """
            CREATE TABLE unlock_grant (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              desk TEXT NOT NULL CHECK (length(desk) > 0),
              granted_by TEXT NOT NULL CHECK (length(granted_by) > 0),
              at REAL NOT NULL
            );
            CREATE INDEX unlock_grant_desk ON unlock_grant(desk, at);
            """)
        }
        // v3: the audit trail is a hash chain — each row carries SHA-256 over its content and
        // the previous row's hash, so an edited, deleted or reordered row is found by walking it
        // (`frontdesk audit verify`). Rows written before v3 are chained here, in id order.
        // Consoles' locks and unlock attempts live here too, so they hold across processes.
        m.registerMigration("v3-audit-chain-locks") { db in
            try db.execute(sql: """
            DROP TRIGGER audit_no_update;
            ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
            ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
            """)
            var previous = ""
            for row in try Row.fetchAll(db, sql: "SELECT id, at, login, desk, action, patient_id, detail FROM audit ORDER BY id") {
                let link = AuditLink(id: row[0], at: row[1], login: row[2], desk: row[3], action: row[4], patientID: row[5],
                                     detail: row[6], previousHash: previous)
                try db.execute(sql: "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", arguments: [previous, link.hash, link.id])
                previous = link.hash
            }
            try db.execute(sql: """
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
              BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

            -- A console that locked itself stays locked, whatever happens to the process, until its
            -- user's PIN or a supervisor's audited unlock opens it.
            CREATE TABLE console_lock (
              desk TEXT PRIMARY KEY CHECK (length(desk) > 0),
              login TEXT NOT NULL,
              locked_at REAL NOT NULL
            );
            -- Wrong PINs, counted per login across every process, for the growing delay.
            CREATE TABLE pin_attempt (
              login TEXT PRIMARY KEY,
              failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
              last_failure REAL
            );
            """)
        }
        // v4: integrations (the feed, the AMI adapter, HL7) run as users with their own role, which
        // may only feed events in. SQLite cannot alter a CHECK, so the table is rebuilt.
        m.registerMigration("v4-integration-role") { db in
            try db.execute(sql: """
            CREATE TABLE user_v4 (
              login TEXT PRIMARY KEY CHECK (length(login) > 0),
              role TEXT NOT NULL CHECK (role IN ('receptionist', 'supervisor', 'admin', 'integration')),
              pin_hash TEXT,
              created_at REAL NOT NULL
            );
            INSERT INTO user_v4 (login, role, pin_hash, created_at) SELECT login, role, pin_hash, created_at FROM user;
            DROP TABLE user;
            ALTER TABLE user_v4 RENAME TO user;
            """)
        }
        registerDeskMigrations(&m)
        registerPracticeMigrations(&m)
        return m
    }
}
