import Foundation
import FrontDeskCore
import GRDB

/// The schema, as forward-only versioned migrations. Constraints live here, not in code:
/// a buggy caller gets an error, never a bad row. Times are seconds since 1970 (REAL).
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
        // v5: the clinic's rooms, so a desk picks one from a list and the lobby board calls a
        // ticket to it. Who is in a room is not stored twice: it is read off the visits (roomed or
        // with the provider), through the partial index. Rooms visits were already put in join
        // the list, a bare number under "Room N" (as `RoomName` writes it from now on).
        m.registerMigration("v5-rooms") { db in
            try db.execute(sql: """
            CREATE TABLE room (
              name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 40),
              added_at REAL NOT NULL
            );
            CREATE INDEX visit_in_room ON visit(status) WHERE room IS NOT NULL;
            INSERT OR IGNORE INTO room(name, added_at)
              SELECT DISTINCT CASE WHEN trim(room) GLOB '[0-9]*' AND instr(trim(room), ' ') = 0 THEN 'Room ' || trim(room) ELSE trim(room) END,
                     CAST(strftime('%s', 'now') AS REAL)
              FROM visit WHERE room IS NOT NULL AND length(trim(room)) BETWEEN 1 AND 34;
            """)
        }
        // v6: the copay a check-in took — amount, how it was collected (one of the form's
        // pick-list, nothing else), receipt — kept with the visit instead of lost with the draft.
        m.registerMigration("v6-visit-copay") { db in
            try db.execute(sql: """
            CREATE TABLE visit_copay (
              visit_id INTEGER PRIMARY KEY REFERENCES visit(id) ON DELETE CASCADE,
              amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0 AND amount_cents < 100000000),
              method TEXT NOT NULL CHECK (method IN (\(list(CopayMethod.allCases)))),
              receipt TEXT CHECK (receipt IS NULL OR length(receipt) BETWEEN 1 AND \(CheckInField.receipt.limit)),
              recorded_at REAL NOT NULL
            );
            """)
        }
        // v7: a callback's tries that reached nobody, counted (no answer → tried again later).
        m.registerMigration("v7-callback-attempts") { db in
            try db.execute(sql: "ALTER TABLE task ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)")
        }
        // v8: the schedule. Appointments for any day are visits (today's are the Waiting Room's),
        // with a type, a length and how they were booked; the calendar a person edits is kept as
        // its source; the waitlist; and a task kind for offering a freed slot.
        m.registerMigration("v8-schedule") { db in
            try db.execute(sql: """
            CREATE TABLE schedule_calendar (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              source TEXT NOT NULL,
              file TEXT NOT NULL,
              loaded_at REAL NOT NULL,
              loaded_by TEXT NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            ALTER TABLE visit ADD COLUMN provider_id TEXT;
            ALTER TABLE visit ADD COLUMN type_code TEXT;
            ALTER TABLE visit ADD COLUMN minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440);
            ALTER TABLE visit ADD COLUMN overbook INTEGER NOT NULL DEFAULT 0 CHECK (overbook IN (0, 1));
            ALTER TABLE visit ADD COLUMN status_reason TEXT;
            ALTER TABLE visit ADD COLUMN rescheduled_to INTEGER REFERENCES visit(id);
            ALTER TABLE visit ADD COLUMN series_id INTEGER;
            CREATE INDEX visit_when ON visit(appointment_at);

            CREATE TABLE waitlist (
              id INTEGER PRIMARY KEY,
              patient_id INTEGER NOT NULL REFERENCES patient(id),
              provider_id TEXT, type_code TEXT,
              before TEXT CHECK (before IS NULL OR before GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
              part_of_day TEXT CHECK (part_of_day IS NULL OR part_of_day IN ('morning', 'afternoon')),
              note TEXT,
              created_at REAL NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('waiting', 'offered', 'booked', 'removed'))
            );
            CREATE INDEX waitlist_state ON waitlist(state);
            """)
            // The task kinds are a CHECK list: rebuild the table from its own definition with
            // the new list, keeping every column and index as they are.
            guard let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'task'"),
                  let list = create.range(of: #"kind IN \([^)]*\)"#, options: .regularExpression) else {
                throw StoreError.invalid("task table definition not found")
            }
            let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task' AND sql IS NOT NULL")
            let kinds = TaskKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            var rebuilt = create.replacingCharacters(in: list, with: "kind IN (\(kinds))")
            rebuilt = rebuilt.replacingOccurrences(of: "CREATE TABLE task", with: "CREATE TABLE task_v8", options: .anchored)
                .replacingOccurrences(of: #"CREATE TABLE "task""#, with: "CREATE TABLE task_v8", options: .anchored)
            try db.execute(sql: rebuilt)
            try db.execute(sql: "INSERT INTO task_v8 SELECT * FROM task; DROP TABLE task; ALTER TABLE task_v8 RENAME TO task")
            for sql in indexes { try db.execute(sql: sql) }
            try db.execute(sql: """
            CREATE TABLE waitlist_offer (
              task_id INTEGER PRIMARY KEY REFERENCES task(id),
              waitlist_id INTEGER NOT NULL REFERENCES waitlist(id),
              provider_id TEXT NOT NULL, type_code TEXT NOT NULL,
              slot_at REAL NOT NULL, freed_visit_id INTEGER REFERENCES visit(id),
              state TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'declined', 'expired'))
            );
            """)
        }
        // v9: the practice system over HL7. Each message applied is kept by its sender and
        // control id, so a resend is acknowledged but never applied twice; patients carry the
        // practice's identifiers (id and assigning authority: the same number from two
        // authorities is two people) and may be merged into another; appointments keep the
        // practice's ids; a provider or type set up from a message is asked for once.
        m.registerMigration("v9-hl7") { db in
            try db.execute(sql: """
            CREATE TABLE hl7_message (
              sender TEXT NOT NULL,
              control_id TEXT NOT NULL CHECK (length(control_id) > 0),
              kind TEXT NOT NULL,
              applied_at REAL NOT NULL,
              summary TEXT NOT NULL,
              PRIMARY KEY (sender, control_id)
            );
            CREATE TABLE patient_identifier (
              authority TEXT NOT NULL,
              id TEXT NOT NULL CHECK (length(id) > 0),
              type TEXT,
              patient_id INTEGER NOT NULL REFERENCES patient(id),
              PRIMARY KEY (authority, id)
            );
            CREATE INDEX patient_identifier_patient ON patient_identifier(patient_id);
            ALTER TABLE patient ADD COLUMN merged_into INTEGER REFERENCES patient(id);
            CREATE TABLE hl7_appointment (
              visit_id INTEGER PRIMARY KEY REFERENCES visit(id),
              sender TEXT NOT NULL,
              filler_id TEXT NOT NULL,
              placer_id TEXT,
              location TEXT
            );
            CREATE INDEX hl7_appointment_placer ON hl7_appointment(placer_id);
            CREATE TABLE practice_setup (
              kind TEXT NOT NULL CHECK (kind IN ('provider', 'type')),
              code TEXT NOT NULL,
              task_id INTEGER NOT NULL REFERENCES task(id),
              PRIMARY KEY (kind, code)
            );
            -- What FrontDesk tells the practice system, written in the same transaction as the
            -- change: sent in id order, each until its ACK; the payload is the appointment as it
            -- was, so a later change never rewrites what an earlier message says.
            CREATE TABLE hl7_outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              created_at REAL NOT NULL,
              event TEXT NOT NULL CHECK (event IN (\(list(PracticeAppointmentAction.allCases)))),
              visit_id INTEGER NOT NULL REFERENCES visit(id),
              payload TEXT NOT NULL,
              state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              last_attempt_at REAL,
              last_error TEXT,
              sent_at REAL
            );
            CREATE INDEX hl7_outbox_pending ON hl7_outbox(state, id);
            """)
        }
        // v10: what a provider's follow-up asks for (provider, in how many days), so the schedule
        // opens next available with it.
        m.registerMigration("v10-follow-up-request") { db in
            try db.execute(sql: """
            ALTER TABLE task ADD COLUMN request_provider TEXT;
            ALTER TABLE task ADD COLUMN request_in_days INTEGER CHECK (request_in_days IS NULL OR request_in_days BETWEEN 0 AND 730);
            """)
        }
        // v11: the outbox carries patients too (registrations, corrections, check-ins: ADT), so
        // a row is about a visit, a patient or both; practice locations are asked for like
        // providers; and the outbox is written only once the clinic has a practice link (a
        // clinic without an HL7 peer never fills it). Rows of a database that never sent one
        // were written for no peer at all and go.
        m.registerMigration("v11-outbox-patients") { db in
            // Frozen, like every migration's lists: a later event gets its own migration.
            let eventList = "'book', 'reschedule', 'modify', 'cancel', 'delete', 'no-show', 'register', 'update', 'check-in'"
            try db.execute(sql: """
            CREATE TABLE practice_link (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              outbound INTEGER NOT NULL CHECK (outbound IN (0, 1)),
              since REAL NOT NULL,
              changed_by TEXT NOT NULL
            );
            INSERT INTO practice_link(id, outbound, since, changed_by)
              SELECT 1, 1, (SELECT min(created_at) FROM hl7_outbox), 'v11-outbox-patients'
              WHERE EXISTS (SELECT 1 FROM hl7_outbox WHERE attempts > 0 OR state <> 'pending');
            DELETE FROM hl7_outbox WHERE NOT EXISTS (SELECT 1 FROM practice_link);
            CREATE TABLE hl7_outbox_v11 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              created_at REAL NOT NULL,
              event TEXT NOT NULL CHECK (event IN (\(eventList))),
              visit_id INTEGER REFERENCES visit(id),
              patient_id INTEGER REFERENCES patient(id),
              payload TEXT NOT NULL,
              state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              last_attempt_at REAL,
              last_error TEXT,
              sent_at REAL,
              CHECK (visit_id IS NOT NULL OR patient_id IS NOT NULL)
            );
            INSERT INTO hl7_outbox_v11(id, created_at, event, visit_id, patient_id, payload, state, attempts, last_attempt_at, last_error, sent_at)
              SELECT o.id, o.created_at, o.event, o.visit_id, v.patient_id, o.payload, o.state, o.attempts, o.last_attempt_at, o.last_error, o.sent_at
              FROM hl7_outbox o LEFT JOIN visit v ON v.id = o.visit_id;
            DROP TABLE hl7_outbox;
            ALTER TABLE hl7_outbox_v11 RENAME TO hl7_outbox;
            CREATE INDEX hl7_outbox_pending ON hl7_outbox(state, id);
            CREATE TABLE practice_setup_v11 (
              kind TEXT NOT NULL CHECK (kind IN ('provider', 'type', 'location')),
              code TEXT NOT NULL,
              task_id INTEGER NOT NULL REFERENCES task(id),
              PRIMARY KEY (kind, code)
            );
            INSERT INTO practice_setup_v11 SELECT kind, code, task_id FROM practice_setup;
            DROP TABLE practice_setup;
            ALTER TABLE practice_setup_v11 RENAME TO practice_setup;
            """)
        }
        // v12: the day's flow as it happened — every visit status a visit passed through, and
        // every claim, suspension, resumption, reclaim and close of a task, with its time and
        // desk — for the day report (a visit row keeps only where it is now). Visits are logged
        // by trigger (every status write stamps status_since, whoever writes it); tasks by the
        // store's one task write (`Tx.save`), which knows the desk and why.
        m.registerMigration("v12-flow-events") { db in
            try db.execute(sql: """
            CREATE TABLE flow_event (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at REAL NOT NULL,
              subject TEXT NOT NULL CHECK (subject IN ('visit', 'task')),
              subject_id INTEGER NOT NULL,
              event TEXT NOT NULL,
              desk TEXT
            );
            -- What a day's report asks for, so its cost is the day's, not the history's.
            CREATE INDEX flow_event_day ON flow_event(subject, at);
            CREATE INDEX flow_event_subject ON flow_event(subject, subject_id);
            CREATE INDEX visit_arrived ON visit(arrived_at);
            -- And what every console's picture of the day asks for (open visits, today's
            -- walk-ins), which without these read every visit the clinic ever had.
            CREATE INDEX visit_status ON visit(status);
            CREATE INDEX visit_walk_in_since ON visit(status_since) WHERE walk_in = 1;
            CREATE INDEX call_arrived ON call(arrived_at);
            CREATE INDEX task_created ON task(created_at);
            CREATE INDEX task_due ON task(due_at);
            CREATE TRIGGER visit_flow_insert AFTER INSERT ON visit
              BEGIN INSERT INTO flow_event(at, subject, subject_id, event) VALUES (NEW.status_since, 'visit', NEW.id, NEW.status); END;
            CREATE TRIGGER visit_flow_update AFTER UPDATE OF status ON visit WHEN NEW.status IS NOT OLD.status
              BEGIN INSERT INTO flow_event(at, subject, subject_id, event) VALUES (NEW.status_since, 'visit', NEW.id, NEW.status); END;
            INSERT INTO flow_event(at, subject, subject_id, event) SELECT status_since, 'visit', id, status FROM visit;
            CREATE TRIGGER flow_event_no_update BEFORE UPDATE ON flow_event
              BEGIN SELECT RAISE(ABORT, 'the flow log is append-only'); END;
            """)
        }
        return m
    }
}
