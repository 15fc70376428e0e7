import Foundation
import FrontDeskCore
import GRDB

/// v5–v8: what the desk and the schedule added to the live state (rooms, the copay taken at
/// check-in, callback tries, appointments for any day and the waitlist).
extension Schema {
    static func registerDeskMigrations(_ m: inout DatabaseMigrator) {
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
    }
}
