import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// The day report over a day played through the real store: every figure is worked out here
/// by hand from the script (minutes and seconds written out below), not by the report's code.
@Suite("Day report")
struct DayReportTests {
    static let utc = TimeZone(secondsFromGMT: 0)!
    typealias F = Fixture

    struct Day {
        var store: ClinicStore
        var a1: Int64, a2: Int64, walkIn: Int64
        var aside: Int64
    }

    /// A1 (09:00 = minute 0, Dr Okafor) arrives at −5, is checked in at the form with one item
    /// open, roomed at 20, with the provider at 25, done at 50. A2 (minute 15, Dr Lindqvist)
    /// arrives late at 24, is checked in at 30 without the form (all seven items open), roomed
    /// at 41. A walk-in arrives at 10 and leaves unseen at 40. Calls: c1 rings at 1, answered
    /// by desk-1 at 1:15 (which sets its check-in aside until 1:45); c2 rings at 3 and hangs up
    /// after 6 s; c3 rings at 5 and hangs up at 6; c4 rings at 60 and waits a minute for desk-2.
    /// At 70 an emergency is raised; desk-2 takes it at 71:30, setting aside the follow-up it
    /// took at 65, which nobody resumes.
    static func play(_ store: ClinicStore? = nil) throws -> Day {
        let s = try store ?? F.memoryClinic()
        let visits = try s.snapshot().visits
        let a1 = try #require(visits.first { $0.appointmentRef == "A1" }).id
        let a2 = try #require(visits.first { $0.appointmentRef == "A2" }).id
        try s.apply(TimedEvent(.patientArrived(appointment: "A1")), by: F.desk1, now: F.at(-5))
        try s.start(.openCheckIn(visitID: a1), at: "desk-1", by: F.desk1, now: F.at(-4))
        try F.ring(s, "c1", at: 1)
        try s.start(.answer(callID: "c1"), at: "desk-1", by: F.desk1, now: F.at(1.25))
        _ = try s.endCall(id: "c1", outcome: .informationGiven, note: nil, by: F.desk1, now: F.at(1.5))
        let checkInTask = try #require(try s.snapshot().tasks.first { $0.visitID == a1 && $0.kind == .checkIn }).id
        try s.start(.take(taskID: checkInTask), at: "desk-1", by: F.desk1, now: F.at(1.75))
        let p1 = try #require(try s.patient(mrn: "M001"))
        var readiness = Dictionary(uniqueKeysWithValues: ReadinessItem.allCases.map { ($0, ReadinessState.done) })
        readiness[.insuranceVerified] = .open
        try s.completeCheckIn(visitID: a1, patient: p1, expectedVersion: p1.version, readiness: readiness, by: F.desk1, now: F.at(2))
        try F.ring(s, "c2", at: 3)
        try s.apply(TimedEvent(.callAbandoned(call: "c2")), by: F.desk1, now: F.at(3.1))
        try F.ring(s, "c3", at: 5)
        try s.apply(TimedEvent(.callAbandoned(call: "c3")), by: F.desk1, now: F.at(6))
        try s.apply(TimedEvent(.walkinArrived(name: "Walk In", dateOfBirth: nil)), by: F.desk1, now: F.at(10))
        let walkIn = try #require(try s.snapshot().visits.first { $0.appointmentRef == nil }).id
        try s.move(visitID: a1, .room("3"), by: F.desk1, now: F.at(20))
        try s.apply(TimedEvent(.patientArrived(appointment: "A2")), by: F.desk1, now: F.at(24))
        try s.setVisitStatus(visitID: a1, to: .withProvider, by: F.desk1, now: F.at(25))
        try s.checkIn(visitID: a2, by: F.desk1, now: F.at(30))
        try s.move(visitID: walkIn, .leftWithoutBeingSeen, by: F.desk1, now: F.at(40))
        try s.move(visitID: a2, .room("4"), by: F.desk1, now: F.at(41))
        try s.setVisitStatus(visitID: a1, to: .done, by: F.desk1, now: F.at(50))
        try F.ring(s, "c4", at: 60)
        try s.start(.answer(callID: "c4"), at: "desk-2", by: F.desk2, now: F.at(61))
        _ = try s.endCall(id: "c4", outcome: .informationGiven, note: nil, by: F.desk2, now: F.at(62))
        try s.apply(TimedEvent(.providerRequest(patientMRN: "M003", kind: .followUp, note: nil, due: nil)), by: F.desk2, now: F.at(64))
        let followUp = try #require(try s.snapshot().openTasks.first { $0.kind == .providerRequest }).id
        try s.start(.take(taskID: followUp), at: "desk-2", by: F.desk2, now: F.at(65))
        let emergency = try s.raiseEmergency(desk: nil, note: "fall in the lobby", by: F.desk1, now: F.at(70))
        try s.start(.take(taskID: emergency), at: "desk-2", by: F.desk2, now: F.at(71.5))
        return Day(store: s, a1: a1, a2: a2, walkIn: walkIn, aside: followUp)
    }

