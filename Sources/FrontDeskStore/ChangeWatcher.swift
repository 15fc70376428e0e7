import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Tells a console that some process (this one or another) committed to the store, and up
/// to which journal sequence. GRDB's observation only sees its own process, so this is ours.
///
/// How it notices: on Linux it waits on inotify for writes to the database's `-wal` file
/// (no CPU while nothing happens) and then reads the journal's last sequence on its own
/// connection; because a writer appends the WAL frames a moment before it publishes the
/// commit, an event that shows nothing new is re-checked after 1, 2, 4… ms. A slow fallback
/// poll covers file systems without inotify. Elsewhere it simply polls.
///
/// `onChange` runs on the watcher's own thread, never the main queue (a curses loop never
/// runs it): hop to your own loop from there.
///
/// Thread-safety: everything the watcher thread touches (`reader`, `lastSeen`, the inotify
/// descriptor) is touched by that thread alone; `stop()` only writes one byte down the
/// wake-up pipe and waits for the thread to finish before closing it. What it calls back
/// with is an explicit `@Sendable` value.
public final class ChangeWatcher: @unchecked Sendable {
    public enum Mode: Equatable, Sendable {
        /// inotify on the WAL, plus a poll every `fallback` seconds.
        case fileEvents(fallback: TimeInterval)
        /// Read the journal's last sequence every `interval` seconds.
        case polling(interval: TimeInterval)
        public static let `default` = Mode.fileEvents(fallback: 0.25)
    }

    private let reader: DatabaseQueue?
    private let dbPath: String
    /// On PostgreSQL: the journal's NOTIFY, heard on a connection of the watcher's own.
    private var listener: PostgresChangeListener?
    private let store: ClinicStore
    private let mode: Mode
    private let onChange: @Sendable (Int64) -> Void
    private var wake: [Int32] = [-1, -1]
    private let finished = DispatchSemaphore(value: 0)
    private var lastSeen: Int64
    private var thread: Thread?

    /// Starts watching `store`'s file from its current sequence (changes after now are reported).
    public init(store: ClinicStore, mode: Mode = .default, onChange: @escaping @Sendable (Int64) -> Void) throws {
        self.store = store
        if case .postgres(let server) = store.engine {
            // A notice only says "look"; the journal says up to where. After a lost connection
            // the listener says so, and the journal is read again: notices sent meanwhile are lost.
            reader = nil; dbPath = ""; self.mode = mode; self.onChange = onChange
            lastSeen = try store.lastSequence()
            listener = PostgresChangeListener(server: server, channel: PostgresSchema.channel) { [weak self] event in
                if case .disconnected = event { return }
                _ = self?.checkPostgres()
            }
            try listener!.start()
            // A change committed between reading the sequence and listening is not missed.
            _ = checkPostgres()
            return
        }
        guard let path = store.path else { throw StoreError.invalid("an in-memory store has no other processes to watch") }
        var c = Configuration()
        c.readonly = true
        c.busyMode = .timeout(1)
        let reader = try DatabaseQueue(path: path, configuration: c)
        self.reader = reader
        dbPath = path
        self.mode = mode
        self.onChange = onChange
        lastSeen = try reader.read { try Int64.fetchOne($0, sql: "SELECT max(seq) FROM journal") ?? 0 }
        guard pipe(&wake) == 0 else { throw StoreError.invalid("cannot create the watcher's wake-up pipe") }
        // The thread holds the watcher until `stop()`: a watcher is never torn down under a running poll.
        let t = Thread { self.loop(); self.finished.signal() }
        t.name = "frontdesk.change-watcher"
        thread = t
        t.start()
    }

    /// Stops the thread and waits for it; no `onChange` runs after this returns.
    /// Call it when done: the running thread keeps the watcher alive until then.
    public func stop() {
        if let listener { listener.stop(); self.listener = nil; return }
        guard wake[1] >= 0 else { return }
        var b: UInt8 = 1
        _ = Glibc.write(wake[1], &b, 1)
        finished.wait()
        close(wake[0]); close(wake[1]); wake = [-1, -1]
    }

    private func currentSequence() -> Int64? {
        try? reader?.read { try Int64.fetchOne($0, sql: "SELECT max(seq) FROM journal") ?? 0 }
    }

    /// PostgreSQL: reads the journal's last sequence and reports it when newer. Runs on the
    /// listener's thread (one event at a time), or once in `init` before any event can come.
    private func checkPostgres() -> Bool {
        guard let seq = try? store.lastSequence() else { return false }
        lock.lock()
        let newer = seq > lastSeen
        if newer { lastSeen = seq }
        lock.unlock()
        if newer { onChange(seq) }
        return newer
    }
    private let lock = NSLock()

    /// Reports a newer sequence; true when there was one.
    private func check() -> Bool {
        guard let seq = currentSequence(), seq > lastSeen else { return false }
        lastSeen = seq
        onChange(seq)
        return true
    }

    private func loop() {
        var fd: Int32 = -1
        var fallbackMs: Int32
        switch mode {
        case let .polling(interval): fallbackMs = Int32(max(1, interval * 1000))
        case let .fileEvents(fallback):
            fallbackMs = Int32(max(1, fallback * 1000))
            #if os(Linux)
            fd = inotify_init1(O_NONBLOCK | O_CLOEXEC)
            let dir = (dbPath as NSString).deletingLastPathComponent
            if fd >= 0 && inotify_add_watch(fd, dir.isEmpty ? "." : dir, UInt32(IN_MODIFY | IN_CREATE)) < 0 { close(fd); fd = -1 }
            #endif
        }
        defer { if fd >= 0 { close(fd) } }
        let walName = (dbPath as NSString).lastPathComponent + "-wal"
        let mainName = (dbPath as NSString).lastPathComponent
        var recheckMs: Int32 = 0   // > 0 while a file event has not yet shown its commit
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
            if fd >= 0 { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            let timeout = recheckMs > 0 ? recheckMs : fallbackMs
            let n = poll(&fds, nfds_t(fds.count), timeout)
            if n < 0 && errno == EINTR { continue }
            if fds[0].revents != 0 { return }
            var relevant = false
            if fds.count > 1 && fds[1].revents != 0 {
                while true {
                    let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                    if got <= 0 { break }
                    relevant = relevant || Self.names(in: buffer, count: got).contains { $0 == walName || $0 == mainName }
                }
            }
            if check() { recheckMs = 0; continue }
            if relevant { recheckMs = 1 } else if recheckMs > 0 { recheckMs = recheckMs >= 32 ? 0 : recheckMs * 2 }
        }
    }

    /// File names in a buffer of `struct inotify_event` records.
    static func names(in buffer: [UInt8], count: Int) -> [String] {
        var names: [String] = []
        var i = 0
        while i + 16 <= count {
            let len = Int(buffer[i + 12]) | Int(buffer[i + 13]) << 8 | Int(buffer[i + 14]) << 16 | Int(buffer[i + 15]) << 24
            let start = i + 16, end = min(count, start + len)
            if len > 0 {
                let bytes = buffer[start..<end].prefix { $0 != 0 }
                names.append(String(decoding: bytes, as: UTF8.self))
            }
            i = start + len
        }
        return names
    }
}
