import Foundation
import FrontDeskCore
@testable import FrontDeskConsole
import FrontDeskStore
import TerminalUI

/// The clinic of `Clinic.store()` with a calendar: Dr Patel (15-minute slots, a meeting on
/// Monday 11:30–12:00), Dr Lee (20-minute mornings) and Dr Kim (Monday to Thursday from 09:00).
/// The imported visits of the morning fall under their providers by name.
enum ScheduleClinic {
    static let admin = Actor(login: "adm", desk: "office", role: .admin)
    static let source = """
    time_zone = "UTC"

    [[type]]
    code = "follow-up"
    name = "Follow-up"
    minutes = 15

    [[type]]
    code = "new"
    name = "New patient"
    minutes = 30

    [[provider]]
    id = "patel"
    name = "Dr Patel"
    slot_minutes = 15
    horizon_days = 60
    mon = ["08:00-12:00", "13:00-17:00"]
    tue = ["08:00-12:00", "13:00-17:00"]
    wed = ["08:00-12:00", "13:00-17:00"]
    thu = ["08:00-12:00", "13:00-17:00"]
    fri = ["08:00-12:00"]
    blocks = [{ days = ["mon"], from = "11:30", to = "12:00", reason = "Team meeting" }]

    [[provider]]
    id = "lee"
    name = "Dr Lee"
    slot_minutes = 20
    mon = ["08:00-12:00"]
    tue = ["08:00-12:00"]
    wed = ["08:00-12:00"]
    thu = ["08:00-12:00"]
    fri = ["08:00-12:00"]

    [[provider]]
    id = "kim"
    name = "Dr Kim"
    slot_minutes = 15
    types = ["follow-up"]
    mon = ["09:00-12:00"]
    tue = ["09:00-12:00"]
    wed = ["09:00-12:00"]
    thu = ["09:00-12:00"]
    """

    static func store() throws -> ClinicStore {
        let store = try Clinic.store(waitingCalls: false)
        try store.loadCalendar(source: source, file: "clinic.toml", by: admin, now: Clinic.at(-200))
        return store
    }

    static func at(_ h: Int, _ m: Int = 0, day: Int = 2) -> Date {
        Clinic.utc.date(CivilDate(year: 2026, month: 3, day: day)!, at: TimeOfDay(h, m))
    }
}

/// The schedule screen on a real store, driven by scripted keys into a `MemoryTerminal`, the
/// worker inline so every effect is done before the next key.
final class ScheduleSession {
    let store: ClinicStore
    let terminal: MemoryTerminal
    let runtime: ConsoleRuntime<ScheduleProgram>

    init(_ store: ClinicStore, actor: Actor = Clinic.ana, width: Int = 80, height: Int = 24, date: CivilDate? = nil, provider: String? = nil,
         now: Date = Clinic.t0, pendingFind: SlotQuery? = nil, siteProviders: Set<String>? = nil) {
        self.store = store
        terminal = MemoryTerminal(width: width, height: height)
        var state = ScheduleState(calendar: try! store.calendar(), now: now, date: date, provider: provider,
                                  user: actor.login, role: actor.role, width: width, height: height)
        state.pendingFind = pendingFind
        state.siteProviders = siteProviders
        runtime = ConsoleRuntime<ScheduleProgram>(state: state, backend: StoreScheduleBackend(store: store, actor: actor),
                                                  terminal: terminal, threaded: false, clock: { now })
        runtime.send(.event(.started(now)))
    }

    var state: ScheduleState { runtime.state }
    var screen: String { terminal.text }
    /// The writes the keys asked for (without the reads: the days on screen, patient searches).
    var writes: [ScheduleEffect] {
        runtime.performed.filter {
            switch $0 { case .show, .searchPatients: return false; default: return true }
        }
    }
    /// The screen's row that starts with a time, e.g. "10:15".
    func row(_ time: String) -> String {
        (0..<terminal.height).map { terminal.frame.row(at: $0) }.first { $0.dropFirst(1).hasPrefix(time) } ?? ""
    }

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
    func press(_ key: Key) { runtime.send(.event(.key(key))) }

    /// Another process wrote; the screen notices as its watcher would.
    func outside(_ body: (ClinicStore) throws -> Void) rethrows {
        try body(store)
        runtime.storeChanged()
        runtime.pump()
    }

    func pid(_ mrn: String) -> Int64 { try! store.patient(mrn: mrn)!.id }
    /// Moves the cursor down to the line starting at `time` in the current column.
    func down(to time: String) {
        for _ in 0..<60 where state.selectedLine?.time.text != time { press(.down) }
    }

    /// Moves the cursor up to the first line at `time`.
    func up(to time: String) {
        for _ in 0..<60 where state.selectedLine?.time.text != time { press(.up) }
    }
}
