import Foundation
import FrontDeskCore
import FrontDeskStore

/// How FrontDesk addresses the practice system and paces its retries.
public struct HL7SendOptions: Sendable {
    public var sendingApplication = "FRONTDESK"
    public var sendingFacility: String?
    public var receivingApplication: String?
    public var receivingFacility: String?
    public var version = "2.5.1"
    /// The zone timestamps are written in (with their offset).
    public var timeZone: TimeZone
    public var backoff = ReconnectBackoff(initial: 1, maximum: 60)
    public var replyTimeout: TimeInterval = 30
    /// How long an empty outbox waits before looking again, besides the wake-up on every commit.
    public var idlePoll: TimeInterval = 2
    /// The visit event the practice system wants for a check-in.
    public var checkInEvent: CheckInEvent = .a04

    /// ADT A04 is the standard's own event for an outpatient who "has arrived or checked in";
    /// some systems track arrival with A10 instead; some want nothing.
    public enum CheckInEvent: String, Sendable, CaseIterable {
        case a04 = "A04", a10 = "A10", none
    }

    public init(timeZone: TimeZone) { self.timeZone = timeZone }
}

/// Sends the outbox to the practice system over MLLP: oldest first, one at a time, each until
/// its ACK. AA: done. AE: the practice refused its content — set aside with a task for a
/// person, and the next one goes. Anything else (no connection, no reply, AR, an ACK for
/// another message): the same message again after a growing wait, so order is never broken.
/// The control id is the outbox row's (`FDOUT-<id>`), the same on every try, so a receiver
/// that keeps control ids applies a message sent twice (an ACK lost to a crash) once.
public final class HL7OutboxSender: @unchecked Sendable {
    public let store: ClinicStore
    public let actor: Actor
    public let host: String
    public let port: UInt16
    public let options: HL7SendOptions
    let now: @Sendable () -> Date
    let report: @Sendable (String) -> Void
    private let lock = NSLock()
    private var stopping = false
    private let wake = DispatchSemaphore(value: 0)

    public init(store: ClinicStore, actor: Actor, host: String, port: UInt16, options: HL7SendOptions,
                now: @escaping @Sendable () -> Date = { Date() }, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store; self.actor = actor; self.host = host; self.port = port; self.options = options
        self.now = now; self.report = report
    }

    public static func controlID(_ entry: OutboxEntry) -> String { "FDOUT-\(entry.id)" }

    /// Asks `run` to return (after the exchange in hand, or at once while waiting).
    public func stop() {
        lock.lock(); stopping = true; lock.unlock()
        wake.signal()
    }

    /// Something may have been written to the outbox: look now rather than at the next poll.
    public func wakeUp() { wake.signal() }

    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    /// Sends until stopped, or (`untilEmpty`) until nothing is left to send. Returns how many
    /// the practice system accepted.
    @discardableResult
    public func run(untilEmpty: Bool = false) -> Int {
        let client = MLLPClient(host: host, port: port, connectTimeout: 5, replyTimeout: options.replyTimeout)
        defer { client.close() }
        var failures = 0
        var accepted = 0
        while !isStopping {
            let next: OutboxEntry?
            do { next = try store.outboxNext(by: actor) } catch {
                failures += 1
                report("cannot read the outbox: \(error)")
                pause(options.backoff.delay(afterFailures: failures))
                continue
            }
            guard let entry = next else {
                if untilEmpty { break }
                pause(options.idlePoll)
                continue
            }
            let control = Self.controlID(entry)
            let what = "\(control) (\(entry.message.summary))"
            let outcome: Outcome
            if let why = skipReason(entry) {
                report("skipped \(what): \(why)")
                outcome = .skipped
            } else if let text = Self.message(entry, options: options, controlID: control, at: now()) {
                outcome = Self.exchange(text, control: control, on: client)
            } else {
                outcome = .skipped
            }
            do {
                switch outcome {
                case .accepted:
                    try store.outboxSent(entry.id, by: actor, now: now())
                    failures = 0
                    accepted += 1
                    report("sent \(what): AA")
                case .skipped:
                    try store.outboxSent(entry.id, by: actor, now: now())
                    failures = 0
                case .refused(let why):
                    try store.outboxRefused(entry.id, error: why, by: actor, now: now())
                    failures = 0
                    report("refused \(what): AE \(why) — set aside, a task for a person")
                case .failed(let why):
                    try store.outboxFailed(entry.id, error: why, by: actor, now: now())
                    failures += 1
                    let wait = options.backoff.delay(afterFailures: failures)
                    report("not sent \(what), try \(entry.attempts + 1): \(why) — again in \(Self.seconds(wait))")
                    pause(wait)
                }
            } catch {
                // The exchange happened but could not be recorded: it is sent again (at least once).
                failures += 1
                report("cannot record \(what): \(error)")
                pause(options.backoff.delay(afterFailures: failures))
            }
        }
        return accepted
    }

