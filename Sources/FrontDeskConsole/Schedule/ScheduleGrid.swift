import Foundation
import FrontDeskCore
import FrontDeskStore

/// Where a line sits in a column: its wall-clock minute and, when several share that minute
/// (an overbook, a cancelled booking under a new one), its place among them.
public struct LineKey: Hashable, Comparable, Sendable {
    public var minute: Int
    public var ordinal: Int
    public init(minute: Int, ordinal: Int = 0) { self.minute = minute; self.ordinal = ordinal }
    public static func < (a: LineKey, b: LineKey) -> Bool { (a.minute, a.ordinal) < (b.minute, b.ordinal) }
}

/// One line of a provider's day: a slot of the grid, open or blocked, or an appointment.
public struct ScheduleLine: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A grid slot nothing holds: `b` books it, `r` moves an appointment here.
        case open
        /// Not bookable: a weekly block, time away, a holiday (the reason).
        case blocked(String)
        /// An appointment that holds its time, on the line where it starts.
        case appointment(Appointment)
        /// A later slot the same appointment still covers.
        case continued(Appointment)
        /// Cancelled, a no-show, left: shown where it was, the time free again.
        case freed(Appointment)
        /// The provider does not work this day.
        case closed(String)
    }

    public var key: LineKey
    public var start: Date
    public var minutes: Int
    public var kind: Kind

    public var time: TimeOfDay { TimeOfDay(minutes: key.minute) }

    /// The appointment the line is about, if any.
    public var appointment: Appointment? {
        switch kind {
        case .appointment(let a), .continued(let a), .freed(let a): return a
        default: return nil
        }
    }

    public var isOpen: Bool { kind == .open }
}

/// A provider's day as lines, read from the calendar's data and the day's appointments: a
/// pure mapping for the screen. Whether a slot can really be booked is the rules' answer,
/// given by the store when `b` or `r` asks (a refusal says why).
public enum ScheduleGrid {
    /// Statuses that free their time, as the store's booked index counts them.

    public static func lines(_ provider: ProviderSchedule, on date: CivilDate, appointments: [Appointment],
                             calendar: ClinicCalendar, today: CivilDate? = nil) -> [ScheduleLine] {
        let zone = calendar.timeZone
        let mine = appointments.filter { $0.providerID == provider.id }
            .map { (a: $0, minute: zone.stamp($0.start).time.minutes) }
        let slot = max(1, provider.slotMinutes)
        var grid: [Int] = []
        for range in provider.hours(on: date.weekday) {
            var t = range.start.minutes
            while t + slot <= range.end.minutes { grid.append(t); t += slot }
        }
        if grid.isEmpty && mine.isEmpty {
            let why = calendar.holiday(on: date).map { "clinic closed (\($0.name))" }
                ?? "\(provider.displayName) does not work on \(date.weekday.name)s"
            return [ScheduleLine(key: LineKey(minute: 0), start: date.start(in: zone), minutes: 0, kind: .closed(why))]
        }
        let holding = mine.filter { $0.a.status.holdsItsTime }
        let onGrid = Set(grid)
        let holiday = calendar.holiday(on: date)
        var lines: [ScheduleLine] = []
        for minute in Set(grid + mine.map(\.minute)).sorted() {
            let start = zone.date(date, at: TimeOfDay(minutes: minute))
            var ordinal = 0
            func add(_ kind: ScheduleLine.Kind, minutes: Int) {
                lines.append(ScheduleLine(key: LineKey(minute: minute, ordinal: ordinal), start: start, minutes: minutes, kind: kind))
                ordinal += 1
            }
            let starting = holding.filter { $0.minute == minute }
            for s in starting { add(.appointment(s.a), minutes: s.a.minutes) }
            if starting.isEmpty {
                if let covering = holding.first(where: { $0.a.start < start && $0.a.end > start }) {
                    add(.continued(covering.a), minutes: slot)
                } else if onGrid.contains(minute) {
                    // The rules' horizon too: a day beyond it is never offered as open.
                    let beyond = today.map { date.dayNumber - $0.dayNumber > provider.bookingHorizonDays } == true
                        ? "beyond the \(provider.bookingHorizonDays)-day booking horizon" : nil
                    if let reason = holiday.map({ "clinic closed (\($0.name))" }) ?? beyond
                        ?? blockReason(provider, date: date, minute: minute, start: start, slot: slot) {
                        add(.blocked(reason), minutes: slot)
                    } else {
                        add(.open, minutes: slot)
                    }
                }
            }
            for f in mine where f.minute == minute && !f.a.status.holdsItsTime { add(.freed(f.a), minutes: f.a.minutes) }
        }
        return lines
    }

    /// The provider's own blocks over this slot (lunch, a meeting, time away).
    static func blockReason(_ p: ProviderSchedule, date: CivilDate, minute: Int, start: Date, slot: Int) -> String? {
        let end = start.addingTimeInterval(TimeInterval(slot * 60))
        if let weekly = p.weeklyBlocks.first(where: { $0.weekdays.contains(date.weekday) && $0.range.overlaps(TimeOfDay(minutes: minute), minutes: slot) }) {
            return weekly.reason
        }
        return p.oneOffBlocks.first { $0.start < end && $0.end > start }?.reason
    }

    /// Monday to Sunday around `date`: the days the provider works or has appointments,
    /// and `date` itself always.
    public static func week(of date: CivilDate, provider: ProviderSchedule, appointments: [CivilDate: [Appointment]]) -> [CivilDate] {
        let monday = date.adding(days: -((date.weekday.rawValue + 5) % 7))
        return (0..<7).map { monday.adding(days: $0) }.filter { d in
            d == date || !provider.hours(on: d.weekday).isEmpty || (appointments[d] ?? []).contains { $0.providerID == provider.id }
        }
    }
}

/// How much of a patient's name this screen may show: the access table decides, and the
/// domain's `NameDisclosure` renders it.
enum ScheduleNames {
    static func disclosure(for role: Role) -> NameDisclosure {
        AccessPolicy.allows(role, .viewPatients) ? .full : .none
    }

    /// The appointment's patient as `disclosure` allows ("booked" when it allows nothing).
    static func shown(_ a: Appointment, _ disclosure: NameDisclosure) -> String {
        // The store lists the name "Family, Given"; the disclosure rule works on a patient.
        let parts = a.patientName.components(separatedBy: ", ")
        let patient = Patient(id: a.patientID, mrn: a.mrn, familyName: parts[0],
                              givenName: parts.count > 1 ? parts.dropFirst().joined(separator: ", ") : "")
        let name = disclosure.render(patient)
        return name.isEmpty ? "booked" : name
    }
}
