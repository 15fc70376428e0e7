import Foundation
import FrontDeskCore

/// What the lobby display reads. Its own queries, selecting only columns that identify no
/// one (ticket, status, room, times): the public board never holds a name it could leak.
extension ClinicStore {
    /// Today's ticketed visits (those that arrived since `dayStart`). With `showNames`, the
    /// opt-in adds first name and last initial — and only those two columns are read.
    /// `site`: that site's lobby (and visits of no site in particular); nil: every visit.
    public func boardTickets(since dayStart: Date, showNames: Bool = false, site: String? = nil) throws -> [BoardTicket] {
        try read { db in
            let names = showNames
                ? ", (SELECT coalesce(nullif(p.preferred_name, ''), p.given_name) FROM patient p WHERE p.id = v.patient_id) AS first_name"
                  + ", (SELECT substr(p.family_name, 1, 1) FROM patient p WHERE p.id = v.patient_id) AS last_initial"
                : ""
            return try SQLRow.fetchAll(db, sql: """
                SELECT v.ticket, v.status, v.room, v.arrived_at, v.status_since\(names)
                FROM visit v WHERE v.ticket <> '' AND v.arrived_at >= ? AND \(Self.atSite)
                ORDER BY v.arrived_at, v.ticket
                """, arguments: [dayStart.timeIntervalSince1970, site, site]).map { r in
                var short: String?
                if showNames, let first: String = r["first_name"] {
                    let initial: String = r["last_initial"] ?? ""
                    short = initial.isEmpty ? first : "\(first) \(initial)."
                }
                return BoardTicket(ticket: r["ticket"], status: VisitStatus(rawValue: r["status"]) ?? .arrived,
                                   room: r["room"], arrivedAt: Decode.date(r["arrived_at"]),
                                   statusSince: Date(timeIntervalSince1970: r["status_since"]), shortName: short)
            }
        }
    }

    /// How long today's roomed patients waited from arrival to being roomed (for "estimated wait").
    /// A visit past `roomed` keeps its roomed time only while it is roomed, so this counts
    /// visits whose status is roomed or later from arrival to their status change.
    /// The board's filter on a visit's site: two arguments, the site twice.
    static let atSite = "(CAST(? AS TEXT) IS NULL OR v.site IS NULL OR v.site = ?)"

    public func boardRoomedWaits(since dayStart: Date, site: String? = nil) throws -> [TimeInterval] {
        try read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT v.arrived_at, v.status_since FROM visit v
                WHERE v.arrived_at >= ? AND v.status = 'roomed' AND \(Self.atSite)
                """, arguments: [dayStart.timeIntervalSince1970, site, site]).map {
                max(0, ($0["status_since"] as Double) - ($0["arrived_at"] as Double))
            }
        }
    }
}
