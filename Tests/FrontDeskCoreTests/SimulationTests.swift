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

    @Test func theReportEncodesTheKeysTheCommandPromises() throws {
        // One overloaded desk under fifo answers no call: `asa` must still be there, as null.
        let report = Simulator(day: SimulatedDay.generate(seed: 1), desks: 1, policy: .fifo).run()
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        for key in ["lobbyWait", "phone", "callbacksOverdue", "suspendedAge", "neverResumed", "emergencyResponse"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(Set((object["lobbyWait"] as! [String: Any]).keys) == ["p50", "p90", "max"])
        let phone = object["phone"] as! [String: Any]
        #expect(Set(phone.keys).isSuperset(of: ["asa", "serviceLevel", "abandonRate"]))
        #expect(report.phone.asa == nil && phone["asa"] is NSNull)
        #expect(Set((object["suspendedAge"] as! [String: Any]).keys) == ["p90", "max"])
    }
}
