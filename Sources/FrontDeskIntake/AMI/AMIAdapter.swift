import Foundation
import Crypto
import FrontDeskCore
import FrontDeskStore

/// Follows an Asterisk's call queues and applies what happens to them to a sink (the
/// clinic store), reconnecting with backoff until stopped. One background-free loop:
/// `run()` blocks the calling thread; `stop()` may be called from any thread (it only
/// touches `stopSignal`'s state, under its lock).
public final class AMIAdapter: @unchecked Sendable {
    public let configuration: AMIConfiguration
    private let sink: CallEventSink
    private let clock: () -> Date
    private let report: (AMIStatus) -> Void
    private var translator: AMIQueueTranslator
    private let stopSignal = NSCondition()
    private var stopRequested = false
    private var actionCounter = 0
    private var peakParser = 0, peakSync = 0

    public init(configuration: AMIConfiguration, sink: CallEventSink,
                clock: @escaping () -> Date = Date.init, report: @escaping (AMIStatus) -> Void = { _ in }) {
        self.configuration = configuration
        self.sink = sink
        self.clock = clock
        self.report = report
        self.translator = AMIQueueTranslator(queues: Set(configuration.queues), deskMap: configuration.deskMap,
                                             leaveSettleTime: configuration.leaveSettleTime)
    }

    /// Asks `run()` to log off and return; safe from a signal-handling queue.
    public func stop() {
        stopSignal.lock(); stopRequested = true; stopSignal.broadcast(); stopSignal.unlock()
    }

    private var isStopping: Bool {
        stopSignal.lock(); defer { stopSignal.unlock() }
        return stopRequested
    }

    /// The most bytes held at once, over every connection so far: by the packet parser (an
    /// unfinished line and packet), and by a resynchronisation (the queue list and the live
    /// events held back while it came). `configuration.limits` bounds both.
    public var peakBufferedBytes: (parser: Int, sync: Int) {
        stopSignal.lock(); defer { stopSignal.unlock() }
        return (peakParser, peakSync)
    }

    private func note(parser: Int? = nil, sync: Int? = nil) {
        stopSignal.lock()
        if let parser { peakParser = max(peakParser, parser) }
        if let sync { peakSync = max(peakSync, sync) }
        stopSignal.unlock()
    }

    /// Runs until `stop()`; throws only what retrying cannot fix (refused login, bad
    /// configuration). A lost or failed link is reported and retried with backoff.
    public func run() throws {
        try configuration.validate()
        var failures = 0
        while !isStopping {
            do {
                try session { failures = 0 }
            } catch let error as AMIError where !error.isRetryable {
                throw error
            } catch {
                // A lost link, or a store that was busy while we resynchronised: both heal.
                if isStopping { break }
                failures += 1
                let wait = configuration.backoff.delay(afterFailures: failures)
                report(.linkLost(reason: String(describing: error), retryIn: wait))
                stopSignal.lock()
                let until = Date().addingTimeInterval(wait)
                while !stopRequested && stopSignal.wait(until: until) {}
                stopSignal.unlock()
            }
        }
        report(.stopped)
    }

    // MARK: - One connection

    /// Connect, greet, log in, synchronise, then follow live events until the link drops.
    private func session(onLoggedIn: () -> Void) throws {
        report(.connecting(host: configuration.host, port: configuration.port))
        let link = AMILink(socket: try AMISocket(host: configuration.host, port: configuration.port,
                                                  timeout: configuration.connectTimeout), limits: configuration.limits)
        defer { note(parser: link.peakParserBytes); link.socket.close() }
        let banner = try link.banner(timeout: configuration.responseTimeout)
        guard banner.hasPrefix("Asterisk Call Manager") else {
            throw AMIError.protocolViolation("no Asterisk Call Manager greeting")
        }
        report(.connected(banner: banner))
        try logIn(link)
        onLoggedIn()
        report(.loggedIn(user: configuration.username, queues: configuration.queues))
        try synchronise(link)
        try follow(link)
    }

    private func nextActionID() -> String {
        actionCounter += 1
        return "frontdesk-\(actionCounter)"
    }

