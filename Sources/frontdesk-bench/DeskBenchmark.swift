import Foundation
import FrontDeskCore
import TerminalUI
import FrontDeskConsole

/// Figures for the desk's own work per frame, measured in process against a
/// `MemoryTerminal` (no curses, no store): what `frontdesk-bench console` prints beside
/// the real-pty figures. A busy synthetic day: `visits` visits and `calls` calls.
public enum DeskBenchmark {
    /// A synthetic clinic: every fifth visit in the lobby, calls mostly ended, a few waiting.
    public static func clinic(visits: Int, calls: Int, at now: Date) -> ClinicSnapshot {
        var patients: [Int64: Patient] = [:]
        var vs: [Visit] = []
        let providers = ["Dr Patel", "Dr Lee", "Dr Okoye", "Dr Varga", "Dr Silva"]
        let statuses: [VisitStatus] = [.scheduled, .arrived, .checkedIn, .roomed, .withProvider, .done]
        for i in 0..<visits {
            let id = Int64(i + 1)
            patients[id] = Patient(id: id, mrn: "M\(i)", familyName: "Family\(i)", givenName: "Given\(i)", phone: "555-\(10000 + i)")
            let appt = now.addingTimeInterval(Double(i - visits / 2) * 60)
            let status = statuses[i % statuses.count]
            let arrived = status == .scheduled ? nil : appt.addingTimeInterval(Double(i % 20 - 10) * 60)
            vs.append(Visit(id: id, ticket: "A-\(i)", patientID: id, provider: providers[i % providers.count], appointmentAt: appt,
                            status: status, statusSince: arrived ?? appt.addingTimeInterval(-3600), arrivedAt: arrived,
                            readiness: ReadinessCheck.allOpen(since: appt.addingTimeInterval(-7200))))
        }
        var cs: [Call] = []
        for i in 0..<calls {
            let arrived = now.addingTimeInterval(-Double(calls - i) * 30)
            let waiting = i >= calls - 8
            cs.append(Call(id: "c\(i)", from: "555-\(10000 + i)", reason: "reason \(i)", state: waiting ? .waiting : (i % 7 == 0 ? .abandoned : .ended),
                           arrivedAt: arrived, answeredAt: waiting || i % 7 == 0 ? nil : arrived.addingTimeInterval(20),
                           endedAt: waiting ? nil : arrived.addingTimeInterval(200), patientID: Int64(i % max(1, visits) + 1)))
        }
        let tasks = (0..<40).map { i in
            DeskTask(id: Int64(i + 1), kind: [.callback, .providerRequest, .insuranceVerification, .missingDocuments][i % 4],
                     title: "Task \(i)", createdAt: now.addingTimeInterval(-Double(i) * 90))
        }
        return ClinicSnapshot(patients: patients, visits: vs, calls: cs, tasks: tasks, desks: [Desk(name: "bench")], sequence: 1)
    }

    public struct Figures {
        public var firstFrame: TimeInterval
        public var keyP50: TimeInterval
        public var keyP99: TimeInterval
        /// The same, in this thread's CPU time: what the desk itself costs on a busy machine.
        public var keyCPUP50: TimeInterval
        public var keyCPUP99: TimeInterval
        public var tickCellsPerSecond: Double
        /// Estimated terminal output of the idle ticks: per run of changed cells a cursor move
        /// (~8 bytes) and a colour change (~6 bytes), plus the cells' UTF-8.
        public var tickBytesPerSecond: Double
        public var tickTime: TimeInterval
    }

    /// State → first frame; each of `keys` scripted keys → frame; one idle minute of ticks.
    public static func measure(visits: Int = 1000, calls: Int = 200, width: Int = 80, height: Int = 24) -> Figures {
        let t0 = Date(timeIntervalSince1970: 1_772_445_600)
        let clinic = clinic(visits: visits, calls: calls, at: t0)
        let terminal = MemoryTerminal(width: width, height: height)
        let start = DispatchTime.now()
        var state = DeskState(clinic: clinic, now: t0, identity: DeskIdentity(desk: "bench", user: "bench"), width: width, height: height)
        func frame() {
            var grid = Grid(width: width, height: height)
            let cursor = render(state, into: &grid)
            terminal.draw(grid, cursor: cursor)
        }
        frame()
        let firstFrame = seconds(since: start)
        // Moves, pane changes, filters, help open/close: keys that change the screen, none that write.
        let script: [Key] = [.down, .down, .char("j"), .char("k"), .tab, .down, .tab, .down, .backTab, .backTab,
                             .char("o"), .char("p"), .char("s"), .char("?"), .escape, .char("/"), .char("1"), .escape]
        var samples: [TimeInterval] = []
        var cpuSamples: [TimeInterval] = []
        for i in 0..<400 {
            let k = script[i % script.count]
            let s = DispatchTime.now()
            let c = threadCPU()
            _ = update(&state, .event(.key(k)))
            frame()
            samples.append(seconds(since: s))
            cpuSamples.append(threadCPU() - c)
        }
        samples.sort(); cpuSamples.sort()
        var cells = 0
        var bytes = 0
        let tickStart = DispatchTime.now()
        for sec in 1...60 {
            let before = terminal.frame
            _ = update(&state, .event(.tick(t0.addingTimeInterval(Double(sec)))))
            frame()
            cells += terminal.lastChangeCount
            bytes += estimatedBytes(from: before, to: terminal.frame)
        }
        let tickTime = seconds(since: tickStart) / 60
        return Figures(firstFrame: firstFrame, keyP50: samples[samples.count / 2], keyP99: samples[samples.count * 99 / 100],
                       keyCPUP50: cpuSamples[cpuSamples.count / 2], keyCPUP99: cpuSamples[cpuSamples.count * 99 / 100],
                       tickCellsPerSecond: Double(cells) / 60, tickBytesPerSecond: Double(bytes) / 60, tickTime: tickTime)
    }

    static func estimatedBytes(from old: Grid, to new: Grid) -> Int {
        var total = 0
        var lastChanged = (x: -2, y: -1)
        for change in new.changes(since: old) {
            // A new run needs a cursor move and a colour; a continuing run only the text.
            if !(change.y == lastChanged.y && change.x == lastChanged.x + 1) { total += 14 }
            total += change.cell.text.utf8.count
            lastChanged = (change.x, change.y)
        }
        return total
    }

    static func threadCPU() -> TimeInterval {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func seconds(since start: DispatchTime) -> TimeInterval {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The figures as the README quotes them.
    public static func report(visits: Int = 1000, calls: Int = 200) -> String {
        var lines: [String] = []
        for (w, h) in [(80, 24), (160, 50)] {
            let f = measure(visits: visits, calls: calls, width: w, height: h)
            func ms(_ t: TimeInterval) -> String { String(format: "%.2f ms", t * 1000) }
            lines.append("desk \(w)x\(h), \(visits) visits, \(calls) calls (in process, MemoryTerminal):")
            lines.append("  state -> first frame   \(ms(f.firstFrame))")
            lines.append("  key -> frame  p50 \(ms(f.keyP50))  p99 \(ms(f.keyP99))  (CPU p50 \(ms(f.keyCPUP50))  p99 \(ms(f.keyCPUP99)))")
            lines.append("  idle tick: \(String(format: "%.1f", f.tickCellsPerSecond)) cells/s changed, ~\(Int(f.tickBytesPerSecond.rounded())) B/s estimated, \(ms(f.tickTime)) per tick")
        }
        return lines.joined(separator: "\n")
    }
}
