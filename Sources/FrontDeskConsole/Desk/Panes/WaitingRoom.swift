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
        case .open: return "open visits"
        case .all: return "all statuses"
        case .only(let s): return s.label
        }
    }

    /// The next step of `s`: open, all statuses, then every status there is, then open again.
    var next: StatusFilter {
        let every = VisitStatus.allCases
        switch self {
        case .open: return .all
        case .all: return .only(every[0])
        case .only(let s):
            let i = every.firstIndex(of: s)! + 1
            return i < every.count ? .only(every[i]) : .open
        }
    }
}

public enum BoardSort: String, CaseIterable, Sendable {
    /// Who needs the desk: the lobby, longest wait first, then the rest of the day (the default).
    case needsDesk = "need"
    case appointment = "appt"
    case longestWait = "wait"
    case ticket
    case patient
}

/// The Waiting Room pane as a small program: its selection (by visit id), filters, sort, the
/// `/` find bar and the visit moves (no-show, arrived late, left, into a room); its own keys;
/// and what it asks the desk for.
public struct WaitingRoom: Equatable, Sendable {
    public var selectedVisitID: Int64?
    /// nil: all providers; "" is the visits no provider was given (walk-ins).
    public var providerFilter: String?
    public var statusFilter: StatusFilter = .open
    public var sort: BoardSort = .needsDesk
    /// The filter kept after Enter; `find` is the bar while it is being typed.
    public var findQuery = ""
    public var find: FindBar?
    /// A move being confirmed, or a room being picked.
    public var mover: VisitMover?

    /// What the pane wants the desk to do.
    enum Intent: Equatable {
        case checkIn(visitID: Int64), editForm, move(visitID: Int64, VisitMove)
        /// A key of a move the rules refuse now, pressed anyway: the desk says why.
        case refused(String)
    }

