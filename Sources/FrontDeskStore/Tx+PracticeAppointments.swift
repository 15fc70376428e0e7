import Foundation
import FrontDeskCore

/// The practice system's appointments (HL7 SIU) as visits. Its schedule is the master: a
/// booking it made is stored even where the desk's rules would have refused it, and what the
/// rules say about it becomes a task (`PracticeReview`); a status the clinic saw otherwise (the
/// patient arrived, then the practice says no-show) is left as the clinic saw it, with a task.
extension Tx {
    func applyPracticeAppointment(_ a: PracticeAppointment, sender: String, zone: TimeZone, into out: inout PracticeOutcome) throws {
        let existing = try practiceAppointment(a)
        switch a.action {
        case .book, .reschedule, .modify:
            if let existing {
                try updatePracticeAppointment(existing, with: a, sender: sender, zone: zone, into: &out)
            } else {
                try bookPracticeAppointment(a, sender: sender, zone: zone, into: &out)
            }
        case .cancel, .delete, .noShow:
            guard let existing else {
                out.actions.append("no appointment \(a.fillerID) here: nothing to \(a.action == .noShow ? "mark" : a.action.rawValue)")
                return
            }
            out.appointmentID = existing.id
            out.patientID = existing.patientID
            try closePracticeAppointment(existing, as: a.action, into: &out)
        }
    }

