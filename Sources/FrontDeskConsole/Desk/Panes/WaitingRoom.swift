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

/// The Waiting Room pane as a small program: its selection (by visit id), filters, sort and
/// the `/` find bar; its own keys; and what it asks the desk for (check in a visit).
public struct WaitingRoom: Equatable, Sendable {
    public var selectedVisitID: Int64?
    public var providerFilter: String?
    public var statusFilter: StatusFilter = .open
    public var sort: BoardSort = .appointment
    /// The filter kept after Enter; `find` is the bar while it is being typed.
    public var findQuery = ""
    public var find: FindBar?

    /// What the pane wants the desk to do.
    enum Intent: Equatable { case checkIn(visitID: Int64), editForm }

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

    // MARK: what it lists

    /// The query in force: what the bar holds while typed, else the kept filter.
    var query: String { find?.field.text ?? findQuery }

    /// The visits the board lists now: filtered by status, provider and the find query, then sorted.
    func visits(_ c: DeskContext) -> [Visit] {
        let q = query.lowercased()
        return c.clinic.visits.filter { isListed($0, query: q, c) }.sorted { a, b in
            switch sort {
            case .appointment:
                let x = a.appointmentAt ?? a.arrivedAt ?? a.statusSince, y = b.appointmentAt ?? b.arrivedAt ?? b.statusSince
                if x != y { return x < y }
            case .longestInStatus:
                if a.statusSince != b.statusSince { return a.statusSince < b.statusSince }
            case .ticket: break
            case .patient:
                let x = c.patient(a.patientID)?.displayName ?? "", y = c.patient(b.patientID)?.displayName ?? ""
                if x != y { return x.localizedStandardCompare(y) == .orderedAscending }
            }
            return (a.ticket, a.id) < (b.ticket, b.id)
        }
    }

    /// Whether the board has any row at all (cheaper than listing them, for the keymap).
    func hasVisits(_ c: DeskContext) -> Bool {
        let q = query.lowercased()
        return c.clinic.visits.contains { isListed($0, query: q, c) }
    }

    /// The status, provider and find filters; `query` is already lower-cased.
    func isListed(_ v: Visit, query: String, _ c: DeskContext) -> Bool {
        switch statusFilter {
        case .open: guard v.status.isOpen else { return false }
        case .all: break
        case .only(let s): guard v.status == s else { return false }
        }
        if let p = providerFilter, v.provider != p { return false }
        if !query.isEmpty {
            let name = c.patient(v.patientID)?.displayName.lowercased() ?? ""
            guard name.contains(query) || v.ticket.lowercased().contains(query)
                    || v.provider.lowercased().contains(query) else { return false }
        }
        return true
    }

    func selected(in visits: [Visit]) -> Visit? { visits.first { $0.id == selectedVisitID } ?? visits.first }

    /// "·Scheduled 4 · ●Arrived 2 …" over every visit today, in status order.
    static func statusCounts(_ clinic: ClinicSnapshot) -> String {
        var counts: [VisitStatus: Int] = [:]
        for v in clinic.visits { counts[v.status, default: 0] += 1 }
        return VisitStatus.allCases.compactMap { s in counts[s].map { "\(s.symbol)\(s.label) \($0)" } }.joined(separator: " · ")
    }

    static func providers(_ clinic: ClinicSnapshot) -> [String] { Array(Set(clinic.visits.map(\.provider))).sorted() }

    // MARK: its keys

    mutating func handle(_ command: DeskCommand, _ c: DeskContext, formShown: Bool) -> Intent? {
        switch command {
        case .selectUp, .selectDown:
            let listed = visits(c)
            selectedVisitID = DeskContext.step(listed.map(\.id), selected(in: listed)?.id, by: command == .selectUp ? -1 : 1)
        case .open where formShown:
            return .editForm
        case .open, .checkIn:
            return selected(in: visits(c)).map { .checkIn(visitID: $0.id) }
        case .find:
            find = FindBar(findQuery)
        case .filterProvider:
            let all = Self.providers(c.clinic)
            if let p = providerFilter, let i = all.firstIndex(of: p) {
                providerFilter = i + 1 < all.count ? all[i + 1] : nil
            } else {
                providerFilter = all.first
            }
            selectedVisitID = nil
        case .filterStatus:
            let present = VisitStatus.allCases.filter { s in c.clinic.visits.contains { $0.status == s } }
            switch statusFilter {
            case .open: statusFilter = .all
            case .all: statusFilter = present.first.map { StatusFilter.only($0) } ?? .open
            case .only(let s):
                let i = present.firstIndex(of: s).map { $0 + 1 } ?? present.count
                statusFilter = i < present.count ? .only(present[i]) : .open
            }
            selectedVisitID = nil
        case .cycleSort:
            let all = BoardSort.allCases
            sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
        default: break
        }
        return nil
    }

    /// Keys while the find bar is being typed: its two keys, the rest edit the query.
    mutating func findKey(_ key: Key, _ c: DeskContext) {
        guard var bar = find else { return }
        switch FindBar.keymap.message(for: key) {
        case .keep?:
            findQuery = bar.field.text; find = nil
            selectedVisitID = visits(c).first?.id
        case .clear?:
            findQuery = ""; find = nil
        case nil:
            bar.field.handle(key); find = bar
            selectedVisitID = visits(c).first?.id
        }
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
