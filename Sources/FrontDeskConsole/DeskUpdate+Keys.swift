import Foundation
import FrontDeskCore
import TerminalUI

extension DeskState {
    /// One key: an open prompt takes it first, then the find field, then the desk's keymap.
    mutating func handle(_ key: Key) -> [DeskEffect] {
        if modal != nil { return handleModal(key) }
        if var field = findField {
            switch key {
            case .enter:
                findQuery = field.text; findField = nil; focus = .waitingRoom
                selectedVisitID = boardVisits.first?.id
            case .escape:
                findQuery = ""; findField = nil
            default:
                field.handle(key); findField = field
                selectedVisitID = boardVisits.first?.id
            }
            return []
        }
        if isCheckInShown, let effects = handleForm(key) { return effects }
        guard let command = keymap.message(for: key) else { return [] }
        return perform(command)
    }

    mutating func perform(_ command: DeskCommand) -> [DeskEffect] {
        switch command {
        case .focusNext: focus = DeskPane(rawValue: (focus.rawValue + 1) % 3)!
        case .focusPrevious: focus = DeskPane(rawValue: (focus.rawValue + 2) % 3)!
        case .selectUp where isCheckInShown && checkIn != nil: return moveFocus(by: -1)
        case .selectDown where isCheckInShown && checkIn != nil: return moveFocus(by: 1)
        case .selectUp: moveSelection(by: -1)
        case .selectDown: moveSelection(by: 1)
        case .open: return open()
        case .answer:
            guard let call = waitingCalls.first else { return [] }
            return switchWork(to: .answer(callID: call.id))
        case .endCall:
            guard let call = activeCall else { return [] }
            modal = .callOutcome(callID: call.id, selected: 0, note: TextField(placeholder: "note (optional)", maxLength: 120))
        case .checkIn:
            guard let visit = selectedVisit else { return [] }
            return switchWork(to: .openCheckIn(visitID: visit.id))
        case .takeNext:
            guard let next = rankedWork.first else { return [] }
            return take(next)
        case .completeActive:
            guard let active = activeTask else { return [] }
            // A check-in is done only through the form's checks, never by skipping them.
            if active.kind == .checkIn, checkIn?.taskID == active.id { return completeForm() }
            return [.complete(active.id)]
        case .back: return back()
        case .emergency: modal = .emergency(note: TextField(placeholder: "what is happening (optional)", maxLength: 120))
        case .find: findField = TextField(findQuery, maxLength: 60); focus = .waitingRoom
        case .filterProvider:
            let all = providers
            if let p = providerFilter, let i = all.firstIndex(of: p) {
                providerFilter = i + 1 < all.count ? all[i + 1] : nil
            } else {
                providerFilter = all.first
            }
            selectedVisitID = nil
        case .filterStatus:
            let present = VisitStatus.allCases.filter { s in clinic.visits.contains { $0.status == s } }
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
        case .completeCheckIn: return completeForm()
        case .help: modal = .help
        case .quit:
            // Quitting never drops work: the active task goes back on the stack with its context.
            guard let active = activeTask else { return [.quit] }
            return [.suspend(active.id, suspensionContext(for: active, note: "desk closed")), .quit]
        }
        return []
    }

    mutating func moveSelection(by delta: Int) {
        func step<ID: Equatable>(_ ids: [ID], _ current: ID?) -> ID? {
            guard !ids.isEmpty else { return nil }
            let i = current.flatMap { ids.firstIndex(of: $0) } ?? 0
            return ids[min(ids.count - 1, max(0, i + delta))]
        }
        switch focus {
        case .waitingRoom:
            selectedVisitID = step(boardVisits.map(\.id), selectedVisit?.id)
        case .phoneQueue: selectedCallID = step(phoneRows.map(\.id), selectedCall?.id)
        case .nextUp: selectedTaskID = step(rankedWork.map(\.id), selectedTask?.id)
        }
    }

    /// Enter: act on the selected row of the focused pane.
    mutating func open() -> [DeskEffect] {
        switch focus {
        case .waitingRoom:
            if isCheckInShown, var form = checkIn { form.isEditing = true; checkIn = form; return [] }
            guard let visit = selectedVisit else { return [] }
            return switchWork(to: .openCheckIn(visitID: visit.id))
        case .phoneQueue:
            guard let call = selectedCall else { return [] }
            if call.state == .answered { return perform(.endCall) }
            return switchWork(to: .answer(callID: call.id))
        case .nextUp:
            guard let task = selectedTask else { return [] }
            return take(task)
        }
    }

    mutating func take(_ task: DeskTask) -> [DeskEffect] {
        if task.kind == .call, let call = task.callID { return switchWork(to: .answer(callID: call)) }
        if task.kind == .checkIn, task.state == .queued, let v = task.visitID { return switchWork(to: .openCheckIn(visitID: v)) }
        return switchWork(to: .take(taskID: task.id))
    }

    /// Esc: clear the find filter, else put the active task aside, else dismiss banners.
    mutating func back() -> [DeskEffect] {
        if !findQuery.isEmpty { findQuery = ""; return [] }
        if activeTask != nil { return switchWork(to: .suspendOnly) }
        banners.removeAll()
        return []
    }
}