    /// The visit the practice system means: its filler id as we store it (`HL7:<id>`), or as
    /// an import stored it (the bare id), or its placer id (ours, `FD-…`, when we placed it).
    func practiceAppointment(_ a: PracticeAppointment) throws -> Appointment? {
        var refs = [a.reference, a.fillerID]
        if let placer = a.placerID { refs += [PracticeAppointment.reference(placer), placer] }
        for ref in refs {
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM visit WHERE appointment_ref = ? AND appointment_at IS NOT NULL", arguments: [ref]) {
                return try appointment(id)
            }
        }
        if let placer = a.placerID,
           let id = try Int64.fetchOne(db, sql: "SELECT visit_id FROM hl7_appointment WHERE placer_id = ? LIMIT 1", arguments: [placer]) {
            return try appointment(id)
        }
        return nil
    }

    private func bookPracticeAppointment(_ a: PracticeAppointment, sender: String, zone: TimeZone, into out: inout PracticeOutcome) throws {
        guard let patient = a.patient else { throw StoreError.practice(.patient, "is missing: a new appointment needs its patient") }
        guard let start = a.start else { throw StoreError.practice(.start, "is missing: a new appointment needs its time") }
        let pid = try resolvePracticePatient(patient, sender: sender, creating: true, demographics: .whenNew, into: &out)!
        let calendar = try ClinicStore.calendar(db)
        let provider = a.providerID.flatMap { calendar?.provider($0) }
        let type = a.typeCode.flatMap { calendar?.type($0) }
        let minutes = a.minutes ?? type?.minutes ?? provider?.slotMinutes ?? 15
        let id = try db.insert(sql: """
            INSERT INTO visit(patient_id, appointment_ref, provider, provider_id, appointment_at, minutes, type_code, reason, status, status_since, site)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)
            """, arguments: [pid, a.reference, provider?.displayName ?? a.providerName ?? a.providerID ?? "", a.providerID,
                             start.timeIntervalSince1970, minutes, a.typeCode, type?.name ?? a.typeName ?? a.typeCode ?? "", t,
                             try site(forProvider: a.providerID, name: provider?.displayName ?? a.providerName ?? "")])
        try notePracticeIDs(visit: id, a, sender: sender)
        try changed(.visit, id, action: "practice.booked", patient: pid, detail: "appointment \(id) from \(sender)")
        out.appointmentID = id
        out.actions.append("booked appointment \(id) (\(a.reference))")
        try reviewPracticeAppointment(id, as: a, sender: sender, zone: zone, into: &out)
    }

    private func updatePracticeAppointment(_ old: Appointment, with a: PracticeAppointment, sender: String, zone: TimeZone,
                                           into out: inout PracticeOutcome) throws {
        out.appointmentID = old.id
        out.patientID = old.patientID
        if let patient = a.patient,
           let pid = try resolvePracticePatient(patient, sender: sender, creating: true, demographics: .whenNew, into: &out),
           pid != old.patientID {
            if old.status == .scheduled {
                try db.execute(sql: "UPDATE visit SET patient_id = ?, version = version + 1 WHERE id = ?", arguments: [pid, old.id])
                try changed(.visit, old.id, action: "practice.patient-changed", patient: pid, detail: "appointment \(old.id) from patient \(old.patientID)")
                out.actions.append("appointment \(old.id) is now for patient \(pid)")
            } else {
                // The visit is under way for the person who came: its record stays theirs.
                try insertPracticeTask(NewTask.practiceNotice(
                    patientName: old.patientName, note: "the practice system says this appointment is for another patient (MRN \(patient.medicalRecordNumber?.id ?? "?")); the visit is \(old.status.label.lowercased()) here, not changed",
                    patientID: old.patientID, visitID: old.id, at: now), action: "practice.clash", into: &out)
            }
        }
        if !old.status.isOpen || old.status == .noShow {
            try insertPracticeTask(NewTask.practiceStatusClash(patientName: old.patientName, said: "it is booked", here: old.status,
                                                               patientID: old.patientID, visitID: old.id, at: now),
                                   action: "practice.clash", into: &out)
            return
        }
        let calendar = try ClinicStore.calendar(db)
        let typeCode = a.typeCode ?? old.typeCode
        let type = typeCode.flatMap { calendar?.type($0) }
        let providerID = a.providerID ?? old.providerID
        let provider = providerID.flatMap { calendar?.provider($0) }
        let start = a.start ?? old.start
        let minutes = a.minutes ?? (typeCode != old.typeCode ? type?.minutes : nil) ?? old.minutes
        let providerName = provider?.displayName ?? (a.providerID == nil ? old.providerName : a.providerName ?? a.providerID ?? "")
        let moved = start != old.start || providerID != old.providerID || minutes != old.minutes
        try notePracticeIDs(visit: old.id, a, sender: sender)
        guard moved || typeCode != old.typeCode else {
            out.actions.append("appointment \(old.id) unchanged")
            return
        }
        try db.execute(sql: """
            UPDATE visit SET appointment_at = ?, minutes = ?, provider_id = ?, provider = ?, type_code = ?,
              reason = CASE WHEN CAST(? AS TEXT) IS NULL THEN reason ELSE ? END, version = version + 1 WHERE id = ?
            """, arguments: [start.timeIntervalSince1970, minutes, providerID, providerName, typeCode,
                             a.typeCode, type?.name ?? a.typeName ?? a.typeCode, old.id])
        try changed(.visit, old.id, action: "practice.\(a.action.rawValue)", patient: old.patientID, detail: "appointment \(old.id) from \(sender)")
        out.actions.append("\(a.action == .reschedule ? "moved" : "changed") appointment \(old.id)")
        if moved, old.ref?.hasPrefix("FD-") == true {
            let stamp = (calendar?.timeZone ?? zone).stamp
            try insertPracticeTask(NewTask.practiceNotice(
                patientName: old.patientName,
                note: "the practice system moved this desk booking from \(stamp(old.start).text) with \(old.providerName) to \(stamp(start).text) with \(providerName)",
                patientID: old.patientID, visitID: old.id, at: now), action: "practice.clash", into: &out)
        }
        if moved, old.status == .scheduled { try offerFreedSlot(old) }
        try reviewPracticeAppointment(old.id, as: a, sender: sender, zone: zone, into: &out)
    }

    private func closePracticeAppointment(_ old: Appointment, as action: PracticeAppointmentAction, into out: inout PracticeOutcome) throws {
        let next: VisitStatus = action == .noShow ? .noShow : .cancelled
        let said = ["cancel": "it is cancelled", "delete": "it is deleted", "no-show": "the patient did not come"][action.rawValue] ?? action.rawValue
        switch PracticeReview.statusChange(from: old.status, to: next) {
        case .already:
            out.actions.append("appointment \(old.id) already \(old.status.label.lowercased())")
        case .apply:
            try moveVisit(old.id, to: next)
            if next == .cancelled {
                try db.execute(sql: "UPDATE visit SET status_reason = ? WHERE id = ?",
                               arguments: [action == .delete ? "deleted in the practice system" : "cancelled in the practice system", old.id])
            }
            out.actions.append("\(action == .noShow ? "marked no-show" : action == .delete ? "deleted (cancelled)" : "cancelled") appointment \(old.id)")
            try offerFreedSlot(old)
        case .needsPerson:
            try insertPracticeTask(NewTask.practiceStatusClash(patientName: old.patientName, said: said, here: old.status,
                                                               patientID: old.patientID, visitID: old.id, at: now),
                                   action: "practice.clash", into: &out)
        }
    }

    private func isClinicRoom(_ code: String) throws -> Bool {
        guard let name = try? RoomName.normalized(code) else { return false }
        return try Bool.fetchOne(db, sql: "SELECT 1 FROM room WHERE name = ?", arguments: [name]) != nil
    }

    /// The practice's ids and location for the visit (kept for its later messages).
    private func notePracticeIDs(visit id: Int64, _ a: PracticeAppointment, sender: String) throws {
        try db.execute(sql: """
            INSERT INTO hl7_appointment(visit_id, sender, filler_id, placer_id, location) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(visit_id) DO UPDATE SET sender = excluded.sender, filler_id = excluded.filler_id,
              placer_id = coalesce(excluded.placer_id, hl7_appointment.placer_id), location = coalesce(excluded.location, hl7_appointment.location)
            """, arguments: [id, sender, a.fillerID, a.placerID, a.location])
    }

    /// What the desk's rules say about the appointment as it now stands: a provider or type
    /// to set up (asked once), and one task listing every clash.
    private func reviewPracticeAppointment(_ id: Int64, as a: PracticeAppointment, sender: String, zone: TimeZone,
                                           into out: inout PracticeOutcome) throws {
        let ap = try appointment(id)
        // A place the clinic has no room for is kept as sent and asked for once, like a provider.
        if let code = a.locationCode, !(try isClinicRoom(code)) {
            let room = (try? RoomName.normalized(code)) ?? code
            try requestSetUp(kind: "location", code: room,
                             NewTask.setUpLocation(room: room, location: a.location ?? code, sender: sender, at: now), into: &out)
        }
        let calendar = try ClinicStore.calendar(db) ?? ClinicCalendar(providers: [], types: [], timeZone: zone)
        // What the rules compare it with: the provider's and the patient's appointments around
        // it that still hold their time, whoever booked them (not the whole day: the cost of a
        // message must not grow with the size of the schedule).
        let near = try SQLRow.fetchAll(db, sql: """
            SELECT \(ClinicStore.appointmentColumns) FROM visit v JOIN patient p ON p.id = v.patient_id
            WHERE v.appointment_at >= ? AND v.appointment_at < ? AND (v.provider_id = ? OR v.patient_id = ?)
            """, arguments: [ap.start.addingTimeInterval(-86_400).timeIntervalSince1970, ap.end.addingTimeInterval(86_400).timeIntervalSince1970,
                             ap.providerID, ap.patientID])
            .map { ClinicStore.appointment($0, calendar: calendar) }
            .filter { $0.status.holdsItsTime }
        let index = BookedIndex(near.map(ClinicStore.scheduled), timeZone: calendar.timeZone)
        let booking = PracticeReview.Booking(providerID: ap.providerID, typeCode: ap.typeCode, start: ap.start, minutes: ap.minutes,
                                             patientID: ap.patientID, patientName: ap.patientName, ignoring: ap.id)
        var clashes: [String] = []
        for problem in PracticeReview.problems(booking, calendar: calendar, existing: index, now: now) {
            switch problem {
            case .unknownProvider(let code):
                try requestSetUp(kind: "provider", code: code,
                                 NewTask.setUpProvider(id: code, name: a.providerName, sender: sender, at: now), into: &out)
            case .unknownType(let code):
                try requestSetUp(kind: "type", code: code,
                                 NewTask.setUpAppointmentType(code: code, name: a.typeName, sender: sender, at: now), into: &out)
            case .slotTaken(_, _, _, let other), .patientDoubleBooked(_, _, _, let other):
                let desk = near.first { $0.id == other }?.ref?.hasPrefix("FD-") == true
                clashes.append(problem.message + (desk ? " (booked at the desk)" : ""))
            default:
                clashes.append(problem.message)
            }
        }
        guard !clashes.isEmpty else { return }
        try insertPracticeTask(NewTask.appointmentClash(patientName: ap.patientName, when: calendar.timeZone.stamp(ap.start).text,
                                                        provider: ap.providerName, problems: clashes, patientID: ap.patientID,
                                                        visitID: ap.id, at: now),
                               action: "practice.clash", into: &out)
    }
}
