import Foundation
import FrontDeskCore
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// The busy day the real-pty figures are measured on, written through the store's own
/// transactions (as the feed and the desks would): 1,000 visits today in mixed statuses, and
/// 200 calls, most still waiting so their m:ss timers tick on the Phone Queue.
enum PtyClinic {
    struct Made { var path: String; var visits: Int; var calls: Int; var waitingCalls: Int; var seconds: Double }

    /// The OS login the console will run as: it must be a user of the clinic.
    static var login: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }

    static func make(in directory: String, visits: Int = 1000, calls: Int = 200, now: Date = Date()) throws -> Made {
        let started = Date()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("bench.sqlite")
        let store = try ClinicStore.create(path: path)
        let setup = Actor(login: login, desk: "bench-setup", role: .admin)
        try store.addUser(login: login, role: .receptionist, by: setup, now: now)
        let colleague = Actor(login: login, desk: "Front 2", role: .receptionist)
        try store.registerDesk(name: "Front 2", user: login, now: now)

        let providers = ["Dr Patel", "Dr Lee", "Dr Okoye", "Dr Varga", "Dr Silva"]
        let families = ["Okafor", "Nguyen", "García", "Kowalski", "Haddad", "Smith", "Tanaka", "Müller", "Osei", "Ivanova"]
        let givens = ["Chidi", "Linh", "Lucía", "Piotr", "Rania", "Alex", "Yuki", "Jonas", "Ama", "Olga"]
        let patients = (0..<visits).map { i in
            Patient(id: Int64(i + 1), mrn: "B\(100_000 + i)", familyName: "\(families[i % families.count])\(i / 10)",
                    givenName: givens[(i / 3) % givens.count], dateOfBirth: "19\(50 + i % 50)-0\(1 + i % 9)-1\(i % 10)",
                    phone: "555-\(String(format: "%07ld", 100_000 + i))")
        }
        // The day runs 08:00–18:00 around now: half the appointments are past.
        let appointments = (0..<visits).map { i in
            AppointmentRecord(ref: "bench-\(i)", at: now.addingTimeInterval(Double(i - visits / 2) * 36),
                              mrn: patients[i].mrn, provider: providers[i % providers.count], reason: "follow-up")
        }
        _ = try store.importClinic(patients: patients, appointments: appointments, by: setup, now: now.addingTimeInterval(-6 * 3600))

        // Statuses by slot, for the visits whose appointment is near or past: many in the lobby.
        let visitIDs = try store.snapshot().visits.sorted { ($0.appointmentAt ?? now) < ($1.appointmentAt ?? now) }.map(\.id)
        for (i, id) in visitIDs.enumerated() {
            let appt = appointments[i].at
            guard appt < now.addingTimeInterval(20 * 60) else { continue }
            let arrived = min(appt.addingTimeInterval(Double(i % 25 - 15) * 60), now.addingTimeInterval(-60))
            func at(_ minutes: Double) -> Date { min(arrived.addingTimeInterval(minutes * 60), now.addingTimeInterval(-30)) }
            switch i % 10 {
            case 0, 1: continue                                   // still scheduled (or a no-show so far)
            case 2, 3, 4:                                         // in the lobby, not yet checked in
                try store.setVisitStatus(visitID: id, to: .arrived, by: colleague, now: arrived)
            default:
                try store.setVisitStatus(visitID: id, to: .arrived, by: colleague, now: arrived)
                try store.checkIn(visitID: id, by: colleague, now: at(4))
                let later: [VisitStatus] = i % 10 == 5 || i % 10 == 6 ? [] : i % 10 == 7 ? [.roomed] : i % 10 == 8 ? [.roomed, .withProvider]
                    : [.roomed, .withProvider, .done]
                for (step, status) in later.enumerated() {
                    try store.setVisitStatus(visitID: id, to: status, by: colleague, now: at(10 + Double(step) * 15))
                }
            }
        }

        // Calls rang over the last 50 minutes; a colleague answered some, some callers hung up.
        var waiting = 0
        for i in 0..<calls {
            let id = "bench-call-\(i)"
            let rang = now.addingTimeInterval(-Double(calls - i) * 15)
            let from = i % 3 == 0 ? patients[i % patients.count].phone ?? "555-0100" : "555-\(String(format: "%07ld", 900_000 + i))"
            try store.apply(TimedEvent(.callRinging(call: id, from: from, name: nil, reason: ["billing", "appointment", "results", "refill"][i % 4], queue: nil),
                                       at: rang), by: colleague, now: rang)
            switch i % 10 {
            case 0:
                try store.start(.answer(callID: id), at: "Front 2", by: colleague, now: rang.addingTimeInterval(20))
                _ = try store.endCall(id: id, outcome: .informationGiven, note: nil, by: colleague, now: rang.addingTimeInterval(140))
            case 5 where i < calls / 2:
                try store.apply(TimedEvent(.callAbandoned(call: id), at: rang.addingTimeInterval(90)), by: colleague, now: rang.addingTimeInterval(90))
            default:
                waiting += 1
            }
        }
        return Made(path: path, visits: visits, calls: calls, waitingCalls: waiting, seconds: Date().timeIntervalSince(started))
    }
}
