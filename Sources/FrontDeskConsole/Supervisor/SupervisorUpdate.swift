import Foundation
import FrontDeskCore
import TerminalUI

/// What a supervisor key asks for. Dispatch, footer and help read the same table.
public enum SupervisorCommand: Equatable, Sendable {
    case focusNext, selectUp, selectDown, reassign, bump, bumpBy, note, help, quit
}

extension SupervisorState {
    /// Actions are offered only when the role allows them (the access table), so a read-only
    /// viewer sees no key that would be refused.
    public var keymap: Keymap<SupervisorCommand> {
        let onTask = focus == .queue && selectedQueueTask != nil
        let onDesk = focus == .desks && selectedDesk != nil
        return Keymap(title: "Supervisor", [
            KeyBinding([.tab, .backTab], .focusNext, label: "pane", help: "switch between Desks and Queue"),
            KeyBinding([.up, .char("k")], .selectUp, label: "up", help: "select the row above", inFooter: false),
            KeyBinding([.down, .char("j")], .selectDown, label: "select", help: "select the row below"),
            KeyBinding([.char("r")], .reassign, label: "reassign", help: "reassign the selected task to a desk",
                       isEnabled: onTask && AccessPolicy.allows(role, .reassignTask)),
            KeyBinding([.char("b")], .bump, label: "bump +10", help: "raise the selected task's priority by 10 points",
                       isEnabled: onTask && AccessPolicy.allows(role, .bumpTask)),
            KeyBinding([.char("B")], .bumpBy, label: "bump by…", help: "raise (or lower) the selected task's priority by a number",
                       isEnabled: onTask && AccessPolicy.allows(role, .bumpTask), inFooter: false),
            KeyBinding([.char("m")], .note, label: "note", help: "send a one-line note to the selected desk's status line",
                       isEnabled: onDesk && AccessPolicy.allows(role, .sendDeskNote)),
            KeyBinding([.char("?")], .help, label: "help", help: "show every key of this screen (Esc closes)", pinned: true),
            KeyBinding([.char("q"), .ctrl("c")], .quit, label: "quit", help: "leave the supervisor console", pinned: true),
        ])
    }
}

/// The supervisor console's pure step: a message in, effects out.
public func update(_ state: inout SupervisorState, _ message: SupervisorMessage) -> [SupervisorEffect] {
    switch message {
    case .event(.started(let now)):
        state.now = now
        return []
    case let .clinicAndOutbox(clinic, outbox, today):
        state.outbox = outbox
        if let today { state.today = today }
        return update(&state, .clinic(clinic))
    case .clinic(let clinic):
        state.clinic = state.scope.apply(clinic)
        state.readFailure = nil
        state.refreshLoad()
        state.refreshSiteFigures()
        return ringForNewBreaches(&state)
    case .readFailed(let why):
        state.readFailure = why
        return []
    case .event(.tick(let now)):
        let minute = Int(state.now.timeIntervalSince1970 / 60)
        state.now = now
        if Int(now.timeIntervalSince1970 / 60) != minute { state.refreshLoad() }
        state.refreshSiteFigures()
        return ringForNewBreaches(&state)
    case .event(.resize(let w, let h)):
        state.width = w; state.height = h
        return []
    case .event(.saving(let pending, let since)):
        state.saving = SavingMark(pending: pending, oldestSince: since)
        return []
    case .event(.hangup):
        // The supervisor holds no task and no draft: every action was one committed transaction.
        return [.quit]
    case .done(let text):
        state.banner = text; state.bannerIsError = false
        return []
    case .failed(let text):
        state.banner = text; state.bannerIsError = true
        return []
    case .event(.key(let key)):
        // Nothing is typed into a screen nobody can see: too small, only quit works.
        if TooSmallScreen.isTooSmall(width: state.width, height: state.height) {
            return key == .char("q") || key == .ctrl("c") ? [.quit] : []
        }
        if state.showsHelp {
            if key == .escape || key == .char("?") || key == .char("q") { state.showsHelp = false }
            return []
        }
        if state.prompt != nil { return promptKey(&state, key) }
        guard let binding = state.keymap.binding(for: key) else { return [] }
        guard binding.isEnabled else {
            refuseIfRole(&state, binding.message)
            return []
        }
        return command(&state, binding.message)
    }
}

