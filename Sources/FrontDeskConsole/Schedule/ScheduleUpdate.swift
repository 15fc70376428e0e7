import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// What a schedule key asks for. Dispatch, footer and help read the same table.
public enum ScheduleAction: Equatable, Sendable {
    case lineUp, lineDown, columnLeft, columnRight, nextProvider, previousProvider
    case previousDay, nextDay, today, toggleWeek, openDay, moveHere, stopMoving
    case book, find, reschedule, cancel, noShow, rebook, waitlist, help, quit
}

extension ScheduleState {
    /// Actions are offered where they apply and when the role allows them; pressed anyway,
    /// a disabled key says why.
    public var keymap: Keymap<ScheduleAction> {
        let line = selectedLine
        let booking = selectedBooking
        let may = AccessPolicy.refusal(role, .bookAppointments)
        func why(_ what: String) -> String { may ?? what }
        let canWrite = may == nil && isLoaded
        let week = mode == .week
        var bindings: [KeyBinding<ScheduleAction>] = []
        if let moving {
            bindings += [
                // Offered on every line while moving (the footer says how to finish); on a line
                // that is not open it says so.
                KeyBinding([.enter], .moveHere, label: "move here", help: "move \(ScheduleNames.shown(moving, names)) to the open slot here"),
                KeyBinding([.escape], .stopMoving, label: "keep time", help: "stop rescheduling: it keeps its time"),
            ]
        } else if week {
            bindings.append(KeyBinding([.enter], .openDay, label: "day", help: "open the selected day with every provider", inFooter: false))
        }
        bindings += [
            KeyBinding([.char("b")], .book, label: "book", help: "book a patient into the selected open slot",
                       isEnabled: canWrite && moving == nil && line?.isOpen == true, whyDisabled: why("b books an open slot: move to a ·  open line")),
            KeyBinding([.char("f")], .find, label: "find", help: "find the next free slot of a type and go there",
                       isEnabled: may == nil && data.calendar != nil, whyDisabled: may ?? "no calendar is loaded"),
            KeyBinding([.char("r")], .reschedule, label: "reschedule", help: "reschedule: pick an open slot, then Enter",
                       isEnabled: canWrite && moving == nil && booking?.status == .scheduled && booking?.typeCode != nil,
                       whyDisabled: why(booking?.status == .scheduled && booking?.typeCode == nil
                                        ? "imported without a type: x cancels it, b books a new one"
                                        : "r moves a scheduled appointment: select one")),
            KeyBinding([.char("x")], .cancel, label: "cancel", help: "cancel the selected appointment (reason required)",
                       isEnabled: canWrite && moving == nil && booking.map { $0.status.canMove(to: .cancelled) } == true,
                       whyDisabled: why("x cancels a booked appointment: select one")),
            KeyBinding([.char("R")], .rebook, label: "rebook", help: "rebook a no-show or a cancel at the next free slot",
                       isEnabled: canWrite && moving == nil && selectedFreed.map { $0.rescheduledTo == nil } == true,
                       whyDisabled: why("R rebooks a no-show or a cancelled appointment: select one")),
            KeyBinding([.char("N")], .noShow, label: "no-show", help: "mark the selected appointment a no-show",
                       isEnabled: canWrite && moving == nil && booking.map { $0.status.canMove(to: .noShow) } == true,
                       whyDisabled: why("N marks a scheduled appointment a no-show: select one")),
            KeyBinding([.char("W")], .waitlist, label: "waitlist", help: "waitlist the patient for an earlier slot",
                       isEnabled: canWrite && moving == nil && line?.appointment != nil,
                       whyDisabled: why("W waitlists the patient of an appointment: select one")),
            KeyBinding([.char("w")], .toggleWeek, label: week ? "day view" : "week", help: "switch between the day and a provider's week"),
            KeyBinding([.left, .right], .columnRight, label: week ? "day" : "provider",
                       help: week ? "the previous / next day of the week" : "the provider to the left / right"),
            KeyBinding([.tab], .nextProvider, label: "provider", help: "the next provider's week", isEnabled: week, inFooter: week),
            KeyBinding([.backTab], .previousProvider, label: "provider", help: "the previous provider's week", isEnabled: week, inFooter: false),
            KeyBinding([.char("["), .char("]")], .nextDay, label: week ? "week" : "day",
                       help: week ? "the previous / next week" : "the previous / next day"),
            KeyBinding([.pageUp, .pageDown], .nextDay, label: week ? "week" : "day",
                       help: week ? "the previous / next week, as [ and ]" : "the previous / next day, as [ and ]", inFooter: false),
            KeyBinding([.char("t")], .today, label: "today", help: "go to today"),
            KeyBinding([.up, .char("k"), .down, .char("j")], .lineDown, label: "slot", help: "the slot above / below", inFooter: false),
            KeyBinding([.char("?")], .help, label: "help", help: "show every key of this screen (Esc closes)", pinned: true),
            KeyBinding([.char("q"), .ctrl("c")], .quit, label: fromDesk ? "desk" : "quit",
                       help: fromDesk ? "back to the desk, to the work in hand" : "leave the schedule", pinned: true),
        ]
        return Keymap(title: week ? "Schedule — week" : "Schedule — day", bindings)
    }

