import Foundation
import FrontDeskCore

/// Which rows belong in a snapshot of one clinic day: the day's appointments, arrivals and
/// calls, whatever is still open (in the building, on the phone, a task not done), and the
/// patients those rows name. One set of SQL conditions serves the full load and the
/// incremental refresh, so the two can never disagree about what belongs.
struct SnapshotFilter {
    let start: Double
    let end: Double

    init(day: DateInterval?) {
        start = day?.start.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
        end = day?.end.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude
    }

    /// The values for `visits` (three ranges), and for `calls` or `tasks` (one range), in order.
    var visitArguments: SQLArguments { [start, end, start, end, start, end] }
    var rangeArguments: SQLArguments { [start, end] }

    static let visits = """
        ((appointment_at >= ? AND appointment_at < ?) OR (arrived_at >= ? AND arrived_at < ?)
          OR (walk_in = 1 AND status_since >= ? AND status_since < ?)
          OR status IN ('arrived','checked-in','roomed','with-provider','checkout'))
        """
    static let calls = "(state IN ('waiting','on-hold','answered') OR (arrived_at >= ? AND arrived_at < ?))"
    static let tasks = "(state IN ('queued','active','suspended') OR (created_at >= ? AND created_at < ?))"
}

extension ClinicStore {
    /// The live state of one clinic day (`day`; nil: every row, for tools and tests).
    /// `patients: false` leaves the patient records out (a report of ids needs none of them).
    public func snapshot(day: DateInterval? = nil, patients: Bool = true) throws -> ClinicSnapshot {
        try read { db in try Self.loadSnapshot(db, day: day, patients: patients) }
    }

    /// The live state of the clinic day around `now` in `zone`: what consoles and `status` read.
    public func snapshot(dayOf now: Date, in zone: TimeZone = .current, patients: Bool = true) throws -> ClinicSnapshot {
        try snapshot(day: ClinicDay.interval(containing: now, in: zone), patients: patients)
    }

