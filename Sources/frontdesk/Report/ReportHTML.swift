import Foundation
import FrontDeskCore
import TextSafety

/// The day report as one self-contained HTML file: inline CSS and SVG charts, no script, no
/// link to anything outside, laid out to print (A4 or Letter, charts kept whole on a page).
enum ReportHTML {
    static func render(_ r: DayReport, generatedAt: Date) -> String {
        let z = ReportFormat.zone(r)
        let d = ReportFormat.duration
        var body = ""
        body += "<header><h1>Day report — \(esc(r.day))</h1>"
        body += "<p class=\"meta\">\(esc(r.timeZone)) · figures to \(ReportFormat.clock(r.asOf, z)) · generated \(esc(ISOTime.string(generatedAt)))"
        body += r.visits.contains { $0.patient != nil } ? " · <strong>contains patient names: confidential</strong>" : " · patients by ticket only"
        body += "</p></header>\n"

        body += "<section class=\"summary\">"
        body += tile("Visits", "\(r.clinic.visits)") + tile("No-shows", "\(r.clinic.noShows)") + tile("Lobby wait p90", d(r.clinic.lobbyWaitP90))
        body += tile("Calls", "\(r.phone.offered)") + tile("Service level (30 s)", ReportFormat.percent(r.phone.serviceLevel))
        body += tile("Abandoned", "\(r.phone.abandoned)") + tile("Callbacks overdue", "\(r.callbacksOverdue)")
        body += tile("Never resumed", "\(r.neverResumed)")
        body += "</section>\n"

        body += "<section class=\"chart\"><h2>Calls and arrivals per hour</h2>"
        body += barChart(id: "per-hour", hours: r.hours, series: [
            ("calls", "Calls offered", r.phoneHours.map { Double($0.offered) }),
            ("arrivals", "Patients arriving", r.arrivalsPerHour.map(Double.init)),
        ], unit: "")
        body += "</section>\n"
        body += "<section class=\"chart\"><h2>Waits per hour (minutes)</h2>"
        body += barChart(id: "waits", hours: r.hours, series: [
            ("lobby-wait", "Mean lobby wait of those arriving", r.lobbyWaitPerHour.map { Double($0 ?? 0) / 60 }),
            ("asa", "Phone ASA", r.phoneHours.map { Double($0.asaSeconds ?? 0) / 60 }),
        ], unit: " min")
        body += "</section>\n"
        body += "<section class=\"chart\"><h2>Suspended work per desk</h2>" + timeline(r, zone: z)
        body += "<p class=\"meta\">amber: set aside and resumed · grey: closed as it lay · outlined: aside now · red: never resumed</p></section>\n"

        body += "<section><h2>Flow by provider</h2>"
        body += table(["", "Visits", "No-shows", "Late", "Lobby p50", "Lobby p90", "Arrival → roomed p50", "p90", "Open when roomed"],
                      (r.providers + [r.clinic]).map { f in
            [f.name, "\(f.visits)", "\(f.noShows)", "\(f.lateArrivals)", d(f.lobbyWaitP50), d(f.lobbyWaitP90), d(f.arrivalToRoomedP50),
             d(f.arrivalToRoomedP90), f.openAtRoomed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
        }, id: "flow")
        body += "</section>\n<section><h2>Phone by hour</h2>"
        body += table(["Hour", "Offered", "Answered", "Abandoned", "Short (≤ 10 s)", "Service level", "ASA", "Longest wait"],
                      (r.phoneHours + [r.phone]).map { h in
            [h.hour < 0 ? "Day" : ReportFormat.hour(h.hour), "\(h.offered)", "\(h.answered)", "\(h.abandoned)", "\(h.shortAbandoned)",
             ReportFormat.percent(h.serviceLevel), d(h.asaSeconds), d(h.longestWaitSeconds)]
        }, id: "phone")
        body += "<p>Callbacks made \(r.callbacksMade), overdue \(r.callbacksOverdue).</p>"
        body += "</section>\n<section><h2>Interruptions</h2>"
        body += table(["Desk", "Suspensions", "Resumed", "Longest suspended", "p90", "Reclaimed from a dead console"], r.desks.map { k in
            [k.desk, "\(k.suspensions)", "\(k.resumptions)", d(k.longestSuspendedSeconds), d(k.p90SuspendedSeconds), "\(k.reclaimed)"]
        }, id: "desks")
        body += "<p>Never resumed: <strong>\(r.neverResumed)</strong>" + (r.stillSuspended > 0 ? " · suspended now \(r.stillSuspended)" : "")
            + " · closed while set aside \(r.closedWhileSuspended)"
        body += " · emergencies \(r.emergencies.count)" + (r.emergencies.isEmpty ? "" : " (answered in " + r.emergencies.map { d($0.responseSeconds) }.joined(separator: ", ") + ")")
        body += "</p></section>\n<section class=\"visits\"><h2>Visits</h2>"
        let named = r.visits.contains { $0.patient != nil }
        body += table(["Ticket"] + (named ? ["Patient", "MRN"] : []) + ["Provider", "Appt", "Status", "Arrived", "Checked in", "Roomed", "With provider", "Done", "Arrival → roomed", "Open when roomed"],
                      r.visits.map { v in
            [v.ticket] + (named ? [v.patient ?? "", v.mrn ?? ""] : []) +
            [v.provider, ReportFormat.clock(v.appointmentAt, z), v.status.label + (v.late ? " (late)" : ""), ReportFormat.clock(v.arrival, z),
             ReportFormat.clock(v.checkIn, z), ReportFormat.clock(v.roomed, z), ReportFormat.clock(v.withProvider, z), ReportFormat.clock(v.done, z),
             v.arrivalToRoomed.map { "\($0) min" } ?? "", v.openAtRoomed.map(\.label).joined(separator: ", ")]
        }, id: "visits")
        body += "</section>\n"

        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>FrontDesk day report \(esc(r.day))</title>
        <style>\(css)</style></head>
        <body>
        \(body)<footer>FrontDesk · \(esc(r.day)) · definitions: docs/reports.md</footer>
        </body></html>

        """
    }

    static let css = """
    body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;margin:24px;max-width:1100px}
    h1{font-size:20px;margin:0}h2{font-size:15px;margin:18px 0 6px}.meta{color:#555;margin:2px 0 12px}
    .summary{display:flex;flex-wrap:wrap;gap:8px}.tile{border:1px solid #ccc;border-radius:4px;padding:6px 10px;min-width:110px}
    .tile b{display:block;font-size:18px}.tile span{color:#555;font-size:11px}
    table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left}
    th{background:#f3f3f3}svg{width:100%;height:auto}.bar.calls{fill:#2f6db5}.bar.arrivals{fill:#e08a1e}.bar.lobby-wait{fill:#7a4fb0}
    .bar.asa{fill:#2a9d8f}.suspension{fill:#d9a400}.suspension.closed{fill:#9e9e9e}.suspension.aside{fill:#fff;stroke:#d9a400;stroke-width:1.5}.suspension.never{fill:#c62828}.lane{fill:#f4f4f4}.axis{stroke:#999;stroke-width:1}
    text{font-size:11px;fill:#333}.legend rect{stroke:none}footer{margin-top:18px;color:#777;font-size:11px}
    @media print{body{margin:10mm;max-width:none}.chart,table,tr{break-inside:avoid}section.visits{break-before:page}
    th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}.bar,.suspension{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
    """

    static func tile(_ label: String, _ value: String) -> String {
        "<div class=\"tile\"><b>\(esc(value))</b><span>\(esc(label))</span></div>"
    }

    static func table(_ header: [String], _ rows: [[String]], id: String) -> String {
        var s = "<table id=\"\(id)\"><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { s += "<tr>" + row.map { "<td>\(esc($0))</td>" }.joined() + "</tr>" }
        return s + "</tbody></table>"
    }

    /// Grouped bars: one group per hour, one bar per series, each `<rect class="bar NAME">`
    /// with its value in a tooltip.
    static func barChart(id: String, hours: [Int], series: [(String, String, [Double])], unit: String) -> String {
        let width = 1000.0, height = 220.0, left = 40.0, bottom = 24.0, top = 22.0
        let maxValue = max(1, series.flatMap(\.2).max() ?? 1)
        let scale = niceCeiling(maxValue)
        let plotH = height - bottom - top
        let group = hours.isEmpty ? 0 : (width - left) / Double(hours.count)
        let barW = max(1, group * 0.8 / Double(max(1, series.count)))
        var s = "<svg id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(esc(series.map(\.1).joined(separator: ", ")))\">"
        for k in 0...4 {
            let y = top + plotH - plotH * Double(k) / 4
            s += "<line class=\"axis\" x1=\"\(f(left))\" x2=\"\(f(width))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke-opacity=\"0.3\"/>"
            s += "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(fmt(scale * Double(k) / 4))</text>"
        }
        for (i, h) in hours.enumerated() {
            let x0 = left + group * Double(i) + group * 0.1
            for (j, (name, label, values)) in series.enumerated() {
                let v = i < values.count ? values[i] : 0
                let bh = plotH * v / scale
                s += "<rect class=\"bar \(name)\" data-hour=\"\(h)\" x=\"\(f(x0 + barW * Double(j)))\" y=\"\(f(top + plotH - bh))\" width=\"\(f(barW))\" height=\"\(f(bh))\"><title>\(esc(label)) \(String(format: "%02d", h)):00 — \(fmt(v))\(unit)</title></rect>"
            }
            s += "<text x=\"\(f(x0 + group * 0.4))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(String(format: "%02d", h))</text>"
        }
        var lx = left
        for (name, label, _) in series {
            s += "<g class=\"legend\"><rect class=\"bar \(name) key\" x=\"\(f(lx))\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"\(f(lx + 14))\" y=\"13\">\(esc(label))</text></g>"
            lx += 20 + Double(label.count) * 6.5
        }
        return s + "</svg>"
    }

    /// One lane per desk; each suspension a bar from when the work was put aside to when it
    /// came back (red: it never did).
    static func timeline(_ r: DayReport, zone: TimeZone) -> String {
        let desks = r.desks.map(\.desk)
        guard !desks.isEmpty, let firstHour = r.hours.first, let lastHour = r.hours.last else { return "<p>No work was suspended.</p>" }
        // The clock hours as instants of that day (a DST day has 23 or 25 hours, not 24 × 3600 s).
        let day = CivilDate(iso: r.day) ?? CivilDate(r.asOf, in: zone)
        func atHour(_ h: Int) -> Date { h >= 24 ? day.adding(days: 1).start(in: zone) : zone.date(day, at: TimeOfDay(h, 0)) }
        let from = atHour(min(firstHour, r.suspensions.map { hourOf($0.from, zone) }.min() ?? firstHour))
        let to = atHour(max(lastHour, r.suspensions.map { hourOf($0.to, zone) }.max() ?? lastHour) + 1)
        let width = 1000.0, left = 90.0, lane = 22.0, top = 6.0
        let height = top + lane * Double(desks.count) + 22
        let span = max(1, to.timeIntervalSince(from))
        func x(_ d: Date) -> Double { left + (width - left) * min(1, max(0, d.timeIntervalSince(from) / span)) }
        var s = "<svg id=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Suspended work per desk\">"
        for (i, desk) in desks.enumerated() {
            let y = top + lane * Double(i)
            s += "<rect class=\"lane\" x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(width - left))\" height=\"\(f(lane - 4))\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + lane / 2 + 2))\" text-anchor=\"end\">\(esc(desk))</text>"
            for sp in r.suspensions where sp.desk == desk {
                let x0 = x(sp.from), w = max(1.5, x(sp.to) - x0)
                let kind = sp.resumed ? "" : sp.closed ? " closed" : sp.aside ? " aside" : " never"
                s += "<rect class=\"suspension\(kind)\" data-desk=\"\(esc(desk))\" x=\"\(f(x0))\" y=\"\(f(y + 2))\" width=\"\(f(w))\" height=\"\(f(lane - 8))\">"
                s += "<title>task \(sp.taskID): \(ReportFormat.clock(sp.from, zone))–\(ReportFormat.clock(sp.to, zone))\(sp.resumed ? ", resumed" : sp.closed ? ", closed as it lay" : sp.aside ? ", still aside" : ", never resumed")</title></rect>"
            }
        }
        var h = from
        while h <= to {
            let anchor = h == from ? "start" : h.addingTimeInterval(3600) > to ? "end" : "middle"
            s += "<text x=\"\(f(x(h)))\" y=\"\(f(height - 6))\" text-anchor=\"\(anchor)\">\(ReportFormat.clock(h, zone))</text>"
            h = h.addingTimeInterval(3600)
        }
        return s + "</svg>"
    }

    static func hourOf(_ d: Date, _ zone: TimeZone) -> Int { zone.stamp(d).time.minutes / 60 }

    /// 1, 2, 5 × 10ⁿ at or above `v`: round axis labels.
    static func niceCeiling(_ v: Double) -> Double {
        let p = pow(10, floor(log10(v)))
        for m in [1.0, 2, 5, 10] where m * p >= v { return m * p }
        return 10 * p
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }

    static func esc(_ s: String) -> String { InertText.html(s) }
}
