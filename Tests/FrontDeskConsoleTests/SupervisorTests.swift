import Foundation
import Testing
import FrontDeskCore
import FrontDeskConsole
@testable import FrontDeskStore
import TerminalUI

@Suite("Supervisor console")
struct SupervisorTests {
    func state(_ clinic: ClinicSnapshot = Clinic.snapshot(), role: Role = .supervisor, width: Int = 80, height: Int = 24) -> SupervisorState {
        var s = SupervisorState(clinic: clinic, now: Clinic.t0, user: "sue", role: role, width: width, height: height)
        s.timeZone = TimeZone(identifier: "UTC")!
        return s
    }

    func screen(_ s: SupervisorState) -> String {
        var grid = Grid(width: s.width, height: s.height)
        render(s, into: &grid)
        return grid.text
    }

    @Test func theScreenShowsDesksBreachesAndTheRankedQueueWithWhy() {
        let desks = [Desk(name: "front-1", user: "ana", activeTaskID: 102, note: "lunch at 12"), Desk(name: "front-2", user: "ben")]
        var tasks = Clinic.tasks()
        tasks[1].state = .active; tasks[1].desk = "front-1"
        let text = screen(state(Clinic.snapshot(tasks: tasks, desks: desks), width: 120, height: 30))
        #expect(text.contains("front-1") && text.contains("ana") && text.contains("Schedule follow-up Nguyen"))
        #expect(text.contains("lunch at 12"))
        #expect(text.contains("Lobby 3, longest 1h10"), "\(text)")
        // The overdue callback and the 70-minute walk-in are breaches.
        #expect(text.contains("callback overdue") && text.contains("long lobby wait"), "\(text)")
        #expect(text.contains("Queue across desks"))
        #expect(text.contains("waited"), "the queue's why is missing:\n\(text)")
        // Outside text is inert: the hostile caller name cannot reach the terminal.
        #expect(!text.contains("\u{1B}"))
    }

    @Test func reassignBumpAndNoteBecomeEffectsAndBadInputChangesNothing() {
        var s = state(Clinic.snapshot(desks: [Desk(name: "front-1"), Desk(name: "front-2")]))
        let first = s.rankedQueue[0].id
        #expect(update(&s, .key(.char("b"))) == [.bump(taskID: first, points: 10)])
        _ = update(&s, .key(.char("r")))
        for c in "nowhere" { _ = update(&s, .key(.char(c))) }
        #expect(update(&s, .key(.enter)) == [])
        #expect(s.banner == "no desk named nowhere" && s.prompt != nil)
        _ = update(&s, .key(.escape))
        _ = update(&s, .key(.char("r")))
        for c in "front-2" { _ = update(&s, .key(.char(c))) }
        #expect(update(&s, .key(.enter)) == [.reassign(taskID: first, desk: "front-2")])
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.char("m")))
        for c in "call Mr N back" { _ = update(&s, .key(.char(c))) }
        #expect(update(&s, .key(.enter)) == [.sendNote(desk: "front-1", text: "call Mr N back")])
    }

    @Test func aRoleWithoutTheActionIsToldWhy() {
        var s = state(role: .receptionist)
        #expect(update(&s, .key(.char("b"))) == [])
        #expect(s.banner == AccessPolicy.refusal(.receptionist, .bumpTask))
        #expect(!screen(s).contains("bump +10"))
    }

    @Test func questionMarkShowsEveryKeyFromTheSameTableAndEscClosesIt() {
        var s = state()
        _ = update(&s, .key(.char("?")))
        let shown = screen(s)
        #expect(shown.contains("Help"))
        for binding in s.keymap.bindings { #expect(shown.contains(binding.help), "\(binding.help)") }
        _ = update(&s, .key(.char("r")))          // keys do nothing while help is up
        #expect(s.prompt == nil)
        _ = update(&s, .key(.escape))
        #expect(!screen(s).contains("select the row above"))
    }

    @Test func theBellRingsOncePerNewBreach() {
        var s = state(Clinic.snapshot(tasks: []))
        let before = s.breaches.count
        var clinic = s.clinic
        clinic.tasks.append(DeskTask(id: 900, kind: .emergency, title: "Collapse in lobby", createdAt: Clinic.at(0)))
        #expect(update(&s, .snapshot(clinic)) == [.bell])
        #expect(s.breaches.count == before + 1 && s.breaches[0].kind == .emergency)
        #expect(update(&s, .tick(Clinic.at(0.1))) == [])
        s.bellEnabled = false
        clinic.tasks.append(DeskTask(id: 901, kind: .emergency, title: "Second", createdAt: Clinic.at(1)))
        #expect(update(&s, .snapshot(clinic)) == [])
    }

    @Test func anIdleTickChangesFewCells() {
        let s0 = state(width: 120, height: 30)
        var s1 = s0
        _ = update(&s1, .tick(Clinic.at(1.0 / 60)))
        var a = Grid(width: 120, height: 30), b = Grid(width: 120, height: 30)
        render(s0, into: &a); render(s1, into: &b)
        let changed = b.changes(since: a).count
        #expect(changed <= 6, "an idle second changed \(changed) cells")
    }

    @Test func actionsOnTheRealStoreAreAuditedAndReceptionistsAreRefused() throws {
        let store = try ClinicStore.temporary()
        try store.registerDesk(name: "front-1", user: "ana", now: Clinic.t0)
        try store.apply(TimedEvent(.callRinging(call: "c1", from: "555", name: nil, reason: nil, queue: nil)),
                        by: Actor(login: "feed", desk: "pbx", role: .receptionist), now: Clinic.t0)
        let task = try #require(try store.snapshot().openTasks.first)
        let sue = StoreSupervisorBackend(store: store, actor: Actor(login: "sue", desk: "office", role: .supervisor))
        #expect(sue.perform(.bump(taskID: task.id, points: 10), at: Clinic.t0) == .done("task \(task.id) bumped by 10"))
        #expect(sue.perform(.sendNote(desk: "front-1", text: "hi"), at: Clinic.t0) == .done("note sent to front-1"))
        #expect(try store.snapshot().desk("front-1")?.note == "hi")
        let ana = StoreSupervisorBackend(store: store, actor: Actor(login: "ana", desk: "front-1", role: .receptionist))
        guard case .failed(let why)? = ana.perform(.reassign(taskID: task.id, desk: "front-1"), at: Clinic.t0) else {
            Issue.record("a receptionist reassigned a task"); return
        }
        #expect(why.contains("not allowed"))
        let actions = try store.auditTrail(limit: 5).map(\.action)
        #expect(actions.contains("task.bumped") && actions.contains("desk.note") && !actions.contains("task.reassigned"))
    }
}
