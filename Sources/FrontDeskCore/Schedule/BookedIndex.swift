import Foundation

/// Booked appointments arranged for the rules' questions: "what does this provider have on
/// this day", "does this patient have anything then", "how many overbooks today". Built once
/// from the day's snapshot, then kept current one change at a time.
///
/// Only appointments that occupy their slot are in the per-provider and per-patient lists;
/// a cancelled one is kept by id (so it can be looked up) but clashes with nothing.
public struct BookedIndex: Sendable {
    public let timeZone: TimeZone

    private struct ProviderDay: Hashable, Sendable {
        var provider: String
        var day: Int
    }

    private var byID: [Int64: ScheduledAppointment] = [:]
    /// Sorted by start. An appointment is filed under every local day it touches, so a query
    /// looks only at the days its own range touches.
    private var byProviderDay: [ProviderDay: [ScheduledAppointment]] = [:]
    /// Keyed by the day an overbook starts: the cap is per day.
    private var overbooksByProviderDay: [ProviderDay: Int] = [:]
    private var byPatient: [Int64: [ScheduledAppointment]] = [:]

    public init(_ appointments: some Sequence<ScheduledAppointment> = [], timeZone: TimeZone) {
        self.timeZone = timeZone
        byID.reserveCapacity(appointments.underestimatedCount)
        for appointment in appointments {
            if let old = byID.updateValue(appointment, forKey: appointment.id) { unfile(old) }
            if appointment.occupiesSlot { file(appointment, sorted: false) }
        }
        // Sorting each list once beats keeping them sorted through thousands of inserts.
        byProviderDay = byProviderDay.mapValues { $0.sorted(by: Self.earlierFirst) }
        byPatient = byPatient.mapValues { $0.sorted(by: Self.earlierFirst) }
    }

    public var count: Int { byID.count }

    public func appointment(id: Int64) -> ScheduledAppointment? { byID[id] }

    /// Adds the appointment, or puts this version in place of the one with the same id (a
    /// cancellation is a version that no longer occupies its slot).
    public mutating func insert(_ appointment: ScheduledAppointment) {
        if let old = byID.updateValue(appointment, forKey: appointment.id) { unfile(old) }
        if appointment.occupiesSlot { file(appointment, sorted: true) }
    }

    /// The same as `insert`, named for the caller who means an update.
    public mutating func replace(_ appointment: ScheduledAppointment) { insert(appointment) }

    @discardableResult
    public mutating func remove(id: Int64) -> ScheduledAppointment? {
        guard let old = byID.removeValue(forKey: id) else { return nil }
        unfile(old)
        return old
    }

    /// What the provider has that touches the local day `date`, earliest first.
    public func appointments(provider: String, on date: CivilDate) -> [ScheduledAppointment] {
        byProviderDay[ProviderDay(provider: provider, day: date.dayNumber)] ?? []
    }

    /// Every slot-occupying appointment of the patient, earliest first.
    public func appointments(patient: Int64) -> [ScheduledAppointment] { byPatient[patient] ?? [] }

    /// The provider's appointments overlapping `[start, end)`, earliest first.
    public func overlapping(provider: String, start: Date, end: Date, ignoring: Int64? = nil) -> [ScheduledAppointment] {
        var found: [ScheduledAppointment] = []
        forEachOverlap(provider: provider, start: start, end: end, ignoring: ignoring) { found.append($0); return true }
        return found
    }

    /// The patient's appointments, with any provider, overlapping `[start, end)`.
    public func overlapping(patient: Int64, start: Date, end: Date, ignoring: Int64? = nil) -> [ScheduledAppointment] {
        appointments(patient: patient).filter { $0.id != ignoring && $0.overlaps(start, end) }
    }

    /// Overbooks of the provider starting on the local day `date`.
    public func overbookCount(provider: String, on date: CivilDate, ignoring: Int64? = nil) -> Int {
        overbookCount(provider: provider, day: date.dayNumber, ignoring: ignoring)
    }

