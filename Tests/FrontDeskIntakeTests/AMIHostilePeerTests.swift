import Foundation
import Testing
import TestSupport
import FrontDeskCore
import FrontDeskIntake
import AMIPeer
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk ami` against a hostile or broken PBX: what it prints is inert, and what it holds
/// stays bounded however much the PBX sends.
@Suite("frontdesk ami against a hostile PBX")
struct AMIHostilePeerTests {
    typealias T = AMITranscript

    func hostileScalars(in text: String) -> [String] { AuditOutputTests.hostileScalars(in: text) }

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_AMI_BACKOFF"] = "0.01,0.05"
        return env.merging(extra) { $1 }
    }

    @Test("ami: a refused login's Message (OSC 52, CSI, C1) is shown inert on stderr")
    func amiLoginMessage() throws {
        let peer = try ScriptedAMIPeer([.init(refusal: "no\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{9B}2J\u{202E}pe")])
        defer { peer.stop() }
        let r = try Spawn.frontdesk(["ami", "--host", "127.0.0.1", "--port", "\(peer.port)", "--username", "u", "--dry-run"],
                                    environment: environment(["FRONTDESK_AMI_SECRET": "wrong"]))
        #expect(r.status == 1)
        #expect(r.stderr.contains("refused the login"), "\(r.stderr)")
        #expect(hostileScalars(in: r.stderr).isEmpty, "raw: \(hostileScalars(in: r.stderr))")
    }

    @Test("ami --dry-run: a hostile Uniqueid is printed inert")
    func amiDryRunIds() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ami-\(UUID().uuidString)").path
        let err = out + ".err"
        FileManager.default.createFile(atPath: out, contents: nil); FileManager.default.createFile(atPath: err, contents: nil)
        defer { unlink(out); unlink(err) }
        let peer = try ScriptedAMIPeer([.init(listed: [T.params], live: [
            T.join("a\u{1B}]52;c;aGk=\u{07}\u{9B}31m\u{202E}\u{200B}", "5550100", "X"), T.join("last", "5550101", "Y"),
        ])])
        defer { peer.stop() }
        let o = open(out, O_WRONLY), e = open(err, O_WRONLY)
        let pid = try Spawn.start(Spawn.frontdesk, ["ami", "--host", "127.0.0.1", "--port", "\(peer.port)", "--username", "frontdesk", "--dry-run"],
                                  environment: environment(["FRONTDESK_AMI_SECRET": "s3cret"]), stdout: o, stderr: e)
        close(o); close(e)
        let printed = { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        #expect(eventually(timeout: 30) { printed().contains("call.ringing last") })
        kill(pid, SIGTERM)
        #expect(Spawn.wait(pid) == 0)
        let stdout = printed(), stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        #expect(stdout.contains("call.ringing a␛]52;c;aGk=␇"), "\(stdout)")
        #expect(hostileScalars(in: stdout + stderr).isEmpty, "raw: \(hostileScalars(in: stdout + stderr))")
    }

    // MARK: the adapter's memory

    /// Peak resident memory of a process, from /proc (kB).
    static func peakRSS(_ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "")
        }
        return nil
    }

    /// Runs `frontdesk ami --dry-run` against `script` until `done` (stdout) or a second
    /// connection, and returns its peak RSS in kB.
    func peakMemory(of script: ScriptedAMIPeer.Script, doneWhen marker: String) throws -> (kB: Int, reconnected: Bool, stderr: String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ami-\(UUID().uuidString)").path
        let err = out + ".err"
        FileManager.default.createFile(atPath: out, contents: nil); FileManager.default.createFile(atPath: err, contents: nil)
        defer { unlink(out); unlink(err) }
        let peer = try ScriptedAMIPeer([script, .init(listed: [T.params])])
        defer { peer.stop() }
        let o = open(out, O_WRONLY), e = open(err, O_WRONLY)
        let pid = try Spawn.start(Spawn.frontdesk, ["ami", "--host", "127.0.0.1", "--port", "\(peer.port)", "--username", "frontdesk", "--dry-run"],
                                  environment: environment(["FRONTDESK_AMI_SECRET": "s3cret"]), stdout: o, stderr: e)
        close(o); close(e)
        let printed = { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        let stderr = { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }
        #expect(eventually(timeout: 90, poll: 0.1) {
            printed().contains(marker) || (peer.connections >= 2 && stderr().contains("synchronised"))
        })
        let peak = Self.peakRSS(pid) ?? Int.max
        kill(pid, SIGTERM)
        Spawn.wait(pid)
        return (peak, peer.connections >= 2, stderr())
    }

    /// What `frontdesk ami` holds when nothing much happens: the yardstick for the floods.
    func quietPeak() throws -> Int {
        try peakMemory(of: .init(listed: [T.params], live: [T.join("quiet", "5550100", "Q")]), doneWhen: "call.ringing quiet").kB
    }

    @Test("ami: an event flood during the queue list does not grow memory; the list is retried")
    func eventFloodDuringTheList() throws {
        let quiet = try quietPeak()
        let long = String(repeating: "z", count: 2_000)
        let flood = (0..<20_000).map { i in
            AMIPacket(["Event": "QueueCallerJoin", "Uniqueid": "f\(i)", "CallerIDNum": "555\(i)", "CallerIDName": long, "Queue": T.queue])
        }
        let run = try peakMemory(of: .init(listed: [T.params, T.entry("w1", "5550101", wait: 5)], duringList: flood),
                                 doneWhen: "call.ringing f19999")
        print("frontdesk ami peak RSS: \(run.kB) kB, quiet: \(quiet) kB")
        #expect(run.kB - quiet < 24 * 1024, "peak \(run.kB) kB against \(quiet) kB when quiet")
        #expect(run.reconnected && run.stderr.contains("while the queue list was coming"), "\(run.stderr)")
    }

    @Test("ami: a 4,000-field packet is refused as it arrives, not held: the link is dropped and made again")
    func hugePacket() throws {
        let quiet = try quietPeak()
        let value = String(repeating: "v", count: 16 * 1024)
        let fields = [AMIPacket.Field("Event", "VarSet")] + (0..<4_000).map { AMIPacket.Field("ChanVariable", "V\($0)=\(value)") }
        let run = try peakMemory(of: .init(listed: [T.params], live: [AMIPacket(fields), T.join("after", "5550100", "A")]),
                                 doneWhen: "call.ringing after")
        print("frontdesk ami peak RSS: \(run.kB) kB, quiet: \(quiet) kB")
        #expect(run.kB - quiet < 24 * 1024, "peak \(run.kB) kB against \(quiet) kB when quiet")
        // Refused by whichever bound it breaks first (a line, the fields, the packet's size).
        #expect(run.reconnected && run.stderr.contains("link lost (the PBX sent a "), "\(run.stderr)")
    }
}
