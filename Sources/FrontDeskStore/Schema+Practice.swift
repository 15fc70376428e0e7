import Foundation
import FrontDeskCore
import GRDB

/// v9–v12: the practice system over HL7 (messages applied once, identifiers, the outbox and
/// its link), a follow-up's request, and the flow log the day report reads.
extension Schema {
    static func registerPracticeMigrations(_ m: inout DatabaseMigrator) {
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
        // v13: sites, for a clinic group (see `SiteRule`). A clinic without sites has no rows
        // in these tables and NULL in these columns, and nothing asks about them.
        m.registerMigration("v13-sites") { db in try db.execute(sql: Schema.sitesSQLite) }
    }

    static let sitesSQLite = """
        CREATE TABLE site (
          id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 20 AND id NOT GLOB '*[^a-z0-9-]*' AND id NOT GLOB '-*'),
          name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
          created_at REAL NOT NULL
        );
        -- The sites a phone queue answers for; a queue without a row answers for every site.
        CREATE TABLE phone_queue_site (
          queue TEXT NOT NULL CHECK (length(queue) > 0),
          site TEXT NOT NULL REFERENCES site(id),
          PRIMARY KEY (queue, site)
        );
        -- The site a provider's schedule belongs to (by schedule id or, for imported visits, name).
        CREATE TABLE provider_site (
          provider TEXT PRIMARY KEY CHECK (length(provider) > 0),
          site TEXT NOT NULL REFERENCES site(id)
        );
        -- The sites a user may work at or watch; a user without a row: every site.
        CREATE TABLE user_site (
          login TEXT NOT NULL REFERENCES user(login) ON DELETE CASCADE,
          site TEXT NOT NULL REFERENCES site(id),
          PRIMARY KEY (login, site)
        );
        ALTER TABLE desk ADD COLUMN site TEXT REFERENCES site(id);
        ALTER TABLE visit ADD COLUMN site TEXT REFERENCES site(id);
        -- Calls and tasks may belong to several sites: sorted ids, space-separated (NULL: every site).
        ALTER TABLE call ADD COLUMN sites TEXT CHECK (sites IS NULL OR (length(sites) > 0 AND sites NOT GLOB '*[^a-z0-9 -]*'));
        ALTER TABLE task ADD COLUMN sites TEXT CHECK (sites IS NULL OR (length(sites) > 0 AND sites NOT GLOB '*[^a-z0-9 -]*'));
        CREATE INDEX visit_site ON visit(site);
        """
}
