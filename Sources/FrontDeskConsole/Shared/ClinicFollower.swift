import Foundation
import FrontDeskCore
import FrontDeskStore

/// The clinic as a console sees it, kept on the worker thread: read whole once (and when the
/// day turns), then patched from the journal, reading only the rows that changed — so one
/// change costs the same on a quiet morning and on a day of a thousand visits.
final class ClinicFollower {
    let store: ClinicStore
    let timeZone: TimeZone
    private(set) var current: ClinicSnapshot?
    /// The last read that failed, in words; cleared by the next good read.
    private(set) var failure: String?

    init(store: ClinicStore, timeZone: TimeZone) { self.store = store; self.timeZone = timeZone }

    enum Outcome: Equatable { case unchanged, changed(ClinicSnapshot), failed(String) }

    /// The first picture, read before a screen starts (its first frame needs it).
    func first(at now: Date) -> ClinicSnapshot {
        if case .changed(let s) = refresh(at: now) { return s }
        return current ?? ClinicSnapshot()
    }

    /// A refresh as a screen's message: the new clinic, the failure, or nil when nothing moved.
    func message<M>(at now: Date, clinic: (ClinicSnapshot) -> M, failed: (String) -> M) -> M? {
        switch refresh(at: now) {
        case .unchanged: return nil
        case .changed(let s): return clinic(s)
        case .failed(let why): return failed(why)
        }
    }

    /// Brings the picture up to date at `now`.
    func refresh(at now: Date) -> Outcome {
        do {
            let fresh: ClinicSnapshot
            if let c = current, let day = c.day, day.contains(now) {
                fresh = try store.refresh(c)
                if fresh.sequence == c.sequence && failure == nil { return .unchanged }
            } else {
                fresh = try store.snapshot(dayOf: now, in: timeZone)
            }
            current = fresh
            failure = nil
            return .changed(fresh)
        } catch {
            let text = "\(error)"
            if failure == text { return .unchanged }
            failure = text
            return .failed(text)
        }
    }
}
