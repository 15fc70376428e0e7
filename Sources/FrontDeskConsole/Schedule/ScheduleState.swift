import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// A day with every provider side by side, or one provider's week.
public enum ScheduleMode: Equatable, Sendable { case day, week }

/// The days the screen shows; the backend reads them and re-reads them when the store moves.
public struct ScheduleWindow: Hashable, Sendable {
    public var dates: [CivilDate]
    public init(_ dates: [CivilDate]) { self.dates = dates }
}

/// What the store said about the days on screen, as of one journal sequence.
public struct ScheduleData: Equatable, Sendable {
    public var calendar: ClinicCalendar?
    public var days: [CivilDate: [Appointment]]
    public var sequence: Int64
    public init(calendar: ClinicCalendar?, days: [CivilDate: [Appointment]] = [:], sequence: Int64 = -1) {
        self.calendar = calendar; self.days = days; self.sequence = sequence
    }
}

/// One column of the grid: a provider on a day.
public struct ScheduleColumn: Equatable, Sendable {
    public var provider: ProviderSchedule
    public var date: CivilDate
    public var lines: [ScheduleLine]
}

/// Everything `frontdesk schedule view` draws from. The appointments come from the store;
/// where the cursor is, the prompt and the banner are this console's own.
public struct ScheduleState: Equatable, Sendable {
    // What the columns are built from: each change rebuilds them once, so a frame and a key
    // read the lines instead of laying out every provider's day again.
    public var data: ScheduleData { didSet { rebuild() } }
    public var now: Date
    public var user: String
    public var role: Role
    public var width: Int
    public var height: Int
    public var mode: ScheduleMode = .day { didSet { if mode != oldValue { rebuild() } } }
    public var date: CivilDate { didSet { if date != oldValue { rebuild() } } }
    /// The provider under the cursor (the column in the day view, the week's provider).
    public var providerID: String? { didSet { if providerID != oldValue && mode == .week { rebuild() } } }
    /// Day view: every provider on the date. Week view: the provider's days, without the
    /// freed lines (a week is read at a glance; the day view keeps the history).
    public private(set) var columns: [ScheduleColumn] = []
    /// The line under the cursor in the current column.
    public var cursor: LineKey?
    /// The appointment under the cursor, by id: a refresh that moves lines keeps it selected.
    public var selectedAppointmentID: Int64?
    public var prompt: SchedulePrompt?
    /// The appointment `r` is moving: Enter on an open slot moves it there, Esc keeps it.
    public var moving: Appointment?
    public var showsHelp = false
    /// The last outcome or refusal, one line.
    public var banner: String?
    public var bannerIsError = false
    public var saving = SavingMark()
    public var readFailure: String?
    /// The type last booked or searched for: the next prompt starts on it.
    public var lastType: String?
    /// Opened from the desk with a patient in hand (the caller): booking starts with them.
    public var bookFor: Patient?
    /// Opened from the desk: `q` goes back to it.
    public var fromDesk = false
    /// Opened for a provider's follow-up request: next available is looked up as the screen starts.
    public var pendingFind: SlotQuery?
    /// The first row and column on screen (moved only as far as the cursor needs).
    public var scrollTop = 0
    public var firstColumn = 0
    /// The window last asked of the backend (asked once per change).
    var requested: ScheduleWindow?
    /// Opened from a desk at a site: that site's providers (and those of no site in
    /// particular) are the ones shown, searched and offered; nil: every provider.
    public var siteProviders: Set<String>? {
        didSet {
            data.calendar = Self.restricted(data.calendar, to: siteProviders)
            if provider == nil { providerID = data.calendar?.providers.first?.id }
            rebuild()
        }
    }

    /// `calendar` with only `providers`' schedules (all of them when nil).
    static func restricted(_ calendar: ClinicCalendar?, to providers: Set<String>?) -> ClinicCalendar? {
        guard var calendar, let providers else { return calendar }
        calendar.providers = calendar.providers.filter { providers.contains($0.id) }
        return calendar
    }

    public init(calendar: ClinicCalendar?, now: Date, date: CivilDate? = nil, provider: String? = nil,
                user: String, role: Role, width: Int, height: Int) {
        data = ScheduleData(calendar: calendar)
        self.now = now; self.user = user; self.role = role; self.width = width; self.height = height
        let zone = calendar?.timeZone ?? .current
        self.date = date ?? zone.civilDate(of: now)
        providerID = provider ?? calendar?.providers.first?.id
        rebuild()
    }

    public var timeZone: TimeZone { data.calendar?.timeZone ?? .current }
    public var today: CivilDate { timeZone.civilDate(of: now) }
    public var names: NameDisclosure { ScheduleNames.disclosure(for: role) }

    public var provider: ProviderSchedule? { providerID.flatMap { data.calendar?.provider($0) } }

    /// The days to read: the date, or its whole week (Monday to Sunday).
    public var window: ScheduleWindow {
        switch mode {
        case .day: return ScheduleWindow([date])
        case .week:
            let monday = date.adding(days: -((date.weekday.rawValue + 5) % 7))
            return ScheduleWindow((0..<7).map { monday.adding(days: $0) })
        }
    }

