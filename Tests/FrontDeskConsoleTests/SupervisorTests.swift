import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskConsole
@testable import FrontDeskStore
import TerminalUI

/// The supervisor console on the real store: what it shows, what its keys become, and that
/// it selects by id so a re-rank between two keys never moves an action to another task.
@Suite("Supervisor console")
struct SupervisorTests {
    final class Session {
        let store: ClinicStore
        let terminal: MemoryTerminal
        let runtime: ConsoleRuntime<SupervisorProgram>
        init(_ store: ClinicStore, role: Role = .supervisor, width: Int = 80, height: Int = 24) {
            self.store = store
            terminal = MemoryTerminal(width: width, height: height)
            let backend = StoreSupervisorBackend(store: store, actor: Actor(login: "sue", desk: "office", role: role), timeZone: Clinic.utc)
            var state = SupervisorState(clinic: backend.initialClinic(at: Clinic.t0), now: Clinic.t0, user: "sue", role: role,
                                        width: width, height: height, policy: RankingPolicy(config: store.config.policy))
            state.timeZone = Clinic.utc
            runtime = ConsoleRuntime<SupervisorProgram>(state: state, backend: backend, terminal: terminal, threaded: false,
                                                        clock: { Clinic.t0 })
            runtime.send(.event(.started(Clinic.t0)))
        }
        var state: SupervisorState { runtime.state }
        var screen: String { terminal.text }
        var effects: [SupervisorEffect] { runtime.performed }
        func key(_ k: Key) { runtime.send(.event(.key(k))) }
        func type(_ s: String) { for c in s { key(.char(c)) } }
    }

    @Test("the HL7 outbox shows on the status line while something is owed to the practice system, with its oldest")
    func outboxOnTheStatusLine() throws {
        let store = try ScheduleClinic.store()
        try store.setOutbound(true, by: Actor(login: "hl7", desk: "hl7", role: .integration), now: Clinic.t0)
        let s = Session(store, width: 200, height: 30)
        #expect(!s.screen.contains("HL7 out"), "nothing owed, nothing said")
        let pid = try #require(try store.patientIDs().first)
        try store.book(Booking(patientID: pid, provider: "patel", start: ScheduleClinic.at(11, 0, day: 3), typeCode: "follow-up"),
                       by: Clinic.ana, now: Clinic.t0)
        s.runtime.storeChanged(); s.runtime.pump()
        #expect(s.state.outbox?.depth == 1)
        #expect(s.screen.contains("HL7 out 1 unsent, oldest 0m"), "\(s.screen)")
    }

    @Test func theScreenShowsDesksBreachesAndTheRankedQueueWithWhy() throws {
        let store = try Clinic.store()
        let request = try #require(try store.snapshot().tasks.first { $0.kind == .providerRequest })
        try store.start(.take(taskID: request.id), at: "front-1", by: Clinic.ana, now: Clinic.t0)
        try store.sendNote(toDesk: "front-1", text: "lunch at 12", by: Actor(login: "sue", desk: "office", role: .supervisor), now: Clinic.t0)
        let text = Session(store, width: 120, height: 30).screen
        #expect(text.contains("front-1") && text.contains("ana") && text.contains("schedule follow-up"))
        #expect(text.contains("lunch at 12"))
        #expect(text.contains("Lobby 3, longest 1h10"), "\(text)")
        #expect(text.contains("callback overdue") && text.contains("long lobby wait"), "\(text)")
        #expect(text.contains("Queue across desks") && text.contains("waited"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func reassignBumpAndNoteBecomeEffectsAndBadInputChangesNothing() throws {
        let store = try Clinic.store()
        try store.registerDesk(name: "front-2", user: "ben", now: Clinic.t0)
        let s = Session(store)
        let first = try #require(s.state.rankedQueue.first?.id)
        s.type("b")
        #expect(s.effects == [.bump(taskID: first, points: 10)])
        #expect(try store.task(id: first)?.bump == 10)
        s.type("r"); s.type("nowhere"); s.key(.enter)
        #expect(s.effects.count == 1 && s.state.banner == "no desk named nowhere" && s.state.prompt != nil)
        s.key(.escape)
        s.type("r"); s.type("front-2"); s.key(.enter)
        #expect(s.effects.last == .reassign(taskID: first, desk: "front-2"))
        s.key(.tab)
        s.type("m"); s.type("call Mr N back"); s.key(.enter)
        #expect(s.effects.last == .sendNote(desk: "front-1", text: "call Mr N back"))
        #expect(try store.snapshot().desk("front-1")?.note == "call Mr N back")
    }