private func ringForNewBreaches(_ state: inout SupervisorState) -> [SupervisorEffect] {
    let keys = Set(state.breaches.map(\.key))
    let fresh = keys.subtracting(state.seenBreaches)
    // Forget what ended, so a breach that comes back rings again.
    state.seenBreaches = keys
    return !fresh.isEmpty && state.bellEnabled ? [.bell] : []
}


/// A key the role may not use says why, in the access table's own words.
private func refuseIfRole(_ state: inout SupervisorState, _ command: SupervisorCommand) {
    let permission: Permission?
    switch command {
    case .reassign: permission = .reassignTask
    case .bump, .bumpBy: permission = .bumpTask
    case .note: permission = .sendDeskNote
    default: permission = nil
    }
    if let permission, let why = AccessPolicy.refusal(state.role, permission) {
        state.banner = why; state.bannerIsError = true
    }
}

private func command(_ state: inout SupervisorState, _ command: SupervisorCommand) -> [SupervisorEffect] {
    switch command {
    case .focusNext:
        state.focus = state.focus == .queue ? .desks : .queue
    case .selectUp, .selectDown:
        let delta = command == .selectUp ? -1 : 1
        if state.focus == .queue {
            state.selectedTaskID = DeskContext.step(state.rankedQueue.map(\.id), state.selectedQueueTask?.id, by: delta)
        } else {
            state.selectedDeskName = DeskContext.step(state.desks.map(\.name), state.selectedDesk?.name, by: delta)
        }
    case .reassign:
        if let t = state.selectedQueueTask { state.prompt = .reassign(taskID: t.id, desk: TextField(placeholder: "desk name", maxLength: 64)) }
    case .bump:
        if let t = state.selectedQueueTask { return [.bump(taskID: t.id, points: 10)] }
    case .bumpBy:
        if let t = state.selectedQueueTask { state.prompt = .bump(taskID: t.id, points: TextField("10", maxLength: 6)) }
    case .note:
        if let d = state.selectedDesk?.name {
            let current = state.clinic.desk(d)?.note ?? ""
            state.prompt = .note(desk: d, text: TextField(current, placeholder: "note (empty clears it)", maxLength: 120))
        }
    case .help:
        state.showsHelp = true
    case .quit:
        return [.quit]
    }
    return []
}

private func promptKey(_ state: inout SupervisorState, _ key: Key) -> [SupervisorEffect] {
    guard let prompt = state.prompt else { return [] }
    if key == .escape { state.prompt = nil; return [] }
    switch prompt {
    case .reassign(let id, var field):
        if key == .enter {
            let desk = field.text.trimmingCharacters(in: .whitespaces)
            guard !desk.isEmpty else { state.banner = "type the desk to reassign to"; state.bannerIsError = true; return [] }
            guard state.clinic.desk(desk) != nil else {
                // Bad input: a clear error, nothing changed, the prompt stays for a fix.
                state.banner = "no desk named \(desk)"; state.bannerIsError = true; return []
            }
            state.prompt = nil
            return [.reassign(taskID: id, desk: desk)]
        }
        field.handle(key); state.prompt = .reassign(taskID: id, desk: field)
    case .bump(let id, var field):
        if key == .enter {
            guard let points = Double(field.text.trimmingCharacters(in: .whitespaces)), points.isFinite, abs(points) <= 1000 else {
                state.banner = "bump by a number between -1000 and 1000"; state.bannerIsError = true; return []
            }
            state.prompt = nil
            return [.bump(taskID: id, points: points)]
        }
        field.handle(key); state.prompt = .bump(taskID: id, points: field)
    case .note(let desk, var field):
        if key == .enter {
            state.prompt = nil
            let text = field.text.trimmingCharacters(in: .whitespaces)
            return [.sendNote(desk: desk, text: text.isEmpty ? nil : text)]
        }
        field.handle(key); state.prompt = .note(desk: desk, text: field)
    }
    return []
}
