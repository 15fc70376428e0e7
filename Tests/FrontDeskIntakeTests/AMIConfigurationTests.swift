import Foundation
import Testing
import FrontDeskIntake

@Suite("AMI configuration: desk map, backoff, names")
struct AMIConfigurationTests {
    @Test("desk map: comments, blanks, spaces, case-insensitive look-up, member before interface")
    func deskMap() throws {
        let map = try DeskMap(parsing: "# front desk\n\nFront 1 = desk-1  # window\r\npjsip/202=desk-2\n")
        #expect(map.desk(memberName: "front 1", interface: "PJSIP/201") == "desk-1")
        #expect(map.desk(memberName: "Temp", interface: "PJSIP/202") == "desk-2")
        #expect(map.desk(memberName: "Temp", interface: "PJSIP/209") == "Temp")
        #expect(map.desk(memberName: "", interface: "PJSIP/209") == "PJSIP/209")
    }

    @Test("desk map errors name the line", arguments: [
        ("a = b\nno equals\n", "line 2: expected"),
        (" = desk\n", "line 1: the member or interface is empty"),
        ("a =\n", "line 1: the desk name is empty"),
        ("A = x\na = y\n", "line 2: \"a\" is mapped twice"),
    ])
    func deskMapErrors(text: String, message: String) {
        do { _ = try DeskMap(parsing: text); Issue.record("accepted \(text)") }
        catch { #expect("\(error)".contains(message), "\(error)") }
    }

    @Test("backoff doubles from the initial wait up to the maximum")
    func backoff() {
        let b = ReconnectBackoff()
        #expect((1...9).map { b.delay(afterFailures: $0) } == [0.5, 1, 2, 4, 8, 16, 30, 30, 30])
        #expect(b.delay(afterFailures: 1000) == 30)
    }

    @Test("names with line breaks cannot smuggle headers into an action")
    func injection() {
        let bad = [AMIConfiguration(host: "h", username: "u\r\nAction: Originate", secret: "s"),
                   AMIConfiguration(host: "h", username: "u", secret: "s\nx"),
                   AMIConfiguration(host: "h", username: "u", secret: "s", queues: ["q\r\nEvents: on"]),
                   AMIConfiguration(host: "h", username: "u", secret: "")]
        for config in bad { #expect(throws: AMIError.self) { try config.validate() } }
    }

    @Test("status lines make PBX text inert, by the one rule every screen uses")
    func inertStatus() {
        #expect(AMIStatus.connected(banner: "Asterisk Call Manager/9\u{1B}]0;x\u{07}\u{9D}\u{202E}\u{200B}").line
                == "connected: Asterisk Call Manager/9␛]0;x␇���")
    }

    @Test("dry-run sink prints type and call id only")
    func dryRunSink() throws {
        var lines: [String] = []
        let sink = DryRunCallSink { lines.append($0) }
        try sink.apply(.init(.callRinging(call: "1.1", from: "5551234", name: "Ada", reason: nil, queue: "q")))
        #expect(try sink.openCallIDs() == ["1.1"])
        try sink.apply(.init(.callEnded(call: "1.1", reason: "gone after reconnect")))
        #expect(lines == ["call.ringing 1.1", "call.ended 1.1 (gone after reconnect)"])
        #expect(try sink.openCallIDs().isEmpty)
    }
}
