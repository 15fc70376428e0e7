import Foundation
import FrontDeskCore
import TerminalUI

/// A checked-in visit's readiness items, opened again from the Waiting Room (`i`) so a
/// document that arrives late is ticked where it is: insurance verified and the documents.
/// What it shows is the store's (the visit in the clinic snapshot); a tick is one effect,
/// one audited transaction that also closes or renames the follow-up task.
public struct ReadinessSheet: Equatable, Sendable {
    public var visitID: Int64
    public var selected: ReadinessItem

    public init(visitID: Int64, selected: ReadinessItem = .insuranceVerified) {
        self.visitID = visitID; self.selected = selected
    }

    /// The sheet for `visit`, on its first open item that a tick can close — among `items`
    /// first when given (a verify-insurance task opens on the insurance check).
    static func opening(_ visit: Visit, preferring items: [ReadinessItem] = []) -> ReadinessSheet {
        func open(_ item: ReadinessItem) -> Bool {
            ReadinessFollowUp.isTickable(item) && visit.readiness.contains { $0.item == item && $0.state == .open }
        }
        let first = items.first(where: open) ?? ReadinessItem.allCases.first(where: open)
        return ReadinessSheet(visitID: visit.id, selected: first ?? items.first ?? .insuranceVerified)
    }

    /// The sheet a readiness task opens on when it is taken (Enter in Next Up, or `n`): the
    /// items of its visit, on what the task is about. Nil for other tasks, or a visit not
    /// checked in.
    static func opening(for task: DeskTask, in clinic: ClinicSnapshot) -> ReadinessSheet? {
        let about: [ReadinessItem]
        switch task.kind {
        case .insuranceVerification: about = [.insuranceVerified]
        case .missingDocuments: about = ReadinessItem.allCases.filter(\.isDocument)
        default: return nil
        }
        guard let id = task.visitID, let visit = clinic.visits.first(where: { $0.id == id }),
              ReadinessFollowUp.canReopen(visit.status) else { return nil }
        return opening(visit, preferring: about)
    }

    enum Command: Equatable { case up, down, tick, close, help }

    enum Output: Equatable {
        case set(ReadinessItem, ReadinessState)
        case close, help
        case banner(Banner.Kind, String)
        /// A key the sheet does not take: the sheet closes and the desk gets it (a, n, !, q…).
        case passThrough
    }

    var keymap: Keymap<Command> {
        Keymap(title: "Readiness items (a document that arrived late)", [
            KeyBinding([.up, .char("k")], .up, label: "up", help: "the item above", inFooter: false),
            KeyBinding([.down, .char("j")], .down, label: "down", help: "the item below", inFooter: false),
            KeyBinding([.char(" "), .enter], .tick, label: "tick", help: "tick the item (it arrived), or untick it; its flag and task follow",
                       isEnabled: ReadinessFollowUp.isTickable(selected)),
            KeyBinding([.escape], .close, label: "back", help: "back to the desk", pinned: true),
            KeyBinding([.function(1), .char("?")], .help, label: "help", help: "this help", pinned: true),
        ])
    }

    mutating func handle(_ key: Key, _ c: DeskContext) -> [Output] {
        let items = ReadinessItem.allCases
        switch keymap.message(for: key) {
        case .up?: selected = items[max(0, (items.firstIndex(of: selected) ?? 0) - 1)]
        case .down?: selected = items[min(items.count - 1, (items.firstIndex(of: selected) ?? 0) + 1)]
        case .tick?:
            guard let visit = c.clinic.visits.first(where: { $0.id == visitID }) else {
                return [.close, .banner(.error, "That visit is no longer on today's list")]
            }
            if let why = ReadinessFollowUp.refusal(selected, in: visit.status) { return [.banner(.error, why.prefix(1).uppercased() + why.dropFirst())] }
            let now = visit.readiness.first { $0.item == selected }?.state ?? .open
            return [.set(selected, now == .done ? .open : .done)]
        case .close?: return [.close]
        case .help?: return [.help]
        case nil:
            if keymap.binding(for: key)?.message == .tick {
                return [.banner(.error, "The copay is taken with its amount and method, not with a tick")]
            }
            // Nothing is typed here, so the desk's own keys still work from the sheet.
            return [.passThrough]
        }
        return []
    }
}

extension ReadinessSheet {
    func render(_ state: DeskState, in rect: Rect, into grid: inout Grid) {
        let visit = state.clinic.visits.first { $0.id == visitID }
        let who = visit.flatMap { state.clinic.patient($0.patientID) }
        let title: SafeText = "Readiness · \(visit?.ticket ?? "") · \(who?.displayName ?? "") · \(visit?.status.label ?? "")"
        Panel(title: title, isFocused: true).render(in: rect, into: &grid)
        let inner = Panel.inner(rect)
        guard inner.height >= 3, let visit else { return }
        grid.put("Tick what has arrived: its flag closes, and its task when nothing is left", x: inner.x, y: inner.y,
                 role: .muted, maxWidth: inner.width)
        let items = ReadinessItem.allCases.map { item -> CheckboxList.Item in
            let check = visit.readiness.first { $0.item == item }
            let detail: String
            switch check?.state {
            case .done?: detail = "done"
            case .waived?: detail = "waived"
            case .open?, nil:
                let open = check.map { Clock.minutes(state.now.timeIntervalSince($0.since)) } ?? ""
                detail = ReadinessFollowUp.isTickable(item) ? "open \(open)" : "open \(open) · taken in the form"
            }
            return CheckboxList.Item(SafeText(item.label), isChecked: check?.state == .done, detail: SafeText(detail))
        }
        let listHeight = min(items.count, inner.height - 2)
        CheckboxList(items: items, selected: ReadinessItem.allCases.firstIndex(of: selected))
            .render(in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: listHeight), into: &grid)
        // The tasks these items keep open, so the receptionist sees the tick close them.
        let tasks = state.clinic.tasks.filter { $0.visitID == visitID && $0.state.isOpen
            && ($0.kind == .missingDocuments || $0.kind == .insuranceVerification) }
        let line: SafeText = tasks.isEmpty ? "No readiness task open for this visit"
            : "Open: " + SafeText(tasks.map { $0.title }.joined(separator: " · "))
        grid.put(line, x: inner.x, y: inner.y + inner.height - 1, role: .muted, maxWidth: inner.width)
    }
}