    private func logIn(_ link: AMILink) throws {
        var login = ["Action": "Login", "Username": configuration.username, "Events": "agent"]
        switch configuration.login {
        case .plain:
            login["Secret"] = configuration.secret
        case .challengeMD5:
            let id = nextActionID()
            try link.send(["Action": "Challenge", "ActionID": id, "AuthType": "MD5"])
            let reply = try link.response(to: id, timeout: configuration.responseTimeout) { _ in }
            guard reply.response?.lowercased() == "success", let challenge = reply["Challenge"] else {
                throw AMIError.authenticationFailed(user: configuration.username,
                                                    message: reply["Message"] ?? "the PBX refused the MD5 challenge")
            }
            let digest = Insecure.MD5.hash(data: Data((challenge + configuration.secret).utf8))
            login["AuthType"] = "MD5"
            login["Key"] = digest.map { String(format: "%02x", $0) }.joined()
        }
        let id = nextActionID()
        login["ActionID"] = id
        try link.send(login)
        let reply = try link.response(to: id, timeout: configuration.responseTimeout) { _ in }
        guard reply.response?.lowercased() == "success" else {
            throw AMIError.authenticationFailed(user: configuration.username,
                                                message: reply["Message"] ?? "login refused")
        }
    }

    /// Learns who is waiting now. Live events that arrive while the list is coming are
    /// held back and applied after it, in order, so a caller who joins or hangs up
    /// meanwhile is neither closed as "gone" nor counted twice. Only events the translator
    /// acts on are held, and the list with them is bounded (`limits.syncBytes`): a PBX that
    /// floods events faster than it lists its queues loses the link, which is made again
    /// and the list asked for anew, instead of the adapter holding the flood.
    private func synchronise(_ link: AMILink) throws {
        let id = nextActionID()
        try link.send(["Action": "QueueStatus", "ActionID": id])
        var entries: [AMIPacket] = [], members: [AMIPacket] = [], deferred: [AMIPacket] = []
        var held = 0
        let bound = configuration.limits.syncBytes
        func hold(_ packet: AMIPacket, in list: inout [AMIPacket]) throws {
            guard held + packet.wireBytes <= bound else {
                throw AMIError.linkLost("more than \(AMILimits.size(bound)) of queue list and events arrived while the queue list was coming; listing again on a new connection")
            }
            held += packet.wireBytes
            note(sync: held)
            list.append(packet)
        }
        var complete = false
        let collect: (AMIPacket) throws -> Void = { packet in
            if packet.actionID == id {
                switch packet.event?.lowercased() {
                case "queueentry"?: try hold(packet, in: &entries)
                case "queuemember"?: try hold(packet, in: &members)
                case "queuestatuscomplete"?: complete = true
                default: break
                }
            } else if AMIQueueTranslator.actsOn(packet) {
                try hold(packet, in: &deferred)
            }
        }
        let reply = try link.response(to: id, timeout: configuration.responseTimeout, otherwise: collect)
        guard reply.response?.lowercased() == "success" else {
            throw AMIError.configuration("the PBX refused QueueStatus: \(reply["Message"] ?? "no reason given")")
        }
        let deadline = Date().addingTimeInterval(configuration.responseTimeout)
        while !complete {
            guard Date() < deadline else { throw AMIError.linkLost("the QueueStatus list did not complete") }
            try link.packets(timeout: 0.2).forEach(collect)
        }
        let open = try sink.openCallIDs()
        let events = translator.resynchronise(entries: entries, members: members, openInStore: open, now: clock())
        let gone = events.filter { if case .callEnded = $0.event { return true } else { return false } }.count
        record(events)
        report(.synchronised(open: translator.openCallCount, closed: gone))
        for packet in deferred { record(translator.translate(packet, now: clock())) }
    }

    private func follow(_ link: AMILink) throws {
        var lastHeard = Date()
        var pingSent = false
        while !isStopping {
            let packets = try link.packets(timeout: 0.2)
            if !packets.isEmpty || link.heardSince(lastHeard) { lastHeard = Date(); pingSent = false }
            for packet in packets { record(translator.translate(packet, now: clock())) }
            record(translator.settleLeaves(now: clock()))
            let silent = Date().timeIntervalSince(lastHeard)
            if silent > 2 * configuration.keepaliveInterval {
                throw AMIError.linkLost("no reply from the PBX for \(Int(silent)) s")
            }
            if silent > configuration.keepaliveInterval && !pingSent {
                try link.send(["Action": "Ping", "ActionID": nextActionID()])
                pingSent = true
            }
        }
        try? link.send(["Action": "Logoff", "ActionID": nextActionID()])
    }

    /// A store that refuses an event must not stop the adapter: the next resynchronisation
    /// repairs the state, and the operator sees why on stderr.
    private func record(_ events: [TimedEvent]) {
        for event in events {
            do {
                let outcome = try sink.apply(event)
                if outcome != .applied { report(.eventRecordedWithWarning(reason: outcome.description)) }
            } catch { report(.eventNotRecorded(reason: String(describing: error))) }
        }
    }
}

extension AMIPacket {
    /// Its size on the wire (`Name: value` CRLF per field, then CRLF): what holding it costs, near enough.
    var wireBytes: Int { fields.reduce(2) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } }
}
