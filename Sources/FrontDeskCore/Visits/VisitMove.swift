import Foundation

/// What the desk does to a visit from the Waiting Room, as data: where each move takes the
/// visit, what it is called, what work it ends, and when the rules allow it (the status
/// machine, the clock, the rooms). The board offers a move only when `refusal` is nil; the
/// store applies `apply` inside the one transaction that records it.
public enum VisitMove: Equatable, Hashable, Sendable {
    /// The patient never came (only once their time has passed).
    case noShow
    /// The patient came after their time (or after being marked a no-show).
    case arrivedLate
    /// The patient left before being seen.
    case leftWithoutBeingSeen
    /// Into a room: the lobby board calls the ticket to it.
    case room(String)

    public enum Kind: String, CaseIterable, Sendable {
        case noShow = "no-show", arrivedLate = "arrived-late", leftWithoutBeingSeen = "left-without-being-seen", room
    }

    public var kind: Kind {
        switch self {
        case .noShow: return .noShow
        case .arrivedLate: return .arrivedLate
        case .leftWithoutBeingSeen: return .leftWithoutBeingSeen
        case .room: return .room
        }
    }

    public var target: VisitStatus { Self.target(of: kind) }

    public static func target(of kind: Kind) -> VisitStatus {
        switch kind {
        case .noShow: return .noShow
        case .arrivedLate: return .arrived
        case .leftWithoutBeingSeen: return .leftWithoutBeingSeen
        case .room: return .roomed
        }
    }

    /// In a receptionist's words, for prompts and help.
    public static func label(of kind: Kind) -> String {
        switch kind {
        case .noShow: return "no-show"
        case .arrivedLate: return "arrived late"
        case .leftWithoutBeingSeen: return "left without being seen"
        case .room: return "room"
        }
    }

    /// The visit's open work this move ends: nobody checks in, verifies or chases papers for
    /// a patient who never came or has gone.
    public var closesTasks: Set<TaskKind> {
        switch self {
        case .noShow, .leftWithoutBeingSeen: return [.checkIn, .insuranceVerification, .missingDocuments]
        case .arrivedLate, .room: return []
        }
    }

    /// Why a move of `kind` cannot be made on `visit` now, before a room is chosen; nil when it can.
    public static func refusal(_ kind: Kind, for visit: Visit, at now: Date) -> VisitMoveRefusal? {
        let to = target(of: kind)
        guard visit.status.canMove(to: to) else { return .notAllowed(VisitTransitionError(from: visit.status, to: to)) }
        switch kind {
        case .noShow, .arrivedLate:
            // Before their time nobody is a no-show, and an arrival then is no late one.
            if visit.status == .scheduled, visit.lateness(at: now) == nil { return .notLateYet }
        case .leftWithoutBeingSeen, .room:
            break
        }
        return nil
    }

    /// Why none of the moves can be made on `visit` now, in words for the desk when its move
    /// key is pressed anyway; nil when at least one can.
    public static func noMove(for visit: Visit, at now: Date) -> String? {
        let refusals = Kind.allCases.map { refusal($0, for: visit, at: now) }
        if refusals.contains(where: { $0 == nil }) { return nil }
        if refusals.contains(.notLateYet) { return "Nothing to mark yet: their appointment time has not passed" }
        return "Nothing to move: the visit is \(visit.status.label) (moves are no-show, late, left, room)"
    }

    /// The whole rule, the room included: `visits` are the clinic's visits as they stand (the
    /// store reads them inside the transaction). Nil when the move can be made.
    public func refusal(for visit: Visit, among visits: [Visit], at now: Date) -> VisitMoveRefusal? {
        if let r = Self.refusal(kind, for: visit, at: now) { return r }
        if case .room(let raw) = self {
            let name: String
            do { name = try RoomName.normalized(raw) } catch { return error }
            if let holder = RoomOccupancy.holder(of: name, among: visits), holder.id != visit.id {
                return .roomTaken(room: name, ticket: holder.ticket)
            }
        }
        return nil
    }

    /// The visit after the move, or why it cannot be made. The room is kept under its
    /// normalized name.
    public func apply(to visit: Visit, among visits: [Visit], at now: Date) throws(VisitMoveRefusal) -> Visit {
        if let r = refusal(for: visit, among: visits, at: now) { throw r }
        var moved = visit
        do { try moved.transition(to: target, at: now) } catch {
            throw .notAllowed(error as? VisitTransitionError ?? VisitTransitionError(from: visit.status, to: target))
        }
        if case .room(let raw) = self { moved.room = try RoomName.normalized(raw) }
        return moved
    }
}

/// Why a visit move was refused, as a sentence the desk can act on. Nothing changes when one is thrown.
public enum VisitMoveRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case notAllowed(VisitTransitionError)
    case notLateYet
    case roomTaken(room: String, ticket: String)
    case badRoom(String)

    public var description: String {
        switch self {
        case .notAllowed(let e): return e.description
        case .notLateYet: return "their appointment time has not passed yet"
        case let .roomTaken(room, ticket): return "\(room) is taken\(ticket.isEmpty ? "" : " by \(ticket)") until they leave it"
        case .badRoom(let why): return why
        }
    }

    /// The same in a few words, beside the move in a menu ("not from Scheduled").
    public var brief: String {
        switch self {
        case .notAllowed(let e): return "not from \(e.from.label)"
        case .notLateYet: return "not before their time"
        case let .roomTaken(room, _): return "\(room) is taken"
        case .badRoom(let why): return why
        }
    }
}