    @Test func theSelectionFollowsTheTaskNotItsRow() throws {
        let store = try Clinic.store()
        let s = Session(store)
        // The first task ranked by points (below the promises due).
        for _ in 0..<10 where s.state.selectedQueueTask.map({ s.state.policy.explain($0, at: Clinic.t0).tier }) != .scored { s.key(.down) }
        let chosen = try #require(s.state.selectedQueueTask)
        #expect(s.state.policy.explain(chosen, at: Clinic.t0).tier == .scored)
        // Another supervisor makes a task jump above it before this one presses b (a bump
        // moves a task within its tier: a promise due still comes first).
        let other = try #require(s.state.rankedQueue.last)
        try store.bump(taskID: other.id, points: 500, by: Actor(login: "boss", desk: "x", role: .supervisor), now: Clinic.t0)
        s.runtime.storeChanged(); s.runtime.pump()
        let ranked = s.state.rankedQueue.map(\.id)
        #expect(try #require(ranked.firstIndex(of: other.id)) < #require(ranked.firstIndex(of: chosen.id)))
        #expect(s.state.selectedQueueTask?.id == chosen.id)
        s.type("b")
        #expect(s.effects.last == .bump(taskID: chosen.id, points: 10))
    }

    @Test func aRoleWithoutTheActionIsToldWhy() throws {
        let s = Session(try Clinic.store(), role: .receptionist)
        s.type("b")
        #expect(s.effects.isEmpty)
        #expect(s.state.banner == AccessPolicy.refusal(.receptionist, .bumpTask))
        #expect(!s.screen.contains("bump +10"))
    }

