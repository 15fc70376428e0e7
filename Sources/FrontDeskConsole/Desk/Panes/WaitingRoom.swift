import Foundation
import FrontDeskCore
import TerminalUI

/// Which visits the Waiting Room lists.
public enum StatusFilter: Equatable, Sendable {
    /// Everything still part of today's work (the default).
    case open
    case all
    case only(VisitStatus)

    public var label: String {
        switch self {
        case .open: return "open"
        case .all: return "all"
        case .only(let s): return s.label
        }
    }
}

public enum BoardSort: String, CaseIterable, Sendable {
    case appointment = "appt"
    case longestInStatus = "wait"
    case ticket
    case patient
}

/// The Waiting Room pane: its selection (by visit id), filters, sort and find.
public struct WaitingRoom: Equatable, Sendable {
    public var selectedVisitID: Int64?
    public var providerFilter: String?
    public var statusFilter: StatusFilter = .open
    public var sort: BoardSort = .appointment
    /// The filter kept after Enter; `find` is the bar while it is being typed.
    public var findQuery = ""
    public var find: FindBar?

    func bindings(formShown: Bool, hasVisits: Bool) -> [KeyBinding<DeskCommand>] {
        [
            KeyBinding([.char("c")], .checkIn, label: "check in", help: "check in the selected visit (opens its Check-In task)",
                       isEnabled: !formShown && hasVisits),
            KeyBinding([.enter], .open, label: formShown ? "edit form" : "open",
                       help: formShown ? "back into the Check-In form" : "check in the selected visit", isEnabled: formShown || hasVisits),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the visit above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the visit below", inFooter: false),
            KeyBinding([.char("/")], .find, label: "find", help: "find a patient, ticket or provider as you type; Enter keeps the filter"),
            KeyBinding([.char("p")], .filterProvider, label: "provider", help: "filter the board by provider (cycles)", inFooter: false),
            KeyBinding([.char("s")], .filterStatus, label: "status", help: "filter the board by status (cycles)", inFooter: false),
            KeyBinding([.char("o")], .cycleSort, label: "sort", help: "sort the board: appointment, wait, ticket, patient", inFooter: false),
        ]
    }
}

/// The `/` find bar: what is typed filters the board at once; Enter keeps it, Esc clears it.
public struct FindBar: Equatable, Sendable {
    public enum Command: Equatable, Sendable { case keep, clear }
    public var field: TextField

    public init(_ text: String) { field = TextField(text, maxLength: 60) }

    static let keymap = Keymap<Command>(title: "Find (typing filters the board)", [
        KeyBinding([.enter], .keep, label: "select", help: "keep the filter and go to the first match"),
        KeyBinding([.escape], .clear, label: "clear", help: "clear the filter"),
    ])
}

extension DeskState {
    /// The visits the board lists now: filtered by status, provider and the find query, then sorted.
    var boardVisits: [Visit] {
        let query = board.find?.field.text ?? board.findQuery
        let rows = clinic.visits.filter { isOnBoard($0, query: query.lowercased()) }
        return rows.sorted { a, b in
            switch board.sort {
            case .appointment:
                let x = a.appointmentAt ?? a.arrivedAt ?? a.statusSince, y = b.appointmentAt ?? b.arrivedAt ?? b.statusSince
                if x != y { return x < y }
            case .longestInStatus:
                if a.statusSince != b.statusSince { return a.statusSince < b.statusSince }
            case .ticket: break
            case .patient:
                let x = clinic.patient(a.patientID)?.displayName ?? "", y = clinic.patient(b.patientID)?.displayName ?? ""
                if x != y { return x.localizedStandardCompare(y) == .orderedAscending }
            }
            return (a.ticket, a.id) < (b.ticket, b.id)
        }
    }

    /// Whether the board has any row at all (cheaper than listing them, for the keymap).
    var boardHasVisits: Bool {
        let query = (board.find?.field.text ?? board.findQuery).lowercased()
        return clinic.visits.contains { isOnBoard($0, query: query) }
    }