    private func pause(_ seconds: TimeInterval) {
        guard !isStopping else { return }
        _ = wake.wait(timeout: .now() + seconds)
    }

    /// Why a row goes without a frame: the practice wants no check-in event, or the check-in
    /// would be a second A04 for a visit whose registration already announced the arrival.
    func skipReason(_ entry: OutboxEntry) -> String? {
        guard case .patient(let p) = entry.message, p.event == .checkIn else { return nil }
        switch options.checkInEvent {
        case .none: return "the practice takes no check-in event (--check-in-as none)"
        case .a10: return nil
        case .a04:
            guard let visit = p.visitID, (try? store.outboxRegistered(visitID: visit, before: entry.id, by: actor)) == true else { return nil }
            return "the registration's A04 already announced this visit"
        }
    }

    enum Outcome: Equatable {
        /// Nothing to send for it (see `skipReason`): done without a frame.
        case skipped
        case accepted
        case refused(String)
        case failed(String)
    }

    /// One message out, its ACK in; a broken exchange closes the connection (the next try reconnects).
    static func exchange(_ text: String, control: String, on client: MLLPClient) -> Outcome {
        let reply: HL7Message
        do { reply = try HL7Parser().parse(try client.send(text)) } catch {
            client.close()
            return .failed("\(error)")
        }
        guard reply["MSA", 2].text() == control else {
            client.close()
            return .failed("the reply acknowledges \(reply["MSA", 2].text() ?? "nothing"), not \(control)")
        }
        let detail = reply["ERR", 8].text() ?? reply["MSA", 3].text() ?? reply.segment("ERR")?.text(1, component: 4, subComponent: 2)
        switch reply["MSA", 1].text()?.uppercased() {
        case "AA", "CA": return .accepted
        case "AE", "CE": return .refused(detail ?? "no reason given")
        case let code: return .failed("\(code ?? "no MSA-1")\(detail.map { " \($0)" } ?? "")")
        }
    }

    static func seconds(_ t: TimeInterval) -> String {
        t < 1 ? "\(Int((t * 1000).rounded())) ms" : "\(Int(t.rounded())) s"
    }

    /// The message for one outbox row, as things stood when they changed: SIU for an
    /// appointment, ADT for a patient. Nil when the practice wants nothing for it.
    public static func message(_ entry: OutboxEntry, options: HL7SendOptions, controlID: String, at time: Date) -> String? {
        let header = HL7OutgoingHeader(sendingApplication: options.sendingApplication, sendingFacility: options.sendingFacility,
                                       receivingApplication: options.receivingApplication, receivingFacility: options.receivingFacility,
                                       version: options.version, controlID: controlID, timestamp: time, timeZone: options.timeZone)
        switch entry.message {
        case .appointment(let a): return siu(a, header: header)
        case .patient(let p):
            let trigger: HL7OutgoingPatient.Trigger
            switch p.event {
            case .register: trigger = p.visitID == nil ? .personAdded : .registered
            case .update: trigger = .updated
            case .checkIn:
                switch options.checkInEvent {
                case .a04: trigger = .registered
                case .a10: trigger = .arriving
                case .none: return nil
                }
            }
            return adt(p, trigger: trigger, at: entry.createdAt, header: header)
        }
    }

