import Foundation
@testable import FrontDeskCore

/// A small clinic in New York, seen on Monday 2 March 2026 at 07:30 local time. US summer
/// time starts on Sunday 8 March, inside most tests' windows, on purpose.
enum ScheduleClinic {
    static let zone = TimeZone(identifier: "America/New_York")!

    /// 2026-`month`-`day` at `hour`:`minute` on the clinic's wall clock.
    static func at(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        zone.date(CivilDate(year: 2026, month: month, day: day)!, at: TimeOfDay(hour, minute))
    }

    static func date(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: 2026, month: month, day: day)! }

    static let now = at(3, 2, 7, 30)

    static let newPatient = AppointmentType(code: "new", name: "New patient", minutes: 30)
    static let followUp = AppointmentType(code: "follow-up", name: "Follow-up", minutes: 15)
    static let physical = AppointmentType(code: "physical", name: "Physical", minutes: 40)

    static let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// 15-minute grid 08:00–17:00 on weekdays, lunch every day, a Wednesday meeting.
    static let okafor = ProviderSchedule(
        id: "okafor", displayName: "Dr Okafor", slotMinutes: 15,
        weeklyHours: Dictionary(uniqueKeysWithValues: weekdays.map { ($0, [TimeRange(TimeOfDay(8), TimeOfDay(17))]) }),
        weeklyBlocks: [WeeklyBlock(Weekday.workWeek, TimeRange(TimeOfDay(12), TimeOfDay(13)), reason: "Lunch"),
                       WeeklyBlock([.wednesday], TimeRange(TimeOfDay(8), TimeOfDay(9)), reason: "Team meeting")],
        bookingHorizonDays: 90, overbookCapPerDay: 2)

    /// Monday to Thursday in two ranges, no physicals, an afternoon off on Thursday 5 March.
    static let varga = ProviderSchedule(
        id: "varga", displayName: "Dr Varga", slotMinutes: 15,
        weeklyHours: Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday].map {
            ($0, [TimeRange(TimeOfDay(9), TimeOfDay(13)), TimeRange(TimeOfDay(14), TimeOfDay(18))])
        }),
        offeredTypes: ["new", "follow-up"],
        oneOffBlocks: [OneOffBlock(start: at(3, 5, 14), end: at(3, 5, 18), reason: "afternoon off")],
        bookingHorizonDays: 60, overbookCapPerDay: 1)

    /// A 20-minute grid on Tuesdays and Fridays, away for a conference 10–13 March, no overbooks.
    static let chen = ProviderSchedule(
        id: "chen", displayName: "NP Chen", slotMinutes: 20,
        weeklyHours: [.tuesday: [TimeRange(TimeOfDay(8), TimeOfDay(16))], .friday: [TimeRange(TimeOfDay(8), TimeOfDay(16))]],
        offeredTypes: ["follow-up", "physical"],
        oneOffBlocks: [OneOffBlock(start: at(3, 10, 0), end: at(3, 14, 0), reason: "conference")],
        bookingHorizonDays: 90, overbookCapPerDay: 0)

    static let calendar = ClinicCalendar(
        providers: [okafor, varga, chen], types: [newPatient, followUp, physical],
        holidays: [Holiday(date(4, 3), "Good Friday")], timeZone: zone)

    static func appointment(_ id: Int64, _ provider: String, patient: Int64, _ name: String, _ start: Date,
                            _ type: AppointmentType, overbook: Bool = false, occupies: Bool = true) -> ScheduledAppointment {
        ScheduledAppointment(id: id, provider: provider, patientID: patient, patientName: name, start: start,
                             minutes: type.minutes, typeCode: type.code, isOverbook: overbook, occupiesSlot: occupies)
    }

    static let ana: Int64 = 101
    /// Ana Lindqvist sees Dr Okafor on Tuesday at 10:00 and Dr Varga on Wednesday at 10:15.
    static let booked = [
        appointment(1, "okafor", patient: ana, "Lindqvist, Ana", at(3, 3, 10), newPatient),
        appointment(2, "varga", patient: ana, "Lindqvist, Ana", at(3, 4, 10, 15), followUp),
        appointment(3, "okafor", patient: 102, "Mensah, Kofi", at(3, 3, 14), followUp, occupies: false),
    ]
    static let index = BookedIndex(booked, timeZone: zone)

    static func request(_ provider: String, _ start: Date, _ type: AppointmentType = followUp,
                        patient: Int64 = 200, name: String = "Novak, Eva", overbook: Bool = false,
                        reason: String? = nil, mayOverbook: Bool = false, ignoring: Int64? = nil) -> BookingRequest {
        BookingRequest(provider: provider, patientID: patient, patientName: name, start: start, typeCode: type.code,
                       overbook: overbook, overbookReason: reason, mayOverbook: mayOverbook, ignoring: ignoring)
    }

    static func check(_ request: BookingRequest, in index: BookedIndex = index, now: Date = now) -> BookingVerdict {
        BookingRules.check(request, calendar: calendar, existing: index, now: now)
    }
}

