import Foundation
import PostgresNIO

/// Listens for the store's change notices (`NOTIFY frontdesk_changes, 'payload'`) on a
/// connection of its own, and hands each to `onEvent` — on the listener's own thread, one at a
/// time, in the order they came — so the consumer may read the store from there.
///
/// When the connection is lost (the server restarted, the network went) it reports
/// `.disconnected`, connects again with a growing pause (50 ms doubling to 2 s), LISTENs again
/// and reports `.reconnected`. **Notices sent while it was disconnected are lost**: that is
/// PostgreSQL's design, not a fault here — a notice reaches only the sessions listening when
/// it is sent. So `.reconnected` means "catch up": read the journal from the last sequence
/// number seen. A notice is only ever a hint to look; the journal is the truth.
///
/// A connection that goes silent without closing (a cable pulled) is found by a `SELECT 1`
/// after `heartbeat` seconds without a notice, given 5 seconds to answer.
package final class PostgresChangeListener: @unchecked Sendable {
    package enum Event: Sendable, Equatable {
        /// A notice on the channel, with its payload.
        case notification(String)
        /// The connection was lost; notices until `.reconnected` are not received.
        case disconnected
        /// Listening again after a loss: catch up from the journal.
        case reconnected
    }

    package static let defaultChannel = "frontdesk_changes"

    package let channel: String
    private let server: PostgresServer
    private let onEvent: @Sendable (Event) -> Void
    private let heartbeat: TimeInterval

    private enum Mail {
        case notification(String)
        /// The connection of that generation closed.
        case closed(Int)
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var mailbox: [Mail] = []
    private var stopped = false
    private var started = false
    private var current: PostgresSQLConnection?
    private var generation = 0
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    package init(server: PostgresServer, channel: String = PostgresChangeListener.defaultChannel,
                 heartbeat: TimeInterval = 30, onEvent: @escaping @Sendable (Event) -> Void) {
        self.server = server
        self.channel = channel
        self.heartbeat = heartbeat
        self.onEvent = onEvent
    }

    deinit {
        current?.close()
    }

    /// Connects and LISTENs; once this returns, every notice sent on the channel is delivered
    /// (until a loss). Throws when the first connection cannot be made.
    package func start() throws {
        condition.lock()
        precondition(!started, "a PostgresChangeListener starts once")
        started = true
        condition.unlock()
        let (connection, generation) = try listen()
        condition.lock()
        if stopped { condition.unlock(); connection.close(); return }
        current = connection
        let thread = Thread { [self] in self.run(firstGeneration: generation) }
        thread.name = "frontdesk.postgres-listener"
        self.thread = thread
        condition.unlock()
        thread.start()
    }

    /// Ends listening and closes the connection. When called from outside `onEvent`, returns
    /// once the listener's thread has finished (no event is delivered after it).
    package func stop() {
        condition.lock()
        let wasRunning = started && !stopped && thread != nil
        stopped = true
        let connection = current
        let onOwnThread = Thread.current === thread
        condition.broadcast()
        condition.unlock()
        connection?.close()
        if wasRunning && !onOwnThread { finished.wait() }
    }

    /// One connection, listening, and its generation. Notices and its closing go to the mailbox.
    private func listen() throws -> (PostgresSQLConnection, Int) {
        let connection = try server.connect()
        condition.lock()
        generation += 1
        let id = generation
        condition.unlock()
        connection.connection.addListener(channel: channel) { [weak self] _, notice in
            self?.post(.notification(notice.payload))
        }
        connection.connection.closeFuture.whenComplete { [weak self] _ in self?.post(.closed(id)) }
        do {
            try connection.execute(sql: "LISTEN \"\(channel.replacingOccurrences(of: "\"", with: "\"\""))\"", arguments: [])
        } catch {
            connection.close()
            throw error
        }
        return (connection, id)
    }

    private func post(_ mail: Mail) {
        condition.lock()
        mailbox.append(mail)
        condition.signal()
        condition.unlock()
    }

    private func run(firstGeneration: Int) {
        defer { finished.signal() }
        condition.lock()
        var connection = current
        condition.unlock()
        var generation = firstGeneration
        var pause: TimeInterval = 0.05
        while true {
            if let live = connection {
                // Deliver until the connection closes or the listener stops.
                switch deliver(on: live, generation: generation) {
                case .stopped:
                    live.close()
                    return
                case .lost:
                    live.close()
                    connection = nil
                    condition.lock(); current = nil; condition.unlock()
                    onEvent(.disconnected)
                    pause = 0.05
                }
            } else {
                // Wait, unless stopped, then try again.
                if waitStopped(for: pause) { return }
                do {
                    let (fresh, freshGeneration) = try listen()
                    condition.lock()
                    if stopped { condition.unlock(); fresh.close(); return }
                    current = fresh
                    condition.unlock()
                    connection = fresh
                    generation = freshGeneration
                    onEvent(.reconnected)
                } catch {
                    pause = min(pause * 2, 2)
                }
            }
        }
    }

    private enum Outcome { case stopped, lost }

    private func deliver(on connection: PostgresSQLConnection, generation: Int) -> Outcome {
        while true {
            condition.lock()
            var quietUntil = Date().addingTimeInterval(heartbeat)
            while mailbox.isEmpty && !stopped {
                if !condition.wait(until: quietUntil) && mailbox.isEmpty && !stopped {
                    // Quiet for a while: is the connection still there?
                    condition.unlock()
                    if !alive(connection) { return .lost }
                    condition.lock()
                    quietUntil = Date().addingTimeInterval(heartbeat)
                }
            }
            if stopped { condition.unlock(); return .stopped }
            let mail = mailbox.removeFirst()
            condition.unlock()
            switch mail {
            case .notification(let payload): onEvent(.notification(payload))
            case .closed(let closed) where closed == generation: return .lost
            case .closed: continue  // an earlier connection's
            }
        }
    }

    /// `SELECT 1`, given five seconds; a connection that does not answer is closed.
    private func alive(_ connection: PostgresSQLConnection) -> Bool {
        let loop = connection.connection.eventLoop
        let channelConnection = connection.connection
        let guardTask = loop.scheduleTask(in: .seconds(5)) {
            let _: EventLoopFuture<Void> = channelConnection.close()
        }
        defer { guardTask.cancel() }
        do {
            _ = try connection.fetchOne(sql: "SELECT 1", arguments: [])
            return true
        } catch {
            return false
        }
    }

    /// Waits `seconds`, or less if stopped; true when stopped.
    private func waitStopped(for seconds: TimeInterval) -> Bool {
        condition.lock(); defer { condition.unlock() }
        let until = Date().addingTimeInterval(seconds)
        while !stopped {
            if !condition.wait(until: until) { break }
        }
        return stopped
    }
}