    /// The command a key sends, with the direction of a two-way binding (← or →, [ or ]).
    static func directed(_ command: ScheduleAction, _ key: Key) -> ScheduleAction {
        switch (command, key) {
        case (.columnRight, .left): return .columnLeft
        case (.nextDay, .char("[")), (.nextDay, .pageUp): return .previousDay
        case (.lineDown, .up), (.lineDown, .char("k")): return .lineUp
        default: return command
        }
    }

    /// The schedule's pure step: a message in, effects out.
    public mutating func update(_ message: ScheduleMessage) -> [ScheduleEffect] {
        switch message {
        case .event(.started(let t)):
            now = t
            // A follow-up request ("in 2 weeks with Dr. Okafor") opens on its next available.
            if var query = pendingFind {
                pendingFind = nil
                query.among = siteProviders
                return requestWindow() + [.findNext(query, after: nil)]
            }
            return requestWindow()
        case .event(.tick(let t)):
            now = t
            return []
        case .event(.resize(let w, let h)):
            width = w; height = h
            settle()
            return []
        case .event(.saving(let pending, let since)):
            saving = SavingMark(pending: pending, oldestSince: since)
            return []
        case .event(.hangup):
            // Nothing is held open: every action was one committed transaction.
            return [.quit]
        case .event(.key(let key)):
            return keyPressed(key)
        case .loaded(let d):
            data = d
            data.calendar = Self.restricted(d.calendar, to: siteProviders)
            readFailure = nil
            if providerID == nil || provider == nil { providerID = d.calendar?.providers.first?.id }
            if let m = moving, let fresh = d.days.values.joined().first(where: { $0.id == m.id }) { moving = fresh }
            settle()
            return []
        case .readFailed(let why):
            readFailure = why
            return []
        case .patients(let query, let found):
            guard var p = prompt, case .book = p.purpose,
                  p.fields[SchedulePrompt.patientField].text.trimmingCharacters(in: .whitespaces) == query else { return [] }
            p.matches = found; p.matchQuery = query; p.chosen = 0
            prompt = p
            return []
        case .booked(let a):
            prompt = nil
            select(a)
            show("booked \(ScheduleNames.shown(a, names)) \(timeZone.stamp(a.start).text) with \(a.providerName)")
            return requestWindow()
        case .found(let slot):
            guard let slot else {
                prompt?.inFlight = false
                show("no open slot for that within the booking horizon", error: true)
                return []
            }
            prompt = nil
            let name = data.calendar?.providerName(slot.provider) ?? slot.provider
            show("next free: \(timeZone.stamp(slot.start).text) with \(name) — b books it")
            return jump(to: slot)
        case .rescheduled(_, let a):
            moving = nil
            select(a)
            show("moved \(ScheduleNames.shown(a, names)) to \(timeZone.stamp(a.start).text) with \(a.providerName)")
            return requestWindow()
        case .cancelled(let a):
            prompt = nil
            // The freed slot is what the desk wants next (the waitlist may already have an offer).
            // (Settled when the store's new picture comes, right behind this answer.)
            selectedAppointmentID = nil
            cursor = LineKey(minute: timeZone.stamp(a.start).time.minutes)
            show("cancelled \(ScheduleNames.shown(a, names)) \(timeZone.stamp(a.start).text) — the slot is open again")
            return []
        case .markedNoShow(let a):
            show("\(ScheduleNames.shown(a, names)) marked no-show — the slot is free")
            return []
        case .waitlisted(let entry):
            if case .waitlist(let a)? = prompt?.purpose { show("\(ScheduleNames.shown(a, names)) is on the waitlist (entry \(entry))") }
            prompt = nil
            return []
        case .refused(let effect, let text, let nextFree):
            // Nothing typed is lost: the box stays as it was, the store's words on the banner.
            prompt?.inFlight = false
            if case .book = effect { prompt?.nextFree = nextFree }
            show(text, error: true)
            return []
        }
    }

