import Foundation
import Testing
import TestSupport
import FrontDeskIntake
import AMIPeer
#if canImport(Glibc)
import Glibc
#endif

/// `frontdesk ami` as an operator runs it: the real binary, its exit codes and stderr.
@Suite("frontdesk ami command")
struct AMICommandTests {
    typealias T = AMITranscript

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_AMI_SECRET"] = nil
        env["FRONTDESK_AMI_BACKOFF"] = "0.01,0.05"
        return env.merging(extra) { $1 }
    }

    func temporaryFile(_ text: String, mode: mode_t) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ami-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test("a wrong secret: a clear error, exit 1, the secret never printed")
    func wrongSecret() throws {
        let peer = try ScriptedAMIPeer([.init()])
        defer { peer.stop() }
        let result = try Spawn.frontdesk(["ami", "--host", "127.0.0.1", "--port", "\(peer.port)", "--username", "frontdesk", "--dry-run"],
                                         environment: environment(["FRONTDESK_AMI_SECRET": "not-the-secret"]))
        #expect(result.status == 1)
        #expect(result.stderr.contains("refused the login for manager user \"frontdesk\": Authentication failed"))
        #expect(!result.stderr.contains("not-the-secret") && !result.stdout.contains("not-the-secret"))
        #expect(peer.connections == 1)
    }

    @Test("the secret file must exist, be private and not be empty; some secret is required")
    func secretFile() throws {
        let base = ["ami", "--host", "127.0.0.1", "--username", "frontdesk", "--dry-run"]
        let open = try temporaryFile("s3cret\n", mode: 0o644)
        let empty = try temporaryFile("\n", mode: 0o600)
        defer { unlink(open); unlink(empty) }
        let cases: [([String], String)] = [
            (["--secret-file", "/nonexistent/secret"], "cannot read the secret file /nonexistent/secret"),
            (["--secret-file", open], "is readable by other users; run: chmod 600"),
            (["--secret-file", empty], "is empty"),
            ([], "no AMI secret: give --secret-file FILE or set FRONTDESK_AMI_SECRET"),
        ]
        for (args, message) in cases {
            let result = try Spawn.frontdesk(base + args, environment: environment())
            #expect(result.status == 64, "\(args)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test("a bad desk map names its line and nothing starts")
    func badDeskMap() throws {
        let map = try temporaryFile("# desks\nFront 1 = desk-1\nPJSIP/202\n", mode: 0o600)
        defer { unlink(map) }
        let result = try Spawn.frontdesk(["ami", "--host", "127.0.0.1", "--username", "u", "--desk-map", map, "--dry-run"],
                                         environment: environment(["FRONTDESK_AMI_SECRET": "x"]))
        #expect(result.status == 64)
        #expect(result.stderr.contains("desk map line 3: expected MEMBER_OR_INTERFACE = DESK"))
    }

    @Test("dry run: status lines on stderr, call ids on stdout without caller details, SIGTERM exits 0")
    func dryRun() throws {
        let secret = try temporaryFile("s3cret\n", mode: 0o600)
        let out = try temporaryFile("", mode: 0o600), err = try temporaryFile("", mode: 0o600)
        defer { unlink(secret); unlink(out); unlink(err) }
        let peer = try ScriptedAMIPeer([.init(listed: [T.params, T.entry("w1", "5550101", wait: 9)],
                                              live: AMIAdapterTests.dayTranscript)])
        defer { peer.stop() }
        let o = open(out, O_WRONLY), e = open(err, O_WRONLY)
        let pid = try Spawn.start(Spawn.frontdesk, ["ami", "--host", "127.0.0.1", "--port", "\(peer.port)",
                                                    "--username", "frontdesk", "--secret-file", secret,
                                                    "--queue", "frontdesk", "--dry-run"],
                                  environment: environment(), stdout: o, stderr: e)
        close(o); close(e)
        let printed = { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        #expect(eventually(timeout: 30) { printed().contains("call.ended c1") && printed().contains("call.abandoned c3") })
        kill(pid, SIGTERM)
        #expect(Spawn.wait(pid) == 0)
        let stdout = printed(), stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        #expect(stdout.contains("call.ringing w1\n") && stdout.contains("call.answered c1\n") && stdout.contains("call.abandoned c2\n"))
        #expect(!stdout.contains("5551234") && !stdout.contains("Ada") && !stderr.contains("5551234"))
        #expect(stderr.contains("frontdesk ami: connecting to 127.0.0.1:\(peer.port)"))
        #expect(stderr.contains("frontdesk ami: logged in as frontdesk; following queue frontdesk"))
        #expect(stderr.contains("frontdesk ami: stopped"))
        #expect(!stderr.contains("s3cret"))
    }
}