    /// The status, provider and find filters; `query` is already lower-cased.
    func isOnBoard(_ v: Visit, query: String) -> Bool {
        switch board.statusFilter {
        case .open: guard v.status.isOpen else { return false }
        case .all: break
        case .only(let s): guard v.status == s else { return false }
        }
        if let p = board.providerFilter, v.provider != p { return false }
        if !query.isEmpty {
            let name = clinic.patient(v.patientID)?.displayName.lowercased() ?? ""
            guard name.contains(query) || v.ticket.lowercased().contains(query)
                    || v.provider.lowercased().contains(query) else { return false }
        }
        return true
    }

    var selectedVisit: Visit? { selectedVisit(in: boardVisits) }
    func selectedVisit(in visits: [Visit]) -> Visit? { visits.first { $0.id == board.selectedVisitID } ?? visits.first }

    /// "Arrived 4 · Checked in 2 …" over every visit today, in status order.
    var statusCounts: String {
        var counts: [VisitStatus: Int] = [:]
        for v in clinic.visits { counts[v.status, default: 0] += 1 }
        return VisitStatus.allCases.compactMap { s in counts[s].map { "\(s.symbol)\(s.label) \($0)" } }
            .joined(separator: " · ")
    }

    var providers: [String] { Array(Set(clinic.visits.map(\.provider))).sorted() }

    /// The Waiting Room's own commands.
    mutating func boardCommand(_ command: DeskCommand) -> [DeskEffect] {
        switch command {
        case .selectUp, .selectDown:
            let ids = boardVisits.map(\.id)
            board.selectedVisitID = Self.step(ids, selectedVisit?.id, by: command == .selectUp ? -1 : 1)
        case .open:
            if isCheckInShown, var form = checkIn { form.isEditing = true; checkIn = form; return [] }
            fallthrough
        case .checkIn:
            guard let visit = selectedVisit else { return [] }
            return switchWork(to: .openCheckIn(visitID: visit.id))
        case .find:
            board.find = FindBar(board.findQuery)
        case .filterProvider:
            let all = providers
            if let p = board.providerFilter, let i = all.firstIndex(of: p) {
                board.providerFilter = i + 1 < all.count ? all[i + 1] : nil
            } else {
                board.providerFilter = all.first
            }
            board.selectedVisitID = nil
        case .filterStatus:
            let present = VisitStatus.allCases.filter { s in clinic.visits.contains { $0.status == s } }
            switch board.statusFilter {
            case .open: board.statusFilter = .all
            case .all: board.statusFilter = present.first.map { StatusFilter.only($0) } ?? .open
            case .only(let s):
                let i = present.firstIndex(of: s).map { $0 + 1 } ?? present.count
                board.statusFilter = i < present.count ? .only(present[i]) : .open
            }
            board.selectedVisitID = nil
        case .cycleSort:
            let all = BoardSort.allCases
            board.sort = all[(all.firstIndex(of: board.sort)! + 1) % all.count]
        default: break
        }
        return []
    }

    /// Keys while the find bar is being typed: its two keys, the rest edit the query.
    mutating func findKey(_ key: Key) {
        guard var bar = board.find else { return }
        switch FindBar.keymap.message(for: key) {
        case .keep?:
            board.findQuery = bar.field.text; board.find = nil
            board.selectedVisitID = boardVisits.first?.id
        case .clear?:
            board.findQuery = ""; board.find = nil
        case nil:
            bar.field.handle(key); board.find = bar
            board.selectedVisitID = boardVisits.first?.id
        }
    }

    /// Moves a selection by id through `ids`, staying on the ends.
    static func step<ID: Equatable>(_ ids: [ID], _ current: ID?, by delta: Int) -> ID? {
        guard !ids.isEmpty else { return nil }
        let i = current.flatMap { ids.firstIndex(of: $0) } ?? 0
        return ids[min(ids.count - 1, max(0, i + delta))]
    }
}
