import Foundation

/// The phone in a simulated day: callers hanging up, ringing again, and the callbacks they
/// are owed — by `CallbackRules`, as the store applies them.
extension SimulationRun {
    func owedCallbacks() -> OpenCallbacks {
        OpenCallbacks(tasks: openCallbacks.compactMap { tasks[$0] }, calls: calls)
    }

    /// Callers whose patience ran out hang up: each is owed a callback (one per caller), and
    /// some ring again later.
    mutating func abandonImpatientCallers() -> [Int64] {
        var created: [Int64] = []
        for id in ringing.sorted() {
            guard var task = tasks[id], task.kind == .call, task.state == .queued, let w = work[id],
                  let patience = w.patience, now - w.arrivedAt >= patience, let c = w.callIndex else { continue }
            task.state = .cancelled
            ringing.remove(id)
            set(task)
            calls[c].state = .abandoned; calls[c].endedAt = date(now)
            if var callback = CallbackRules.afterAbandon(calls[c], patientName: nil, open: owedCallbacks(), at: date(now),
                                                         window: sim.day.config.callbackWindow) {
                callback.id = nextID; nextID += 1
                add(callback, Work(remaining: w.callbackWork ?? 180, arrivedAt: now))
                created.append(callback.id)
            }
            if let again = w.redials.first, now + again.delay < sim.day.config.length {
                let redial = SimulatedDay.Arrival(at: now + again.delay, kind: .call, work: again.work, patience: again.patience,
                                                  callbackWork: again.callbackWork, caller: calls[c].from,
                                                  redials: Array(w.redials.dropFirst()))
                let index = redials.firstIndex { $0.at > redial.at } ?? redials.endIndex
                redials.insert(redial, at: index)
            }
        }
        return created
    }

    /// A desk dials a caller back: they were waiting for this, so they will not ring again.
    mutating func calledBack(_ callback: DeskTask) {
        guard let number = calls.first(where: { $0.id == callback.callID })?.from else { return }
        redials.removeAll { CallerNumber.sameLine($0.caller, number) }
    }

    /// A desk picks up: the call is answered, and it serves the caller's open callbacks.
    mutating func answer(_ task: DeskTask) {
        ringing.remove(task.id)
        guard let c = work[task.id]?.callIndex, let desk = task.desk else { return }
        calls[c].state = .answered; calls[c].answeredAt = date(now); calls[c].desk = desk
        for served in CallbackRules.servedByAnswering(calls[c], at: desk, open: owedCallbacks(), rules: lifecycle) {
            set(served)
            if work[served.id]?.firstStart == nil { work[served.id]?.firstStart = now }
            if let e = openEpisode.removeValue(forKey: served.id) { episodes[e].end = now }
            forgetAt[served.id] = nil
        }
    }
}