    /// Brings `snapshot` up to date by reading only the rows the journal says changed since
    /// its sequence, so the cost of one change does not grow with the size of the day. Falls
    /// back to a full load when the journal no longer reaches back that far (pruned).
    public func refresh(_ snapshot: ClinicSnapshot) throws -> ClinicSnapshot {
        try read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0
            if last == snapshot.sequence { return snapshot }
            let oldest = try Int64.fetchOne(db, sql: "SELECT min(seq) FROM journal") ?? 0
            let rows = try SQLRow.fetchAll(db, sql: "SELECT kind, entity FROM journal WHERE seq > ? AND seq <= ? LIMIT 5001",
                                        arguments: [snapshot.sequence, last])
            guard last > snapshot.sequence, oldest <= snapshot.sequence + 1, rows.count <= 5000 else {
                return try Self.loadSnapshot(db, day: snapshot.day)
            }
            var changed = ChangedRows()
            for r in rows { changed.note(kind: r["kind"], entity: r["entity"]) }
            var s = snapshot
            try Self.patch(&s, changed, db)
            s.sequence = last
            return s
        }
    }

    static func loadSnapshot(_ db: any SQLConnection, day: DateInterval?, patients: Bool = true) throws -> ClinicSnapshot {
        let f = SnapshotFilter(day: day)
        var s = ClinicSnapshot()
        s.day = day
        s.sequence = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0
        s.visits = try visits(db, where: SnapshotFilter.visits, f.visitArguments)
        s.calls = try decoded(db, "SELECT \(Decode.callColumns) FROM call WHERE \(SnapshotFilter.calls) ORDER BY arrived_at, id",
                              f.rangeArguments, Decode.call)
        s.tasks = try decoded(db, "SELECT \(Decode.taskColumns) FROM task WHERE \(SnapshotFilter.tasks) ORDER BY id",
                              f.rangeArguments, Decode.task)
        s.desks = try SQLRow.fetchAll(db, sql: "SELECT \(Decode.deskColumns) FROM desk ORDER BY name").map(Decode.desk)
        s.rooms = try rooms(db)
        s.sites = try sites(db)
        if patients {
            try loadPatients(Set(s.visits.map(\.patientID) + s.calls.compactMap(\.patientID) + s.tasks.compactMap(\.patientID)), into: &s, db)
        }
        return s
    }

    /// Rows decoded as they are stepped through (a cursor: no copy of every row first).
    static func decoded<T>(_ db: any SQLConnection, _ sql: String, _ arguments: SQLArguments, _ decode: (SQLRow) -> T) throws -> [T] {
        var out: [T] = []
        try db.forEachRow(sql: sql, arguments: arguments) { out.append(decode($0)) }
        return out
    }

    /// Visits (with their readiness) matching `condition`, in board order.
    static func visits(_ db: any SQLConnection, where condition: String, _ arguments: SQLArguments) throws -> [Visit] {
        var visits = try decoded(db, "SELECT \(Decode.visitColumns) FROM visit WHERE \(condition) ORDER BY coalesce(appointment_at, arrived_at), id",
                                 arguments) { Decode.visit($0, readiness: []) }
        guard !visits.isEmpty else { return [] }
        var position: [Int64: Int] = [:]
        for (i, v) in visits.enumerated() { position[v.id] = i }
        let ids = visits.map(\.id)
        for chunk in stride(from: 0, to: ids.count, by: 900).map({ Array(ids[$0..<min(ids.count, $0 + 900)]) }) {
            try db.forEachRow(sql: "SELECT \(Decode.readinessColumns) FROM readiness WHERE visit_id IN (\(placeholders(chunk.count))) ORDER BY visit_id, item",
                              arguments: SQLArguments(chunk)) { r in
                if let c = Decode.readiness(r), let i = position[r[0]] { visits[i].readiness.append(c) }
            }
        }
        return visits
    }

    static func loadPatients(_ ids: Set<Int64>, into s: inout ClinicSnapshot, _ db: any SQLConnection) throws {
        let list = Array(ids)
        for chunk in stride(from: 0, to: list.count, by: 500).map({ Array(list[$0..<min(list.count, $0 + 500)]) }) {
            try db.forEachRow(sql: "SELECT \(Decode.patientColumns) FROM patient WHERE id IN (\(placeholders(chunk.count)))",
                              arguments: SQLArguments(chunk)) { r in let p = Decode.patient(r); s.patients[p.id] = p }
        }
    }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: max(1, n)).joined(separator: ",") }

    /// Re-reads the changed rows: those still belonging to the day replace their old values,
    /// the others leave the snapshot.
    static func patch(_ s: inout ClinicSnapshot, _ changed: ChangedRows, _ db: any SQLConnection) throws {
        let f = SnapshotFilter(day: s.day)
        if !changed.visits.isEmpty {
            let ids = Array(changed.visits)
            // The id list spelled out (our own integers), after the filter's own placeholders.
            let fresh = try visits(db, where: "\(SnapshotFilter.visits) AND id IN (\(ids.map(String.init).joined(separator: ",")))", f.visitArguments)
            s.visits.removeAll { changed.visits.contains($0.id) }
            for v in fresh { s.visits.insert(v, at: s.visits.insertionIndex { Self.boardOrder($0, v) }) }
        }
        if !changed.calls.isEmpty {
            let list = changed.calls.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
            let fresh = try SQLRow.fetchAll(db, sql: "SELECT \(Decode.callColumns) FROM call WHERE \(SnapshotFilter.calls) AND id IN (\(list))",
                                         arguments: f.rangeArguments).map(Decode.call)
            s.calls.removeAll { changed.calls.contains($0.id) }
            for c in fresh { s.calls.insert(c, at: s.calls.insertionIndex { ($0.arrivedAt, $0.id) < (c.arrivedAt, c.id) }) }
        }
        if !changed.tasks.isEmpty {
            let fresh = try SQLRow.fetchAll(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE \(SnapshotFilter.tasks) AND id IN (\(changed.tasks.map(String.init).joined(separator: ",")))",
                                         arguments: f.rangeArguments).map(Decode.task)
            s.tasks.removeAll { changed.tasks.contains($0.id) }
            for t in fresh { s.tasks.insert(t, at: s.tasks.insertionIndex { $0.id < t.id }) }
        }
        if !changed.desks.isEmpty {
            let list = changed.desks.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
            let fresh = try SQLRow.fetchAll(db, sql: "SELECT \(Decode.deskColumns) FROM desk WHERE name IN (\(list))").map(Decode.desk)
            s.desks.removeAll { changed.desks.contains($0.name) }
            for d in fresh { s.desks.insert(d, at: s.desks.insertionIndex { $0.name < d.name }) }
        }
        if changed.rooms { s.rooms = try rooms(db) }
        if changed.sites { s.sites = try sites(db) }
        // Patients: the changed ones we hold, and any newly named by a changed row.
        var wanted = changed.patients.filter { s.patients[$0] != nil }
        for v in s.visits where changed.visits.contains(v.id) && s.patients[v.patientID] == nil { wanted.insert(v.patientID) }
        for c in s.calls where changed.calls.contains(c.id) { if let p = c.patientID, s.patients[p] == nil { wanted.insert(p) } }
        for t in s.tasks where changed.tasks.contains(t.id) { if let p = t.patientID, s.patients[p] == nil { wanted.insert(p) } }
        if !wanted.isEmpty { try loadPatients(wanted, into: &s, db) }
    }

    static func boardOrder(_ a: Visit, _ b: Visit) -> Bool {
        let x = a.appointmentAt ?? a.arrivedAt, y = b.appointmentAt ?? b.arrivedAt
        switch (x, y) {
        case let (x?, y?): return x != y ? x < y : a.id < b.id
        case (nil, nil): return a.id < b.id
        // SQLite sorts NULL first.
        case (nil, _): return true
        case (_, nil): return false
        }
    }

    public func patient(id: Int64) throws -> Patient? {
        try read { db in try SQLRow.fetchOne(db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE id = ?", arguments: [id]).map(Decode.patient) }
    }

    public func patient(mrn: String) throws -> Patient? {
        try read { db in try SQLRow.fetchOne(db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE mrn = ?", arguments: [mrn]).map(Decode.patient) }
    }

    public func task(id: Int64) throws -> DeskTask? {
        try read { db in try SQLRow.fetchOne(db, sql: "SELECT \(Decode.taskColumns) FROM task WHERE id = ?", arguments: [id]).map(Decode.task) }
    }

    public func call(id: String) throws -> Call? {
        try read { db in try SQLRow.fetchOne(db, sql: "SELECT \(Decode.callColumns) FROM call WHERE id = ?", arguments: [id]).map(Decode.call) }
    }

    /// Calls still open (waiting, on hold, answered): the AMI adapter closes those that
    /// vanished while it was disconnected.
    public func openCallIDs() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM call WHERE state IN ('waiting','on-hold','answered')")) }
    }
}

/// The rows a run of journal entries names, by kind.
struct ChangedRows {
    var visits: Set<Int64> = []
    var calls: Set<String> = []
    var tasks: Set<Int64> = []
    var desks: Set<String> = []
    var patients: Set<Int64> = []
    var rooms = false
    var sites = false

    mutating func note(kind: String, entity: String) {
        switch ChangeKind(rawValue: kind) {
        case .visit?: if let id = Int64(entity) { visits.insert(id) }
        case .call?: calls.insert(entity)
        case .task?: if let id = Int64(entity) { tasks.insert(id) }
        case .desk?: desks.insert(entity)
        case .patient?: if let id = Int64(entity) { patients.insert(id) }
        case .room?: rooms = true
        case .site?: sites = true
        case .user?, .other?, nil: break
        }
    }
}

extension Array {
    /// The first index whose element does not satisfy `before` (elements are sorted by it).
    func insertionIndex(_ before: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(self[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
