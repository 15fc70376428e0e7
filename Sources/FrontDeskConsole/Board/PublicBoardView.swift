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
        // The room under its own name ("Room 2", "Exam 3", "Lab"): a bare number reads "Room 2".
        let room = t.room.map { "→ \(RoomName.label($0))" } ?? "→ please come to the desk"
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
public final class StoreBoardSource: ConsoleBackend {
    public let store: ClinicStore
    public let showNames: Bool
    /// The site whose lobby this is (nil: a clinic without sites).
    public let site: String?
    private var seen: Int64 = -1
    private var builtAt = Date.distantPast

    public init(store: ClinicStore, showNames: Bool, site: String? = nil) { self.store = store; self.showNames = showNames; self.site = site }

    /// Today's board at `now` (local midnight starts the day).
    public func model(at now: Date, calendar: Calendar = .current) throws -> PublicBoardModel {
        let dayStart = calendar.startOfDay(for: now)
        let tickets = try store.boardTickets(since: dayStart, showNames: showNames, site: site)
        let waits = try store.boardRoomedWaits(since: dayStart, site: site)
        return PublicBoardModel.build(tickets, at: now, roomedDurations: waits)
    }

    /// Rebuilt when the store moved, and every few seconds ("now calling" expires with time).
    public func refresh(at now: Date) -> BoardProgram.Message? {
        let seq = (try? store.lastSequence()) ?? seen
        guard seq != seen || now.timeIntervalSince(builtAt) >= 10, let m = try? model(at: now) else { return nil }
        seen = seq; builtAt = now
        return .model(m)
    }

    public func heartbeat(at now: Date) {}
    public func perform(_ effect: BoardProgram.Effect, at now: Date) throws -> [BoardProgram.Message] { [] }
    /// The board hands the worker nothing (quit is the runtime's own), so nothing can fail.
    public func failure(_ effect: BoardProgram.Effect, _ error: Error) -> BoardProgram.Message { .model(PublicBoardModel.build([], at: Date())) }
    public func isBusy(_ error: Error) -> Bool { false }
}

/// The lobby board as a program for the one console runtime: it only shows what the store
/// says and quits on `q`. There is no lock: nothing on it identifies a patient.
public enum BoardProgram: ConsoleProgram {
    public struct State: Equatable, Sendable {
        public var model: PublicBoardModel
        public var now: Date
        public var timeZone: TimeZone
        public init(model: PublicBoardModel = PublicBoardModel.build([], at: Date()), now: Date, timeZone: TimeZone = .current) {
            self.model = model; self.now = now; self.timeZone = timeZone
        }
    }
    public enum Message: Equatable, Sendable { case event(ConsoleEvent), model(PublicBoardModel) }
    public enum Effect: Equatable, Sendable { case quit }

    public static let keymap = Keymap<Effect>(title: "Board", [KeyBinding([.char("q"), .ctrl("c")], .quit, label: "quit", help: "leave the board", pinned: true)])

    public static func message(_ event: ConsoleEvent) -> Message { .event(event) }
    public static func update(_ state: inout State, _ message: Message) -> [Effect] {
        switch message {
        case .model(let m): state.model = m
        case .event(.started(let now)), .event(.tick(let now)): state.now = now
        case .event(.key(let k)): return keymap.message(for: k).map { [$0] } ?? []
        case .event(.hangup): return [.quit]
        case .event(.resize), .event(.saving): break
        }
        return []
    }
    public static func render(_ state: State, into grid: inout Grid) -> (x: Int, y: Int)? {
        FrontDeskConsole.render(state.model, now: state.now, timeZone: state.timeZone, into: &grid)
    }
    public static func runtimeAction(_ effect: Effect) -> RuntimeAction? { .quit }
}
