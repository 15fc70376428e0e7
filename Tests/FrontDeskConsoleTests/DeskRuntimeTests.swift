import Foundation
import Testing
import FrontDeskCore
import FrontDeskConsole
import TerminalUI

/// Events for `DeskRuntime.run`: each step either returns an event or lets something
/// happen in the world (another process writing) and returns nothing, as a quiet poll does.
final class ScriptedEvents: DeskEventSource {
    enum Step { case event(TerminalEvent), world(() -> Void) }
    private var steps: [Step]
    init(_ steps: [Step]) { self.steps = steps }
    func nextEvent(timeout: TimeInterval) -> TerminalEvent? {
        guard !steps.isEmpty else { return .hangup }
        switch steps.removeFirst() {
        case .event(let e): return e
        case .world(let change): change(); return nil
        }
    }
}

@Suite("Desk runtime")
struct DeskRuntimeTests {
    @Test("a change written by another process shows without a key press")
    func liveChange() {
        let backend = InMemoryDeskBackend(Clinic.snapshot())
        let terminal = MemoryTerminal()
        var seen = ""
        let runtime = DeskRuntime(state: Clinic.state(), backend: backend, terminal: terminal, clock: { Clinic.t0 })
        let events = ScriptedEvents([
            .world { backend.change { $0.calls.append(Call(id: "fed", from: "555-4242", reason: "new call", arrivedAt: Clinic.t0)) } },
            .world { seen = terminal.text },
            .event(.key(.char("q"))),
        ])
        runtime.run(events: events)
        #expect(seen.contains("555-4242"))
        #expect(runtime.isFinished)
    }

    @Test("a hang-up mid-prompt suspends the active task so nothing is lost")
    func hangup() {
        let backend = InMemoryDeskBackend(Clinic.snapshot())
        let runtime = DeskRuntime(state: Clinic.state(), backend: backend, terminal: MemoryTerminal(), clock: { Clinic.t0 })
        runtime.run(events: ScriptedEvents([.event(.key(.char("c"))), .event(.key(.escape)), .event(.key(.char("!"))), .event(.key(.char("x"))), .event(.hangup)]))
        #expect(runtime.isFinished)
        let checkIn = backend.clinic.tasks.first { $0.kind == .checkIn }
        #expect(checkIn?.state == .suspended && checkIn?.context?.note == "desk closed")
        #expect(!backend.clinic.tasks.contains { $0.kind == .emergency })
    }

    @Test("resize arrives as a message and the next frame has the new size")
    func resize() {
        let terminal = MemoryTerminal()
        let runtime = DeskRuntime(state: Clinic.state(), backend: InMemoryDeskBackend(Clinic.snapshot()), terminal: terminal, clock: { Clinic.t0 })
        terminal.resize(width: 100, height: 30)
        runtime.run(events: ScriptedEvents([.event(.resize(width: 100, height: 30)), .event(.key(.char("q")))]))
        #expect(terminal.frame.width == 100 && terminal.frame.height == 30 && runtime.state.width == 100)
    }
}
