import Foundation
import FrontDeskCore
import TerminalUI

/// A Waiting Room move being made on one visit: the menu of moves (no-show, arrived late,
/// left without being seen, into a room — each offered only when the rules allow it, the
/// others saying why not), or the room picker (the clinic's rooms with who is in each, or a
/// room typed). It answers with the move to make; whether a move is allowed is the domain's
/// to say (`VisitMove`), asked here so the screen says why at once, and again by the store.
public struct VisitMover: Equatable, Sendable {
    public enum Stage: Equatable, Sendable { case menu, room }
    public var visitID: Int64
    public var stage: Stage
    /// The highlighted room of the picker.
    public var selected = 0
    /// A room typed instead of picked (it joins the clinic's list when used).
    public var typed = TextField("", placeholder: "or type another room", maxLength: RoomName.maxLength)
    /// Why the room chosen cannot be used, shown in the picker until the choice changes.
    public var problem: String?

    public enum Command: Equatable, Sendable { case make(VisitMove.Kind), confirm, cancel, up, down }
    enum Outcome: Equatable { case stays, cancelled, move(VisitMove), refused(String) }

    init(visit: Visit, stage: Stage, _ c: DeskContext) {
        visitID = visit.id; self.stage = stage
        // The first free room is highlighted: Enter alone rooms the patient there.
        selected = Self.rooms(c).firstIndex { $0.holder == nil } ?? 0
    }

    /// The clinic's rooms with whoever is in each (the domain's occupancy rule).
    static func rooms(_ c: DeskContext) -> [(name: String, holder: Visit?)] {
        RoomOccupancy.rooms(c.clinic.rooms, visits: c.clinic.visits)
    }

    /// The menu's moves in the order shown, with their keys (the same letters as on the board).
    static let moves: [(Key, VisitMove.Kind)] = [(.char("x"), .noShow), (.char("l"), .arrivedLate),
                                                 (.char("w"), .leftWithoutBeingSeen), (.char("r"), .room)]

    func keymap(_ c: DeskContext) -> Keymap<Command> {
        switch stage {
        case .room:
            return Keymap(title: "Room (pick or type a room)", [
                KeyBinding([.enter], .confirm, label: "room", help: "room the patient in the highlighted room, or the one typed"),
                KeyBinding([.up], .up, label: "up", help: "highlight the room above"),
                KeyBinding([.down], .down, label: "down", help: "highlight the room below"),
                KeyBinding([.escape], .cancel, label: "cancel", help: "close without rooming anyone"),
            ])
        case .menu:
            let visit = c.clinic.visits.first { $0.id == visitID }
            return Keymap(title: "Move the visit", Self.moves.map { key, kind in
                let refusal = visit.flatMap { VisitMove.refusal(kind, for: $0, at: c.now) }
                return KeyBinding([key], .make(kind), label: VisitMove.label(of: kind), help: "mark the visit \(VisitMove.label(of: kind))",
                                  isEnabled: visit != nil && refusal == nil,
                                  whyDisabled: "Not now: \(refusal?.description ?? "the visit is gone")")
            } + [KeyBinding([.escape], .cancel, label: "cancel", help: "leave the visit as it is")])
        }
    }

    /// One key: the stage's own, else (rooming) the typed room.
    mutating func handle(_ key: Key, _ c: DeskContext) -> Outcome {
        guard let visit = c.clinic.visits.first(where: { $0.id == visitID }) else { return .cancelled }
        let rooms = stage == .room ? Self.rooms(c) : []
        let keys = keymap(c)
        switch keys.message(for: key) {
        case .cancel?: return .cancelled
        case .make(.room)?:
            self = VisitMover(visit: visit, stage: .room, c)
        case .make(let kind)?:
            let move: VisitMove = kind == .noShow ? .noShow : (kind == .arrivedLate ? .arrivedLate : .leftWithoutBeingSeen)
            return .move(move)
        case .up?: selected = max(0, selected - 1); problem = nil
        case .down?: selected = min(max(0, rooms.count - 1), selected + 1); problem = nil
        case .confirm?:
            let typedName = typed.text.trimmingCharacters(in: .whitespaces)
            let move = VisitMove.room(typedName.isEmpty ? (rooms.indices.contains(selected) ? rooms[selected].name : "") : typedName)
            // Asked here so the picker says at once why; the store asks again in its transaction.
            if let refusal = move.refusal(for: visit, among: c.clinic.visits, at: c.now) {
                problem = refusal.description
                return .stays
            }
            return .move(move)
        case nil:
            if let why = keys.refusal(for: key) { return .refused(why) }
            guard stage == .room, typed.handle(key) else { return .stays }
            problem = nil
        }
        return .stays
    }
}
