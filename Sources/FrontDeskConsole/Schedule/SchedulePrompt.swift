import Foundation
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// One field of a schedule prompt: text typed, or one of a few choices (←/→).
public enum PromptField: Equatable, Sendable {
    case text(label: String, TextField)
    case choice(label: String, titles: [String], values: [String], index: Int)

    public var label: String {
        switch self { case .text(let l, _), .choice(let l, _, _, _): return l }
    }
    var isChoice: Bool { if case .choice = self { return true }; return false }
    var text: String { if case .text(_, let f) = self { return f.text }; return "" }
    var value: String {
        if case .choice(_, _, let values, let i) = self, values.indices.contains(i) { return values[i] }
        return ""
    }
}

/// The box `b`, `f`, `x` and `W` open. Everything typed stays in it until the store says
/// yes: a refusal leaves it as it was, with the store's words on the banner.
public struct SchedulePrompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case book(provider: String, start: Date)
        case find
        case cancel(Appointment)
        case waitlist(Appointment)
    }

    public var purpose: Purpose
    public var fields: [PromptField]
    public var focus = 0
    /// Booking: the patients matching the patient field, best first, the query they answer,
    /// and the one chosen (↑/↓).
    public var matches: [Patient] = []
    public var matchQuery = ""
    public var chosen = 0
    /// Booking: after "just taken", the next free slot the store named (Ctrl-N moves there).
    public var nextFree: OpenSlot?
    /// Sent and not answered yet: a second Enter does not send it twice.
    public var inFlight = false

    var focused: PromptField? { fields.indices.contains(focus) ? fields[focus] : nil }
    var chosenPatient: Patient? { matches.indices.contains(chosen) ? matches[chosen] : nil }

    /// Booking's patient field.
    static let patientField = 0
}

/// What a key does inside a prompt. Footer and help read the same table.
public enum SchedulePromptCommand: Equatable, Sendable {
    case submit, back, nextField, previousField, matchUp, matchDown, choosePrevious, chooseNext, nextFree, quit
}

extension ScheduleState {
    public var promptKeymap: Keymap<SchedulePromptCommand> {
        guard let p = prompt else { return Keymap(title: "Prompt", []) }
        let submit: String
        switch p.purpose {
        case .book: submit = "book"
        case .find: submit = "find"
        case .cancel: submit = "cancel it"
        case .waitlist: submit = "add"
        }
        let onPatient: Bool
        if case .book = p.purpose { onPatient = p.focus == SchedulePrompt.patientField && !p.matches.isEmpty } else { onPatient = false }
        let onChoice = p.focused?.isChoice ?? false
        let next = p.nextFree.map { "next free \(timeZone.stamp($0.start).time.text)" } ?? "next free"
        return Keymap(title: "Schedule prompt", [
            KeyBinding([.enter], .submit, label: submit, help: "send it to the store (a refusal keeps what you typed)"),
            KeyBinding([.ctrl("n")], .nextFree, label: next, help: "move the booking to the next free slot the store named",
                       isEnabled: p.nextFree != nil),
            KeyBinding([.escape], .back, label: "back", help: "close the box without writing anything"),
            KeyBinding([.tab], .nextField, label: "next field", help: "go to the next field", isEnabled: p.fields.count > 1),
            KeyBinding([.backTab], .previousField, label: "previous field", help: "go to the previous field",
                       isEnabled: p.fields.count > 1, inFooter: false),
            KeyBinding([.up], .matchUp, label: "patient", help: "choose the patient above in the list", isEnabled: onPatient, inFooter: false),
            KeyBinding([.down], .matchDown, label: "patient", help: "choose the patient below in the list", isEnabled: onPatient),
            KeyBinding([.left], .choosePrevious, label: "choose", help: "the previous choice", isEnabled: onChoice, inFooter: false),
            KeyBinding([.right], .chooseNext, label: "choose", help: "the next choice", isEnabled: onChoice),
            KeyBinding([.ctrl("c")], .quit, label: "quit", help: "leave the schedule (nothing is half-written)", pinned: true),
        ])
    }

    /// Opens the booking box on the open slot under the cursor.
    mutating func openBooking(_ line: ScheduleLine, provider: ProviderSchedule) {
        let types = self.types(for: provider)
        let preferred = types.firstIndex { $0.code == lastType } ?? types.firstIndex { $0.minutes == line.minutes } ?? 0
        prompt = SchedulePrompt(purpose: .book(provider: provider.id, start: line.start), fields: [
            .text(label: "Patient", TextField(bookFor?.mrn ?? "", placeholder: "name, MRN, phone or date of birth", maxLength: 80)),
            .choice(label: "Type", titles: types.map { "\($0.name) (\($0.minutes) min)" }, values: types.map(\.code), index: preferred),
        ])
        // The caller the desk was talking to is already chosen.
        if let patient = bookFor { prompt?.matches = [patient]; prompt?.matchQuery = patient.mrn; prompt?.chosen = 0 }
    }