/// Random bookings put through the rules, for the property tests: only what the rules allow
/// reaches the index, with some cancellations and reschedules along the way.
enum RandomBookings {
    static let types = [ScheduleClinic.newPatient, ScheduleClinic.followUp, ScheduleClinic.physical]
    static let providers = ["okafor", "varga", "chen"]

    /// A start within `days` days of `now` between 07:00 and 18:55: mostly on a 15- or
    /// 20-minute grid, the rest on any 5-minute step, so some land in open slots, some on
    /// booked ones (overbooks), and some off the grid or outside hours.
    static func start(_ rng: inout SeededGenerator, days: Int = 21) -> Date {
        let day = ScheduleClinic.date(3, 2).adding(days: Int(rng.next() % UInt64(days)))
        let minute = rng.chance(0.7) ? rng.pick([0, 15, 20, 30, 40, 45]) : 5 * Int(rng.next() % 12)
        return ScheduleClinic.zone.date(day, at: TimeOfDay(7 + Int(rng.next() % 12), minute))
    }

    static func request(_ rng: inout SeededGenerator, days: Int = 21) -> BookingRequest {
        let overbook = rng.chance(0.3)
        return BookingRequest(provider: rng.pick(providers), patientID: Int64(1 + rng.next() % 40),
                              patientName: "Patient, Some", start: start(&rng, days: days),
                              typeCode: rng.pick(types).code, overbook: overbook,
                              overbookReason: rng.chance(0.8) ? "urgent" : nil, mayOverbook: rng.chance(0.7))
    }

    /// Books `attempts` random requests; returns the index and every verdict given.
    static func book(seed: UInt64, attempts: Int, calendar: ClinicCalendar = ScheduleClinic.calendar,
                     now: Date = ScheduleClinic.now, days: Int = 21) -> (index: BookedIndex, verdicts: [BookingVerdict]) {
        var rng = SeededGenerator(seed: seed)
        var index = BookedIndex(timeZone: calendar.timeZone)
        var verdicts: [BookingVerdict] = []
        var nextID: Int64 = 1
        for _ in 0..<attempts {
            if index.count > 0, rng.chance(0.1) {
                // Cancel one: it stays in the index by id but frees its time.
                if var cancelled = index.appointment(id: Int64(1 + rng.next() % UInt64(nextID - 1))) {
                    cancelled.occupiesSlot = false
                    index.replace(cancelled)
                }
                continue
            }
            var request = request(&rng, days: days)
            if index.count > 0, rng.chance(0.1) { request.ignoring = Int64(1 + rng.next() % UInt64(nextID - 1)) }
            let verdict = BookingRules.check(request, calendar: calendar, existing: index, now: now)
            verdicts.append(verdict)
            guard verdict.isAllowed, let type = calendar.type(request.typeCode) else { continue }
            if let moved = request.ignoring { index.remove(id: moved) }
            index.insert(ScheduledAppointment(id: nextID, provider: request.provider, patientID: request.patientID,
                                              patientName: request.patientName, start: request.start,
                                              minutes: type.minutes, typeCode: type.code, isOverbook: verdict.isOverbook))
            nextID += 1
        }
        return (index, verdicts)
    }
}
