import Foundation

/// How the day went: the flow report's figures, computed once from a `DayFlow`, for every
/// format (text, CSV, JSON, HTML) and the supervisor's "today so far".
///
/// Definitions (docs/reports.md says the same):
/// - *lobby wait*: arrival until roomed — or until the patient left (no longer in the lobby),
///   or until `asOf` while still waiting; *arrival → roomed* counts only the roomed.
/// - *late arrival*: arrived more than `Visit.punctualitySlack` after the appointment time.
/// - percentiles are nearest-rank (p90 of n values is the ⌈0.9·n⌉-th smallest).
/// - *short abandon*: a call hung up within `shortAbandon` seconds (a wrong number, a caller
///   who thought better of it); kept apart and out of the service level, as call centres do.
/// - *service level*: calls answered within `serviceTarget` ÷ (calls offered − short abandons).
/// - *ASA*: mean time to answer of answered calls.
/// - a *suspension* runs from `task.suspended` (or a reclaim, `task.lease-expired`) until the
///   task is resumed or claimed again, or closed as it lay (the work was dealt with another
///   way — `closedWhileSuspended`); one *never resumed* was still lying suspended at midnight
///   (today: `stillSuspended`, not yet a failure).
public struct DayReport: Codable, Equatable, Sendable {
    public static let serviceTarget: TimeInterval = 30
    public static let shortAbandon: TimeInterval = 10

    public struct VisitLine: Codable, Equatable, Sendable {
        public var id: Int64
        public var ticket: String
        /// Only in a report asked for with names (`redacted()` takes them out).
        public var patient: String?
        public var mrn: String?
        public var provider: String
        public var appointmentAt: Date?
        public var status: VisitStatus
        public var arrival: Date?
        public var checkIn: Date?
        public var roomed: Date?
        public var withProvider: Date?
        public var done: Date?
        public var late: Bool
        /// Minutes between the steps, where both happened.
        public var arrivalToCheckIn: Int?
        public var checkInToRoomed: Int?
        public var roomedToProvider: Int?
        public var providerToDone: Int?
        public var arrivalToRoomed: Int?
        /// Readiness items still open when the patient was roomed.
        public var openAtRoomed: [ReadinessItem]
    }

    public struct Flow: Codable, Equatable, Sendable {
        public var name: String
        public var byStatus: [String: Int]
        public var visits: Int
        public var noShows: Int
        public var lateArrivals: Int
        public var lobbyWaitP50: Int?
        public var lobbyWaitP90: Int?
        public var arrivalToRoomedP50: Int?
        public var arrivalToRoomedP90: Int?
        /// Per readiness item, how many patients were roomed with it still open.
        public var openAtRoomed: [String: Int]
    }

    public struct PhoneHour: Codable, Equatable, Sendable {
        public var hour: Int
        public var offered: Int
        public var answered: Int
        public var abandoned: Int
        public var shortAbandoned: Int
        /// 0…1; nil with no call that counts.
        public var serviceLevel: Double?
        public var asaSeconds: Int?
        public var longestWaitSeconds: Int
    }

    public struct DeskInterruptions: Codable, Equatable, Sendable {
        public var desk: String
        public var suspensions: Int
        public var resumptions: Int
        public var longestSuspendedSeconds: Int
        public var p90SuspendedSeconds: Int?
        /// Tasks taken back from this desk when its console stopped renewing its lease.
        public var reclaimed: Int
    }

    public struct Suspension: Codable, Equatable, Sendable {
        public var desk: String
        public var taskID: Int64
        public var from: Date
        public var to: Date
        /// False when the task was closed as it lay, or is (or was at midnight) still aside.
        public var resumed: Bool
        /// Closed as it lay (dealt with another way): not resumed, but not forgotten either.
        public var closed: Bool = false
        /// Still aside as the figures end, on a day not yet over (not yet a failure).
        public var aside: Bool = false
    }

    public struct Emergency: Codable, Equatable, Sendable {
        public var taskID: Int64
        public var raisedAt: Date
        public var responseSeconds: Int?
    }