    /// True once the store's answer covers every day on screen.
    public var isLoaded: Bool { data.sequence >= 0 && window.dates.allSatisfy { data.days[$0] != nil } }

    mutating func rebuild() { columns = Self.columns(data, mode: mode, date: date, provider: provider, loaded: isLoaded, today: today) }

    static func columns(_ data: ScheduleData, mode: ScheduleMode, date: CivilDate, provider: ProviderSchedule?,
                        loaded: Bool, today: CivilDate? = nil) -> [ScheduleColumn] {
        guard let calendar = data.calendar, loaded else { return [] }
        switch mode {
        case .day:
            return calendar.providers.map { p in
                ScheduleColumn(provider: p, date: date,
                               lines: ScheduleGrid.lines(p, on: date, appointments: data.days[date] ?? [], calendar: calendar, today: today))
            }
        case .week:
            guard let p = provider else { return [] }
            return ScheduleGrid.week(of: date, provider: p, appointments: data.days).map { d in
                let lines = ScheduleGrid.lines(p, on: d, appointments: data.days[d] ?? [], calendar: calendar, today: today)
                return ScheduleColumn(provider: p, date: d, lines: lines.filter { if case .freed = $0.kind { return false }; return true })
            }
        }
    }

    /// Where the cursor's column is among `columns`.
    func columnIndex(in columns: [ScheduleColumn]) -> Int? {
        switch mode {
        case .day: return columns.firstIndex { $0.provider.id == providerID }
        case .week: return columns.firstIndex { $0.date == date }
        }
    }

    public var currentColumn: ScheduleColumn? {
        let cs = columns
        return columnIndex(in: cs).map { cs[$0] }
    }

    public var selectedLine: ScheduleLine? {
        guard let cursor else { return nil }
        return currentColumn?.lines.first { $0.key == cursor }
    }

    /// The selected appointment, when it still holds its time (what `r`, `x` and `N` act on).
    /// The cancelled or no-show appointment under the cursor (its slot open again).
    public var selectedFreed: Appointment? {
        if case .freed(let a)? = selectedLine?.kind { return a }
        return nil
    }

    public var selectedBooking: Appointment? {
        guard let line = selectedLine else { return nil }
        switch line.kind {
        case .appointment(let a), .continued(let a): return a
        default: return nil
        }
    }

    /// The types the provider sees, in the calendar's order.
    func types(for provider: ProviderSchedule?) -> [AppointmentType] {
        (data.calendar?.types ?? []).filter { provider?.offers($0.code) ?? true }
    }

    mutating func show(_ text: String, error: Bool = false) { banner = text; bannerIsError = error }
}

public enum ScheduleMessage: Equatable, Sendable {
    case event(ConsoleEvent)
    case loaded(ScheduleData)
    case readFailed(String)
    /// Patients matching what was typed in the booking prompt (the query they answer).
    case patients(query: String, [Patient])
    case booked(Appointment)
    case found(OpenSlot?)
    case rescheduled(from: Int64, to: Appointment)
    case cancelled(Appointment)
    case markedNoShow(Appointment)
    case waitlisted(entry: Int64)
    /// The store said no: its words, and for a slot just taken the next free one.
    case refused(ScheduleEffect, String, nextFree: OpenSlot?)
}

/// What the schedule's `update` asks for. Each write is one store transaction.
public enum ScheduleEffect: Equatable, Sendable {
    case show(ScheduleWindow)
    case searchPatients(String)
    case book(Booking)
    /// The first open slot for the query, after `after` when given.
    case findNext(SlotQuery, after: Date?)
    case reschedule(appointmentID: Int64, to: Date, provider: String)
    case cancel(appointmentID: Int64, reason: String)
    case noShow(appointmentID: Int64)
    /// A no-show or cancelled appointment again, at the next free slot (same provider, type).
    case rebook(appointmentID: Int64)
    case waitlist(patientID: Int64, provider: String?, type: String?, before: CivilDate?, part: DayPart)
    case bell
    case quit
}

/// The schedule screen as a program for the one console runtime.
public enum ScheduleProgram: ConsoleProgram {
    public typealias State = ScheduleState
    public typealias Message = ScheduleMessage
    public typealias Effect = ScheduleEffect
    public static func message(_ event: ConsoleEvent) -> ScheduleMessage { .event(event) }
    public static func update(_ state: inout ScheduleState, _ message: ScheduleMessage) -> [ScheduleEffect] {
        state.update(message)
    }
    public static func render(_ state: ScheduleState, into grid: inout Grid) -> (x: Int, y: Int)? {
        renderSchedule(state, into: &grid)
    }
    public static func runtimeAction(_ effect: ScheduleEffect) -> RuntimeAction? {
        switch effect {
        case .quit: return .quit
        case .bell: return .bell
        default: return nil
        }
    }
    /// A newer search replaces one still waiting: only the last thing typed matters.
    public static func supersedes(_ later: ScheduleEffect, _ earlier: ScheduleEffect) -> Bool {
        switch (later, earlier) {
        case (.searchPatients, .searchPatients), (.show, .show): return true
        default: return false
        }
    }
}
