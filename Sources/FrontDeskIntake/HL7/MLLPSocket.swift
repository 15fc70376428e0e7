import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why an MLLP connection could not do what was asked.
public enum MLLPError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotResolve(String)
    case cannotListen(String)
    case cannotConnect(String)
    case timedOut(String)
    case connectionClosed
    case io(String)
    case replyTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .cannotResolve(let detail): "cannot resolve \(detail)"
        case .cannotListen(let detail): "cannot listen: \(detail)"
        case .cannotConnect(let detail): "cannot connect: \(detail)"
        case .timedOut(let what): "timed out \(what)"
        case .connectionClosed: "the peer closed the connection"
        case .io(let detail): "connection failed: \(detail)"
        case .replyTooLarge(let limit): "the reply was over \(limit) bytes"
        }
    }
}

/// The few BSD socket calls MLLP needs, each waiting in `poll` so that no call
/// can block past its timeout. Linux (Glibc) only, like the rest of FrontDesk's sockets.
enum MLLPSocket {
    enum ReadResult: Equatable {
        case bytes([UInt8])
        case timedOut
        case closed
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    /// Resolved addresses for `host:port`; `passive` for binding.
    private static func addresses(_ host: String, _ port: UInt16, passive: Bool,
                                  _ body: (UnsafeMutablePointer<addrinfo>) -> Int32?) throws -> Int32? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, list != nil else {
            throw MLLPError.cannotResolve("\(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var candidate = list
        while let info = candidate {
            if let fd = body(info) { return fd }
            candidate = info.pointee.ai_next
        }
        return nil
    }

    private static func newSocket(_ info: UnsafeMutablePointer<addrinfo>) -> Int32 {
        socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
    }

    /// A listening socket and the port it got (the ephemeral one when `port` is 0).
    static func listen(host: String, port: UInt16, backlog: Int32) throws -> (fd: Int32, port: UInt16) {
        var failure = "no usable address"
        let bound = try addresses(host, port, passive: true) { info in
            let fd = newSocket(info)
            guard fd >= 0 else { failure = lastError(); return nil }
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, Glibc.listen(fd, backlog) == 0 else {
                failure = lastError()
                Glibc.close(fd)
                return nil
            }
            return fd
        }
        guard let fd = bound else { throw MLLPError.cannotListen("\(host):\(port): \(failure)") }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, describe(&address).port)
    }

    /// Connects within `timeout` (non-blocking connect, so a black-holed address cannot hang us).
    static func connect(host: String, port: UInt16, timeout: TimeInterval) throws -> Int32 {
        var failure = "no usable address"
        let connected = try addresses(host, port, passive: false) { info in
            let fd = newSocket(info)
            guard fd >= 0 else { failure = lastError(); return nil }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS, wait(fd, for: Int16(POLLOUT), timeout: timeout) else {
                    failure = errno == EINPROGRESS ? "timed out after \(timeout) s" : lastError()
                    Glibc.close(fd)
                    return nil
                }
                var error: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
                guard error == 0 else { failure = String(cString: strerror(error)); Glibc.close(fd); return nil }
            }
            _ = fcntl(fd, F_SETFL, flags)
            return fd
        }
        guard let fd = connected else { throw MLLPError.cannotConnect("\(host):\(port): \(failure)") }
        return fd
    }

    /// A pending connection and its peer's `host:port`, or nil if none arrived.
    static func accept(_ listener: Int32) -> (fd: Int32, peer: String)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let peer = describe(&address)
        return (fd, "\(peer.host):\(peer.port)")
    }

    /// True when `events` became ready within `timeout`.
    static func wait(_ fd: Int32, for events: Int16, timeout: TimeInterval) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let milliseconds = Int32(min(max(0, timeout), 3_600) * 1_000)
        let ready = poll(&entry, 1, milliseconds)
        return ready > 0
    }

    static func waitReadable(_ fd: Int32, timeout: TimeInterval) -> Bool {
        wait(fd, for: Int16(POLLIN), timeout: timeout)
    }

    /// Whatever arrives within `timeout`, at most `limit` bytes.
    static func read(_ fd: Int32, limit: Int = 64 * 1024, timeout: TimeInterval) throws -> ReadResult {
        guard wait(fd, for: Int16(POLLIN), timeout: timeout) else { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return .timedOut }
            throw MLLPError.io(lastError())
        }
        return count == 0 ? .closed : .bytes(Array(buffer[..<count]))
    }

    /// Writes everything before `timeout`; MSG_NOSIGNAL so a vanished peer is an error, not SIGPIPE.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var sent = 0
        while sent < bytes.count {
            guard wait(fd, for: Int16(POLLOUT), timeout: deadline.timeIntervalSinceNow) else {
                throw MLLPError.timedOut("writing to the peer")
            }
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw MLLPError.io(lastError())
            }
            sent += count
        }
    }

    /// Empties a connection held idle between exchanges; false when the peer has
    /// closed or reset it. Whatever was waiting (a late reply to an exchange that
    /// already failed) is dropped, so it can never pass for the next reply.
    static func drainIdleConnection(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while wait(fd, for: Int16(POLLIN), timeout: 0) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count == 0 { return false }
            if count < 0 { return errno == EAGAIN || errno == EINTR }
        }
        return true
    }

    static func close(_ fd: Int32) { Glibc.close(fd) }

    /// Wakes a thread blocked on `fd` without freeing the descriptor number.
    static func shutdown(_ fd: Int32) { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    private static func describe(_ address: inout sockaddr_storage) -> (host: String, port: UInt16) {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
                            NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard rc == 0 else { return ("?", 0) }
        func text(_ chars: [CChar]) -> String {
            String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return (text(host), UInt16(text(service)) ?? 0)
    }
}