    @Test func questionMarkShowsEveryKeyFromTheSameTableAndEscClosesIt() throws {
        let s = Session(try Clinic.store())
        s.type("?")
        for binding in s.state.keymap.bindings { #expect(s.screen.contains(binding.help), "\(binding.help)") }
        s.type("r")
        #expect(s.state.prompt == nil)
        s.key(.escape)
        #expect(!s.screen.contains("select the row above"))
    }

    @Test func theBellRingsOncePerNewBreach() throws {
        let store = try Clinic.store()
        let s = Session(store)
        try store.raiseEmergency(desk: nil, note: "Collapse in lobby", by: Clinic.feed, now: Clinic.t0)
        s.runtime.storeChanged(); s.runtime.pump()
        #expect(s.terminal.bells == 1 && s.state.breaches.first?.kind == .emergency)
        s.runtime.send(.event(.tick(Clinic.at(0.1))))
        #expect(s.terminal.bells == 1)
    }

    @Test func anIdleTickChangesFewCells() throws {
        let s = Session(try Clinic.store(), width: 120, height: 30)
        s.runtime.send(.event(.tick(Clinic.at(1.0 / 60))))
        #expect(s.terminal.lastChangeCount <= 6, "an idle second changed \(s.terminal.lastChangeCount) cells")
    }

    @Test("today so far: the day report's own figures, and the last hours as bars, each past the supervisor's limit in the warning colour")
    func todaySoFar() throws {
        let store = try Clinic.store()
        let s = Session(store, width: 160, height: 40)
        s.runtime.storeChanged(); s.runtime.pump()
        let today = try #require(s.state.today)
        let report = DayReport.compute(try store.dayFlow(CivilDate(Clinic.t0, in: Clinic.utc), timeZone: Clinic.utc), now: Clinic.t0)
        #expect(today.report == report)
        #expect(s.screen.contains("\(report.clinic.visits) visits · \(report.clinic.noShows) no-show"), "\(s.screen)")
        #expect(s.screen.contains("4 calls · 1 abandoned (0 short)"))   // c0, cx, and the two waiting
        #expect(s.screen.contains("Callbacks \(report.callbacksOverdue) overdue"))
        let grid = s.terminal.frame
        func row(_ label: String) throws -> Int { try #require((0..<grid.height).first { y in grid.row(at: y).hasPrefix(" " + label) }) }
        // The bucket holding 10:00 is the last bar. Two callers wait now, one of them 2½ min (> 2 min).
        let calls = try row("Calls waiting")
        let bars = 16 + today.trends.callsWaiting.count - 1
        let lastCall = grid[bars, calls]
        #expect(lastCall.text == "█" && lastCall.role == .warning, "\(lastCall)")
        // The walk-in has been in the lobby since 08:50: past 20 min from 09:10, so the bars
        // from the 09:10 one (the 11th from the end, 10:00 being the last) are marked, not before.
        let lobby = try row("In the lobby")
        #expect((bars - 10...bars).allSatisfy { grid[$0, lobby].role == .warning })
        #expect(grid[bars - 11, lobby].role != .warning)
        #expect(today.trends.lobbyWaiting.last == 3)   // A1, A2 and the walk-in
    }

    @Test("at 80×24 the key figure of each line of today so far is on screen")
    func todaySoFarAt80x24() throws {
        let s = Session(try Clinic.store(), width: 80, height: 24)
        s.runtime.storeChanged(); s.runtime.pump()
        let r = try #require(s.state.today?.report)
        let shown = (3..<7).map { s.terminal.frame.row(at: $0) }.joined(separator: "\n")
        // Lobby waits at 10:00: A5 15 min, A4 25, A2 32, A1 35, the walk-in 70 — p90 is the 5th of 5.
        #expect(r.clinic.lobbyWaitP90 == 70 * 60)
        #expect(shown.contains("Lobby p90 1h10"), "\(shown)")
        #expect(shown.contains("SL ") && shown.contains("Callbacks \(r.callbacksOverdue) overdue") && shown.contains("Never resumed 0"))
        #expect(shown.contains("Calls waiting") && shown.contains("In the lobby") && shown.contains("Service level"))
    }

    @Test("a tick inside the same five minutes leaves the bars as they were: a slow link carries only the clock")
    func trendsStillBetweenBuckets() throws {
        let s = Session(try Clinic.store(), width: 160, height: 40)
        s.runtime.storeChanged(); s.runtime.pump()
        let before = s.terminal.frame
        s.runtime.send(.event(.tick(Clinic.at(1.0 / 60))))
        s.runtime.storeChanged(); s.runtime.pump()
        let after = s.terminal.frame
        // The bars are there to keep still (a screen without them would pass the rest).
        #expect(before.row(at: 3).contains("Calls waiting") && before.row(at: 3).contains("█"))
        for y in 3..<7 { #expect(before.row(at: y) == after.row(at: y)) }
        #expect(s.terminal.lastChangeCount <= 6, "\(s.terminal.lastChangeCount) cells changed")
    }

    @Test func actionsOnTheRealStoreAreAuditedAndReceptionistsAreRefused() throws {
        let store = try Clinic.store()
        let task = try #require(try store.snapshot().openTasks.first)
        let sue = StoreSupervisorBackend(store: store, actor: Actor(login: "sue", desk: "office", role: .supervisor))
        #expect(try sue.perform(.bump(taskID: task.id, points: 10), at: Clinic.t0) == [.done("task \(task.id) bumped by 10")])
        #expect(try sue.perform(.sendNote(desk: "front-1", text: "hi"), at: Clinic.t0) == [.done("note sent to front-1")])
        #expect(try store.snapshot().desk("front-1")?.note == "hi")
        let ana = StoreSupervisorBackend(store: store, actor: Actor(login: "ana", desk: "front-1", role: .receptionist))
        #expect(throws: StoreError.self) { try ana.perform(.reassign(taskID: task.id, desk: "front-1"), at: Clinic.t0) }
        let actions = try store.auditTrail(limit: 5).map(\.action)
        #expect(actions.contains("task.bumped") && actions.contains("desk.note") && !actions.contains("task.reassigned"))
    }
}