    static func birthDate(_ iso: String?) -> HL7Presence<HL7Timestamp> {
        let utc = TimeZone(secondsFromGMT: 0)!
        return iso.flatMap { CivilDate(iso: $0) }
            .map { .value(HL7Timestamp(date: $0.start(in: utc), timeZone: utc, precision: .day, includesOffset: false)) } ?? .empty
    }

    static func siu(_ a: OutboundAppointment, header: HL7OutgoingHeader) -> String {
        let trigger: HL7ScheduleTrigger = switch a.event {
        case .book: .booked
        case .reschedule: .rescheduled
        case .modify: .modified
        case .cancel: .cancelled
        case .delete: .deleted
        case .noShow: .noShow
        }
        let patient = HL7PatientDemographics(
            identifiers: [HL7Identifier(id: a.patientMRN, typeCode: "MR")],
            name: .value(HL7PersonName(family: a.familyName, given: a.givenName.isEmpty ? nil : a.givenName)),
            birthDate: birthDate(a.dateOfBirth), sex: a.sex.map { .value($0) } ?? .empty)
        let outgoing = HL7OutgoingAppointment(
            trigger: trigger, fillerID: HL7EntityIdentifier(id: a.fillerID), placerID: a.placerID.map { HL7EntityIdentifier(id: $0) },
            start: a.start, duration: TimeInterval(a.minutes * 60),
            appointmentType: a.typeCode.map { HL7CodedValue(code: $0, text: a.typeName) },
            eventReason: a.reason.map { HL7CodedValue(code: trigger.rawValue, text: $0) },
            provider: a.providerID.map { HL7Provider(id: $0, name: HL7PersonName(family: a.providerName)) },
            patient: patient)
        return outgoing.siuMessage(header: header)
    }

    /// PID as the record stood: a value the desk removed goes as `""` (delete yours), one it
    /// never had as nothing (keep yours). The phone and the e-mail share PID-13 (use code NET).
    static func adt(_ p: OutboundPatient, trigger: HL7OutgoingPatient.Trigger, at time: Date, header: HL7OutgoingHeader) -> String {
        func presence<T>(_ value: T?, _ field: OutboundPatient.Field) -> HL7Presence<T> {
            if let value { return .value(value) }
            return p.cleared.contains(field) ? .null : .empty
        }
        var contacts: [HL7Phone] = []
        if let phone = p.phone { contacts.append(HL7Phone(formatted: phone, useCode: "PRN", equipmentType: "PH")) }
        if let email = p.email { contacts.append(HL7Phone(formatted: nil, useCode: "NET", equipmentType: "Internet", email: email)) }
        let bothCleared = p.cleared.contains(.phone) || p.cleared.contains(.email)
        let birth: HL7Presence<HL7Timestamp> = p.dateOfBirth != nil ? birthDate(p.dateOfBirth) : (p.cleared.contains(.dateOfBirth) ? .null : .empty)
        let demographics = HL7PatientDemographics(
            identifiers: [HL7Identifier(id: p.mrn, typeCode: "MR")],
            name: .value(HL7PersonName(family: p.familyName, given: p.givenName.isEmpty ? nil : p.givenName)),
            birthDate: birth, sex: presence(p.sex, .sex),
            address: presence(p.address.map { HL7Address(street: $0) }, .address),
            homePhones: contacts.isEmpty ? (bothCleared ? .null : .empty) : .value(contacts))
        let outgoing = HL7OutgoingPatient(
            demographics: demographics, patientClass: p.visitID == nil ? "N" : "O",
            visitNumber: p.appointmentID.map { HL7Identifier(id: $0) },
            attendingDoctor: p.providerID.map { HL7Provider(id: $0, name: p.providerName.map { HL7PersonName(family: $0) }) },
            assignedLocation: p.room.map { HL7Location(pointOfCare: nil, room: $0) },
            admitted: p.event == .checkIn ? time : nil)
        return outgoing.recorded(at: time).adtMessage(trigger, header: header)
    }
}
