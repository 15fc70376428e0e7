import Foundation
import FrontDeskCore
import TerminalUI

/// One Waiting Room row as the board shows it: a pure mapping from a visit and the clock.
struct BoardRow: Equatable {
    var visitID: Int64
    var ticket: String
    var patient: String
    /// What tells this row's patient from another row's of the same name (birth year, MRN tail).
    var tag: NameCollisions.Tag?
    /// "Okafor, C.": the name with its given name cut to an initial, for a narrow column.
    var initialed: String?
    var appointment: String
    var provider: String
    var status: VisitStatus
    /// "◆ With provider", or "· late 25m" for a patient past their time and not here yet.
    var statusText: String
    var statusRole: StyleRole
    var inStatus: String
    var inStatusRole: StyleRole
    var total: String
    var totalRole: StyleRole
    var flags: String
    var arrival: String
    /// "+12" late, "-5" early: the arrival column on a narrow board.
    var arrivalShort: String

    init(_ visit: Visit, patient: Patient?, tag: NameCollisions.Tag? = nil, at now: Date, zone: TimeZone) {
        visitID = visit.id
        ticket = visit.ticket
        self.patient = patient?.displayName ?? "#\(visit.patientID)"
        self.tag = tag
        initialed = patient.flatMap { p in p.givenName.first.map { "\(p.familyName), \($0)." } }
        appointment = visit.walkIn ? "walk" : (visit.appointmentAt.map { Clock.timeOfDay($0, in: zone) } ?? "")
        provider = visit.provider
        status = visit.status
        if let late = visit.lateness(at: now) {
            (statusText, statusRole) = ("\(visit.status.symbol) late \(Clock.minutes(late))", .warning)
        } else {
            (statusText, statusRole) = ("\(visit.status.symbol) \(visit.status.label)", BoardRow.role(of: visit.status))
        }
        let waiting = visit.status.isOpen && visit.status != .scheduled
        let inStatusTime = visit.timeInStatus(at: now)
        (inStatus, inStatusRole) = waiting
            ? BoardRow.graded(inStatusTime, .timeInStatus)
            : ("", .normal)
        if waiting, let t = visit.totalTime(at: now) {
            (total, totalRole) = BoardRow.graded(t, .visitTotal)
        } else {
            (total, totalRole) = ("", .normal)
        }
        var f = Set(visit.openReadiness.map(\.item.flag))
        var parts = ["INS", "DOC", "$"].filter { f.remove($0) != nil }
        if patient?.interpreter?.isEmpty == false { parts.append("INT") }
        if patient?.accessibility?.isEmpty == false { parts.append("ACC") }
        flags = parts.joined(separator: " ")
        if let offset = visit.arrivalOffset, abs(offset) > Visit.punctualitySlack {
            arrival = offset > 0 ? "late \(Int(offset / 60))" : "early \(Int(-offset / 60))"
            arrivalShort = offset > 0 ? "+\(Int(offset / 60))" : "-\(Int(-offset / 60))"
        } else {
            arrival = ""; arrivalShort = ""
        }
    }

    /// Waits turn amber, then red, by the library's thresholds; the marker says the same without colour.
    static func graded(_ t: TimeInterval, _ thresholds: WaitThresholds) -> (String, StyleRole) {
        switch thresholds.level(for: t) {
        case .red: return (Clock.minutes(t) + "!!", .boardRowOverdue)
        case .amber: return (Clock.minutes(t) + "!", .boardRowAmber)
        case .ok: return (Clock.minutes(t), .normal)
        }
    }

    static func role(of status: VisitStatus) -> StyleRole {
        switch status {
        case .arrived: return .warning
        case .checkedIn, .roomed: return .info
        case .withProvider, .checkout, .done: return .good
        case .noShow, .leftWithoutBeingSeen: return .danger
        case .scheduled, .cancelled: return .muted
        }
    }
}