    static var day: CivilDate { CivilDate(F.t0, in: utc) }

    @Test("visits: each step's time and the minutes between, lateness, what was still open when roomed")
    func visits() throws {
        let d = try Self.play()
        let r = DayReport.compute(try d.store.dayFlow(Self.day, timeZone: Self.utc), now: F.at(180))
        let a1 = try #require(r.visits.first { $0.id == d.a1 })
        #expect(a1.arrival == F.at(-5) && a1.checkIn == F.at(2) && a1.roomed == F.at(20) && a1.withProvider == F.at(25) && a1.done == F.at(50))
        #expect(a1.arrivalToCheckIn == 7 && a1.checkInToRoomed == 18 && a1.roomedToProvider == 5 && a1.providerToDone == 25 && a1.arrivalToRoomed == 25)
        #expect(!a1.late && a1.openAtRoomed == [.insuranceVerified])
        let a2 = try #require(r.visits.first { $0.id == d.a2 })
        #expect(a2.late && a2.arrivalToRoomed == 17 && a2.openAtRoomed.count == ReadinessItem.allCases.count)
        #expect(r.visits.first { $0.id == d.walkIn }?.status == .leftWithoutBeingSeen)
        // Lobby waits 25, 17 and 30 (the walk-in, until they left) minutes: nearest-rank p50 is
        // the 2nd of 3, p90 the 3rd; arrival → roomed only for the two roomed, 17 and 25.
        #expect(r.clinic.lobbyWaitP50 == 25 * 60 && r.clinic.lobbyWaitP90 == 30 * 60)
        #expect(r.clinic.arrivalToRoomedP50 == 17 * 60 && r.clinic.arrivalToRoomedP90 == 25 * 60)
        #expect(r.clinic.visits == 3 && r.clinic.lateArrivals == 1 && r.clinic.noShows == 0)
        #expect(r.clinic.byStatus == ["done": 1, "roomed": 1, "left-without-being-seen": 1])
        #expect(r.clinic.openAtRoomed["insurance-verified"] == 2 && r.clinic.openAtRoomed["copay"] == 1)
        let okafor = try #require(r.providers.first { $0.name == "Dr Okafor" })
        #expect(okafor.visits == 1 && okafor.lobbyWaitP90 == 25 * 60)
        // Without --names the report names nobody.
        #expect(r.redacted().visits.allSatisfy { $0.patient == nil && $0.mrn == nil })
        #expect(r.visits.first { $0.id == d.a1 }?.mrn == "M001")
    }

    @Test("phone: offered, answered, abandoned with the short ones apart, service level, ASA, longest wait, per hour and for the day")
    func phone() throws {
        let d = try Self.play()
        let r = DayReport.compute(try d.store.dayFlow(Self.day, timeZone: Self.utc), now: F.at(180))
        // Waits: c1 15 s (answered), c2 6 s (short abandon), c3 60 s (abandon), c4 60 s (answered).
        #expect(r.phone.offered == 4 && r.phone.answered == 2 && r.phone.abandoned == 2 && r.phone.shortAbandoned == 1)
        // One answered within 30 s, of 4 offered less 1 short abandon.
        #expect(r.phone.serviceLevel.map { abs($0 - 1.0 / 3.0) < 1e-9 } == true)
        #expect(r.phone.asaSeconds == 38 && r.phone.longestWaitSeconds == 60)   // (15 + 60) / 2 = 37.5
        // t0 is 20:26:40 UTC: c1–c3 ring in the 20 h, c4 (minute 60) in the 21 h; the three
        // arrivals (20:21, 20:36, 20:50) are all in the 20 h.
        #expect(r.phoneHours.map(\.hour) == [20, 21] && r.hours == [20, 21])
        #expect(r.phoneHours.map(\.offered) == [3, 1])
        #expect(r.phoneHours[0].serviceLevel == 0.5 && r.phoneHours[1].serviceLevel == 0)
        #expect(r.arrivalsPerHour == [3, 0])
    }

