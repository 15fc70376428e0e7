import Foundation
import FrontDeskCore
import FrontDeskConsole
import TerminalUI

/// A small clinic at 10:00 UTC on a fixed day, built from the model types directly.
enum Clinic {
    static let t0 = Date(timeIntervalSince1970: 1_772_445_600)   // 2026-03-02 10:00 UTC
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
    static let desk = "front-1"

    static func patients() -> [Int64: Patient] {
        let list = [
            Patient(id: 1, mrn: "M001", familyName: "Okafor", givenName: "Chidi", phone: "555-0101", interpreter: "Igbo"),
            Patient(id: 2, mrn: "M002", familyName: "Lindqvist", givenName: "Ana", phone: "555-0102"),
            Patient(id: 3, mrn: "M003", familyName: "Nguyen", givenName: "Bao", phone: "555-0103", accessibility: "wheelchair"),
            Patient(id: 4, mrn: "M004", familyName: "Evil\u{1B}[2J\u{1B}]0;x\u{07}", givenName: "Eve\u{202E}", phone: "555-0104"),
            Patient(id: 5, mrn: "M005", familyName: "Tanaka", givenName: "田中", phone: "555-0105"),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
    }

    static func visits() -> [Visit] {
        var insOpen = ReadinessCheck.allOpen(since: at(-40))
        insOpen[1].state = .done
        let allDone = ReadinessItem.allCases.map { ReadinessCheck(item: $0, state: .done, since: at(-60)) }
        return [
            Visit(id: 11, ticket: "A-001", patientID: 1, provider: "Dr Patel", appointmentAt: at(-30), status: .arrived,
                  statusSince: at(-35), arrivedAt: at(-35), readiness: insOpen),
            Visit(id: 12, ticket: "A-002", patientID: 2, provider: "Dr Lee", appointmentAt: at(-20), status: .checkedIn,
                  statusSince: at(-18), arrivedAt: at(-32), readiness: allDone),
            Visit(id: 13, ticket: "A-003", patientID: 3, provider: "Dr Patel", appointmentAt: at(15), status: .scheduled,
                  statusSince: at(-120), readiness: ReadinessCheck.allOpen(since: at(-120))),
            Visit(id: 14, ticket: "W-001", patientID: 4, provider: "Dr Lee", appointmentAt: nil, walkIn: true, status: .arrived,
                  statusSince: at(-70), arrivedAt: at(-70), readiness: ReadinessCheck.allOpen(since: at(-70))),
            Visit(id: 15, ticket: "A-004", patientID: 5, provider: "Dr Lee", appointmentAt: at(-60), status: .withProvider,
                  statusSince: at(-10), arrivedAt: at(-45), readiness: allDone),
            Visit(id: 16, ticket: "A-005", patientID: 2, provider: "Dr Patel", appointmentAt: at(-90), status: .done,
                  statusSince: at(-30), arrivedAt: at(-95), readiness: allDone),
        ]
    }

    static func calls() -> [Call] {
        [
            Call(id: "c1", from: "555-0101", reason: "reschedule", arrivedAt: at(-2.5), patientID: 1),
            Call(id: "c2", from: "555-9999", callerName: "Pharmacy\u{1B}[31m", reason: "refill", arrivedAt: at(-0.75)),
            Call(id: "c0", from: "555-0102", state: .ended, arrivedAt: at(-40), answeredAt: at(-39.5), endedAt: at(-35), desk: "front-2"),
            Call(id: "cx", from: "555-0000", state: .abandoned, arrivedAt: at(-30), endedAt: at(-28)),
        ]
    }

    static func tasks() -> [DeskTask] {
        [
            DeskTask(id: 101, kind: .callback, title: "Call back Lindqvist re: results", createdAt: at(-50), dueAt: at(-5), patientID: 2),
            DeskTask(id: 102, kind: .providerRequest, title: "Schedule follow-up Nguyen", createdAt: at(-25), patientID: 3),
            DeskTask(id: 103, kind: .insuranceVerification, title: "Verify insurance Nguyen", createdAt: at(-15), dueAt: at(15), patientID: 3, visitID: 13),
        ]
    }

    static func snapshot(calls: [Call]? = nil, tasks: [DeskTask]? = nil, desks: [Desk]? = nil) -> ClinicSnapshot {
        ClinicSnapshot(patients: patients(), visits: visits(), calls: calls ?? Clinic.calls(), tasks: tasks ?? Clinic.tasks(),
                       desks: desks ?? [Desk(name: desk, user: "ana")], sequence: 1)
    }

    static func state(_ clinic: ClinicSnapshot = snapshot(), width: Int = 80, height: Int = 24) -> DeskState {
        var s = DeskState(clinic: clinic, now: t0, deskName: desk, user: "ana", width: width, height: height)
        s.timeZone = TimeZone(identifier: "UTC")!
        return s
    }
}

/// A desk wired to an in-memory backend and a `MemoryTerminal`: scripted keys in, screen and effects out.
final class DeskSession {
    let backend: InMemoryDeskBackend
    let terminal: MemoryTerminal
    let runtime: DeskRuntime<InMemoryDeskBackend>
    private(set) var effects: [DeskEffect] = []

    init(_ clinic: ClinicSnapshot = Clinic.snapshot(), width: Int = 80, height: Int = 24) {
        backend = InMemoryDeskBackend(clinic)
        terminal = MemoryTerminal(width: width, height: height)
        runtime = DeskRuntime(state: Clinic.state(clinic, width: width, height: height), backend: backend, terminal: terminal)
        runtime.redraw()
    }

    var state: DeskState { runtime.state }
    var screen: String { terminal.text }

    /// Sends keys one by one; "\n" is Enter, "\u{1B}" Esc, "\t" Tab.
    func type(_ keys: String) {
        for c in keys {
            switch c {
            case "\n": press(.enter)
            case "\u{1B}": press(.escape)
            case "\t": press(.tab)
            default: press(.char(c))
            }
        }
    }

    func press(_ key: Key) {
        var probe = runtime.state
        effects += update(&probe, .key(key))
        runtime.send(.key(key))
    }

    func tick(_ minutes: Double) { runtime.send(.tick(Clinic.at(minutes))) }

    /// Another process changed the clinic (a call fed in, another desk's claim).
    func outside(_ body: (inout ClinicSnapshot) -> Void) {
        backend.change(body)
        runtime.send(.snapshot(backend.snapshot()))
    }
}
