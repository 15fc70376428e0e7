import Foundation
import FrontDeskCore
import FrontDeskStore

/// `frontdesk-bench report [visits]`: what the day report and the supervisor's "today so far"
/// cost on a busy day played through the store (default 400 visits: arrivals, check-ins,
/// rooming, done; three calls a visit, a fifth of them abandoned; work set aside and resumed
/// at each answered call), against a console's full snapshot and its per-change refresh,
/// measured in the same run. `--history DAYS` books that many earlier days of the same size
/// first, so the read is measured with the history a clinic builds up (the day's rows only
/// should be read, whatever lies before them).
enum ReportBench {
    static let zone = TimeZone(identifier: "UTC")!
    static let desk = Actor(login: "bench", desk: "bench-1", role: .receptionist)

    static func run(_ args: [String]) throws {
        let visits = args.first.flatMap(Int.init) ?? 400
        let history = args.firstIndex(of: "--history").flatMap { args.index(after: $0) < args.endIndex ? Int(args[args.index(after: $0)]) : nil } ?? 0
        let path = StoreBench.tempPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let store = try ClinicStore.create(path: path)
        let day = CivilDate(year: 2026, month: 6, day: 1)!
        let open = zone.date(day, at: TimeOfDay(7, 0))
        func at(_ minute: Double) -> Date { open.addingTimeInterval(minute * 60) }
        let patients = (0..<visits).map { Patient(id: 0, mrn: "B\($0)", familyName: "Bench", givenName: "\($0)", dateOfBirth: "1980-01-01") }
        let appointments = (0..<visits).map { i in
            AppointmentRecord(ref: "R\(i)", at: at(Double(i) * 600 / Double(visits)), mrn: "B\(i)", provider: "Dr \(i % 8)", reason: "Visit")
        }
        _ = try store.importClinic(patients: patients, appointments: appointments, by: desk, now: at(-60))
        for back in stride(from: history, to: 0, by: -1) {
            let earlier = (0..<visits).map { i in
                AppointmentRecord(ref: "H\(back)-\(i)", at: at(Double(i) * 600 / Double(visits) - Double(back) * 1440), mrn: "B\(i)",
                                  provider: "Dr \(i % 8)", reason: "Visit")
            }
            _ = try store.importClinic(patients: [], appointments: earlier, by: desk, now: at(-60 - Double(back) * 1440))
        }
        let started = Date()
        let ids = Dictionary(uniqueKeysWithValues: try store.snapshot(dayOf: at(0), in: zone).visits.compactMap { v in v.appointmentRef.map { ($0, v.id) } })
        var call = 0
        for i in 0..<visits {
            let t = Double(i) * 600 / Double(visits)
            try store.apply(TimedEvent(.patientArrived(appointment: "R\(i)")), by: desk, now: at(t - 3))
            guard let id = ids["R\(i)"] else { continue }
            try store.start(.openCheckIn(visitID: id), at: desk.desk, by: desk, now: at(t - 2))
            for k in 0..<3 {
                call += 1
                let c = "c\(call)", rang = t - 2 + Double(k) * 0.3
                try store.apply(TimedEvent(.callRinging(call: c, from: "555-\(call % 10_000)", name: nil, reason: nil, queue: nil)), by: desk, now: at(rang))
                if call % 5 == 0 {
                    try store.apply(TimedEvent(.callAbandoned(call: c)), by: desk, now: at(rang + 0.5))
                } else if k == 0 {
                    try store.start(.answer(callID: c), at: desk.desk, by: desk, now: at(rang + 0.2))
                    _ = try store.endCall(id: c, outcome: .informationGiven, note: nil, by: desk, now: at(rang + 0.25))
                    if let task = try store.snapshot(dayOf: at(t), in: zone).tasks.first(where: { $0.visitID == id && $0.kind == .checkIn && $0.state == .suspended }) {
                        try store.start(.take(taskID: task.id), at: desk.desk, by: desk, now: at(rang + 0.26))
                    }
                } else {
                    try store.apply(TimedEvent(.callEnded(call: c, reason: "elsewhere")), by: desk, now: at(rang + 0.4))
                }
            }
            try store.checkIn(visitID: id, by: desk, now: at(t - 1))
            try store.setVisitStatus(visitID: id, to: .roomed, room: "\(i % 20 + 1)", by: desk, now: at(t + 10))
            try store.setVisitStatus(visitID: id, to: .withProvider, by: desk, now: at(t + 12))
            try store.setVisitStatus(visitID: id, to: .done, by: desk, now: at(t + 30))
        }
        let now = at(660)
        let flow = try store.dayFlow(day, timeZone: zone)
        print(String(format: "day: %d visits, %d calls, %d tasks, %d visit steps (played in %.0f s); %d earlier days of %d bookings before it",
                     flow.visits.count, flow.calls.count, flow.tasks.count, flow.visits.map(\.steps.count).reduce(0, +),
                     Date().timeIntervalSince(started), history, visits))

        func ms(_ n: Int, _ body: () throws -> Void) rethrows -> [Double] {
            try (0..<n).map { _ in
                let s = DispatchTime.now().uptimeNanoseconds
                try body()
                return Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6
            }.sorted()
        }
        func p(_ v: [Double], _ q: Double) -> Double { v[min(v.count - 1, Int(Double(v.count) * q))] }
        let snapshot = try ms(30) { _ = try store.snapshot(dayOf: now, in: zone) }
        // What a console does on each change: patch its picture from the journal.
        var picture = try store.snapshot(dayOf: now, in: zone)
        var perChange: [Double] = []
        for k in 0..<30 {
            try store.apply(TimedEvent(.callRinging(call: "r\(k)", from: "555-9\(k)", name: nil, reason: nil, queue: nil)), by: desk, now: now)
            let s0 = DispatchTime.now().uptimeNanoseconds
            picture = try store.refresh(picture)
            perChange.append(Double(DispatchTime.now().uptimeNanoseconds - s0) / 1e6)
        }
        perChange.sort()
        let read = try ms(30) { _ = try store.dayFlow(day, timeZone: zone) }
        let compute = ms(30) { _ = DayReport.compute(flow, now: now) }
        let trends = ms(30) { _ = TodayTrends.compute(flow, now: now, callWaitLimit: 120, lobbyWaitLimit: 1200) }
        let base = p(snapshot, 0.5)
        for (name, v) in [("full snapshot (start-up, new day)", snapshot), ("refresh after one change", perChange),
                          ("day flow read", read), ("day report compute", compute), ("trends compute", trends)] {
            print(name.padding(toLength: 36, withPad: " ", startingAt: 0)
                  + String(format: "p50 %7.2f ms   p99 %7.2f ms   %.2f× the full snapshot", p(v, 0.5), p(v, 0.99), p(v, 0.5) / base))
        }
        if ProcessInfo.processInfo.environment["FRONTDESK_BENCH_KEEP"] == "1" { print("kept: \(path)") } else {
            try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        }
    }
}
