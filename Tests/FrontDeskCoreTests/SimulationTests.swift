import Foundation
import Testing
@testable import FrontDeskCore

@Suite("clinic-day script and simulator")
struct SimulationTests {
    static let appointments = (0..<20).map { i in
        ScriptAppointment(ref: "APT-\(i)", at: noon.addingTimeInterval(Double(i) * 1200), patientMRN: "MRN-\(i)",
                          phone: "555-01\(10 + i)")
    }

    @Test func theScriptIsDeterministicOrderedAndOnlyExternal() {
        let a = ClinicDayScript.generate(appointments: Self.appointments, dayStart: noon, seed: 7)
        #expect(a == ClinicDayScript.generate(appointments: Self.appointments, dayStart: noon, seed: 7))
        #expect(a != ClinicDayScript.generate(appointments: Self.appointments, dayStart: noon, seed: 8))
        let times = a.compactMap(\.at)
        #expect(times == times.sorted() && times.count == a.count)
        var rung: Set<String> = [], abandoned: Set<String> = []
        for e in a {
            switch e.event {
            case .callRinging(let id, let from, _, _, _):
                rung.insert(id)
                #expect(from.hasPrefix("555-01"))
            case .callAbandoned(let id):
                #expect(rung.contains(id), "an abandon follows its own ringing")
                abandoned.insert(id)
            case .callAnswered, .callEnded: Issue.record("the script must not answer or end calls")
            default: break
            }
        }
        #expect(!rung.isEmpty && rung == abandoned)
        let arrived = a.filter { if case .patientArrived = $0.event { return true } else { return false } }.count
        #expect(arrived > 10 && arrived <= Self.appointments.count)   // some no-shows, most come
    }

    @Test func thePoliciesFaceTheSameDayAndTheSameDayGivesTheSameReport() {
        let day = SimulatedDay.generate(seed: 3)
        let first = Simulator(day: day, desks: 3, policy: .frontdesk).run()
        #expect(first == Simulator(day: SimulatedDay.generate(seed: 3), desks: 3, policy: .frontdesk).run())
        let fifo = Simulator(day: day, desks: 3, policy: .fifo).run()
        // Booked arrivals, walk-ins, calls and requests are the day's own; only callbacks and
        // missing-documents tasks depend on how the desks did.
        #expect(first.phone.answered + first.phone.abandoned <= day.arrivals.filter { $0.kind == .call }.count)
        #expect(fifo.seed == first.seed)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func oursLeavesNothingSuspendedForever(seed: UInt64) {
        let report = Simulator(day: SimulatedDay.generate(seed: seed), desks: 3, policy: .frontdesk).run()
        #expect(report.neverResumed == 0)
        #expect(report.emergencyResponse.max <= 1)   // an emergency is picked up within the step it arrives
        #expect(report.suspendedAge.max <= PolicyConfig.default.starvationBound)
    }

    @Test func withoutTheLibrarySomeInterruptedWorkIsNeverResumed() {
        let day = SimulatedDay.generate(seed: 2)
        let memory = Simulator(day: day, desks: 3, policy: .memory).run()
        let ours = Simulator(day: day, desks: 3, policy: .frontdesk).run()
        #expect(memory.neverResumed > 0 && memory.tasksLeftOpen >= memory.neverResumed)
        #expect(ours.neverResumed == 0 && ours.tasksLeftOpen == 0)
    }

    @Test func theSurgeIsTheBusyDayWithMoreCallsInTheFirstHour() {
        let busy = SimulatedDay.generate(seed: 5, profile: .busy), surge = SimulatedDay.generate(seed: 5, profile: .surge)
        func calls(_ day: SimulatedDay, _ range: Range<TimeInterval>) -> Int {
            day.arrivals.filter { $0.kind == .call && range.contains($0.at) }.count
        }
        #expect(calls(surge, 0..<3600) > calls(busy, 0..<3600) + 8)
        #expect(calls(surge, 3600..<busy.config.length) == calls(busy, 3600..<busy.config.length))
        #expect(surge.arrivals.filter { $0.kind != .call }.map(\.at) == busy.arrivals.filter { $0.kind != .call }.map(\.at))
        #expect(busy.profile == "busy" && surge.profile == "surge")
        // Every caller rings from a number of their own; what they do after hanging up is drawn with the day.
        let numbers = busy.arrivals.compactMap(\.caller)
        #expect(Set(numbers).count == numbers.count && numbers.count == calls(busy, 0..<busy.config.length))
        #expect(busy.arrivals.contains { !$0.redials.isEmpty })
    }

    @Test func aCallerIsOwedOneCallbackHoweverOftenTheyHangUp() {
        // One overloaded desk: many hang up, and some of them ring again and hang up again.
        let report = Simulator(day: SimulatedDay.generate(seed: 1), desks: 1, policy: .strict).run()
        #expect(report.callbacks < report.phone.abandoned)
    }

    @Test func theGridAveragesTheSameRunsTheSingleDaysGive() throws {
        let grid = try SimulationGrid.run(profile: .busy, seeds: [1, 2], desks: [3], policies: [.frontdesk, .strict])
        #expect(grid.rows.map(\.policy) == ["frontdesk", "strict"] && grid.rows.allSatisfy { $0.desks == 3 && $0.runs == 2 })
        let runs = [1, 2].map { Simulator(day: SimulatedDay.generate(seed: $0), desks: 3, policy: .strict).run() }
        let strict = grid.row(.strict, desks: 3)
        #expect(strict?.lobbyWaitP90 == (runs[0].lobbyWait.p90 + runs[1].lobbyWait.p90) / 2)
        #expect(strict?.callbacksOverdue == Double(runs[0].callbacksOverdue + runs[1].callbacksOverdue) / 2)
    }

