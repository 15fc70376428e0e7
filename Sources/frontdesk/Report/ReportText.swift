import Foundation
import FrontDeskCore
import TextSafety

/// The day report for a terminal or a mail: aligned columns, every outside string inert.
enum ReportText {
    static func render(_ r: DayReport) -> String {
        let z = ReportFormat.zone(r)
        let d = ReportFormat.duration
        var out: [String] = []
        out.append("FrontDesk day report — \(r.day) (\(r.timeZone)), figures to \(ReportFormat.clock(r.asOf, z))")
        out.append("")
        out.append("VISITS")
        out.append(table(["Ticket", "Patient", "Provider", "Appt", "Status", "Arrive", "In", "Room", "Prov", "Done", "→in", "→room", "Late", "Open at roomed"],
                         r.visits.map { v in
            [v.ticket.isEmpty ? "–" : v.ticket, [v.patient, v.mrn.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "), v.provider,
             ReportFormat.clock(v.appointmentAt, z), v.status.rawValue, ReportFormat.clock(v.arrival, z), ReportFormat.clock(v.checkIn, z),
             ReportFormat.clock(v.roomed, z), ReportFormat.clock(v.withProvider, z), ReportFormat.clock(v.done, z),
             v.arrivalToCheckIn.map { "\($0)m" } ?? "", v.arrivalToRoomed.map { "\($0)m" } ?? "", v.late ? "late" : "",
             v.openAtRoomed.map(\.rawValue).joined(separator: " ")]
        }))
        out.append("")
        out.append("FLOW")
        out.append(table(["", "Visits", "No-show", "Late", "Lobby p50", "Lobby p90", "→room p50", "→room p90", "Open at roomed", "By status"],
                         (r.providers + [r.clinic]).map { f in
            [f.name, "\(f.visits)", "\(f.noShows)", "\(f.lateArrivals)", d(f.lobbyWaitP50), d(f.lobbyWaitP90), d(f.arrivalToRoomedP50),
             d(f.arrivalToRoomedP90), f.openAtRoomed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
             f.byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
        }))
        out.append("")
        out.append("PHONE")
        out.append(table(["Hour", "Offered", "Answered", "Abandoned", "Short", "Service level", "ASA", "Longest"],
                         (r.phoneHours + [r.phone]).map { h in
            [h.hour < 0 ? "Day" : ReportFormat.hour(h.hour), "\(h.offered)", "\(h.answered)", "\(h.abandoned)", "\(h.shortAbandoned)",
             ReportFormat.percent(h.serviceLevel), d(h.asaSeconds), d(h.longestWaitSeconds)]
        }))
        out.append("callbacks made \(r.callbacksMade), overdue \(r.callbacksOverdue)")
        out.append("")
        out.append("INTERRUPTIONS")
        out.append(table(["Desk", "Suspensions", "Resumed", "Longest", "p90", "Reclaimed"], r.desks.map { k in
            [k.desk, "\(k.suspensions)", "\(k.resumptions)", d(k.longestSuspendedSeconds), d(k.p90SuspendedSeconds), "\(k.reclaimed)"]
        }))
        out.append("resumptions \(r.resumptions), longest suspended \(d(r.longestSuspendedSeconds)), p90 \(d(r.p90SuspendedSeconds)), "
                   + "reclaimed \(r.reclaimed), closed while aside \(r.closedWhileSuspended), never resumed \(r.neverResumed)"
                   + (r.stillSuspended > 0 ? ", suspended now \(r.stillSuspended)" : ""))
        out.append("emergencies \(r.emergencies.count)" + (r.emergencies.isEmpty ? "" : ": " + r.emergencies.map {
            "\(ReportFormat.clock($0.raisedAt, z)) answered in \(d($0.responseSeconds))"
        }.joined(separator: "; ")))
        return out.joined(separator: "\n") + "\n"
    }

    /// Left-aligned columns, two spaces apart, sized by what is in them.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let cells = ([header] + rows).map { $0.map(InertText.inert) }
        var widths = header.map { _ in 0 }
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        return cells.map { row in
            row.enumerated().map { i, c in i == row.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}

/// Spreadsheet blocks, one per table, each under its title row.
enum ReportCSV {
    static func render(_ r: DayReport) -> String {
        let z = ReportFormat.zone(r)
        func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
        var blocks: [[[String]]] = []
        blocks.append([["Visits \(r.day)"],
                       ["ticket", "patient", "mrn", "provider", "appointment", "status", "arrival", "check-in", "roomed", "with provider", "done",
                        "arrival→check-in min", "check-in→roomed min", "roomed→provider min", "provider→done min", "arrival→roomed min", "late", "open at roomed"]]
                      + r.visits.map { v in
            [v.ticket, v.patient ?? "", v.mrn ?? "", v.provider, ReportFormat.clock(v.appointmentAt, z), v.status.rawValue,
             ReportFormat.clock(v.arrival, z), ReportFormat.clock(v.checkIn, z), ReportFormat.clock(v.roomed, z),
             ReportFormat.clock(v.withProvider, z), ReportFormat.clock(v.done, z), n(v.arrivalToCheckIn), n(v.checkInToRoomed),
             n(v.roomedToProvider), n(v.providerToDone), n(v.arrivalToRoomed), v.late ? "yes" : "no",
             v.openAtRoomed.map(\.rawValue).joined(separator: " ")]
        })
        blocks.append([["Flow"], ["provider", "visits", "no-shows", "late arrivals", "lobby wait p50 s", "lobby wait p90 s",
                                  "arrival→roomed p50 s", "arrival→roomed p90 s"]]
                      + (r.providers + [r.clinic]).map { f in
            [f.name, "\(f.visits)", "\(f.noShows)", "\(f.lateArrivals)", n(f.lobbyWaitP50), n(f.lobbyWaitP90), n(f.arrivalToRoomedP50), n(f.arrivalToRoomedP90)]
        })
        blocks.append([["Phone"], ["hour", "offered", "answered", "abandoned", "short abandons", "service level", "ASA s", "longest wait s"]]
                      + (r.phoneHours + [r.phone]).map { h in
            [h.hour < 0 ? "day" : "\(h.hour)", "\(h.offered)", "\(h.answered)", "\(h.abandoned)", "\(h.shortAbandoned)",
             h.serviceLevel.map { String(format: "%.3f", $0) } ?? "", n(h.asaSeconds), "\(h.longestWaitSeconds)"]
        } + [["callbacks made", "\(r.callbacksMade)"], ["callbacks overdue", "\(r.callbacksOverdue)"]])
        blocks.append([["Interruptions"], ["desk", "suspensions", "resumptions", "longest suspended s", "p90 suspended s", "reclaimed"]]
                      + r.desks.map { k in
            [k.desk, "\(k.suspensions)", "\(k.resumptions)", "\(k.longestSuspendedSeconds)", n(k.p90SuspendedSeconds), "\(k.reclaimed)"]
        } + [["never resumed", "\(r.neverResumed)"], ["emergencies", "\(r.emergencies.count)"]])
        return blocks.map { rows in rows.map { $0.map(CSVField.quoted).joined(separator: ",") }.joined(separator: "\r\n") }
            .joined(separator: "\r\n\r\n") + "\r\n"
    }
}

enum ReportJSON {
    static func render(_ r: DayReport) throws -> String {
        String(decoding: try InertJSON.encode(r), as: UTF8.self)
    }
}