    /// The pane's keys. `m` (the menu of moves: no-show, arrived late, left, into a room) is
    /// enabled only when the visit rules allow one of them for the selected visit now
    /// (`VisitMove.refusal`), so the footer offers nothing that is refused. One key for all
    /// four keeps the footer and the help whole at 80×24; the menu lists each with its own key.
    func bindings(formShown: Bool, selected: Visit?, now: Date) -> [KeyBinding<DeskCommand>] {
        let hasVisits = selected != nil
        func allowed(_ kind: VisitMove.Kind) -> Bool {
            guard !formShown, let v = selected else { return false }
            return VisitMove.refusal(kind, for: v, at: now) == nil
        }
        return [
            KeyBinding([.char("c")], .checkIn, label: "check in", help: "check in the selected visit (opens its Check-In task)",
                       isEnabled: !formShown && hasVisits),
            // Enter does what `c` does until a form is open, so the footer gives its room to `m`.
            KeyBinding([.enter], .open, label: formShown ? "edit form" : "open",
                       help: formShown ? "back into the Check-In form" : "check in the selected visit", isEnabled: formShown || hasVisits,
                       inFooter: formShown),
            KeyBinding([.char("m")], .moves, label: "move", help: "move the visit: no-show, late, left unseen, room",
                       isEnabled: VisitMove.Kind.allCases.contains(where: allowed),
                       whyDisabled: formShown ? "The Check-In form is in front: Esc puts it aside, then m"
                           : selected.map { VisitMove.noMove(for: $0, at: now) ?? "" } ?? "No visit is listed"),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the visit above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "down", help: "select the visit below", inFooter: false),
            KeyBinding([.char("/")], .find, label: "find",
                       help: "find: name (typos, accents), birth date, phone, MRN, ticket"),
            KeyBinding([.char("p")], .filterProvider, label: "provider",
                       help: "filter: all providers, then each provider (cycles)", inFooter: false),
            KeyBinding([.char("s")], .filterStatus, label: "status",
                       help: "filter: open visits, all statuses, each status (cycles)", inFooter: false),
            KeyBinding([.char("o")], .cycleSort, label: "sort",
                       help: "sort: who needs the desk, appt, wait, ticket, patient", inFooter: false),
        ]
    }

    // MARK: what it lists

    /// The query in force: what the bar holds while typed, else the kept filter.
    var query: String { find?.field.text ?? findQuery }

    /// The visits the board lists now: filtered by status, provider and the find query, then sorted.
    func visits(_ c: DeskContext) -> [Visit] {
        let match = BoardMatch(query)
        return c.clinic.visits.filter { isListed($0, match, c) }.sorted { a, b in before(a, b, c) }
    }

    /// Whether `a` is listed above `b`; ties go by ticket.
    func before(_ a: Visit, _ b: Visit, _ c: DeskContext) -> Bool {
        let order: Bool?
        switch sort {
        case .needsDesk: order = WaitingOrder.needsDesk(a, b)
        case .appointment: order = WaitingOrder.appointment(a, b)
        case .longestWait: order = WaitingOrder.longestWait(a, b)
        case .ticket: order = nil
        case .patient:
            let x = c.patient(a.patientID)?.displayName ?? "", y = c.patient(b.patientID)?.displayName ?? ""
            order = x == y ? nil : x.localizedStandardCompare(y) == .orderedAscending
        }
        return order ?? ((a.ticket, a.id) < (b.ticket, b.id))
    }

    /// Whether the board has any row at all (cheaper than listing them, for the keymap).
    func hasVisits(_ c: DeskContext) -> Bool { selected(c) != nil }

    /// The selected visit without listing and sorting the whole board (the keymap asks on
    /// every frame): the chosen one while it is listed, else the first in board order.
    func selected(_ c: DeskContext) -> Visit? {
        let match = BoardMatch(query)
        var first: Visit?
        for v in c.clinic.visits where isListed(v, match, c) {
            if v.id == selectedVisitID { return v }
            if first == nil || before(v, first!, c) { first = v }
        }
        return first
    }

    /// The status, provider and find filters.
    func isListed(_ v: Visit, _ match: BoardMatch?, _ c: DeskContext) -> Bool {
        switch statusFilter {
        case .open: guard v.status.isOpen else { return false }
        case .all: break
        case .only(let s): guard v.status == s else { return false }
        }
        if let p = providerFilter, v.provider != p { return false }
        if let match, !match.matches(v, c.patient(v.patientID)) { return false }
        return true
    }

    func selected(in visits: [Visit]) -> Visit? { visits.first { $0.id == selectedVisitID } ?? visits.first }

    /// "·Scheduled 4 · ●Arrived 2 …" over every visit today, in status order.
    static func statusCounts(_ clinic: ClinicSnapshot) -> String {
        var counts: [VisitStatus: Int] = [:]
        for v in clinic.visits { counts[v.status, default: 0] += 1 }
        return VisitStatus.allCases.compactMap { s in counts[s].map { "\(s.symbol)\(s.label) \($0)" } }.joined(separator: " · ")
    }

    /// Every provider on today's board, named ones first; "" (no provider given) last.
    static func providers(_ clinic: ClinicSnapshot) -> [String] {
        Array(Set(clinic.visits.map(\.provider))).sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }
    }

    /// The provider filter in words: never blank.
    var providerLabel: String {
        switch providerFilter {
        case nil: return "all providers"
        case ""?: return "no provider"
        case let p?: return p
        }
    }

    /// The pane's title: the filters always named, the sort when it is not the default.
    var title: SafeText {
        var t: SafeText = "Waiting Room · \(providerLabel) · \(statusFilter.label)"
        if sort != .needsDesk { t = t + " · by \(sort.rawValue)" }
        return t
    }

    // MARK: its keys

    mutating func handle(_ command: DeskCommand, _ c: DeskContext, formShown: Bool) -> Intent? {
        switch command {
        case .selectUp, .selectDown:
            let listed = visits(c)
            selectedVisitID = DeskContext.step(listed.map(\.id), selected(in: listed)?.id, by: command == .selectUp ? -1 : 1)
        case .open where formShown:
            return .editForm
        case .open, .checkIn:
            return selected(c).map { .checkIn(visitID: $0.id) }
        case .moves:
            guard !formShown, let v = selected(c),
                  VisitMove.Kind.allCases.contains(where: { VisitMove.refusal($0, for: v, at: c.now) == nil }) else { return nil }
            mover = VisitMover(visit: v, stage: .menu, c)
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
            statusFilter = statusFilter.next
            selectedVisitID = nil
        case .cycleSort:
            let all = BoardSort.allCases
            sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
        default: break
        }
        return nil
    }

    // MARK: what takes the keys over the board

    /// Whether the find bar or a move holds the keyboard.
    var isModal: Bool { find != nil || mover != nil }

    /// The keys of whatever holds the keyboard, for the footer and help (a move's keys depend
    /// on the visit and the clock).
    func modalKeymap(_ c: DeskContext) -> Keymap<String>? {
        if find != nil { return FindBar.keymap.map { _ in "" } }
        return mover.map { $0.keymap(c).map { _ in "" } }
    }

    /// One key while the find bar or a move holds the keyboard.
    mutating func modalKey(_ key: Key, _ c: DeskContext) -> Intent? {
        if find != nil { findKey(key, c); return nil }
        guard var m = mover else { return nil }
        switch m.handle(key, c) {
        case .stays: mover = m
        case .cancelled: mover = nil
        case .move(let move):
            mover = nil
            return .move(visitID: m.visitID, move)
        case .refused(let why):
            mover = m
            return .refused(why)
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

    /// What the desk says once a move went through.
    static func confirmation(_ move: VisitMove, _ visit: Visit?, _ c: DeskContext) -> String {
        let who = visit.map { v in [v.ticket, c.patient(v.patientID)?.displayName ?? ""].filter { !$0.isEmpty }.joined(separator: " ") } ?? "the visit"
        switch move {
        case .room(let room): return "✓ \(who) roomed in \(RoomName.label(room)) — now calling on the lobby board"
        case .noShow: return "✓ \(who) marked a no-show"
        case .arrivedLate: return "✓ \(who) arrived late — in the queue to check in"
        case .leftWithoutBeingSeen: return "✓ \(who) left without being seen — their check-in work is cancelled"
        }
    }
}

/// The board's one search: the patient matcher the Check-In form's search uses (names with
/// accents, typos and "Last, First", date of birth, phone, MRN), plus the visit's ticket and
/// provider. Built once per listing, then asked of every visit.
struct BoardMatch {
    let patient: PatientQuery
    let folded: String

    init?(_ query: String) {
        guard let q = PatientQuery(query) else { return nil }
        patient = q
        folded = PatientSearch.fold(q.text)
    }

    func matches(_ v: Visit, _ p: Patient?) -> Bool {
        if let p, patient.matches(p) { return true }
        return PatientSearch.fold(v.ticket).contains(folded) || PatientSearch.fold(v.provider).contains(folded)
    }
}
