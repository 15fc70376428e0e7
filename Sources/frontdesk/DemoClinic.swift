import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore

/// The demo's clinic and its simulated day. The seeds' appointment times are moved so the
/// clinic is mid-morning now; what the script says happened earlier is replayed at once, and
/// the rest plays live (`speed` times faster). A colleague at desk "Front 2" answers calls
/// that wait too long and walks checked-in patients through the day, so the board keeps
/// moving; the colleague keeps to the wall clock, so a faster day makes a busier desk.
///
/// The live day runs on its own thread; `stop()` wakes it and waits for it to finish, so the
/// demo never exits with a write of the simulation half done. `lock` guards what both touch.
final class DemoClinic: @unchecked Sendable {
    let store: ClinicStore
    let speed: Double
    private let colleague = Actor(login: "demo-colleague", desk: "Front 2", role: .receptionist)
    private let feedActor = Actor(login: "demo-feed", desk: "simulator", role: .receptionist)
    private var events: [TimedEvent] = []
    private let lock = NSCondition()
    private var stopped = false
    private var running = false
    /// Calls the colleague is on, and when each ends.
    private var colleagueCall: (id: String, until: Date)?

    init(store: ClinicStore, speed: Double) {
        self.store = store; self.speed = max(0.1, speed)
    }

    /// Loads the seeds with times shifted so that the 10:30 slot is now. Returns counts.
    func load(seeds: URL, now: Date, seed: UInt64, by actor: Actor) throws -> (patients: Int, appointments: Int) {
        let patients = try AppointmentImport.patients(csv: try String(contentsOf: seeds.appendingPathComponent("patients.csv"), encoding: .utf8))
        let text = try String(contentsOf: seeds.appendingPathComponent("appointments.csv"), encoding: .utf8)
        let parsed = try AppointmentImport.appointments(csv: text, day: now, knownMRNs: Set(patients.map(\.mrn)))
        let calendar = Calendar.current
        let anchor = calendar.date(bySettingHour: 10, minute: 30, second: 0, of: calendar.startOfDay(for: now))!
        // Whole ten minutes, so appointment times still fall on the schedule's grid.
        let shift = (now.timeIntervalSince(anchor) / 600).rounded(.down) * 600
        let appointments = parsed.appointments.map { a -> AppointmentRecord in
            var b = a; b.at = a.at.addingTimeInterval(shift); return b
        }
        let counts = try store.importClinic(patients: patients + parsed.newPatients, appointments: appointments, by: actor, now: now)
        try store.addRooms((1...8).map { "Room \($0)" }, by: actor, now: now)
        let phones = Dictionary(patients.map { ($0.mrn, $0.phone) }, uniquingKeysWith: { a, _ in a })
        let script = appointments.map { ScriptAppointment(ref: $0.ref, at: $0.at, patientMRN: $0.mrn, phone: phones[$0.mrn] ?? nil) }
        let dayStart = calendar.date(bySettingHour: 8, minute: 0, second: 0, of: calendar.startOfDay(for: now))!.addingTimeInterval(shift)
        events = ClinicDayScript.generate(appointments: script, dayStart: dayStart, seed: seed)
        try replayHistory(until: now)
        return counts
    }

