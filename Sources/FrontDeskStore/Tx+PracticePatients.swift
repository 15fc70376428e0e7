import Foundation
import FrontDeskCore

/// The practice system's patients (HL7 ADT, and the PID of an SIU). A patient is found by
/// one of the practice's identifiers (id and assigning authority) linked before, else by the
/// MRN (a record imported from the same practice); a found record whose name *and* birth date
/// differ from the message is probably someone else, and is left alone with a task.
extension Tx {
    enum DemographicsUpdate { case always, whenNew }

    func applyPracticePatient(_ change: PracticePatientChange, sender: String, zone: TimeZone, into out: inout PracticeOutcome) throws {
        switch change.action {
        case .register, .update:
            _ = try resolvePracticePatient(change.patient, sender: sender, creating: true, demographics: .always, into: &out)
        case .endVisit:
            guard let pid = try resolvePracticePatient(change.patient, sender: sender, creating: false, demographics: .always, into: &out) else {
                out.actions.append("no such patient here: no visit to end")
                return
            }
            try endTodaysVisit(of: pid, zone: zone, into: &out)
        case .merge(let prior):
            try mergePracticePatients(survivor: change.patient, prior: prior, sender: sender, into: &out)
        }
    }

    /// The patient the message names, linked to every identifier it sent. Nil only when it is
    /// unknown and `creating` is false. Sets `out.patientID`.
    func resolvePracticePatient(_ p: PracticePatient, sender: String, creating: Bool, demographics: DemographicsUpdate,
                                into out: inout PracticeOutcome) throws -> Int64? {
        guard let pid = try findPracticePatient(p.identifiers) else {
            guard creating else { return nil }
            let pid = try registerPracticePatient(p)
            out.patientID = pid
            out.actions.append("registered patient \(pid)")
            return pid
        }
        out.patientID = pid
        let stored = try storedPatient(pid)
        if PracticeReview.isIdentityConflict(stored: stored, incoming: p) {
            let incoming = "\(p.listedName ?? "?") born \(p.dateOfBirth.value ?? "?")"
            try insertPracticeTask(NewTask.verifyIdentity(mrn: stored.mrn, stored: "\(stored.displayName) born \(stored.dateOfBirth ?? "?")",
                                                          incoming: incoming, sender: sender, patientID: pid, at: now),
                                   action: "practice.identity-mismatch", into: &out)
            out.actions.append("patient \(pid) not changed: name and birth date differ")
            return pid
        }
        try link(p.identifiers, to: pid)
        if demographics == .always { try updateDemographics(stored, with: p, into: &out) }
        return pid
    }

    /// A linked identifier (the MRN first), else a record whose MRN is the message's; a merged
    /// record leads to the one it was merged into.
    func findPracticePatient(_ identifiers: [PracticeIdentifier]) throws -> Int64? {
        let mrn = PracticePatient(identifiers: identifiers).medicalRecordNumber
        let ordered = (mrn.map { [$0] } ?? []) + identifiers.filter { $0 != mrn }
        var found: Int64?
        for i in ordered {
            found = try Int64.fetchOne(db, sql: "SELECT patient_id FROM patient_identifier WHERE authority = ? AND id = ?",
                                       arguments: [i.authority, i.id])
            if found != nil { break }
        }
        if found == nil, let mrn {
            found = try Int64.fetchOne(db, sql: "SELECT id FROM patient WHERE mrn = ?", arguments: [mrn.id])
        }
        guard var id = found else { return nil }
        for _ in 0..<16 {
            guard let next = try Int64.fetchOne(db, sql: "SELECT merged_into FROM patient WHERE id = ?", arguments: [id]) else { break }
            id = next
        }
        return id
    }