    func overbookCount(provider: String, day: Int, ignoring: Int64?) -> Int {
        let count = overbooksByProviderDay[ProviderDay(provider: provider, day: day)] ?? 0
        guard let ignored = ignoring.flatMap({ byID[$0] }), ignored.provider == provider,
              ignored.occupiesSlot, ignored.isOverbook, clock.dayNumber(ignored.start) == day else { return count }
        return count - 1
    }

    /// Calls `body` with each overlapping appointment, earliest first, until it returns false.
    private func forEachOverlap(provider: String, start: Date, end: Date, ignoring: Int64?,
                        _ body: (ScheduledAppointment) -> Bool) {
        let days = touchedDays(start, end)
        var seen: Set<Int64> = []
        for day in days {
            for booked in byProviderDay[ProviderDay(provider: provider, day: day)] ?? [] {
                if booked.start >= end { break }
                guard booked.id != ignoring, booked.end > start else { continue }
                if days.count > 1, !seen.insert(booked.id).inserted { continue }
                if !body(booked) { return }
            }
        }
    }

    /// The patient's first appointment overlapping `[start, end)`, without building a list.
    func firstOverlap(patient: Int64, start: Date, end: Date, ignoring: Int64?) -> ScheduledAppointment? {
        for booked in byPatient[patient] ?? [] {
            if booked.start >= end { break }
            if booked.id != ignoring && booked.end > start { return booked }
        }
        return nil
    }

    // MARK: Filing

    private var clock: LocalClock { LocalClock(timeZone: timeZone) }

    private func touchedDays(_ start: Date, _ end: Date) -> ClosedRange<Int> {
        let first = clock.dayNumber(start)
        let last = end > start ? clock.dayNumber(end.addingTimeInterval(-1)) : first
        return first...max(first, last)
    }

    private mutating func file(_ appointment: ScheduledAppointment, sorted: Bool) {
        for day in touchedDays(appointment.start, appointment.end) {
            let key = ProviderDay(provider: appointment.provider, day: day)
            if sorted { Self.insertSorted(appointment, into: &byProviderDay[key, default: []]) }
            else { byProviderDay[key, default: []].append(appointment) }
        }
        if appointment.isOverbook {
            overbooksByProviderDay[ProviderDay(provider: appointment.provider, day: clock.dayNumber(appointment.start)), default: 0] += 1
        }
        if sorted { Self.insertSorted(appointment, into: &byPatient[appointment.patientID, default: []]) }
        else { byPatient[appointment.patientID, default: []].append(appointment) }
    }

    private mutating func unfile(_ appointment: ScheduledAppointment) {
        guard appointment.occupiesSlot else { return }
        for day in touchedDays(appointment.start, appointment.end) {
            let key = ProviderDay(provider: appointment.provider, day: day)
            byProviderDay[key]?.removeAll { $0.id == appointment.id }
            if byProviderDay[key]?.isEmpty == true { byProviderDay[key] = nil }
        }
        if appointment.isOverbook {
            let key = ProviderDay(provider: appointment.provider, day: clock.dayNumber(appointment.start))
            overbooksByProviderDay[key, default: 1] -= 1
            if overbooksByProviderDay[key] == 0 { overbooksByProviderDay[key] = nil }
        }
        byPatient[appointment.patientID]?.removeAll { $0.id == appointment.id }
        if byPatient[appointment.patientID]?.isEmpty == true { byPatient[appointment.patientID] = nil }
    }

    /// Start, then id: a stable order when two appointments start together (an overbook).
    private static func earlierFirst(_ a: ScheduledAppointment, _ b: ScheduledAppointment) -> Bool {
        (a.start, a.id) < (b.start, b.id)
    }

    private static func insertSorted(_ appointment: ScheduledAppointment, into list: inout [ScheduledAppointment]) {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if earlierFirst(list[mid], appointment) { low = mid + 1 } else { high = mid }
        }
        list.insert(appointment, at: low)
    }
}

extension BookedIndex: Equatable {
    /// Two indexes are equal when they hold the same appointments; the lists derive from them.
    public static func == (a: BookedIndex, b: BookedIndex) -> Bool { a.timeZone == b.timeZone && a.byID == b.byID }
}
