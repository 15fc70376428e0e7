import Foundation
import FrontDeskCore

/// A user of the consoles: an OS login and the role it has.
public struct UserRecord: Equatable, Sendable {
    public var login: String
    public var role: Role
    public var createdAt: Date
}

/// One appointment to import (CSV, demo seeds): the practice system's id and the slot.
public struct AppointmentRecord: Equatable, Sendable {
    public var ref: String
    public var at: Date
    public var mrn: String
    public var provider: String
    public var reason: String
    public init(ref: String, at: Date, mrn: String, provider: String, reason: String) {
        self.ref = ref; self.at = at; self.mrn = mrn; self.provider = provider; self.reason = reason
    }
}

/// Patient records, visits and their readiness, users: the edits a form or an import makes.
extension ClinicStore {
    /// Audits that `actor` opened a patient's record (HIPAA: every view is recorded).
    public func recordView(patientID: Int64, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in try tx.audit("patient.viewed", patient: patientID) }
    }

    /// Saves an edited record if nobody saved it since `expectedVersion`; otherwise throws
    /// `ConcurrentChange` carrying what is stored now. The MRN never changes.
    public func updatePatient(_ p: Patient, expectedVersion: Int, by actor: Actor, now: Date) throws {
        if let dob = p.dateOfBirth, CivilDate(iso: dob) == nil { throw StoreError.invalid("date of birth \(dob) is not yyyy-MM-dd") }
        try write(actor, now: now) { tx in
            let before = try tx.storedPatient(p.id)
            try tx.savePatient(p, expectedVersion: expectedVersion)
            try tx.enqueueCorrection(from: before, to: p, visit: nil)
        }
    }

    /// Moves a visit along, refused (with both statuses named) when the move is not allowed.
    /// `room` goes with `.roomed`: the public board calls the ticket to it. A move the Waiting
    /// Room offers (no-show, left without being seen, into a room) obeys the same rule as there
    /// (`move(visitID:_:)`): one rule, whoever asks.
    public func setVisitStatus(visitID: Int64, to next: VisitStatus, room: String? = nil, by actor: Actor, now: Date) throws {
        let asMove: VisitMove? = switch next {
        case .noShow: .noShow
        case .leftWithoutBeingSeen: .leftWithoutBeingSeen
        case .roomed: room.map { .room($0) }
        default: nil
        }
        if let asMove { return try move(visitID: visitID, asMove, by: actor, now: now) }
        try write(actor, now: now) { tx in
            if next == .arrived { try tx.arrive(visitID: visitID); return }
            try tx.moveVisit(visitID, to: next)
        }
    }

    public func setReadiness(visitID: Int64, item: ReadinessItem, state: ReadinessState, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in
            guard let pid = try Int64.fetchOne(tx.db, sql: "SELECT patient_id FROM visit WHERE id = ?", arguments: [visitID]) else {
                throw StoreError.unknownVisit(visitID)
            }
            try tx.setReadiness(visitID: visitID, item: item, state: state, patientID: pid)
        }
    }

    /// arrived → checked in; the visit's open check-in task is done with it.
    public func checkIn(visitID: Int64, by actor: Actor, now: Date) throws {
        try write(actor, now: now) { tx in try tx.checkIn(visit: visitID) }
    }

    /// Loads patients (new MRNs inserted, known ones left as they are) and appointments in
    /// ONE transaction: all or nothing. Appointments whose id exists already are updated —
    /// except that a re-import may not change who a visit is for once it is past scheduled
    /// (arrived, checked in, seen, no-show, cancelled): its check-in task, readiness and audit
    /// trail belong to that patient. Such a file is refused, naming the appointment.
    /// Every record first passes the intake rules (`config.intake`), whoever read it.
    public func importClinic(patients: [Patient], appointments: [AppointmentRecord], by actor: Actor, now: Date) throws -> (patients: Int, appointments: Int) {
        let rules = config.intake
        let patients = try patients.map { p in try StoreError.admitting { () throws(IntakeRefusal) in try rules.patient(p, now: now) } }
        let appointments = try appointments.map { a in
            try StoreError.admitting { () throws(IntakeRefusal) in try rules.appointment(a, now: now) }
        }
        return try write(actor, now: now) { tx in
            var newPatients = 0
            for p in patients {
                let added = try tx.db.insertIfNew(sql: """
                    INSERT INTO patient(family_name, given_name, preferred_name, date_of_birth, sex, phone, phone_key, email,
                      address, payer, member_id, group_number, subscriber, relationship, insurance_verified, interpreter,
                      accessibility, mrn) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                    ON CONFLICT(mrn) DO NOTHING
                    """, arguments: Tx.patientColumns(p) + [p.mrn])
                if let added {
                    newPatients += 1
                    try tx.changed(.patient, added, action: "patient.imported", patient: added)
                }
            }
            for a in appointments {
                guard let pid = try Int64.fetchOne(tx.db, sql: "SELECT id FROM patient WHERE mrn = ?", arguments: [a.mrn]) else {
                    throw StoreError.unknownPatient(a.mrn)
                }
                try tx.refusePatientSwap(a)
                try tx.db.execute(sql: """
                    INSERT INTO visit(patient_id, appointment_ref, provider, appointment_at, reason, status, status_since, site)
                    VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?)
                    ON CONFLICT(appointment_ref) DO UPDATE SET patient_id = excluded.patient_id, provider = excluded.provider,
                      appointment_at = excluded.appointment_at, reason = excluded.reason, site = excluded.site, version = visit.version + 1
                    """, arguments: [pid, a.ref, a.provider, a.at.timeIntervalSince1970, a.reason, tx.t,
                                     try tx.site(forProvider: nil, name: a.provider)])
                let vid = try Int64.fetchOne(tx.db, sql: "SELECT id FROM visit WHERE appointment_ref = ?", arguments: [a.ref]) ?? 0
                try tx.changed(.visit, vid, action: "appointment.imported", patient: pid)
            }
            return (newPatients, appointments.count)
        }
    }

    // MARK: users

    public func addUser(login: String, role: Role, by actor: Actor, now: Date) throws {
        guard !login.isEmpty, login.utf8.count <= 64, !login.contains(where: { $0.isWhitespace }),
              login.unicodeScalars.allSatisfy({ $0.value > 0x20 && !(0x7F...0x9F).contains($0.value) }) else {
            throw StoreError.invalid("a login is one word of at most 64 bytes, without control characters")
        }
        try write(actor, now: now) { tx in
            // Only an admin hands out roles, except the very first user (made by `init`).
            let count = try Int.fetchOne(tx.db, sql: "SELECT count(*) FROM \"user\"") ?? 0
            if count > 0 && actor.role < .admin { throw StoreError.notAllowed("only an admin adds users") }
            try tx.db.execute(sql: """
                INSERT INTO "user"(login, role, created_at) VALUES (?, ?, ?)
                ON CONFLICT(login) DO UPDATE SET role = excluded.role
                """, arguments: [login, role.rawValue, tx.t])
            try tx.changed(.user, login, action: "user.set-role", detail: "\(login)=\(role.rawValue)")
        }
    }

    public func removeUser(login: String, by actor: Actor, now: Date) throws {
        try requireRole(.admin, actor)
        try write(actor, now: now) { tx in
            try tx.db.execute(sql: "DELETE FROM \"user\" WHERE login = ?", arguments: [login])
            guard tx.changes == 1 else { throw StoreError.invalid("no user \(login)") }
            try tx.changed(.user, login, action: "user.removed", detail: login)
        }
    }

    public func listUsers() throws -> [UserRecord] {
        try read { db in try SQLRow.fetchAll(db, sql: "SELECT * FROM \"user\" ORDER BY login").map(Self.user) }
    }

    public func user(login: String) throws -> UserRecord? {
        try read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM \"user\" WHERE login = ?", arguments: [login]).map(Self.user) }
    }

    static func user(_ r: SQLRow) -> UserRecord {
        UserRecord(login: r["login"], role: Role(rawValue: r["role"]) ?? .receptionist,
                   createdAt: Date(timeIntervalSince1970: r["created_at"]))
    }
}

