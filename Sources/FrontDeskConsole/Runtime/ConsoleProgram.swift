import Foundation
import TerminalUI

/// What the runtime itself tells a screen: the loop starting, input, time, size, the link
/// dropping, and how the worker is doing with the writes it was handed.
public enum ConsoleEvent: Equatable, Sendable {
    /// The first message, once, before any key: a screen that must set itself up (a desk
    /// reopening the check-in it was on) does it here, never as a side effect of a read.
    case started(Date)
    case key(Key)
    case tick(Date)
    case resize(width: Int, height: Int)
    /// The terminal went away (SSH dropped). The screen says what to keep; the runtime stops.
    case hangup
    /// Writes handed to the worker and not yet done, and when the oldest was handed over
    /// ("saving…", and for how long the database has kept it waiting).
    case saving(pending: Int, oldestSince: Date?)
}

/// What the runtime does itself rather than hand to the worker.
public enum RuntimeAction: Equatable, Sendable {
    /// Stop once every write handed over before it is done.
    case quit
    case bell
}

/// A screen as a small program (Bubble Tea's Init/Update/View): its state, a pure `update`
/// from a message to effects, and `render` from state to a grid. Effects are values; a
/// `ConsoleBackend` performs them off the UI thread and answers with messages.
public protocol ConsoleProgram {
    associatedtype State
    associatedtype Message: Sendable
    associatedtype Effect: Sendable

    static func message(_ event: ConsoleEvent) -> Message
    static func update(_ state: inout State, _ message: Message) -> [Effect]
    /// Draws the whole frame; returns where the terminal cursor belongs, or nil to hide it.
    static func render(_ state: State, into grid: inout Grid) -> (x: Int, y: Int)?
    /// Effects the runtime handles itself; nil sends the effect to the worker.
    static func runtimeAction(_ effect: Effect) -> RuntimeAction?
    /// True when `later` makes `earlier` pointless if both are still waiting (a newer draft
    /// of the same form): the worker then writes only the later one.
    static func supersedes(_ later: Effect, _ earlier: Effect) -> Bool
}

extension ConsoleProgram {
    public static func supersedes(_ later: Effect, _ earlier: Effect) -> Bool { false }
}

/// Where a screen's effects are performed and its picture of the world comes from. Every
/// method runs on the worker thread (or inline in tests), one call at a time, in order.
public protocol ConsoleBackend<Effect, Message>: AnyObject {
    associatedtype Effect
    associatedtype Message

    /// Performs one effect. Throwing `busy` (see `isBusy`) makes the worker try again later
    /// without losing its place in line; any other error comes back as `failure`.
    func perform(_ effect: Effect, at now: Date) throws -> [Message]
    /// The message a failed effect becomes.
    func failure(_ effect: Effect, _ error: Error) -> Message
    func isBusy(_ error: Error) -> Bool
    /// The world as it is now, if it moved since the last call (nil: nothing new).
    func refresh(at now: Date) -> Message?
    /// Called about once a second on the worker (leases, housekeeping).
    func heartbeat(at now: Date)
}

extension ConsoleBackend {
    public func heartbeat(at now: Date) {}
}
