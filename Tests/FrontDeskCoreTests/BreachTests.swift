import Foundation
import Testing
@testable import FrontDeskCore

@Suite struct BreachTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func eachKindOfBreachIsFoundEmergenciesFirstThenNewest() {
        let now = t0.addingTimeInterval(3600)
        var suspended = DeskTask(id: 3, kind: .checkIn, state: .suspended, title: "A-001", createdAt: t0, desk: "d1")
        suspended.context = TaskContext(suspendedAt: t0.addingTimeInterval(600))
        let s = ClinicSnapshot(
            visits: [Visit(id: 1, ticket: "A-001", patientID: 1, provider: "P", appointmentAt: nil, status: .arrived,
                           statusSince: t0, arrivedAt: t0.addingTimeInterval(1800)),
                     Visit(id: 2, ticket: "A-002", patientID: 1, provider: "P", appointmentAt: nil, status: .arrived,
                           statusSince: t0, arrivedAt: now.addingTimeInterval(-60))],
            calls: [Call(id: "c1", from: "555", arrivedAt: now.addingTimeInterval(-300)),
                    Call(id: "c2", from: "555", arrivedAt: now.addingTimeInterval(-30))],
            tasks: [DeskTask(id: 1, kind: .callback, title: "Call back", createdAt: t0, dueAt: t0.addingTimeInterval(1200)),
                    DeskTask(id: 2, kind: .emergency, title: "Collapse in lobby", createdAt: t0.addingTimeInterval(100)),
                    suspended])
        let b = BreachDetector.detect(s, at: now)
        #expect(b.map(\.kind) == [.emergency, .callWait, .lobbyWait, .suspendedTooLong, .callbackOverdue])
        #expect(b.first { $0.kind == .lobbyWait }?.detail == "A-001 waiting 30 min")
        #expect(!b.contains { $0.key == "visit-2" || $0.key == "call-c2" })
    }

    @Test func nothingOverItsLimitMeansNoBreaches() {
        let s = ClinicSnapshot(calls: [Call(id: "c1", from: "555", arrivedAt: t0)],
                               tasks: [DeskTask(id: 1, kind: .callback, title: "x", createdAt: t0, dueAt: t0.addingTimeInterval(600))])
        #expect(BreachDetector.detect(s, at: t0.addingTimeInterval(60)).isEmpty)
    }
}