    /// Everything the script put before now, applied with its own times, the colleague
    /// doing what a second receptionist would have done meanwhile.
    private func replayHistory(until now: Date) throws {
        let past = Array(events.prefix { ($0.at ?? now) < now })
        events.removeFirst(past.count)
        enum Step { case event(TimedEvent), answer(String), end(String) }
        var steps: [(Date, Int, Step)] = []
        var abandonedAt: [String: Date] = [:]
        for e in past { if case .callAbandoned(let id) = e.event { abandonedAt[id] = e.at } }
        // The colleague takes one call at a time, in the order they rang: each is picked up
        // 10–50 s after it rang or when the call before it ends; a caller still unanswered
        // after `patience` hangs up (and so did any the script says hung up first).
        var answerAt: [String: Date] = [:], gaveUpAt: [String: Date] = [:]
        var busyUntil = Date.distantPast
        let rings = past.compactMap { e -> (id: String, at: Date)? in
            if case .callRinging(let id, _, _, _, _) = e.event { return (id, e.at ?? now) }
            return nil
        }.sorted { $0.at < $1.at }
        for ring in rings {
            let pickUp = max(ring.at.addingTimeInterval(Self.answerDelay(ring.id)), busyUntil)
            if let gaveUp = abandonedAt[ring.id], gaveUp <= pickUp { continue }
            if pickUp.timeIntervalSince(ring.at) > Self.patience {
                gaveUpAt[ring.id] = ring.at.addingTimeInterval(Self.patience)
                continue
            }
            answerAt[ring.id] = pickUp
            busyUntil = pickUp.addingTimeInterval(Self.callLength)
        }
        for e in past {
            let at = e.at ?? now
            switch e.event {
            case .callAbandoned(let id):
                // Kept only when the caller hung up before the colleague picked up.
                if answerAt[id] != nil { continue }
                steps.append((at, steps.count, .event(e)))
            case .callRinging(let id, _, _, _, _):
                steps.append((at, steps.count, .event(e)))
                if let gaveUp = gaveUpAt[id], gaveUp < now {
                    steps.append((gaveUp, steps.count, .event(TimedEvent(.callAbandoned(call: id), at: gaveUp))))
                }
                guard let answer = answerAt[id] else { break }
                let end = answer.addingTimeInterval(Self.callLength)
                if answer < now { steps.append((answer, steps.count, .answer(id))) }
                if end < now { steps.append((end, steps.count, .end(id))) }
            default:
                steps.append((at, steps.count, .event(e)))
            }
        }
        for (at, _, step) in steps.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            switch step {
            case .event(let e): _ = try? store.apply(e, by: feedActor, now: at)
            case .answer(let id): _ = try? store.start(.answer(callID: id), at: colleague.desk, by: colleague, now: at)
            case .end(let id): _ = try? store.endCall(id: id, outcome: .informationGiven, note: nil, by: colleague, now: at)
            }
            try? colleagueVisits(at: at)
        }
        // A call answered in the replay and still going continues in the live part.
        if let open = try? store.snapshot().calls.first(where: { $0.state == .answered && $0.desk == colleague.desk }) {
            colleagueCall = (open.id, (open.answeredAt ?? now).addingTimeInterval(180))
        }
        try? colleagueWork(at: now)
    }

    /// How long a caller waits before hanging up (about two minutes, as callers do) and how
    /// long the colleague's calls last.
    static let patience: TimeInterval = 120
    static let callLength: TimeInterval = 180

    /// 10–50 s, the same for a call id on every run (String.hashValue is seeded per process).
    static func answerDelay(_ id: String) -> TimeInterval {
        TimeInterval(10 + id.unicodeScalars.reduce(0) { ($0 * 31 + Int($1.value)) % 9973 } % 41)
    }

    /// Plays the rest of the day on a background thread until `stop()`.
    func startLive(from start: Date) {
        lock.lock(); running = true; lock.unlock()
        let t = Thread { [self] in
            live(from: start)
            lock.lock(); running = false; lock.broadcast(); lock.unlock()
        }
        t.name = "demo-day"
        t.start()
    }

    /// Stops the live day and waits for its thread to finish (joined, not abandoned).
    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        while running { lock.wait() }
        lock.unlock()
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// Waits up to `seconds`, or until `stop()`.
    private func pause(_ seconds: TimeInterval) {
        lock.lock()
        if !stopped { _ = lock.wait(until: Date().addingTimeInterval(seconds)) }
        lock.unlock()
    }

    private func live(from start: Date) {
        var pending = events[...]
        while !isStopped {
            let now = Date()
            // Script time runs `speed` times faster than the wall clock from `start`.
            let scriptNow = start.addingTimeInterval(now.timeIntervalSince(start) * speed)
            while let e = pending.first, (e.at ?? scriptNow) <= scriptNow {
                pending.removeFirst()
                _ = try? store.apply(TimedEvent(e.event, at: now), by: feedActor, now: now)
            }
            try? colleagueWork(at: now)
            pause(0.5)
        }
    }

    /// The second receptionist: answers a call that has waited over 75 s when free, ends
    /// it after about three minutes; checks in arrivals nobody has taken after 8 minutes;
    /// the clinic rooms checked-in patients after 12 and sees them out 25 minutes later.
    private func colleagueWork(at now: Date) throws {
        // The colleague's console is alive: its lease is renewed as a real console's is, so
        // its call is not reclaimed from it mid-conversation (which the day report would show).
        try? store.renewLease(desk: colleague.desk, now: now)
        let snap = try store.snapshot()
        try colleagueVisits(at: now, snap)
        if let current = colleagueCall, current.until <= now {
            _ = try? store.endCall(id: current.id, outcome: .informationGiven, note: nil, by: colleague, now: now)
            colleagueCall = nil
        }
        if colleagueCall == nil,
           let call = snap.calls.filter({ $0.state.isWaiting && now.timeIntervalSince($0.arrivedAt) > 75 })
               .min(by: { $0.arrivedAt < $1.arrivedAt }),
           (try? store.start(.answer(callID: call.id), at: colleague.desk, by: colleague, now: now)) != nil {
            colleagueCall = (call.id, now.addingTimeInterval(180))
        }
    }

    private func colleagueVisits(at now: Date, _ given: ClinicSnapshot? = nil) throws {
        let snap = try given ?? store.snapshot()
        // Back-office work nobody at this desk took gets done by the colleague within the hour,
        // as it would be in a real office; the live desk sees what is fresh.
        for t in snap.tasks where t.state == .queued && t.desk == nil && t.assignedDesk == nil {
            switch t.kind {
            case .callback, .providerRequest, .insuranceVerification, .missingDocuments:
                guard now.timeIntervalSince(t.createdAt) > 40 * 60 else { break }
                if t.kind == .callback {
                    // The colleague dials it: taken, then what the call came to.
                    if (try? store.start(.take(taskID: t.id), at: colleague.desk, by: colleague, now: now)) != nil {
                        try? store.recordCallbackAttempt(taskID: t.id, result: .reached, note: nil, by: colleague, now: now)
                    }
                } else {
                    try? store.complete(taskID: t.id, by: colleague, now: now)
                }
            default: break
            }
        }
        // A room holds one patient until they leave it: the colleague rooms only into free ones.
        var free = RoomOccupancy.rooms(snap.rooms, visits: snap.visits).filter { $0.holder == nil }.map(\.name)
        for v in snap.visits {
            let waited = now.timeIntervalSince(v.statusSince)
            switch v.status {
            case .arrived where waited > 8 * 60:
                let task = snap.tasks.first { $0.visitID == v.id && $0.kind == .checkIn && $0.state.isOpen }
                if task == nil || task?.state == .queued { try? store.checkIn(visitID: v.id, by: colleague, now: now) }
            case .checkedIn where waited > 12 * 60 && !free.isEmpty:
                try? store.move(visitID: v.id, .room(free.removeFirst()), by: colleague, now: now)
            case .roomed where waited > 5 * 60:
                try? store.setVisitStatus(visitID: v.id, to: .withProvider, by: colleague, now: now)
            case .withProvider where waited > 20 * 60:
                try? store.setVisitStatus(visitID: v.id, to: .done, by: colleague, now: now)
            case .scheduled where v.appointmentAt.map { now.timeIntervalSince($0) > 60 * 60 } ?? false:
                try? store.setVisitStatus(visitID: v.id, to: .noShow, by: colleague, now: now)
            default: break
            }
        }
    }
}
