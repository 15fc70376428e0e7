import Foundation
import FrontDeskCore
import FrontDeskIntake
import FrontDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk-bench engines [POSTGRES_URL]`: the two engines side by side, same machine,
/// same run — how soon another process's commit reaches a watcher (inotify on SQLite's WAL;
/// LISTEN/NOTIFY on PostgreSQL), and how many claims a second one desk makes (a call rung and
/// answered, each its own durable transaction, with eight desks racing for every call).
/// The URL (or $FRONTDESK_BENCH_POSTGRES) names a database whose role may CREATE DATABASE:
/// each figure is taken on a fresh one. Without it only SQLite is measured.
enum EngineBench {
    static let actor = Actor(login: "bench", desk: "bench", role: .receptionist)

    static func run(_ args: [String]) throws {
        let pg = args.first ?? ProcessInfo.processInfo.environment["FRONTDESK_BENCH_POSTGRES"]
        var locations: [(String, () throws -> String)] = [("sqlite", { StoreBench.tempPath() })]
        if let pg { locations.append(("postgres", { try freshDatabase(pg) })) } else {
            print("engines: no PostgreSQL URL given (argument or $FRONTDESK_BENCH_POSTGRES): SQLite only")
        }
        var rates: [String: Double] = [:]
        for (name, make) in locations {
            let p = try StoreBench.measurePropagation(location: try make())
            print(String(format: "engines propagation %@: %d commits by another process, p50 %.2f ms, p99 %.2f ms, max %.2f ms, missed %d",
                         name, p.count, p.p50, p.p99, p.max, p.missed))
            let c = try claims(location: try make())
            rates[name] = c.perSecond
            print(String(format: "engines claims %@: %d calls rung and answered in %.2f s = %.0f claims/s (8 desks racing for each: %d won, %d told another desk won)",
                         name, c.calls, c.seconds, c.perSecond, c.won, c.lost))
        }
        if let s = rates["sqlite"], let p = rates["postgres"] {
            print(String(format: "engines claims: postgres at %.2f× sqlite's rate", p / s))
        }
    }

    static func open(_ location: String, create: Bool = false) throws -> ClinicStore {
        create ? try ClinicStore.create(at: location) : try ClinicStore.open(at: location)
    }

    static func freshDatabase(_ base: String) throws -> String {
        let url = try PostgresURL(parsing: base)
        let name = "fd_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try PostgresServer(url: url).connect()
        defer { admin.close() }
        try admin.execute(sql: "CREATE DATABASE \(name)", arguments: [])
        let user = url.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? url.user
        let password = url.password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        return "postgres://\(user)\(password)@\(url.host):\(url.port)/\(name)?sslmode=\(url.sslMode.rawValue)"
    }

    /// `calls` calls rung one by one; for each, eight desks (threads, each its own store
    /// handle, as eight consoles would be) try to answer it at once. Exactly one wins each.
    static func claims(location: String, calls: Int = 200, desks: Int = 8) throws
        -> (calls: Int, seconds: Double, perSecond: Double, won: Int, lost: Int) {
        let feed = try open(location, create: true)
        let handles = try (0..<desks).map { _ in try open(location) }
        let won = Locked(0), lost = Locked(0)
        let start = Date()
        for i in 0..<calls {
            let id = "claim-\(i)"
            try feed.apply(TimedEvent(.callRinging(call: id, from: "555-0100", name: nil, reason: nil, queue: nil)), by: actor, now: Date())
            let group = DispatchGroup()
            for (n, store) in handles.enumerated() {
                group.enter()
                Thread.detachNewThread {
                    let desk = "desk-\(n)"
                    let me = Actor(login: "bench", desk: desk, role: .receptionist)
                    do { _ = try store.start(.answer(callID: id), at: desk, by: me, now: Date()); won.mutate { $0 += 1 } }
                    catch { lost.mutate { $0 += 1 } }
                    group.leave()
                }
            }
            group.wait()
            // The winner hangs up, so its desk is free for the next call.
            try feed.apply(TimedEvent(.callEnded(call: id, reason: nil)), by: actor, now: Date())
        }
        let seconds = Date().timeIntervalSince(start)
        return (calls, seconds, Double(calls) / seconds, won.value, lost.value)
    }
}

final class Locked<T>: @unchecked Sendable {
    private var v: T
    private let lock = NSLock()
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); f(&v); lock.unlock() }
}
