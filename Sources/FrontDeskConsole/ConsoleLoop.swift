import Foundation
import TerminalUI

/// The loop every full-screen console shares (desk, supervisor): terminal events, store
/// changes and a once-a-second clock become calls into the runtime; the idle lock sees keys
/// first and ticks with the clock. One loop, so a fix to how consoles wait, tick or lock
/// lands in all of them.
struct ConsoleLoop {
    var events: DeskEventSource
    var poll: TimeInterval
    var clock: () -> Date
    var lock: ConsoleLock?

    /// Runs until `isFinished()`. `hangup` decides what a dropped terminal means.
    func run(startingAt start: Date, isFinished: () -> Bool, key: (Key) -> Void,
             resize: (Int, Int) -> Void, hangup: () -> Void, storeMoved: () -> Bool,
             reload: () -> Void, tick: (Date) -> Void, redraw: () -> Void) {
        var lastSecond = Int(start.timeIntervalSince1970)
        while !isFinished() {
            switch events.nextEvent(timeout: poll) {
            case .key(let k)?:
                if let lock, lock.handle(k, at: clock()) { redraw() } else { key(k) }
            case .resize(let w, let h)?: resize(w, h)
            case .hangup?: hangup()
            case nil: break
            }
            if isFinished() { break }
            if storeMoved() { reload() }
            let now = clock()
            if Int(now.timeIntervalSince1970) != lastSecond {
                lastSecond = Int(now.timeIntervalSince1970)
                tick(now)
                if let lock, lock.tick(at: now) { redraw() }
            }
        }
    }
}
