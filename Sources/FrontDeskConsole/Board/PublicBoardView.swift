import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// The waiting-room display: "Now calling" with the room, the tickets still waiting and an
/// estimated wait. It is drawn from `PublicBoardModel`, which holds tickets, rooms and times
/// only (a first name and last initial only when the clinic opts in).
@discardableResult
public func render(_ model: PublicBoardModel, now: Date, timeZone: TimeZone = .current, into grid: inout Grid) -> (x: Int, y: Int)? {
    grid.fill(grid.bounds)
    guard !TooSmallScreen.isTooSmall(width: grid.width, height: grid.height) else { return nil }
    StatusLine(left: [.init("Welcome — please wait for your number")],
               right: [.init("\(Clock.timeOfDay(now, in: timeZone))")]).render(in: Rect(x: 0, y: 0, width: grid.width, height: 1), into: &grid)

    let half = grid.height / 2
    let calling = Rect(x: 0, y: 1, width: grid.width, height: half)
    Panel(title: "Now calling", isFocused: true).render(in: calling, into: &grid)
    let callInner = Panel.inner(calling)
    if model.nowCalling.isEmpty {
        grid.put("—", x: callInner.x + 2, y: callInner.y, role: .muted)
    }
    for (i, t) in model.nowCalling.prefix(callInner.height).enumerated() {
        let room = t.room.map { "→ Room \($0)" } ?? "→ please come to the desk"
        let name = t.shortName.map { "  \($0)" } ?? ""
        let line: SafeText = "\(i == 0 ? "▶" : " ") \(t.ticket)  \(room)\(name)"
        grid.put(line, x: callInner.x + 2, y: callInner.y + i, role: i == 0 ? .titleFocused : .normal, maxWidth: callInner.width - 2)
    }

    let waitingRect = Rect(x: 0, y: 1 + half, width: grid.width, height: grid.height - 2 - half)
    Panel(title: "Waiting \(model.waiting.count)").render(in: waitingRect, into: &grid)
    let inner = Panel.inner(waitingRect)
    // Tickets flow across the line, as many per row as fit, in arrival order.
    let cellWidth = model.waiting.contains { $0.shortName != nil } ? 24 : 8
    let perRow = max(1, inner.width / cellWidth)
    for (i, t) in model.waiting.prefix(perRow * inner.height).enumerated() {
        let text: SafeText = t.shortName.map { "\(t.ticket) \($0)" } ?? "\(t.ticket)"
        grid.put(text, x: inner.x + 1 + (i % perRow) * cellWidth, y: inner.y + i / perRow, maxWidth: cellWidth - 1)
    }

    let estimate: SafeText = model.estimatedWait.map { "Estimated wait about \(max(5, Int(($0 / 300).rounded()) * 5)) min" }
        ?? "Estimated wait: ask at the desk"
    grid.put(estimate, x: 1, y: grid.height - 1, role: .info, maxWidth: grid.width - 2)
    return nil
}

/// Reads the board's content from the store through its own non-identifying queries.
public final class StoreBoardSource {
    public let store: ClinicStore
    public let showNames: Bool
    public init(store: ClinicStore, showNames: Bool) { self.store = store; self.showNames = showNames }

    /// Today's board at `now` (local midnight starts the day).
    public func model(at now: Date, calendar: Calendar = .current) throws -> PublicBoardModel {
        let dayStart = calendar.startOfDay(for: now)
        let tickets = try store.boardTickets(since: dayStart, showNames: showNames)
        let waits = try store.boardRoomedWaits(since: dayStart)
        return PublicBoardModel.build(tickets, at: now, roomedDurations: waits)
    }

    public var sequence: Int64 { (try? store.lastSequence()) ?? 0 }
}

/// The board's loop: redraw on a store change and once a second (clock, "now calling" expiry);
/// `q` quits. There is no lock: nothing on it identifies a patient.
public final class BoardRuntime {
    let source: StoreBoardSource
    let terminal: Terminal
    let clock: () -> Date
    public init(source: StoreBoardSource, terminal: Terminal, clock: @escaping () -> Date = Date.init) {
        self.source = source; self.terminal = terminal; self.clock = clock
    }

    private var model = PublicBoardModel.build([], at: Date())

    public func redraw(reload: Bool) {
        let now = clock()
        if reload, let fresh = try? source.model(at: now) { model = fresh }
        var grid = Grid(width: terminal.width, height: terminal.height)
        render(model, now: now, into: &grid)
        terminal.draw(grid, cursor: nil)
    }

    public func run(events: DeskEventSource, poll: TimeInterval = 0.5) {
        var seen = source.sequence
        redraw(reload: true)
        var lastSecond = Int(clock().timeIntervalSince1970)
        while true {
            switch events.nextEvent(timeout: poll) {
            case .key(.char("q"))?, .hangup?: return
            case .resize?: redraw(reload: false)
            default: break
            }
            let seq = source.sequence
            let second = Int(clock().timeIntervalSince1970)
            if seq != seen || second != lastSecond {
                redraw(reload: seq != seen || second % 30 == 0)
                seen = seq; lastSecond = second
            }
        }
    }
}
