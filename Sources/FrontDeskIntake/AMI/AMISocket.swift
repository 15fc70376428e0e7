import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection with timeouts: connect and read wait in `poll`, so the
/// adapter's thread can notice a stop request or a silent link between reads.
final class AMISocket {
    private var fd: Int32

    /// Resolves `host` (name or address) and connects, giving up after `timeout`.
    init(host: String, port: UInt16, timeout: TimeInterval) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw AMIError.linkLost("cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let s = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            if s < 0 { lastError = String(cString: strerror(errno)); continue }
            if let failure = Self.connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout) {
                lastError = failure; Glibc.close(s); continue
            }
            var on: Int32 = 1
            setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &on, socklen_t(MemoryLayout<Int32>.size))
            fd = s
            return
        }
        throw AMIError.linkLost("cannot connect to \(host):\(port): \(lastError)")
    }

    /// Non-blocking connect so a black-holed address cannot hang us for minutes.
    private static func connect(_ s: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ len: socklen_t,
                                timeout: TimeInterval) -> String? {
        let flags = fcntl(s, F_GETFL)
        _ = fcntl(s, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(s, F_SETFL, flags) }
        if Glibc.connect(s, addr, len) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var pfd = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&pfd, 1, Int32(timeout * 1000))
        if ready == 0 { return "timed out after \(timeout) s" }
        if ready < 0 { return String(cString: strerror(errno)) }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &size)
        return error == 0 ? nil : String(cString: strerror(error))
    }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }

    /// Writes everything or throws; MSG_NOSIGNAL so a dead peer is an error, not SIGPIPE.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AMIError.linkLost("the link broke while sending: \(String(cString: strerror(errno)))")
            }
            sent += n
        }
    }

    /// Bytes that arrived within `timeout` (empty if none); throws when the peer closed.
    func receive(timeout: TimeInterval) throws -> [UInt8] {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, Int32(max(0, timeout) * 1000))
        if ready < 0 {
            if errno == EINTR { return [] }
            throw AMIError.linkLost("poll failed: \(String(cString: strerror(errno)))")
        }
        if ready == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 {
            if errno == EINTR || errno == EAGAIN { return [] }
            throw AMIError.linkLost("the link broke: \(String(cString: strerror(errno)))")
        }
        if n == 0 { throw AMIError.linkLost("the PBX closed the connection") }
        return Array(buffer[..<n])
    }
}
