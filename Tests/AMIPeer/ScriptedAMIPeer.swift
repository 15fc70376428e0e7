import Crypto
import Foundation
import FrontDeskIntake
#if canImport(Glibc)
import Glibc
#endif

/// A stand-in Asterisk manager on 127.0.0.1 that plays a script per connection: the
/// banner, a login check (plain or MD5 challenge), a `QueueStatus` list with live
/// events mixed into it, then live events, then a clean hold or a drop mid-packet.
/// Output is written in chunks cut at seeded random points so reads split anywhere.
/// Its mutable state is behind `lock`; the serving thread owns the sockets.
public final class ScriptedAMIPeer: @unchecked Sendable {
    public struct Script: Sendable {
        public var secret = "s3cret"
        /// `QueueParams`/`QueueMember`/`QueueEntry` packets (the peer adds the ActionID).
        public var listed: [AMIPacket] = []
        /// Live events sent in the middle of the list reply.
        public var duringList: [AMIPacket] = []
        /// Live events sent once the list is complete.
        public var live: [AMIPacket] = []
        /// After `live`: the first this many bytes of a packet, then the link drops.
        public var dropMidPacket: (AMIPacket, Int)? = nil
        /// The `Message:` of a refused login (a hostile PBX can put anything there).
        public var refusal = "Authentication failed"

        public init(secret: String = "s3cret", listed: [AMIPacket] = [], duringList: [AMIPacket] = [],
                    live: [AMIPacket] = [], dropMidPacket: (AMIPacket, Int)? = nil,
                    refusal: String = "Authentication failed") {
            self.secret = secret; self.listed = listed; self.duringList = duringList
            self.live = live; self.dropMidPacket = dropMidPacket; self.refusal = refusal
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let scripts: [Script]
    private let lock = NSLock()
    private var _logins: [String] = []
    private var _connections = 0
    private var stopping = false
    private var random: SeededRandom?
    private let done = DispatchSemaphore(value: 0)

    /// What each connection's login looked like: "plain", "md5", or "refused".
    public var logins: [String] { lock.lock(); defer { lock.unlock() }; return _logins }
    public var connections: Int { lock.lock(); defer { lock.unlock() }; return _connections }

    /// `splitSeed`: cut the output at random points; nil sends each packet whole.
    public init(_ scripts: [Script], splitSeed: UInt64? = nil) throws {
        self.scripts = scripts
        random = splitSeed.map(SeededRandom.init)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw SpawnFailure("cannot listen on 127.0.0.1") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        listener = fd
        Thread.detachNewThread { [self] in serve(); done.signal() }
    }

    /// Sends `packets` on the live connection, as events that happen later in the day.
    public func push(_ packets: [AMIPacket]) {
        lock.lock(); outbox += packets; lock.unlock()
    }

    private var outbox: [AMIPacket] = []

    private func takeOutbox() -> [AMIPacket] {
        lock.lock(); defer { lock.unlock() }
        let packets = outbox; outbox = []
        return packets
    }

    public func stop() {
        lock.lock(); stopping = true; lock.unlock()
        done.wait()
        close(listener)
    }

    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    private func serve() {
        var index = 0
        while !isStopping {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            lock.lock(); _connections += 1; lock.unlock()
            // Past the last script the peer keeps playing the last one with nothing live.
            var script = scripts[min(index, scripts.count - 1)]
            if index >= scripts.count { script.live = []; script.duringList = []; script.dropMidPacket = nil }
            index += 1
            play(script, on: fd)
            close(fd)
        }
    }

    private func play(_ script: Script, on fd: Int32) {
        var parser = AMIPacketParser(expectBanner: false)
        var challenge: String?
        var queue: [AMIPacket] = []
        send("Asterisk Call Manager/9.0.0\r\n", fd)
        while let action = nextAction(fd, &parser, &queue) {
            let id = action.actionID ?? ""
            switch action["Action"]?.lowercased() {
            case "challenge"?:
                challenge = "840219374"
                send(packet(["Response": "Success", "ActionID": id, "Challenge": challenge!]), fd)
            case "login"?:
                let method = action["AuthType"]?.lowercased() == "md5" ? "md5" : "plain"
                let expected = method == "md5"
                    ? Insecure.MD5.hash(data: Data(((challenge ?? "") + script.secret).utf8)).map { String(format: "%02x", $0) }.joined()
                    : script.secret
                let given = method == "md5" ? action["Key"] : action["Secret"]
                guard given == expected else {
                    record("refused")
                    send(packet(["Response": "Error", "ActionID": id, "Message": script.refusal]), fd)
                    return
                }
                record(method)
                send(packet(["Response": "Success", "ActionID": id, "Message": "Authentication accepted"]), fd)
                send(packet(["Event": "FullyBooted", "Privilege": "system,all", "Status": "Fully Booted"]), fd)
            case "queuestatus"?:
                send(packet(["Response": "Success", "ActionID": id, "EventList": "start", "Message": "Queue status will follow"]), fd)
                for (n, item) in script.listed.enumerated() {
                    var listed = item
                    listed.fields.append(.init("ActionID", id))
                    send(listed.encoded, fd)
                    if n == 0 { script.duringList.forEach { send($0.encoded, fd) } }
                }
                if script.listed.isEmpty { script.duringList.forEach { send($0.encoded, fd) } }
                send(packet(["Event": "QueueStatusComplete", "ActionID": id, "EventList": "Complete",
                             "ListItems": String(script.listed.count)]), fd)
                script.live.forEach { send($0.encoded, fd) }
                if let (cut, bytes) = script.dropMidPacket {
                    send(String(decoding: Array(cut.encoded.utf8).prefix(bytes), as: UTF8.self), fd)
                    return
                }
            case "ping"?:
                send(packet(["Response": "Success", "ActionID": id, "Ping": "Pong"]), fd)
            case "logoff"?:
                send(packet(["Response": "Goodbye", "ActionID": id, "Message": "Thanks for all the fish."]), fd)
                return
            default:
                send(packet(["Response": "Error", "ActionID": id, "Message": "Invalid/unknown command"]), fd)
            }
        }
    }

    private func record(_ login: String) { lock.lock(); _logins.append(login); lock.unlock() }

    private func packet(_ pairs: KeyValuePairs<String, String>) -> String { AMIPacket(pairs).encoded }

    /// The next action the client sends; nil when it hangs up or the peer is stopping.
    private func nextAction(_ fd: Int32, _ parser: inout AMIPacketParser, _ pending: inout [AMIPacket]) -> AMIPacket? {
        while pending.isEmpty {
            if isStopping { return nil }
            takeOutbox().forEach { send($0.encoded, fd) }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            guard let messages = try? parser.feed(buffer[..<n]) else { return nil }
            pending += messages.compactMap { if case let .packet(p) = $0 { return p } else { return nil } }
        }
        return pending.removeFirst()
    }

    private func send(_ text: String, _ fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let size = random.map { r in Int(r.next() % 23) + 1 } ?? bytes.count
            let chunk = bytes.prefix(size)
            let n = chunk.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}

/// splitmix64: the same seed cuts the stream at the same points on every run.
public final class SeededRandom {
    private var state: UInt64
    public init(_ seed: UInt64) { state = seed }
    public func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct SpawnFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
