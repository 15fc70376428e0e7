import Foundation
import FrontDeskCore
import TerminalUI

/// What the desk can open in its main pane over the board, outside any task: a visit's
/// readiness items after check-in, or the patient lookup. While one is open it takes every key.
public enum DeskSheet: Equatable, Sendable {
    case readiness(ReadinessSheet)
    case patients(PatientFinder)
}

extension DeskState {
    /// `i` and `f` from the desk's table.
    mutating func sheetCommand(_ command: DeskCommand) -> [DeskEffect] {
        switch command {
        case .readiness:
            guard let visit = selectedVisit, readinessRefusal == nil else { return [] }
            sheet = .readiness(.opening(visit))
        case .findPatient:
            sheet = .patients(PatientFinder())
        default: break
        }
        return []
    }

    /// Why `i` has no visit to open now (nil: it has one) — the board in front, its selection
    /// checked in or later; said when `i` is pressed anyway.
    var readinessRefusal: String? {
        guard focus == .waitingRoom, !isCheckInShown else { return "i works on the Waiting Room: Tab to it first" }
        guard let visit = selectedVisit else { return "select a checked-in visit on the Waiting Room first" }
        guard ReadinessFollowUp.canReopen(visit.status) else {
            return "\(visit.ticket.isEmpty ? "This visit" : visit.ticket) is \(visit.status.label.lowercased()) — "
                + (visit.status == .arrived || visit.status == .scheduled ? "its items are in the Check-In form (c)" : "no readiness items to tick")
        }
        return nil
    }

    /// One key for the open sheet.
    mutating func sheetKey(_ key: Key) -> [DeskEffect] {
        switch sheet {
        case .readiness(var s)?:
            let out = s.handle(key, context)
            sheet = .readiness(s)
            var effects: [DeskEffect] = []
            for o in out {
                switch o {
                case let .set(item, state): effects.append(.setReadiness(visitID: s.visitID, item, state))
                case .close: sheet = nil
                case .help: showsHelp = true
                case let .banner(kind, text): show(kind, text)
                case .passThrough:
                    sheet = nil
                    return effects + self.key(key)
                }
            }
            return effects
        case .patients(var finder)?:
            let out = finder.handle(key, today: today)
            sheet = .patients(finder)
            return perform(out)
        case nil:
            return []
        }
    }

    /// What the lookup asked for, as effects.
    mutating func perform(_ outputs: [PatientFinder.Output]) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for o in outputs {
            switch o {
            case .lookup(let l): effects.append(.searchPatients(l))
            case .open(let pid): effects.append(.openRecord(patientID: pid))
            case .register(let p): effects.append(.registerNewPatient(p))
            case .close: sheet = nil
            case .help: showsHelp = true
            case let .banner(kind, text): show(kind, text)
            }
        }
        return effects
    }

    /// The store's answer to a search: for the lookup when it is open, else for the form.
    mutating func receivePatients(_ lookup: PatientLookup, _ patients: [Patient]) -> [DeskEffect] {
        guard case .patients(var finder)? = sheet else { return receiveSearch(lookup, patients) }
        let out = finder.receive(lookup, patients, today: today)
        sheet = .patients(finder)
        return perform(out)
    }

    /// A record the store read for the lookup (or registered from it) is shown, read-only.
    mutating func showRecord(_ record: PatientRecord, created: Bool) {
        if created { show(.info, "New patient registered: \(record.patient.displayName) · \(record.patient.mrnLabel)") }
        guard case .patients(var finder)? = sheet else { return }
        finder.mode = .record(record)
        sheet = .patients(finder)
    }

    /// The open sheet's keys, for the footer and help.
    var sheetKeymap: Keymap<String>? {
        func named<M>(_ k: Keymap<M>) -> Keymap<String> { k.map { _ in "" } }
        switch sheet {
        case .readiness(let s)?: return named(s.keymap)
        case .patients(let f)?: return named(f.keymap)
        case nil: return nil
        }
    }

    /// The open sheet in the main pane; the cursor when a field is being typed.
    func renderSheet(in rect: Rect, into grid: inout Grid) -> (x: Int, y: Int)? {
        switch sheet {
        case .readiness(let s)?: s.render(self, in: rect, into: &grid); return nil
        case .patients(let f)?: return f.render(self, in: rect, into: &grid)
        case nil: return nil
        }
    }

    /// A check-in went through: say so, and leave the desk clean — the board in front with no
    /// find filter, the checked-in visit selected (so `i` opens its items), nothing over it.
    mutating func confirmCheckIn(_ confirmation: CheckInConfirmation) {
        show(.info, confirmation.text)
        board.find = nil
        board.findQuery = ""
        board.selectedVisitID = confirmation.visitID
        focus = .waitingRoom
        showsHelp = false
        sheet = nil
    }
}
