import Foundation
import Testing
@testable import FrontDeskCore

@Suite("wallboard and lobby figures")
struct MetricsTests {
    static func call(_ id: String, arrived: Double, answered: Double? = nil, ended: Double? = nil, _ state: CallState) -> Call {
        Call(id: id, from: "555-0100", state: state, arrivedAt: noon.addingTimeInterval(arrived),
             answeredAt: answered.map { noon.addingTimeInterval($0) }, endedAt: ended.map { noon.addingTimeInterval($0) })
    }

    @Test func wallboardUsesTheStandardDefinitions() {
        let calls = [
            Self.call("a", arrived: -600, answered: -590, ended: -400, .ended),   // answered in 10 s
            Self.call("b", arrived: -500, answered: -440, .answered),             // answered in 60 s: misses 30 s
            Self.call("c", arrived: -300, ended: -297, .abandoned),               // 3 s: a short abandon
            Self.call("d", arrived: -200, ended: -110, .abandoned),               // 90 s: a real abandon
            Self.call("e", arrived: -45, .waiting),                               // waiting 45 s
            Self.call("f", arrived: -5, .waiting),
            Self.call("g", arrived: 60, .waiting),                                // after `at`: not counted
        ]
        let f = WallboardFigures.compute(calls: calls, at: noon)
        #expect(f.callsWaiting == 2 && f.longestWait == 45)
        #expect(f.answered == 2 && f.abandoned == 1 && f.shortAbandons == 1)
        #expect(f.serviceLevel == 1.0 / 3.0)        // 1 within 30 s of (2 answered + 1 abandoned)
        #expect(f.abandonRate == 1.0 / 3.0)
        #expect(f.averageSpeedOfAnswer == 35)       // (10 + 60) / 2, answered calls only
    }

    @Test func nothingToMeasureIsNilNotZero() {
        let f = WallboardFigures.compute(calls: [Self.call("a", arrived: -10, .waiting)], at: noon)
        #expect(f.serviceLevel == nil && f.abandonRate == nil && f.averageSpeedOfAnswer == nil)
        #expect(f.callsWaiting == 1 && f.longestWait == 10)
    }

    @Test(arguments: [(0.0, WaitLevel.ok), (599, .ok), (600, .amber), (1199, .amber), (1200, .red), (5000, .red)])
    func lobbyThresholds(wait: TimeInterval, level: WaitLevel) {
        #expect(WaitThresholds.lobby.level(for: wait) == level)
    }

    @Test(arguments: [(59.0, WaitLevel.ok), (60, .amber), (120, .red)])
    func phoneThresholds(wait: TimeInterval, level: WaitLevel) {
        #expect(WaitThresholds.phone.level(for: wait) == level)
    }

    static func visit(_ id: Int64, _ status: VisitStatus, arrivedMinutesAgo: Double?) -> Visit {
        Visit(id: id, ticket: "A-\(id)", patientID: id, provider: "Dr. Osei", appointmentAt: noon, status: status,
              statusSince: noon.addingTimeInterval(-60), arrivedAt: arrivedMinutesAgo.map { noon.addingTimeInterval(-$0 * 60) })
    }

    @Test func lobbyCountsAndLongestWaitAcrossChannels() {
        let visits = [Self.visit(1, .arrived, arrivedMinutesAgo: 12), Self.visit(2, .checkedIn, arrivedMinutesAgo: 25),
                      Self.visit(3, .roomed, arrivedMinutesAgo: 90), Self.visit(4, .scheduled, arrivedMinutesAgo: nil)]
        let lobby = LobbyFigures.compute(visits: visits, at: noon)
        #expect(lobby.waiting == 2 && lobby.longestWait == 25 * 60 && lobby.longestWaitingVisitID == 2)
        #expect(lobby.count(.roomed) == 1 && lobby.count(.done) == 0)

        let quietPhone = WallboardFigures.compute(calls: [Self.call("a", arrived: -100, .waiting)], at: noon)
        #expect(LongestWait.anyChannel(phone: quietPhone, lobby: lobby) == LongestWait(channel: .lobby, seconds: 1500, level: .red))
        let busyPhone = WallboardFigures.compute(calls: [Self.call("a", arrived: -1600, .waiting)], at: noon)
        #expect(LongestWait.anyChannel(phone: busyPhone, lobby: lobby)?.channel == .phone)
        #expect(LongestWait.anyChannel(phone: WallboardFigures.compute(calls: [], at: noon),
                                       lobby: LobbyFigures.compute(visits: [], at: noon)) == nil)
    }
}
