import Foundation
import FrontDeskCore
import FrontDeskStore

/// The schedule's effects on the shared store, on the worker thread: every write is one of
/// the store's schedule transactions (the rules run there, against what is committed), and
/// the days on screen are read again whenever the journal moves — another desk's booking
/// shows here within the watcher's wake-up.
public final class StoreScheduleBackend: ConsoleBackend {
    public let store: ClinicStore
    public let actor: Actor
    private var window: ScheduleWindow?
    private var loaded: (window: ScheduleWindow, sequence: Int64)?
    private var failure: String?

    public init(store: ClinicStore, actor: Actor) { self.store = store; self.actor = actor }

    public func isBusy(_ error: Error) -> Bool { (error as? StoreError) == .busy }

    /// A refusal in the store's own words; a slot just taken also names the next free one.
    public func failure(_ effect: ScheduleEffect, _ error: Error) -> ScheduleMessage {
        if let refused = error as? BookingRefused { return .refused(effect, refused.description, nextFree: refused.nextFree.first) }
        return .refused(effect, "\(error)", nextFree: nil)
    }

    public func perform(_ effect: ScheduleEffect, at now: Date) throws -> [ScheduleMessage] {
        switch effect {
        case .show(let w):
            window = w
            return []
        case .searchPatients(let query):
            // An MRN typed as it is printed finds its patient first; then the tolerant search.
            let exact = try store.patient(mrn: query) ?? store.patient(mrn: query.uppercased())
            let found = try store.searchPatients(query, limit: 20).filter { $0.id != exact?.id }
            return [.patients(query: query, (exact.map { [$0] } ?? []) + found)]
        case .book(let b):
            return [.booked(try store.book(b, by: actor, now: now))]
        case let .findNext(query, after):
            let slots = try store.openSlots(query, limit: 50, now: now)
            return [.found(slots.first { after == nil || $0.start > after! } ?? slots.first)]
        case let .reschedule(id, start, provider):
            return [.rescheduled(from: id, to: try store.rescheduleAppointment(id: id, to: start, provider: provider, by: actor, now: now))]
        case let .cancel(id, reason):
            try store.cancelAppointment(id: id, reason: reason, by: actor, now: now)
            return try store.appointment(id: id).map { [.cancelled($0)] } ?? []
        case .rebook(let id):
            return [.booked(try store.rebook(id: id, by: actor, now: now))]
        case .noShow(let id):
            try store.markNoShow(id: id, by: actor, now: now)
            return try store.appointment(id: id).map { [.markedNoShow($0)] } ?? []
        case let .waitlist(patientID, provider, type, before, part):
            let entry = try store.addToWaitlist(patientID: patientID, provider: provider, type: type, before: before,
                                                partOfDay: part, note: nil, by: actor, now: now)
            return [.waitlisted(entry: entry)]
        case .bell, .quit:
            return []
        }
    }

    /// The days on screen, when the journal moved or the window changed since the last read.
    public func refresh(at now: Date) -> ScheduleMessage? {
        guard let window else { return nil }
        do {
            // The sequence first: a commit between the two reads is read again next time.
            let sequence = try store.lastSequence()
            if let loaded, loaded.window == window, loaded.sequence == sequence, failure == nil { return nil }
            let calendar = try store.calendar()
            var days: [CivilDate: [Appointment]] = [:]
            for d in window.dates { days[d] = try store.appointments(on: d) }
            loaded = (window, sequence)
            failure = nil
            return .loaded(ScheduleData(calendar: calendar, days: days, sequence: sequence))
        } catch {
            let text = "\(error)"
            if failure == text { return nil }
            failure = text
            return .readFailed(text)
        }
    }
}