    @Test("interruptions: suspensions and resumptions per desk, how long work lay aside, never resumed once the day is over, emergency response")
    func interruptions() throws {
        let d = try Self.play()
        let flow = try d.store.dayFlow(Self.day, timeZone: Self.utc)
        let today = DayReport.compute(flow, now: F.at(180))
        let one = try #require(today.desks.first { $0.desk == "desk-1" })
        #expect(one.suspensions == 1 && one.resumptions == 1 && one.longestSuspendedSeconds == 30)
        let two = try #require(today.desks.first { $0.desk == "desk-2" })
        // The follow-up lies aside from 71:30 on: today that is "suspended now", 108.5 min so far.
        #expect(two.suspensions == 1 && two.resumptions == 0 && two.longestSuspendedSeconds == Int((180 - 71.5) * 60))
        #expect(today.stillSuspended == 1 && today.neverResumed == 0 && today.resumptions == 1)
        #expect(today.emergencies.map(\.responseSeconds) == [90])
        // Read the next morning, the day is over: the follow-up was never resumed, and lay aside
        // from 71:30 until midnight.
        let later = DayReport.compute(flow, now: flow.end.addingTimeInterval(3600))
        #expect(later.neverResumed == 1 && later.stillSuspended == 0)
        #expect(later.longestSuspendedSeconds == Int(flow.end.timeIntervalSince(F.at(71.5)).rounded()))
        #expect(later.suspensions.first { $0.taskID == d.aside }?.resumed == false)
    }

    @Test("a callback is overdue when it was not closed by its due time; one closed in time is made")
    func callbacks() {
        let start = CivilDate(iso: "2026-06-01")!.start(in: Self.utc)
        func at(_ m: Double) -> Date { start.addingTimeInterval(9 * 3600 + m * 60) }
        let flow = DayFlow(day: CivilDate(iso: "2026-06-01")!, timeZone: Self.utc, visits: [], calls: [], tasks: [
            .init(id: 1, kind: .callback, createdAt: at(0), dueAt: at(30), state: .done, steps: [.init(event: "task.done", at: at(20), desk: "d")]),
            .init(id: 2, kind: .callback, createdAt: at(0), dueAt: at(30), state: .done, steps: [.init(event: "task.done", at: at(45), desk: "d")]),
            .init(id: 3, kind: .callback, createdAt: at(0), dueAt: at(30), state: .queued, steps: []),
            .init(id: 4, kind: .callback, createdAt: at(0), dueAt: at(300), state: .queued, steps: []),
            // Done the evening before its due time: neither made today nor overdue.
            .init(id: 5, kind: .callback, createdAt: at(-900), dueAt: at(10), state: .done, steps: [], closedAt: at(-600)),
        ])
        let r = DayReport.compute(flow, now: at(60))
        #expect(r.callbacksMade == 2 && r.callbacksOverdue == 2)
    }

    @Test("a caller who hung up and rang back is served: their callback counts as made, never as overdue")
    func aRingBackServesTheCallback() throws {
        let s = try F.memoryClinic()
        try F.ring(s, "c1", from: "555-0177", at: 0)
        try s.apply(TimedEvent(.callAbandoned(call: "c1")), by: F.desk1, now: F.at(1))
        let callback = try #require(try s.snapshot().openTasks.first { $0.kind == .callback })
        let due = try #require(callback.dueAt)
        try F.ring(s, "c2", from: "555-0177", at: 5)
        try s.start(.answer(callID: "c2"), at: "desk-1", by: F.desk1, now: F.at(5.5))
        #expect(try s.task(id: callback.id)?.state == .done)
        let r = DayReport.compute(try s.dayFlow(Self.day, timeZone: Self.utc), now: due.addingTimeInterval(3600))
        #expect(r.callbacksMade == 1 && r.callbacksOverdue == 0)
    }
}
