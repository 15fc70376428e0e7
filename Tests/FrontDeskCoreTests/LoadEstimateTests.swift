import Foundation
import Testing
@testable import FrontDeskCore

/// The load estimate from what the store knows: arrivals, waiting work, learned call length,
/// staffed desks — and the hysteresis that keeps "overloaded" from flapping.
@Suite("load estimate")
struct LoadEstimateTests {
    /// `n` tasks of `kind`, created evenly over the `minutes` before `end` (minutes before noon).
    static func arrivals(_ kind: TaskKind, _ n: Int, over minutes: Double, endingMinutesAgo end: Double = 0,
                         firstID: Int64, state: TaskState = .done) -> [DeskTask] {
        (0..<n).map { i in
            let at = noon.addingTimeInterval(-(end + minutes * Double(i) / Double(n)) * 60)
            return DeskTask(id: firstID + Int64(i), kind: kind, state: state, title: "", createdAt: at)
        }
    }

    static func estimate(_ tasks: [DeskTask], desks: Int = 1, calls: [Call] = []) -> LoadEstimate {
        LoadEstimate.estimate(tasks: tasks, calls: calls, staffedDesks: desks, at: noon)
    }

    @Test func offeredLoadIsArrivalsTimesWorkAgainstWhatTheDesksCanSustain() {
        // 10 calls and 3 check-ins in the last 30 min; the day started long before.
        let tasks = Self.arrivals(.call, 10, over: 29, firstID: 1) + Self.arrivals(.checkIn, 3, over: 29, firstID: 100)
            + Self.arrivals(.missingDocuments, 1, over: 1, endingMinutesAgo: 300, firstID: 200)
        let load = Self.estimate(tasks, desks: 2)
        let expected = (10 * 150.0 + 3 * 200) / 1800
        #expect(abs(load.offered - expected) < 1e-9)
        #expect(abs(load.utilization! - expected / (2 * 0.85)) < 1e-9)
        #expect(load.kinds.first { $0.kind == .call }?.perHour == 20)
        #expect(load.kinds.first { $0.kind == .checkIn }?.arrivals == 3)
        #expect(!load.overloaded)
        #expect(load.summary == "0.7× capacity: 1.2 desks of work for 2 staffed (call 0.8, check-in 0.3)")
    }

    @Test func aDeskFallingBehindIsOverloadedAndTheExplanationSaysHowFar() {
        let tasks = Self.arrivals(.call, 24, over: 29, firstID: 1) + Self.arrivals(.missingDocuments, 1, over: 1, endingMinutesAgo: 300, firstID: 200)
        let load = Self.estimate(tasks)
        #expect(load.overloaded)
        #expect(load.overload == Overload(utilization: 2 / 0.85))
        #expect(load.overload?.reason == "desk overloaded, 2.4× capacity")
    }

    @Test func workAlreadyWaitingCountsAsIfDueWithinTheHour() {
        // Nothing arrived lately, but 20 verifications (3 min each) wait: an hour of work for one desk.
        let waiting = Self.arrivals(.insuranceVerification, 20, over: 60, endingMinutesAgo: 120, firstID: 1, state: .queued)
        let load = Self.estimate(waiting)
        #expect(abs(load.offered - 20 * 180.0 / 3600) < 1e-9)
        #expect(load.kinds.first { $0.kind == .insuranceVerification }?.waiting == 20)
        #expect(load.overloaded)
    }

    @Test func anAbandonedCallIsNotCountedTwice() {
        let rung = Self.arrivals(.call, 12, over: 29, firstID: 1)
        let abandoned = rung.map { var t = $0; t.state = .cancelled; return t }
        #expect(Self.estimate(abandoned).offered == 0)
        #expect(Self.estimate(rung).offered > 0)
    }

    /// Calls every `gap` seconds from `from` minutes ago until `to` minutes ago (both included).
    static func calls(every gap: Double, from: Double, to: Double, firstID: Int64) -> [DeskTask] {
        stride(from: -to * 60, through: -from * 60, by: -gap).enumerated().map { i, t in
            DeskTask(id: firstID + Int64(i), kind: .call, state: .done, title: "", createdAt: noon.addingTimeInterval(t))
        }
    }

    @Test("hysteresis: on at 1.0× capacity, off only below 0.85×")
    func hysteresis() {
        // One desk sustains 0.85 desks of work; a 150 s call every 200 s is 0.88× that, every 225 s 0.78×.
        let steady = Self.estimate(Self.calls(every: 200, from: 150, to: 0, firstID: 1))
        #expect(steady.utilization.map { abs($0 - 9 * 150 / 1800 / 0.85) < 1e-9 } == true)
        #expect(!steady.overloaded, "never over capacity: not overloaded at 0.88×")
        // The same last 40 minutes after a rush (a call every 100 s, 1.8×): still overloaded at 0.88×…
        let rush = Self.calls(every: 100, from: 150, to: 40, firstID: 1)
        #expect(Self.estimate(rush + Self.calls(every: 200, from: 40, to: 0, firstID: 500)).overloaded)
        // …and no longer once the last half hour is quieter than 0.85×.
        #expect(!Self.estimate(rush + Self.calls(every: 225, from: 40, to: 0, firstID: 500)).overloaded)
    }

    @Test func aCallsLengthIsLearnedFromCallsAnsweredAndEnded() {
        let calls = (0..<10).map { i in
            Call(id: "c\(i)", from: "555-01\(10 + i)", state: .ended, arrivedAt: noon.addingTimeInterval(-3600),
                 answeredAt: noon.addingTimeInterval(-3500), endedAt: noon.addingTimeInterval(-3200))
        } + [Call(id: "w", from: "555-0199", state: .answered, arrivedAt: noon, answeredAt: noon)]
        let load = Self.estimate(Self.arrivals(.call, 3, over: 20, firstID: 1), calls: calls)
        let call = load.kinds.first { $0.kind == .call }!
        #expect(call.learnedFrom == 10)
        let blended: TimeInterval = (10 * 150 + 10 * 300) / 20   // the default counts as 10 calls
        #expect(call.meanWork == blended)
    }

    @Test func noDeskStaffedIsSaidPlainlyAndIsNotAnOverload() {
        let load = Self.estimate(Self.arrivals(.call, 24, over: 29, firstID: 1), desks: 0)
        #expect(load.utilization == nil && !load.overloaded && load.overload == nil)
        #expect(load.summary == "no desk staffed")
    }

    @Test func theSnapshotCountsOnlyDesksWithSomeoneSignedIn() {
        let snapshot = ClinicSnapshot(tasks: Self.arrivals(.call, 12, over: 29, firstID: 1),
                                      desks: [Desk(name: "front-1", user: "ana"), Desk(name: "front-2")])
        #expect(LoadEstimate.estimate(snapshot, at: noon).staffedDesks == 1)
    }

    @Test func theOrderTasksComeInDoesNotMatter() {
        var rng = SeededGenerator(seed: 4)
        let tasks = Self.arrivals(.call, 20, over: 29, firstID: 1) + Self.arrivals(.checkIn, 9, over: 80, firstID: 100)
        #expect(Self.estimate(tasks) == Self.estimate(tasks.shuffled(using: &rng)))
    }
}