    public var day: String
    public var timeZone: String
    /// The end of what the figures cover: midnight for a past day, now for today.
    public var asOf: Date
    public var visits: [VisitLine]
    public var providers: [Flow]
    public var clinic: Flow
    public var phoneHours: [PhoneHour]
    public var phone: PhoneHour
    public var callbacksMade: Int
    public var callbacksOverdue: Int
    public var desks: [DeskInterruptions]
    public var suspensions: [Suspension]
    public var resumptions: Int
    public var longestSuspendedSeconds: Int
    public var p90SuspendedSeconds: Int?
    public var reclaimed: Int
    public var neverResumed: Int
    public var stillSuspended: Int
    public var closedWhileSuspended: Int
    public var emergencies: [Emergency]
    /// Patients arriving in each hour of `hours`.
    public var arrivalsPerHour: [Int]
    /// Mean lobby wait (seconds) of the patients who arrived in each hour of `hours`.
    public var lobbyWaitPerHour: [Int?]
    /// The clock hours the day's activity spans (first to last, inclusive).
    public var hours: [Int]

    public static func compute(_ flow: DayFlow, now: Date) -> DayReport {
        let asOf = min(flow.end, max(now, flow.start))
        // The clinic's clock hours, by the schedule's own local clock (DST included).
        func hour(_ d: Date) -> Int { flow.timeZone.stamp(d).time.minutes / 60 }
        func secs(_ t: TimeInterval) -> Int { Int(t.rounded()) }
        func minutes(_ a: Date?, _ b: Date?) -> Int? {
            guard let a, let b else { return nil }
            return Int((b.timeIntervalSince(a) / 60).rounded())
        }

        // Visits.
        var lines: [VisitLine] = []
        var lobbyWaits: [Int64: TimeInterval] = [:]
        for v in flow.visits.sorted(by: { ($0.appointmentAt ?? $0.arrivedAt ?? .distantFuture, $0.id) < ($1.appointmentAt ?? $1.arrivedAt ?? .distantFuture, $1.id) }) {
            let arrival = v.arrivedAt ?? v.first(.arrived)
            let checkIn = v.first(.checkedIn), roomed = v.first(.roomed), provider = v.first(.withProvider)
            let done = v.first(.done)
            let late = arrival.map { a in v.appointmentAt.map { !v.walkIn && a.timeIntervalSince($0) > Visit.punctualitySlack } ?? false } ?? false
            let open: [ReadinessItem] = roomed.map { r in
                ReadinessItem.allCases.filter { item in
                    guard let entry = v.readiness[item] else { return false }
                    return entry.state == .open || entry.since > r
                }
            } ?? []
            if let arrival {
                let leftLobby = roomed ?? v.steps.first { [.leftWithoutBeingSeen, .cancelled, .done, .noShow].contains($0.status) && $0.at >= arrival }?.at
                lobbyWaits[v.id] = max(0, (leftLobby ?? asOf).timeIntervalSince(arrival))
            }
            lines.append(VisitLine(id: v.id, ticket: v.ticket, patient: v.patientName, mrn: v.mrn, provider: v.provider,
                                   appointmentAt: v.appointmentAt, status: v.status, arrival: arrival, checkIn: checkIn,
                                   roomed: roomed, withProvider: provider, done: done, late: late,
                                   arrivalToCheckIn: minutes(arrival, checkIn), checkInToRoomed: minutes(checkIn, roomed),
                                   roomedToProvider: minutes(roomed, provider), providerToDone: minutes(provider, done),
                                   arrivalToRoomed: minutes(arrival, roomed), openAtRoomed: open))
        }
        func summary(_ name: String, _ vs: [DayFlow.VisitFlow]) -> Flow {
            var byStatus: [String: Int] = [:]
            for v in vs { byStatus[v.status.rawValue, default: 0] += 1 }
            let ids = Set(vs.map(\.id))
            let mine = lines.filter { ids.contains($0.id) }
            let waits = vs.compactMap { lobbyWaits[$0.id] }.map(secs)
            let toRoom = mine.compactMap { l in l.roomed.flatMap { r in l.arrival.map { secs(r.timeIntervalSince($0)) } } }
            var open: [String: Int] = [:]
            for l in mine { for item in l.openAtRoomed { open[item.rawValue, default: 0] += 1 } }
            return Flow(name: name, byStatus: byStatus, visits: vs.count, noShows: vs.filter { $0.status == .noShow }.count,
                        lateArrivals: mine.filter(\.late).count,
                        lobbyWaitP50: percentile(waits, 0.5), lobbyWaitP90: percentile(waits, 0.9),
                        arrivalToRoomedP50: percentile(toRoom, 0.5), arrivalToRoomedP90: percentile(toRoom, 0.9), openAtRoomed: open)
        }
        let providers = Dictionary(grouping: flow.visits, by: \.provider).sorted { $0.key < $1.key }
            .map { summary($0.key.isEmpty ? "No provider yet" : $0.key, $0.value) }

        // Phone.
        func phoneFigures(_ hour: Int, _ calls: [DayFlow.CallFlow]) -> PhoneHour {
            var answered = 0, abandoned = 0, short = 0, inTarget = 0, longest: TimeInterval = 0
            var toAnswer: [TimeInterval] = []
            for c in calls {
                let wait = (c.answeredAt ?? c.endedAt ?? asOf).timeIntervalSince(c.arrivedAt)
                longest = max(longest, wait)
                if let a = c.answeredAt {
                    answered += 1
                    toAnswer.append(a.timeIntervalSince(c.arrivedAt))
                    if a.timeIntervalSince(c.arrivedAt) <= serviceTarget { inTarget += 1 }
                } else if c.state == .abandoned {
                    abandoned += 1
                    if (c.endedAt ?? asOf).timeIntervalSince(c.arrivedAt) <= shortAbandon { short += 1 }
                }
            }
            let counted = calls.count - short
            return PhoneHour(hour: hour, offered: calls.count, answered: answered, abandoned: abandoned, shortAbandoned: short,
                             serviceLevel: counted > 0 ? Double(inTarget) / Double(counted) : nil,
                             asaSeconds: toAnswer.isEmpty ? nil : secs(toAnswer.reduce(0, +) / Double(toAnswer.count)),
                             longestWaitSeconds: secs(longest))
        }
        let activity = flow.calls.map(\.arrivedAt) + flow.visits.compactMap { $0.arrivedAt ?? $0.first(.arrived) }
        let hours = activity.isEmpty ? [] : Array(activity.map(hour).min()!...activity.map(hour).max()!)
        let byHour = Dictionary(grouping: flow.calls) { hour($0.arrivedAt) }
        let phoneHours = hours.map { phoneFigures($0, byHour[$0] ?? []) }

        // Callbacks: made = closed done that day; overdue = due that day and not closed by its due time.
        let callbacks = flow.tasks.filter { $0.kind == .callback }
        let made = callbacks.filter { $0.state == .done && ($0.closedAt.map { $0 >= flow.start && $0 < flow.end } ?? false) }.count
        let overdue = callbacks.filter { t in
            guard let due = t.dueAt, due < asOf, due >= flow.start else { return false }
            return (t.closedAt ?? asOf) > due
        }.count

        // Interruptions.
        var suspensions: [Suspension] = []
        var resumptionsByDesk: [String: Int] = [:], suspendedByDesk: [String: Int] = [:], reclaimedByDesk: [String: Int] = [:]
        var never = 0, still = 0, closedAside = 0
        for t in flow.tasks {
            var open: (desk: String, from: Date)?
            for step in t.steps {
                switch step.event {
                case "task.suspended", "task.lease-expired":
                    let desk = step.desk ?? "?"
                    if step.event == "task.suspended" { suspendedByDesk[desk, default: 0] += 1 } else { reclaimedByDesk[desk, default: 0] += 1 }
                    if open == nil { open = (desk, step.at) }
                case "task.resumed", "task.claimed":
                    if let o = open {
                        suspensions.append(Suspension(desk: o.desk, taskID: t.id, from: o.from, to: step.at, resumed: true))
                        resumptionsByDesk[step.desk ?? o.desk, default: 0] += 1
                        open = nil
                    }
                case "task.done", "task.cancelled":
                    if let o = open {
                        suspensions.append(Suspension(desk: o.desk, taskID: t.id, from: o.from, to: step.at, resumed: false, closed: true))
                        closedAside += 1
                        open = nil
                    }
                default: break
                }
            }
            if let o = open {
                suspensions.append(Suspension(desk: o.desk, taskID: t.id, from: o.from, to: asOf, resumed: false, aside: asOf < flow.end))
                if asOf >= flow.end { never += 1 } else { still += 1 }
            }
        }
        let lengths = suspensions.map { secs($0.to.timeIntervalSince($0.from)) }
        let deskNames = Set(suspensions.map(\.desk)).union(suspendedByDesk.keys).union(reclaimedByDesk.keys).union(resumptionsByDesk.keys).sorted()
        let desks = deskNames.map { d in
            let mine = suspensions.filter { $0.desk == d }.map { secs($0.to.timeIntervalSince($0.from)) }
            return DeskInterruptions(desk: d, suspensions: suspendedByDesk[d] ?? 0, resumptions: resumptionsByDesk[d] ?? 0,
                                     longestSuspendedSeconds: mine.max() ?? 0, p90SuspendedSeconds: percentile(mine, 0.9),
                                     reclaimed: reclaimedByDesk[d] ?? 0)
        }
        let emergencies = flow.tasks.filter { $0.kind == .emergency }.sorted { $0.createdAt < $1.createdAt }.map { t in
            Emergency(taskID: t.id, raisedAt: t.createdAt,
                      responseSeconds: t.steps.first { $0.event == "task.claimed" }.map { secs(max(0, $0.at.timeIntervalSince(t.createdAt))) })
        }

        // Per hour, for the charts.
        let arrivals = hours.map { h in flow.visits.filter { v in (v.arrivedAt ?? v.first(.arrived)).map(hour) == h }.count }
        let waitPerHour: [Int?] = hours.map { h in
            let w = flow.visits.filter { v in (v.arrivedAt ?? v.first(.arrived)).map(hour) == h }.compactMap { lobbyWaits[$0.id] }
            return w.isEmpty ? nil : secs(w.reduce(0, +) / Double(w.count))
        }

        return DayReport(day: flow.day.iso, timeZone: flow.timeZone.identifier, asOf: asOf, visits: lines, providers: providers,
                         clinic: summary("Clinic", flow.visits), phoneHours: phoneHours, phone: phoneFigures(-1, flow.calls),
                         callbacksMade: made, callbacksOverdue: overdue, desks: desks, suspensions: suspensions,
                         resumptions: resumptionsByDesk.values.reduce(0, +), longestSuspendedSeconds: lengths.max() ?? 0,
                         p90SuspendedSeconds: percentile(lengths, 0.9), reclaimed: reclaimedByDesk.values.reduce(0, +),
                         neverResumed: never, stillSuspended: still, closedWhileSuspended: closedAside, emergencies: emergencies,
                         arrivalsPerHour: arrivals, lobbyWaitPerHour: waitPerHour, hours: hours)
    }

    /// The report without who the patients were: tickets and times only.
    public func redacted() -> DayReport {
        var r = self
        r.visits = visits.map { var v = $0; v.patient = nil; v.mrn = nil; return v }
        return r
    }

    /// A duration as the reports and the supervisor write it: "45 s", "12 min", "1 h 05 min", "–".
    public static func duration(_ seconds: Int?) -> String {
        guard let s = seconds else { return "–" }
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        return "\(s / 3600) h \(String(format: "%02d", (s % 3600) / 60)) min"
    }

    /// Nearest-rank percentile; nil for no values.
    public static func percentile(_ values: [Int], _ p: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}

private func percentile(_ values: [Int], _ p: Double) -> Int? { DayReport.percentile(values, p) }
