import Foundation
import FrontDeskCore
import TextSafety

/// The downtime copy as one self-contained printable HTML page: inline CSS only (a page
/// break before each provider's day when printed), no script, nothing fetched — the Content
/// Security Policy forbids both, so a browser would not run or fetch anything even if text
/// got through. Every string from the store is made inert (controls, bidi overrides and
/// invisible characters become visible stand-ins) and then HTML-escaped.
enum DowntimePage {
    static let confidential = "CONFIDENTIAL — contains protected health information"

    static func html(_ copy: DowntimeCopy) -> String {
        let zone = copy.zone
        func time(_ d: Date) -> String { zone.stamp(d).time.text }
        func when(_ d: Date) -> String {
            let s = zone.stamp(d)
            return s.date == zone.civilDate(of: copy.generatedAt) ? s.time.text : "\(s.time.text) \(s.date.shortText)"
        }
        let generated = "\(zone.stamp(copy.generatedAt).date.iso) \(time(copy.generatedAt)) (\(zone.identifier)); \(ISOTime.string(copy.generatedAt))"

        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="robots" content="noindex, nofollow">
        <title>FrontDesk downtime copy — \(e(copy.days.first?.date.iso ?? "")) — CONFIDENTIAL</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <header class="phi"><strong>\(e(confidential))</strong><br>
        FrontDesk downtime copy · generated \(e(generated)) · clinic time zone \(e(zone.identifier))<br>
        Keep it where patients cannot see it; shred it when the system is back.</header>
        <nav><ol>
        """
        for (n, day) in copy.days.enumerated() {
            out += "<li>\(n == 0 ? "Today" : "Tomorrow"), \(e(day.date.shortText)) \(e(String(day.date.year))): \(day.count) appointments — "
                + day.providers.map { e($0.provider) }.joined(separator: ", ") + "</li>\n"
        }
        out += "<li>Waiting room: \(copy.waiting.count)</li>\n<li>Callbacks owed: \(copy.callbacks.count)</li>\n"
        out += "<li>Phone numbers for today's patients</li>\n" + (copy.nameIndex ? "<li>Patients by name</li>\n" : "") + "</ol></nav>\n"

        // The live picture first: it is what the desk needs in the first minutes.
        out += section("waiting", title: "Waiting room as of \(time(copy.generatedAt))", page: false) {
            guard !copy.waiting.isEmpty else { return "<p>Nobody in the building.</p>\n" }
            return table(["Ticket", "Patient", "MRN", "Status", "Waiting since", "Room", "Provider"], copy.waiting.map { w in
                [w.ticket, w.patient, w.mrn, w.status, w.since.map { "\(when($0)) (\(Int(copy.generatedAt.timeIntervalSince($0) / 60)) min)" } ?? "", w.room ?? "", w.provider]
            })
        }
        out += section("callbacks", title: "Callbacks owed", page: false) {
            guard !copy.callbacks.isEmpty else { return "<p>No callback owed.</p>\n" }
            return table(["Number", "Patient", "Due", "Tries", "Note"], copy.callbacks.map { c in
                [c.number, c.patient ?? "", c.due.map(when) ?? "", String(c.attempts), c.note]
            }, nowrap: [0, 2])
        }

        for (n, day) in copy.days.enumerated() {
            let label = "\(n == 0 ? "Today" : "Tomorrow") — \(day.date.shortText) \(day.date.year)"
            if day.providers.isEmpty {
                out += section("day-\(n)", title: label, page: true) { "<p>No appointments.</p>\n" }
            }
            for p in day.providers {
                out += section("day-\(n)-\(p.provider)", title: "\(label) — \(p.provider)", page: true, note: "\(p.bookings.count) appointments") {
                    table(["Time", "Patient", "MRN", "Date of birth", "Phone", "Type / reason", "Status"], p.bookings.map { b in
                        [time(b.start) + " (\(b.minutes) min)", b.patient, b.mrn, b.dateOfBirth ?? "", b.phone ?? "",
                         [b.type, b.reason].filter { !$0.isEmpty }.joined(separator: " — "), b.status]
                    }, nowrap: [0, 2, 3, 4], released: p.bookings.map(\.released))
                }
            }
        }

        out += section("phones", title: "Phone numbers for today's patients", page: true) {
            let list = copy.phoneList
            guard !list.isEmpty else { return "<p>No appointments today.</p>\n" }
            return table(["Patient", "MRN", "Date of birth", "Phone", "Time", "Provider"], list.map { b in
                [b.patient, b.mrn, b.dateOfBirth ?? "", b.phone ?? "(no number)", time(b.start), b.provider]
            }, nowrap: [1, 2, 3, 4])
        }
        if copy.nameIndex {
            out += section("names", title: "Patients by name (today and tomorrow)", page: true) {
                table(["Patient", "Date of birth", "MRN", "Day", "Time", "Provider", "Status"], copy.allBookings.map { d, b in
                    [b.patient, b.dateOfBirth ?? "", b.mrn, d.shortText, time(b.start), b.provider, b.status]
                }, nowrap: [1, 2, 3, 4], released: copy.allBookings.map(\.booking.released))
            }
        }
        out += """
        <footer class="phi"><strong>\(e(confidential))</strong><br>
        Generated \(e(generated)) by FrontDesk from the clinic database; anything after that time is not on it.</footer>
        </body>
        </html>

        """
        return out
    }

    /// A section, with the confidentiality line repeated at its head: each printed page
    /// that starts a section says what it is.
    static func section(_ id: String, title: String, page: Bool, note: String? = nil, _ body: () -> String) -> String {
        let anchor = id.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? String($0) : "-" }.joined()
        return "<section id=\"\(e(anchor))\" class=\"\(page ? "provider" : "live")\">\n"
            + "<p class=\"mark\">\(e(confidential))</p>\n"
            + "<h2>\(e(title))\(note.map { " <small>(\(e($0)))</small>" } ?? "")</h2>\n" + body() + "</section>\n"
    }

    static func table(_ header: [String], _ rows: [[String]], nowrap: Set<Int> = [], released: [Bool] = []) -> String {
        var out = "<table>\n<thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (i, row) in rows.enumerated() {
            let set = i < released.count && released[i]
            out += "<tr\(set ? " class=\"released\"" : "")>" + row.enumerated().map { j, cell in
                "<td\(nowrap.contains(j) ? " class=\"num\"" : "")>\(e(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Outside text on its way into the page: inert first (a bidi override or a control
    /// character becomes a visible stand-in), then escaped, so nothing in it is markup.
    static func e(_ s: String) -> String { InertText.html(s) }

    static let css = """
    body { font: 11pt/1.35 "DejaVu Sans", Arial, sans-serif; color: #000; background: #fff; margin: 1.2em; }
    header.phi, footer.phi { border: 3px double #000; padding: .4em .8em; margin: .6em 0; text-align: center; }
    p.mark { font-size: 8pt; font-weight: bold; letter-spacing: .05em; margin: 1.4em 0 0; border-top: 1px solid #000; }
    h2 { font-size: 13pt; margin: .2em 0 .4em; }
    h2 small { font-weight: normal; }
    table { border-collapse: collapse; width: 100%; margin: 0 0 1em; }
    th, td { border: 1px solid #777; padding: .15em .4em; text-align: left; vertical-align: top; unicode-bidi: isolate; }
    th { background: #e8e8e8; }
    td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
    tr.released td { color: #555; font-style: italic; }
    nav ol { margin: .2em 0 .8em; }
    @page { margin: 1.4cm 1.2cm; }
    @media print {
      body { margin: 0; font-size: 9.5pt; }
      nav { display: none; }
      section.provider { break-before: page; page-break-before: always; }
      thead { display: table-header-group; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      th { background: none; border-bottom: 2px solid #000; }
      footer.phi { break-before: avoid; }
    }
    """
}
