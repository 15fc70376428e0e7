import Foundation
import FrontDeskCore
import FrontDeskStore

/// What the paper copy for a downtime holds, read through the store's own reads (the schedule
/// of each day, the live snapshot, a call or a patient by id): today's and tomorrow's
/// appointments per provider, the waiting room as it stands, the callbacks owed, and the
/// phone numbers of today's patients. Plain values, so the page is a pure function of them.
struct DowntimeCopy: Equatable {
    struct Booking: Equatable {
        var start: Date
        var minutes: Int
        var patient: String
        var mrn: String
        var dateOfBirth: String?
        var phone: String?
        var type: String
        var reason: String
        var status: String
        /// Gives its time back (cancelled, no-show, rescheduled): listed, but set apart.
        var released: Bool
        var provider: String
    }

    struct ProviderDay: Equatable {
        var provider: String
        var bookings: [Booking]
    }

    struct Day: Equatable {
        var date: CivilDate
        var providers: [ProviderDay]
        var count: Int { providers.reduce(0) { $0 + $1.bookings.count } }
    }

    struct Waiting: Equatable {
        var ticket: String
        var patient: String
        var mrn: String
        var status: String
        var since: Date?
        var room: String?
        var provider: String
    }

    struct Callback: Equatable {
        var number: String
        var patient: String?
        var due: Date?
        var attempts: Int
        var note: String
    }

    var generatedAt: Date
    var zone: TimeZone
    var days: [Day]
    var waiting: [Waiting]
    var callbacks: [Callback]
    /// `--names`: every patient of both days, by name, for "when am I booked?" at the window.
    var nameIndex: Bool

    /// Today's patients, by name, with the numbers to reach them (one line per booking).
    var phoneList: [Booking] {
        (days.first?.providers.flatMap(\.bookings) ?? []).filter { !$0.released }
            .sorted { ($0.patient, $0.start) < ($1.patient, $1.start) }
    }

    var allBookings: [(day: CivilDate, booking: Booking)] {
        days.flatMap { d in d.providers.flatMap { p in p.bookings.map { (d.date, $0) } } }
            .sorted { ($0.booking.patient, $0.day, $0.booking.start) < ($1.booking.patient, $1.day, $1.booking.start) }
    }

    static func read(_ store: ClinicStore, now: Date, nameIndex: Bool) throws -> DowntimeCopy {
        let calendar = try store.calendar()
        let zone = calendar?.timeZone ?? .current
        let today = zone.civilDate(of: now), tomorrow = today.adding(days: 1)
        // One snapshot over both days: each visit's reason and ticket, the rooms, the open
        // work and the patients all of it names.
        let snapshot = try store.snapshot(day: DateInterval(start: today.start(in: zone), end: tomorrow.adding(days: 1).start(in: zone)))
        var patients = snapshot.patients
        func patient(_ id: Int64?) throws -> Patient? {
            guard let id else { return nil }
            if let p = patients[id] { return p }
            let p = try store.patient(id: id)
            patients[id] = p
            return p
        }
        let visits = Dictionary(snapshot.visits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var days: [Day] = []
        for date in [today, tomorrow] {
            var byProvider: [String: [Booking]] = [:]
            for a in try store.appointments(on: date) {
                let visit = visits[a.id]
                let typeName = a.typeCode.map { calendar?.type($0)?.name ?? $0 } ?? ""
                var status = a.isRescheduled ? "Rescheduled" : a.status.label
                if let ticket = visit?.ticket, !ticket.isEmpty, a.status != .scheduled { status += " · \(ticket)" }
                if let room = visit?.room, a.status == .roomed || a.status == .withProvider { status += " · \(room)" }
                let b = Booking(start: a.start, minutes: a.minutes, patient: a.patientName, mrn: a.mrn,
                                dateOfBirth: try patient(a.patientID)?.dateOfBirth, phone: a.phone, type: typeName,
                                reason: visit?.reason ?? "", status: status,
                                released: a.isRescheduled || !a.status.holdsItsTime, provider: a.providerName)
                byProvider[a.providerName, default: []].append(b)
            }
            let providers = byProvider.keys.sorted().map { ProviderDay(provider: $0, bookings: byProvider[$0]!.sorted { $0.start < $1.start }) }
            days.append(Day(date: date, providers: providers))
        }

        var waiting: [Waiting] = []
        let inBuilding = snapshot.visits.filter { $0.status.isOpen && $0.status != .scheduled }
            .sorted { WaitingOrder.longestWait($0, $1) ?? ($0.ticket < $1.ticket) }
        for v in inBuilding {
            let p = try patient(v.patientID)
            waiting.append(Waiting(ticket: v.ticket, patient: p?.displayName ?? "patient \(v.patientID)", mrn: p?.mrn ?? "",
                                   status: v.status.label, since: v.waitingSince, room: v.room, provider: v.provider))
        }

        var callbacks: [Callback] = []
        let calls = Dictionary(snapshot.calls.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for t in snapshot.tasks where t.kind == .callback && t.state.isOpen {
            // A callback owed since yesterday names a call the day's snapshot does not hold.
            let call = try t.callID.flatMap { id in try calls[id] ?? store.call(id: id) }
            callbacks.append(Callback(number: call?.from ?? "(number not recorded)", patient: try patient(t.patientID ?? call?.patientID)?.displayName,
                                      due: t.dueAt, attempts: t.attempts, note: t.title))
        }
        callbacks.sort { ($0.due ?? .distantFuture, $0.number) < ($1.due ?? .distantFuture, $1.number) }
        return DowntimeCopy(generatedAt: now, zone: zone, days: days, waiting: waiting, callbacks: callbacks, nameIndex: nameIndex)
    }
}
