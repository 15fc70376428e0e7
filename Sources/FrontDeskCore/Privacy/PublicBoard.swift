import Foundation

/// The lobby display's content. Built only from what identifies no one: ticket numbers,
/// rooms, times. The store's board query selects exactly these columns.
public struct BoardTicket: Equatable, Sendable {
    public var ticket: String
    public var status: VisitStatus
    public var room: String?
    public var arrivedAt: Date?
    public var statusSince: Date
    /// Only when the opt-in name display is on: "Siobhán O.".
    public var shortName: String?

    public init(ticket: String, status: VisitStatus, room: String?, arrivedAt: Date?, statusSince: Date, shortName: String? = nil) {
        self.ticket = ticket; self.status = status; self.room = room
        self.arrivedAt = arrivedAt; self.statusSince = statusSince; self.shortName = shortName
    }
}

public struct PublicBoardModel: Equatable, Sendable {
    /// Roomed in the last few minutes, newest first: "A-017 → Room 3".
    public var nowCalling: [BoardTicket]
    /// Still waiting, in arrival order.
    public var waiting: [BoardTicket]
    /// Typical wait from arrival to being called, from today's roomed patients.
    public var estimatedWait: TimeInterval?

    /// `recent` is how long a called ticket stays under "Now calling".
    public static func build(_ tickets: [BoardTicket], at now: Date, recent: TimeInterval = 300,
                             roomedDurations: [TimeInterval] = []) -> PublicBoardModel {
        let calling = tickets.filter { $0.status == .roomed && now.timeIntervalSince($0.statusSince) <= recent }
            .sorted { ($0.statusSince, $0.ticket) > ($1.statusSince, $1.ticket) }
        let waiting = tickets.filter { $0.status.isInLobby }
            .sorted { ($0.arrivedAt ?? $0.statusSince, $0.ticket) < ($1.arrivedAt ?? $1.statusSince, $1.ticket) }
        let sorted = roomedDurations.sorted()
        let median = sorted.isEmpty ? nil : sorted[sorted.count / 2]
        return PublicBoardModel(nowCalling: calling, waiting: waiting, estimatedWait: median)
    }
}
