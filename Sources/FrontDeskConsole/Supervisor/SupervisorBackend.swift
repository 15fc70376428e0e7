import Foundation
import FrontDeskCore
import FrontDeskStore

/// The supervisor's effects on the shared store, on the worker thread. The store checks the
/// role again (and audits), so the screen is not the only guard.
public final class StoreSupervisorBackend: ConsoleBackend {
    public let store: ClinicStore
    public let actor: Actor
    private let follower: ClinicFollower
    private let timeZone: TimeZone
    private let limits: BreachLimits

    public init(store: ClinicStore, actor: Actor, timeZone: TimeZone = .current, limits: BreachLimits = BreachLimits()) {
        self.store = store; self.actor = actor; self.timeZone = timeZone; self.limits = limits
        follower = ClinicFollower(store: store, timeZone: timeZone)
    }

    /// The first picture, read before the screen starts (the first frame needs it).
    public func initialClinic(at now: Date) -> ClinicSnapshot { follower.first(at: now) }

    /// When and in which five-minute bucket today's figures were last read. The trends move
    /// with the clock, so a new bucket reads them again even when nothing else changed; and a
    /// busy day's changes read them at most every `todayEvery` seconds (on 400 visits the read
    /// costs about what two snapshots do: `frontdesk-bench report`).
    private var todayBucket: Int?
    private var todayAt: Date?
    static let todayEvery: TimeInterval = 15

    public func refresh(at now: Date) -> SupervisorMessage? {
        let bucket = Int((now.timeIntervalSince1970 / TodayTrends.bucket).rounded(.down))
        let newBar = todayBucket != bucket
        // On a change: at most every `todayEvery`; with no change: only when a new bar begins.
        let dueOnChange = newBar || todayAt.map { now.timeIntervalSince($0) >= Self.todayEvery || now < $0 } ?? true
        if let m = follower.message(at: now, clinic: { clinic -> SupervisorMessage in
            .clinicAndOutbox(clinic, try? store.outboxStatus(), today: dueOnChange ? today(at: now, bucket: bucket) : nil)
        }, failed: { .readFailed($0) }) { return m }
        guard newBar, let clinic = follower.current else { return nil }
        return .clinicAndOutbox(clinic, try? store.outboxStatus(), today: today(at: now, bucket: bucket))
    }

    /// Today so far: the day report's own figures and the last hours' trends, read with the
    /// picture (a day's rows, never the whole history).
    private func today(at now: Date, bucket: Int) -> TodaySoFar? {
        todayBucket = bucket
        todayAt = now
        return (try? store.dayFlow(CivilDate(now, in: timeZone), timeZone: timeZone)).map { TodaySoFar.compute($0, now: now, limits: limits) }
    }

    public func isBusy(_ error: Error) -> Bool { (error as? StoreError) == .busy }
    public func failure(_ effect: SupervisorEffect, _ error: Error) -> SupervisorMessage { .failed("\(error)") }

    /// One action; the reply tells the supervisor what happened.
    public func perform(_ effect: SupervisorEffect, at now: Date) throws -> [SupervisorMessage] {
        switch effect {
        case .reassign(let id, let desk):
            try store.reassign(taskID: id, toDesk: desk, by: actor, now: now)
            return [.done("task \(id) reassigned to \(desk)")]
        case .bump(let id, let points):
            try store.bump(taskID: id, points: points, by: actor, now: now)
            return [.done("task \(id) bumped by \(Int(points))")]
        case .sendNote(let desk, let text):
            try store.sendNote(toDesk: desk, text: text, by: actor, now: now)
            return [.done(text == nil ? "note on \(desk) cleared" : "note sent to \(desk)")]
        case .bell, .quit:
            return []
        }
    }
}