extension IntakeRules {
    /// An appointment as an import brings it; refusals name the CSV column.
    public func appointment(_ a: AppointmentRecord, now: Date) throws(IntakeRefusal) -> AppointmentRecord {
        try appointmentTime(a.at, field: "time", now: now)
        return AppointmentRecord(ref: try id(a.ref, field: "appointment_id"), at: a.at, mrn: try id(a.mrn, field: "mrn"),
                                 provider: try required(a.provider, field: "provider", limit: limits.name),
                                 reason: try text(a.reason, field: "reason", limit: limits.text))
    }
}

extension Tx {
    /// A visit past scheduled keeps its patient: re-importing its appointment for another MRN is refused.
    func refusePatientSwap(_ a: AppointmentRecord) throws {
        guard let row = try SQLRow.fetchOne(db, sql: """
            SELECT v.status, v.ticket, p.mrn FROM visit v JOIN patient p ON p.id = v.patient_id WHERE v.appointment_ref = ?
            """, arguments: [a.ref]) else { return }
        let status = VisitStatus(rawValue: row["status"]) ?? .scheduled
        let mrn: String = row["mrn"], ticket: String = row["ticket"]
        guard status != .scheduled, mrn != a.mrn else { return }
        throw StoreError.invalid("appointment \(a.ref) is \(status.label.lowercased())\(ticket.isEmpty ? "" : " (ticket \(ticket))") for MRN \(mrn): "
                                 + "a re-import may not change who the visit is for (to MRN \(a.mrn))")
    }