    mutating func openFind() {
        let types = self.types(for: nil)
        let providers = data.calendar?.providers ?? []
        let here = providers.firstIndex { $0.id == providerID }.map { $0 + 1 } ?? 0
        prompt = SchedulePrompt(purpose: .find, fields: [
            .choice(label: "Type", titles: types.map { "\($0.name) (\($0.minutes) min)" }, values: types.map(\.code),
                    index: types.firstIndex { $0.code == lastType } ?? 0),
            .choice(label: "Provider", titles: ["any provider"] + providers.map(\.displayName), values: [""] + providers.map(\.id), index: here),
            .choice(label: "When", titles: ["any time", "morning", "afternoon"], values: DayPart.allCases.map(\.rawValue), index: 0),
        ])
    }

    mutating func openCancel(_ a: Appointment) {
        prompt = SchedulePrompt(purpose: .cancel(a), fields: [
            .text(label: "Reason", TextField(placeholder: "why (required): patient called, provider away…", maxLength: 200)),
        ])
    }

    mutating func openWaitlist(_ a: Appointment) {
        let name = a.providerID.flatMap { data.calendar?.provider($0)?.displayName } ?? a.providerName
        prompt = SchedulePrompt(purpose: .waitlist(a), fields: [
            .choice(label: "Provider", titles: [name, "any provider"], values: [a.providerID ?? "", ""], index: 0),
            .choice(label: "When", titles: ["any time", "morning", "afternoon"], values: DayPart.allCases.map(\.rawValue), index: 0),
        ])
    }

    /// A key while a prompt is open: the prompt's table first, then the focused text field.
    mutating func promptKey(_ key: Key) -> [ScheduleEffect] {
        guard var p = prompt else { return [] }
        if let command = promptKeymap.message(for: key) {
            switch command {
            case .submit: return submit()
            case .back: prompt = nil; return []
            case .quit: return [.quit]
            case .nextField, .previousField:
                p.focus = (p.focus + (command == .nextField ? 1 : p.fields.count - 1)) % max(1, p.fields.count)
            case .matchUp: p.chosen = max(0, p.chosen - 1)
            case .matchDown: p.chosen = min(p.matches.count - 1, p.chosen + 1)
            case .choosePrevious, .chooseNext:
                if case .choice(let label, let titles, let values, let i) = p.fields[p.focus], !titles.isEmpty {
                    let step = command == .chooseNext ? 1 : titles.count - 1
                    p.fields[p.focus] = .choice(label: label, titles: titles, values: values, index: (i + step) % titles.count)
                }
            case .nextFree:
                if let slot = p.nextFree {
                    p.purpose = .book(provider: slot.provider, start: slot.start)
                    p.nextFree = nil
                    prompt = p
                    return jump(to: slot)
                }
            }
            prompt = p
            return []
        }
        guard case .text(let label, var field) = p.focused else { return [] }
        let before = field.text
        field.handle(key)
        p.fields[p.focus] = .text(label: label, field)
        prompt = p
        if case .book = p.purpose, p.focus == SchedulePrompt.patientField, field.text != before {
            let query = field.text.trimmingCharacters(in: .whitespaces)
            if query.isEmpty { prompt?.matches = []; prompt?.matchQuery = ""; return [] }
            return [.searchPatients(query)]
        }
        return []
    }

    /// Enter: what the box asks, checked for what the screen can see, then sent to the store.
    mutating func submit() -> [ScheduleEffect] {
        guard var p = prompt, !p.inFlight else { return [] }
        var effects: [ScheduleEffect] = []
        switch p.purpose {
        case .book(let provider, let start):
            guard let patient = p.chosenPatient else {
                show("find the patient first: type a name or MRN, ↓ to choose", error: true); return []
            }
            let type = p.fields[1].value
            lastType = type
            effects = [.book(Booking(patientID: patient.id, provider: provider, start: start, typeCode: type))]
        case .find:
            let type = p.fields[0].value, provider = p.fields[1].value
            lastType = type
            var query = SlotQuery(provider: provider.isEmpty ? nil : provider, typeCode: type, earliest: max(date, today),
                                  partOfDay: DayPart(rawValue: p.fields[2].value) ?? .any)
            query.among = siteProviders
            // From the slot under the cursor, so f then Enter again steps to the one after.
            effects = [.findNext(query, after: date >= today ? selectedLine?.start : nil)]
        case .cancel(let a):
            let reason = p.fields[0].text.trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else { show("a cancellation needs a reason", error: true); return [] }
            effects = [.cancel(appointmentID: a.id, reason: reason)]
        case .waitlist(let a):
            let provider = p.fields[0].value
            let before = a.start > now ? timeZone.civilDate(of: a.start) : nil
            effects = [.waitlist(patientID: a.patientID, provider: provider.isEmpty ? nil : provider, type: a.typeCode,
                                 before: before, part: DayPart(rawValue: p.fields[1].value) ?? .any)]
        }
        p.inFlight = true
        prompt = p
        return effects
    }
}