    private func registerPracticePatient(_ p: PracticePatient) throws -> Int64 {
        guard let family = p.familyName.value else { throw StoreError.practice(.familyName, "is missing: a new patient needs a name") }
        guard let mrn = p.medicalRecordNumber else { throw StoreError.practice(.patientIdentifier, "is missing") }
        let pid = try db.insert(sql: """
            INSERT INTO patient(mrn, family_name, given_name, date_of_birth, sex, phone, phone_key, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [mrn.id, family, p.givenName.value ?? "", p.dateOfBirth.value, p.sex.value, p.phone.value,
                             phoneKey(p.phone.value), p.address.value])
        try link(p.identifiers, to: pid)
        try changed(.patient, pid, action: "practice.registered", patient: pid)
        return pid
    }

    /// Identifiers already linked to someone stay theirs (a merge moves them explicitly).
    private func link(_ identifiers: [PracticeIdentifier], to pid: Int64) throws {
        for i in identifiers {
            try db.execute(sql: "INSERT INTO patient_identifier(authority, id, type, patient_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [i.authority, i.id, i.type, pid])
        }
    }

    /// Each field as sent: left out keeps, `""` clears (a name is never cleared), a value sets.
    /// Through the one versioned save, so a desk editing the record at the same time is told.
    private func updateDemographics(_ stored: Patient, with p: PracticePatient, into out: inout PracticeOutcome) throws {
        var q = stored
        func apply(_ u: FieldUpdate<String>, _ field: inout String?) {
            switch u {
            case .keep: break
            case .clear: field = nil
            case .set(let v): field = v
            }
        }
        if let family = p.familyName.value { q.familyName = family }
        switch p.givenName {
        case .keep: break
        case .clear: q.givenName = ""
        case .set(let v): q.givenName = v
        }
        apply(p.dateOfBirth, &q.dateOfBirth)
        apply(p.sex, &q.sex)
        apply(p.phone, &q.phone)
        apply(p.address, &q.address)
        guard q != stored else { return }
        try savePatient(q, expectedVersion: stored.version)
        out.actions.append("updated patient \(stored.id)")
    }

    /// The patient's visit today that the practice system says is over: done when the visit's
    /// own rules allow it, else left as the clinic saw it, with a task.
    private func endTodaysVisit(of pid: Int64, zone: TimeZone, into out: inout PracticeOutcome) throws {
        let day = ClinicDay.interval(containing: now, in: zone)
        let rows = try SQLRow.fetchAll(db, sql: """
            SELECT id, status FROM visit WHERE patient_id = ?
              AND ((appointment_at >= ? AND appointment_at < ?) OR (arrived_at >= ? AND arrived_at < ?))
            ORDER BY coalesce(arrived_at, appointment_at), id
            """, arguments: [pid, day.start.timeIntervalSince1970, day.end.timeIntervalSince1970,
                             day.start.timeIntervalSince1970, day.end.timeIntervalSince1970])
        let visits = rows.map { (id: $0[0] as Int64, status: VisitStatus(rawValue: $0[1]) ?? .scheduled) }
        // The visit furthest along is the one that ended.
        let order: [VisitStatus] = [.checkout, .withProvider, .roomed, .checkedIn, .arrived, .scheduled]
        guard let visit = order.lazy.compactMap({ s in visits.first { $0.status == s } }).first ?? visits.first else {
            out.actions.append("no visit today for patient \(pid)")
            return
        }
        switch PracticeReview.statusChange(from: visit.status, to: .done) {
        case .already:
            out.actions.append("visit \(visit.id) already \(visit.status.label.lowercased())")
        case .apply:
            try moveVisit(visit.id, to: .done)
            out.actions.append("visit \(visit.id) done")
        case .needsPerson:
            try insertPracticeTask(NewTask.practiceStatusClash(patientName: try patientName(pid), said: "the visit is over",
                                                               here: visit.status, patientID: pid, visitID: visit.id, at: now),
                                   action: "practice.clash", into: &out)
        }
    }

    /// A40: the prior record's visits, tasks, calls and waitlist entries, and its identifiers,
    /// now belong to the survivor; the prior record stays (the audit trail names it), marked
    /// as merged, so anything that still finds it is led to the survivor.
    private func mergePracticePatients(survivor p: PracticePatient, prior: [PracticeIdentifier], sender: String,
                                       into out: inout PracticeOutcome) throws {
        let priorID = try findPracticePatient(prior)
        let survivorID = try findPracticePatient(p.identifiers)
        switch (survivorID, priorID) {
        case (nil, nil):
            let pid = try resolvePracticePatient(p, sender: sender, creating: true, demographics: .always, into: &out)!
            try link(prior, to: pid)
        case (let pid?, nil):
            out.patientID = pid
            try link(prior, to: pid)
            out.actions.append("prior identifiers now lead to patient \(pid)")
        case (nil, let old?):
            // The survivor's identifiers are new to us: the prior record simply takes them.
            out.patientID = old
            try link(p.identifiers, to: old)
            try updateDemographics(try storedPatient(old), with: p, into: &out)
            out.actions.append("patient \(old) takes the surviving identifiers")
        case (let pid?, let old?) where pid == old:
            out.patientID = pid
            out.actions.append("already one patient (\(pid))")
        case (let pid?, let old?):
            out.patientID = pid
            try moveRecords(from: old, to: pid)
            try link(prior, to: pid)
            try updateDemographics(try storedPatient(pid), with: p, into: &out)
            out.actions.append("merged patient \(old) into \(pid)")
        }
    }

    private func moveRecords(from old: Int64, to pid: Int64) throws {
        let moved: [(table: String, kind: ChangeKind)] = [("visit", .visit), ("task", .task), ("call", .call)]
        for (table, kind) in moved {
            let ids = try String.fetchAll(db, sql: "SELECT CAST(id AS TEXT) FROM \(table) WHERE patient_id = ?", arguments: [old])
            try db.execute(sql: "UPDATE \(table) SET patient_id = ? WHERE patient_id = ?", arguments: [pid, old])
            for id in ids { try journal(kind, id) }
        }
        try db.execute(sql: "UPDATE waitlist SET patient_id = ? WHERE patient_id = ?", arguments: [pid, old])
        try db.execute(sql: "UPDATE patient_identifier SET patient_id = ? WHERE patient_id = ?", arguments: [pid, old])
        try db.execute(sql: "UPDATE patient SET merged_into = ?, version = version + 1 WHERE id = ?", arguments: [pid, old])
        try changed(.patient, old, action: "practice.merged", patient: old, detail: "into patient \(pid)")
        try changed(.patient, pid, action: "practice.merged", patient: pid, detail: "from patient \(old)")
    }
}
