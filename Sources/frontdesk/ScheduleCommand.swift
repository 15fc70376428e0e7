import ArgumentParser
import Foundation
import FrontDeskConsole
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// `frontdesk schedule …`: the clinic's appointments on any day, under the same rules as the
/// desk. Every refusal is one line on stderr and a non-zero exit; `--json` for scripts.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Book, move and cancel appointments; next available; the waitlist; reminders.",
        subcommands: [View.self, Slots.self, Book.self, Cancel.self, Reschedule.self, NoShow.self, Day.self, Waitlist_.self, Reminders.self,
                      Check.self, Load.self])

    // MARK: shared

    /// `YYYY-MM-DD HH:MM` on the clinic's clock, or an ISO 8601 instant.
    static func time(_ s: String, zone: TimeZone) throws -> Date {
        if let d = ISOTime.parse(s) { return d }
        let parts = s.replacingOccurrences(of: "T", with: " ").split(separator: " ")
        if parts.count == 2, let day = CivilDate(iso: String(parts[0])) {
            let hm = parts[1].split(separator: ":")
            if hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) {
                return zone.date(day, at: TimeOfDay(h, m))
            }
        }
        throw StoreCommand.failure("\"\(s)\" is not a time: use YYYY-MM-DD HH:MM (the clinic's clock)", code: 64)
    }

    static func date(_ s: String) throws -> CivilDate {
        guard let d = CivilDate(iso: s) else { throw StoreCommand.failure("\"\(s)\" is not a date: use YYYY-MM-DD", code: 64) }
        return d
    }

    static func patientID(_ store: ClinicStore, mrn: String) throws -> Int64 {
        guard let p = try store.patient(mrn: mrn) else { throw StoreCommand.failure("no patient with MRN \(mrn)", code: 65) }
        return p.id
    }

    static func zone(_ store: ClinicStore) throws -> TimeZone { try store.calendar()?.timeZone ?? .current }

    static func local(_ date: Date, _ zone: TimeZone) -> String {
        let s = zone.stamp(date)
        return "\(s.date.iso) \(s.time.text)"
    }

    static func json(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func row(_ a: Appointment, _ zone: TimeZone) -> [String: Any] {
        var r: [String: Any] = ["id": a.id, "patientID": a.patientID, "mrn": a.mrn, "provider": a.providerID as Any? ?? NSNull(),
                                "providerName": a.providerName, "start": ISOTime.string(a.start), "local": local(a.start, zone),
                                "minutes": a.minutes, "type": a.typeCode as Any? ?? NSNull(), "status": a.status.rawValue, "overbook": a.overbook]
        if let why = a.statusReason { r["reason"] = why }
        if let to = a.rescheduledTo { r["rescheduledTo"] = to }
        return r
    }

    /// Runs a write; its refusal is the one line the user reads.
    static func attempt<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ExitCode { throw e } catch { throw StoreCommand.failure("\(error)", code: 65) }
    }

    // MARK: commands

    struct View: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The schedule screen: a day with every provider (one at a time at 80 columns) or a provider's week; book, find, move, cancel.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var lockOptions: LockOptions
        @Option(help: "The day to open, YYYY-MM-DD (default today).") var date: String?
        @Option(help: "The provider id to start on (default the calendar's first).") var provider: String?
        @Option(help: "Theme name or file (default: $FRONTDESK_THEME; NO_COLOR gives monochrome).") var theme: String?

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .viewPatients).pair
            let calendar = try store.calendar()
            if let provider, calendar?.provider(provider) == nil {
                throw StoreCommand.failure("no provider '\(provider)' in the calendar", code: 64)
            }
            let day = try date.map(ScheduleCommand.date)
            let now = Date()
            let lock = try lockOptions.lock(store: store, actor: actor, now: now)
            try ConsoleSession.withTerminal(themeName: theme) { terminal in
                ConsoleSession.runSchedule(store: store, actor: actor, terminal: terminal, lock: lock, date: day, provider: provider,
                                           fromDesk: false)
            }
        }
    }

    struct Slots: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The first open slots the rules would book.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Provider id (default: any provider).") var provider: String?
        @Option(help: "Appointment type code.") var type: String = "follow-up"
        @Option(help: "Earliest date, YYYY-MM-DD.") var from: String?
        @Option(help: "morning, afternoon or any.") var part: String = "any"
        @Option(help: "Weekdays, e.g. mon,wed (default: every day).") var days: String?
        @Option(help: "How many slots.") var limit: Int = 10
        @Flag var json = false

        func run() throws {
            let store = try StoreCommand.session(database, .viewPatients, access: .read).store
            guard let part = DayPart(rawValue: part) else { throw StoreCommand.failure("--part is morning, afternoon or any", code: 64) }
            var weekdays = Set(Weekday.allCases)
            if let days {
                let keys = Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0.shortName.lowercased(), $0) })
                let picked = days.split(separator: ",").map { keys[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
                guard !picked.isEmpty, picked.allSatisfy({ $0 != nil }) else { throw StoreCommand.failure("--days lists mon,tue,…", code: 64) }
                weekdays = Set(picked.compactMap { $0 })
            }
            let query = SlotQuery(provider: provider, typeCode: type, earliest: try from.map(ScheduleCommand.date), partOfDay: part,
                                  weekdays: weekdays)
            let slots = try attempt { try store.openSlots(query, limit: max(1, min(limit, 200)), now: Date()) }
            let zone = try ScheduleCommand.zone(store)
            if json {
                print(ScheduleCommand.json(slots.map { ["provider": $0.provider, "type": $0.typeCode, "start": ISOTime.string($0.start),
                                                        "local": ScheduleCommand.local($0.start, zone)] }))
            } else if slots.isEmpty {
                print("no open slot within the booking horizon")
            } else {
                for s in slots { StoreCommand.say("\(ScheduleCommand.local(s.start, zone))  \(s.provider)  \(s.typeCode)") }
            }
        }
    }

    struct Book: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Book an appointment; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The patient's MRN.") var patient: String
        @Option(help: "Provider id.") var provider: String
        @Option(help: "Start, YYYY-MM-DD HH:MM on the clinic's clock.") var at: String
        @Option(help: "Appointment type code.") var type: String = "follow-up"
        @Flag(help: "Book over a taken slot (supervisor; needs --reason; counts against the day's cap).") var overbook = false
        @Option(help: "Why the overbook.") var reason: String?
        @Option(help: "Repeat weekly this many times in all (a series; each can move alone).") var weekly: Int?
        @Option(help: "Repeat weekly until this date, YYYY-MM-DD (inclusive).") var until: String?
        @Flag var json = false

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
            let zone = try ScheduleCommand.zone(store)
            let b = Booking(patientID: try ScheduleCommand.patientID(store, mrn: patient), provider: provider,
                            start: try ScheduleCommand.time(at, zone: zone), typeCode: type, overbook: overbook, overbookReason: reason)
            if weekly != nil || until != nil {
                let rule = RecurrenceRule(.weekly(every: 1), try until.map { .until(try ScheduleCommand.date($0)) } ?? .count(weekly ?? 1))
                let results = try attempt { try store.bookSeries(b, repeating: rule, by: actor, now: Date()) }
                for r in results {
                    StoreCommand.say("\(ScheduleCommand.local(r.start, zone))  " + (r.bookedID.map { "booked \($0)" } ?? "refused: \(r.refusal ?? "")"))
                }
                if results.contains(where: { $0.bookedID == nil }) { throw ExitCode(65) }
                return
            }
            let a = try attempt { try store.book(b, by: actor, now: Date()) }
            if json { print(ScheduleCommand.json(ScheduleCommand.row(a, zone))) } else { print(a.id) }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an appointment (the slot goes to the waitlist).")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: Int64
        @Option(help: "Why (required).") var reason: String = ""

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
            try attempt { try store.cancelAppointment(id: id, reason: reason, by: actor, now: Date()) }
            print("appointment \(id) cancelled")
        }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an appointment to a new time; prints the new id.")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: Int64
        @Option(help: "New start, YYYY-MM-DD HH:MM.") var at: String
        @Option(help: "New provider id (default: the same).") var provider: String?

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
            let zone = try ScheduleCommand.zone(store)
            let a = try attempt { try store.rescheduleAppointment(id: id, to: try ScheduleCommand.time(at, zone: zone), provider: provider,
                                                                 by: actor, now: Date()) }
            print(a.id)
        }
    }

    struct NoShow: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "no-show", abstract: "Mark an appointment a no-show.")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: Int64

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
            try attempt { try store.markNoShow(id: id, by: actor, now: Date()) }
            print("appointment \(id) marked no-show")
        }
    }

    struct Day: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A day's appointments (default today), per provider.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "YYYY-MM-DD.") var date: String?
        @Option(help: "Provider id.") var provider: String?
        @Flag var json = false

        func run() throws {
            let store = try StoreCommand.session(database, .viewPatients, access: .read).store
            let zone = try ScheduleCommand.zone(store)
            let day = try date.map(ScheduleCommand.date) ?? zone.civilDate(of: Date())
            let list = try store.appointments(on: day, provider: provider)
            if json { print(ScheduleCommand.json(list.map { ScheduleCommand.row($0, zone) })); return }
            print("\(day.iso) · \(list.count) appointments")
            for a in list {
                let t = zone.stamp(a.start).time.text
                let status = a.isRescheduled ? "rescheduled → \(a.rescheduledTo!)" : a.status.label
                StoreCommand.say("\(t)  \(a.minutes)m  \(a.providerName)  \(a.patientName) (\(a.mrn))  \(a.typeCode ?? "-")  \(status)\(a.overbook ? "  overbook" : "")  #\(a.id)")
            }
        }
    }

    struct Waitlist_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "waitlist", abstract: "Patients waiting for an earlier slot.",
                                                        subcommands: [Add.self, List.self, Remove.self, Accept.self, Decline.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Put a patient on the waitlist; prints the entry id.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The patient's MRN.") var patient: String
            @Option(help: "Provider id (default: any).") var provider: String?
            @Option(help: "Type code (default: any).") var type: String?
            @Option(help: "Only slots before this date, YYYY-MM-DD.") var before: String?
            @Option(help: "morning or afternoon.") var part: String?

            func run() throws {
                let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
                let part = try self.part.map { p -> DayPart in
                    guard let d = DayPart(rawValue: p), d != .any else { throw StoreCommand.failure("--part is morning or afternoon", code: 64) }
                    return d
                }
                let id = try attempt {
                    try store.addToWaitlist(patientID: try ScheduleCommand.patientID(store, mrn: patient), provider: provider, type: type,
                                            before: try before.map(ScheduleCommand.date), partOfDay: part, note: nil, by: actor, now: Date())
                }
                print(id)
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The open waitlist, first come first.")
            @OptionGroup var database: DatabaseOptions
            @Flag var json = false

            func run() throws {
                let store = try StoreCommand.session(database, .viewPatients, access: .read).store
                let rows = try store.waitlist()
                if json {
                    print(ScheduleCommand.json(rows.map { ["id": $0.id, "patientID": $0.patientID, "provider": $0.providerID as Any? ?? NSNull(),
                                                           "type": $0.typeCode as Any? ?? NSNull(), "before": $0.before?.iso as Any? ?? NSNull(),
                                                           "state": $0.state, "since": ISOTime.string($0.createdAt)] as [String: Any] }))
                    return
                }
                for r in rows {
                    StoreCommand.say("#\(r.id)  \(r.patientName)  \(r.providerID ?? "any provider")  \(r.typeCode ?? "any type")\(r.before.map { "  before \($0.iso)" } ?? "")  \(r.state)")
                }
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Take an entry off the waitlist.")
            @OptionGroup var database: DatabaseOptions
            @Argument var id: Int64
            func run() throws {
                let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
                try attempt { try store.removeFromWaitlist(id: id, by: actor, now: Date()) }
                print("waitlist entry \(id) removed")
            }
        }

        struct Accept: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The patient takes the offered slot (by the offer's task id).")
            @OptionGroup var database: DatabaseOptions
            @Argument var task: Int64
            func run() throws {
                let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
                let a = try attempt { try store.acceptOffer(task: task, by: actor, now: Date()) }
                print(a.id)
            }
        }

        struct Decline: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The patient declines: the slot goes to the next one.")
            @OptionGroup var database: DatabaseOptions
            @Argument var task: Int64
            func run() throws {
                let (store, actor) = try StoreCommand.session(database, .bookAppointments).pair
                try attempt { try store.declineOffer(task: task, by: actor, now: Date()) }
                print("offer \(task) declined")
            }
        }
    }

    struct Reminders: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A day's booked appointments as CSV for a dialer or text-message system (default tomorrow).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "YYYY-MM-DD.") var date: String?

        func run() throws {
            let store = try StoreCommand.session(database, .viewPatients, access: .read).store
            let zone = try ScheduleCommand.zone(store)
            let day = try date.map(ScheduleCommand.date) ?? zone.civilDate(of: Date()).adding(days: 1)
            print("appointment_id,patient_id,mrn,phone,time,provider,type")
            for r in try store.reminders(on: day) {
                let fields = ["\(r.appointmentID)", "\(r.patientID)", r.mrn, r.phone ?? "", ScheduleCommand.local(r.start, zone), r.providerName, r.typeName]
                print(fields.map(CSVField.quoted).joined(separator: ","))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a calendar file; every problem as FILE:LINE: reason.")
        @Argument var file: String
        func run() throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw StoreCommand.failure("cannot read \(file)", code: 66) }
            do {
                let c = try ScheduleFile.parse(text, file: file)
                print("\(file): ok — \(c.providers.count) providers, \(c.types.count) types, \(c.holidays.count) holidays")
            } catch {
                for line in error.lines { StoreCommand.warn(line) }
                throw ExitCode(65)
            }
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a calendar file the clinic's (admins; checked first, all or nothing).")
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String
        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .manageSchedule).pair
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw StoreCommand.failure("cannot read \(file)", code: 66) }
            let c = try attempt { try store.loadCalendar(source: text, file: file, by: actor, now: Date()) }
            print("schedule loaded: \(c.providers.count) providers, \(c.types.count) types, \(c.holidays.count) holidays")
        }
    }
}

/// One CSV field, quoted when it must be, never a formula a spreadsheet would run, and inert
/// (it is printed to a terminal as often as it is opened in a spreadsheet). Every CSV we
/// write goes through here.
enum CSVField {
    static func quoted(_ field: String) -> String {
        let safe = InertText.delimitedField(field)
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
