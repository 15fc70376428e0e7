import Foundation
import Testing
@testable import FrontDeskCore

/// `PolicySetting`: the policy's knobs by name, as `frontdesk simulate --set` takes them.
@Suite("policy settings by name")
struct PolicySettingTests {
    static func settings(_ texts: String...) -> [PolicySetting] { texts.compactMap(PolicySetting.init) }

    @Test func namedSettingsChangeTheirKnobInTheUnitsTheyState() throws {
        let config = try PolicySetting.apply(Self.settings("points.check-in=80", "aging.call = 12.5", "promise-lead=5",
                                                           "overload-resume-limit=90", "deferrable.callback=no",
                                                           "suspend-cap=1", "finish-before-starting=off"),
                                             to: .withPromises)
        #expect(config.kindPoints[.checkIn] == 80 && config.pointsPerMinute[.call] == 12.5)
        #expect(config.promiseLead == 5 * 60 && config.overloadResumeLimit == 90 * 60, "durations are minutes")
        #expect(!config.deferrableKinds.contains(.callback) && config.deferrableKinds.contains(.insuranceVerification))
        #expect(config.suspendCap == 1 && !config.finishBeforeStarting)
        #expect(config.callbacksArePromises, "what was not named keeps its value")
        var expected = PolicyConfig.withPromises
        expected.kindPoints[.checkIn] = 80
        #expect(try PolicySetting.apply(Self.settings("points.check-in=80"), to: .withPromises) == expected,
                "one setting changes one knob and nothing else")
    }

    @Test func aSettingThatNamesNoKnobOrDoesNotParseIsRefusedWithTheReason() {
        func refusal(_ texts: String...) -> String? {
            do { _ = try PolicySetting.apply(texts.compactMap(PolicySetting.init), to: .withPromises); return nil }
            catch { return error.description }
        }
        let unknown = refusal("points.check-in=80", "lobby-speed=2")
        #expect(unknown?.hasPrefix("no policy setting is called \"lobby-speed\"; the settings are: points.call,") == true)
        #expect(unknown?.contains("promise-lead") == true)
        #expect(refusal("points.emergency=5")?.hasPrefix("no policy setting is called") == true, "an emergency is not scored")
        #expect(refusal("deferrable.call=yes")?.hasPrefix("no policy setting is called") == true,
                "a caller on the line is never deferred")
        #expect(refusal("points.call=lots") == "\"points.call=lots\": expected a number")
        #expect(refusal("promise-lead=-3") == "\"promise-lead=-3\": expected minutes, 0 or more")
        #expect(refusal("suspend-cap=1.5") == "\"suspend-cap=1.5\": expected a whole number, 0 or more")
        #expect(refusal("callbacks-are-promises=maybe") == "\"callbacks-are-promises=maybe\": expected yes or no")
        #expect(refusal("aging.call=0") == "pointsPerMinute for Call must be above 0, or tasks can starve",
                "a setting that would let tasks starve is refused by the policy's own check")
        #expect(refusal("points.call=\u{1B}[2J")?.contains("\u{1B}") == false, "what the user typed is echoed inert")
        #expect(PolicySetting("promise-lead") == nil && PolicySetting("=5") == nil && PolicySetting("promise-lead=") == nil)
    }

    @Test func theGridRunsEveryPolicyWithTheSettingsAndSaysWhichWereChanged() throws {
        let kept = try SimulationGrid.run(profile: .busy, seeds: [1, 2], desks: [2], policies: [.frontdesk, .strictPromises])
        let broken = try SimulationGrid.run(profile: .busy, seeds: [1, 2], desks: [2], policies: [.frontdesk, .strictPromises],
                                            settings: Self.settings("callbacks-are-promises=no"))
        #expect(kept.settings.isEmpty && broken.settings == ["callbacks-are-promises=no"])
        for policy in [SimulationPolicy.frontdesk, .strictPromises] {
            #expect(kept.row(policy, desks: 2)?.callbacksOverdue == 0, "\(policy): the default keeps every promise")
            #expect((broken.row(policy, desks: 2)?.callbacksOverdue ?? 0) > 5, "\(policy): without promises callbacks run late")
        }
        #expect(throws: PolicySetting.Failure.unknownName("nonsense")) {
            try SimulationGrid.run(profile: .busy, seeds: [1], desks: [2], settings: Self.settings("nonsense=1"))
        }
    }
}