    @Test func theReportEncodesTheKeysTheCommandPromises() throws {
        // One overloaded desk under fifo answers no call: `asa` must still be there, as null.
        let report = Simulator(day: SimulatedDay.generate(seed: 1), desks: 1, policy: .fifo).run()
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        for key in ["lobbyWait", "phone", "callbacksOverdue", "suspendedAge", "neverResumed", "emergencyResponse",
                    "profile", "callbacks", "minutesOverloaded", "tasksLeftOpen", "deskMinutes"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(Set((object["lobbyWait"] as! [String: Any]).keys) == ["p50", "p90", "max"])
        let phone = object["phone"] as! [String: Any]
        #expect(Set(phone.keys).isSuperset(of: ["asa", "serviceLevel", "abandonRate"]))
        #expect(report.phone.asa == nil && phone["asa"] is NSNull)
        #expect(Set((object["suspendedAge"] as! [String: Any]).keys) == ["p90", "max"])
    }

    @Test func deskTimeCountsTheSecondsEachKindTookAndThoseAPatientWaitedThrough() {
        // One desk: a 100 s check-in from 0, a second patient at 10 s who waits until 100 s,
        // then a 50 s check-in nobody waits behind.
        var config = SimulatedDay.Config(); config.length = 600; config.overtime = 0
        let day = SimulatedDay(config: config, seed: 0, arrivals: [
            .init(at: 0, kind: .checkIn, work: 100), .init(at: 10, kind: .checkIn, work: 50),
        ])
        let report = Simulator(day: day, desks: 1, policy: .strict).run()
        #expect(report.deskMinutes.all == ["check-in": 150.0 / 60])
        #expect(report.deskMinutes.whilePatientsWait == ["check-in": 90.0 / 60])
        #expect(report.lobbyWait.max == 90)
    }

    @Test func theDesksTimeAddsUpToTheWorkTheyDid() {
        let day = SimulatedDay.generate(seed: 4)
        for policy in SimulationPolicy.allCases {
            let report = Simulator(day: day, desks: 3, policy: policy).run()
            let all = report.deskMinutes.all.values.reduce(0, +), waiting = report.deskMinutes.whilePatientsWait.values.reduce(0, +)
            // Every arrival's work is done (3 desks keep up), plus the callbacks, documents and resumptions it led to.
            let arrived = day.arrivals.filter { $0.kind != .call }.map(\.work).reduce(0, +) / 60
            #expect(all > arrived && all <= Double(3 * Int(day.config.length + day.config.overtime)) / 60, "\(policy)")
            #expect(waiting > 0 && waiting < all, "\(policy)")
            for (kind, minutes) in report.deskMinutes.whilePatientsWait { #expect(minutes <= report.deskMinutes.all[kind] ?? 0) }
        }
    }

    @Test func strictKeepingPromisesKeepsThemWhereStrictBreaksThem() {
        // Two desks on a busy day are overloaded all day: strict calls back once the lobby has
        // cleared, late; the same order with callbacks kept as promises calls every one back on time.
        let day = SimulatedDay.generate(seed: 1)
        let strict = Simulator(day: day, desks: 2, policy: .strict).run()
        let promised = Simulator(day: day, desks: 2, policy: .strictPromises).run()
        #expect(strict.callbacksOverdue > 10)
        #expect(promised.callbacksOverdue == 0 && promised.callbacks > 0)
        #expect(promised.lobbyWait.p90 > strict.lobbyWait.p90)   // the lobby pays for the promises
    }

    @Test func strictKeepingPromisesPutsADueCallbackFirstAndElseKeepsStrictsOrder() {
        let ranking = RankingPolicy(config: .withPromises)
        func task(_ id: Int64, _ kind: TaskKind, due: TimeInterval? = nil, state: TaskState = .queued) -> DeskTask {
            DeskTask(id: id, kind: kind, state: state, title: kind.label, createdAt: noon.addingTimeInterval(Double(-id)),
                     dueAt: due.map(noon.addingTimeInterval))
        }
        let dueSoon = task(1, .callback, due: 5 * 60), notYet = task(2, .callback, due: 25 * 60)
        let call = task(3, .call), patient = task(4, .checkIn), emergency = task(5, .emergency)
        let policy = SimulationPolicy.strictPromises
        func order(_ tasks: [DeskTask]) -> [Int64] {
            tasks.sorted { policy.precedes($0, $1, at: noon, policy: ranking) }.map(\.id)
        }
        #expect(order([call, notYet, patient, dueSoon, emergency]) == [5, 1, 3, 4, 2])
        // The promise in hand is not put down for a ringing phone; strict would put it down.
        var inHand = dueSoon; inHand.state = .active; inHand.desk = "desk-1"
        #expect(!policy.shouldInterrupt(active: inHand, arriving: call, stackDepth: 0, at: noon, policy: ranking))
        #expect(SimulationPolicy.strict.shouldInterrupt(active: inHand, arriving: call, stackDepth: 0, at: noon, policy: ranking))
        #expect(policy.shouldInterrupt(active: patient, arriving: call, stackDepth: 0, at: noon, policy: ranking))
    }
}