    mutating func keyPressed(_ key: Key) -> [ScheduleEffect] {
        // Nothing is typed into a screen nobody can see: too small, only quit works.
        if TooSmallScreen.isTooSmall(width: width, height: height) {
            return key == .char("q") || key == .ctrl("c") ? [.quit] : []
        }
        if showsHelp {
            if key == .escape || key == .char("?") || key == .char("q") { showsHelp = false }
            return key == .ctrl("c") ? [.quit] : []
        }
        if prompt != nil { return promptKey(key) }
        guard let binding = keymap.binding(for: key) else { return [] }
        guard binding.isEnabled else {
            if let why = binding.whyDisabled { show(why, error: true) }
            return []
        }
        return command(Self.directed(binding.message, key))
    }

    mutating func command(_ command: ScheduleAction) -> [ScheduleEffect] {
        // What the banner said was about where the cursor was; moving on clears it (while
        // rescheduling it keeps saying how to finish).
        let navigation: Set<ScheduleAction> = [.lineUp, .lineDown, .columnLeft, .columnRight, .nextProvider, .previousProvider,
                                                .previousDay, .nextDay, .today, .toggleWeek, .openDay]
        if navigation.contains(command) && moving == nil { banner = nil }
        switch command {
        case .lineUp, .lineDown: moveLine(command == .lineUp ? -1 : 1)
        case .columnLeft, .columnRight:
            let delta = command == .columnLeft ? -1 : 1
            if mode == .week { return go(to: workingDay(from: date, by: delta)) }
            stepProvider(delta)
        case .nextProvider, .previousProvider: stepProvider(command == .nextProvider ? 1 : -1)
        case .previousDay, .nextDay:
            let days = (mode == .week ? 7 : 1) * (command == .previousDay ? -1 : 1)
            return go(to: date.adding(days: days))
        case .today:
            cursor = nil   // lands on now
            return go(to: today)
        case .toggleWeek:
            mode = mode == .day ? .week : .day
            firstColumn = 0
            return requestWindow()
        case .openDay:
            mode = .day
            return requestWindow()
        case .moveHere:
            guard let m = moving, let line = selectedLine, let p = currentColumn?.provider else { return [] }
            guard line.isOpen else { show("pick an open slot (·  open) for the new time", error: true); return [] }
            return [.reschedule(appointmentID: m.id, to: line.start, provider: p.id)]
        case .stopMoving:
            moving = nil
            show("reschedule stopped; the appointment keeps its time")
        case .book:
            if let line = selectedLine, let p = currentColumn?.provider { openBooking(line, provider: p) }
        case .find: openFind()
        case .reschedule:
            guard let a = selectedBooking else { return [] }
            moving = a
            show("moving \(ScheduleNames.shown(a, names)) from \(timeZone.stamp(a.start).text): pick an open slot, Enter moves it, Esc keeps it")
        case .cancel: if let a = selectedBooking { openCancel(a) }
        case .noShow: if let a = selectedBooking { return [.noShow(appointmentID: a.id)] }
        case .rebook: if let a = selectedFreed { return [.rebook(appointmentID: a.id)] }
        case .waitlist: if let a = selectedLine?.appointment { openWaitlist(a) }
        case .help: showsHelp = true
        case .quit: return [.quit]
        }
        return []
    }
}
