import Foundation

extension SimulationRun {
    static func minutes(_ seconds: [TaskKind: TimeInterval]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: seconds.map { ($0.key.rawValue, $0.value / 60) })
    }

    func report() -> SimulationReport {
        let end = now
        let started = { (id: Int64) in self.work[id]?.firstStart ?? end }
        let all = tasks.values
        let lobby = all.filter { $0.kind == .checkIn }.map { started($0.id) - work[$0.id]!.arrivedAt }
        let phone = WallboardFigures.compute(calls: calls, at: date(end))
        let emergencies = all.filter { $0.kind == .emergency }.map { started($0.id) - work[$0.id]!.arrivedAt }
        let ages = episodes.map { ($0.end ?? end) - $0.start }
        func late(_ t: DeskTask) -> Bool { t.dueAt.map { date(started(t.id)) > $0 } ?? false }
        return SimulationReport(
            policy: sim.policy.rawValue, profile: sim.day.profile, seed: sim.day.seed, desks: sim.desks,
            lobbyWait: .init(p50: SimulationReport.percentile(lobby, 0.5), p90: SimulationReport.percentile(lobby, 0.9),
                             max: lobby.max() ?? 0),
            phone: .init(asa: phone.averageSpeedOfAnswer, serviceLevel: phone.serviceLevel, abandonRate: phone.abandonRate,
                         answered: phone.answered, abandoned: phone.abandoned),
            callbacksOverdue: all.filter { $0.kind == .callback && late($0) }.count,
            insuranceLate: all.filter { $0.kind == .insuranceVerification && late($0) }.count,
            suspendedAge: .init(p90: SimulationReport.percentile(ages, 0.9), max: ages.max() ?? 0),
            neverResumed: episodes.filter { $0.end == nil }.count,
            suspensions: episodes.count,
            emergencyResponse: .init(max: emergencies.max() ?? 0),
            tasksArrived: tasks.count,
            tasksDone: all.filter { $0.state == .done }.count,
            tasksLeftOpen: all.filter { $0.state.isOpen }.count,
            callbacks: all.filter { $0.kind == .callback }.count,
            minutesOverloaded: Int(secondsOverloaded / 60),
            deskMinutes: .init(all: Self.minutes(deskSeconds), whilePatientsWait: Self.minutes(deskSecondsWhilePatientsWait)))
    }
}