    static func patientColumns(_ p: Patient) -> SQLArguments {
        let i = p.insurance
        return [p.familyName, p.givenName, p.preferredName, p.dateOfBirth, p.sex, p.phone, phoneKey(p.phone), p.email,
                p.address, i?.payer, i?.memberID, i?.groupNumber, i?.subscriber, i?.relationship, i?.verified ?? false,
                p.interpreter, p.accessibility]
    }

    /// Checking a visit in, however the desk got there (the form, a check-in task done, the
    /// plain move): the visit moves, its check-in task closes, the practice hears of it.
    func checkIn(visit visitID: Int64) throws {
        try moveVisit(visitID, to: .checkedIn)
        try closeCheckInTasks(visit: visitID)
        if let pid = try Int64.fetchOne(db, sql: "SELECT patient_id FROM visit WHERE id = ?", arguments: [visitID]) {
            try enqueuePatient(.checkIn, patient: pid, visit: visitID)
        }
    }

    func moveVisit(_ visitID: Int64, to next: VisitStatus) throws {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT status, patient_id FROM visit WHERE id = ?", arguments: [visitID]) else {
            throw StoreError.unknownVisit(visitID)
        }
        try VisitStatus.validate(from: VisitStatus(rawValue: row["status"]) ?? .scheduled, to: next)
        try db.execute(sql: "UPDATE visit SET status = ?, status_since = ?, version = version + 1 WHERE id = ?",
                       arguments: [next.rawValue, t, visitID])
        try changed(.visit, visitID, action: "visit.\(next.rawValue)", patient: row["patient_id"])
    }

    /// The record saved only if it is still at `expectedVersion`; otherwise `ConcurrentChange`
    /// carries what is stored now. One place for every versioned save (edit, check-in).
    func savePatient(_ p: Patient, expectedVersion: Int) throws {
        try db.execute(sql: """
            UPDATE patient SET family_name = ?, given_name = ?, preferred_name = ?, date_of_birth = ?, sex = ?,
              phone = ?, phone_key = ?, email = ?, address = ?, payer = ?, member_id = ?, group_number = ?,
              subscriber = ?, relationship = ?, insurance_verified = ?, interpreter = ?, accessibility = ?,
              version = version + 1
            WHERE id = ? AND version = ?
            """, arguments: Tx.patientColumns(p) + [p.id, expectedVersion])
        guard changes == 1 else {
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE id = ?", arguments: [p.id]) else {
                throw StoreError.unknownPatient("id \(p.id)")
            }
            throw ConcurrentChange(current: Decode.patient(row))
        }
        try changed(.patient, p.id, action: "patient.updated", patient: p.id)
    }
}

/// Finding patients beyond today's list: every record of the clinic, with the domain's
/// tolerant search (names with typos and accents, date of birth, phone, MRN).
extension ClinicStore {
    public func searchPatients(_ query: String, limit: Int = 20) throws -> [Patient] {
        PatientSearch.search(query, in: try allPatients(), limit: limit)
    }

    /// Records that look like the person `candidate` describes (before a new one is made).
    public func likelyDuplicates(of candidate: DuplicateCheck.Candidate) throws -> [DuplicateCheck.Match] {
        DuplicateCheck.likelyDuplicates(of: candidate, among: try allPatients())
    }

    /// Every record still in use: one merged into another (HL7 A40) is found as the survivor.
    func allPatients() throws -> [Patient] {
        try read { db in
            try SQLRow.fetchAll(db, sql: "SELECT \(Decode.patientColumns) FROM patient WHERE merged_into IS NULL ORDER BY id").map(Decode.patient)
        }
    }
}

extension ClinicStore {
    /// Every MRN the clinic knows (an import checks its rows against them).
    public func patientMRNs() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT mrn FROM patient")) }
    }
}

extension Tx {
    /// One readiness item set, journalled and audited; false when it already stood so.
    @discardableResult
    func setReadiness(visitID: Int64, item: ReadinessItem, state: ReadinessState, patientID: Int64) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO readiness(visit_id, item, state, since) VALUES (?, ?, ?, ?)
            ON CONFLICT(visit_id, item) DO UPDATE SET state = excluded.state, since = excluded.since
            WHERE readiness.state <> excluded.state
            """, arguments: [visitID, item.rawValue, state.rawValue, t])
        guard changes > 0 else { return false }
        try changed(.visit, visitID, action: "readiness.\(state.rawValue)", patient: patientID, detail: item.rawValue)
        return true
    }
}
