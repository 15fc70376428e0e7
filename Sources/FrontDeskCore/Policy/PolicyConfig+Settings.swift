import Foundation

/// The policy's knobs by name, as `frontdesk simulate --set NAME=VALUE` takes them: a clinic
/// (or a reviewer) can run its own settings on the same seeded days before changing anything.
/// Durations are in minutes; points and rates as `PolicyConfig` states them. A setting that
/// names no knob, does not parse, or breaks one of the policy's guarantees (`problems`) is
/// refused with the reason, and nothing is applied.
public struct PolicySetting: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var value: String

    public var description: String { "\(name)=\(value)" }

    /// "points.check-in=80" → a setting; nil when there is no `=` or either side is empty.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        name = text[..<eq].trimmingCharacters(in: .whitespaces)
        value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        if name.isEmpty || value.isEmpty { return nil }
    }

    /// Every name `apply` knows, in the order help lists them.
    public static var names: [String] { knobs.map(\.name) }

    typealias Apply = @Sendable (inout PolicyConfig, PolicySetting) throws(Failure) -> Void

    /// Each knob once: its name and how a setting's value is read into it. Per kind: points and
    /// aging for every scored kind; deferral for the kinds the defaults may defer (nobody abandons
    /// them and nobody stands waiting for them), never a caller on the line or a patient at the window.
    static let knobs: [(name: String, apply: Apply)] = {
        let kinds = PolicyConfig.scoredKinds
        let deferrable = kinds.filter(PolicyConfig.default.deferrableKinds.contains)
        func number(_ path: WritableKeyPath<PolicyConfig, Double> & Sendable) -> Apply { { c, s throws(Failure) in c[keyPath: path] = try s.number() } }
        func minutes(_ path: WritableKeyPath<PolicyConfig, TimeInterval> & Sendable) -> Apply { { c, s throws(Failure) in c[keyPath: path] = try s.minutes() } }
        func flag(_ path: WritableKeyPath<PolicyConfig, Bool> & Sendable) -> Apply { { c, s throws(Failure) in c[keyPath: path] = try s.yesNo() } }
        var all: [(name: String, apply: Apply)] = kinds.map { kind in ("points.\(kind.rawValue)", { c, s throws(Failure) in c.kindPoints[kind] = try s.number() }) }
        all += kinds.map { kind in ("aging.\(kind.rawValue)", { c, s throws(Failure) in c.pointsPerMinute[kind] = try s.number() }) }
        all += deferrable.map { kind in ("deferrable.\(kind.rawValue)", { c, s throws(Failure) in
            if try s.yesNo() { c.deferrableKinds.insert(kind) } else { c.deferrableKinds.remove(kind) }
        }) }
        all += [
            ("fast-aging-cap", number(\.fastAgingCap)), ("deadline-lead", minutes(\.deadlineLead)),
            ("deadline-points-per-minute", number(\.deadlinePointsPerMinute)), ("resume-bonus", number(\.resumeBonus)),
            ("resume-points-per-minute", number(\.resumePointsPerMinute)), ("resume-growth-cap", minutes(\.resumeGrowthCap)),
            ("interrupt-margin", number(\.interruptMargin)),
            ("suspend-cap", { c, s throws(Failure) in
                guard let n = Int(s.value), n >= 0 else { throw .badValue(s.description, expected: "a whole number, 0 or more") }
                c.suspendCap = n
            }),
            ("callbacks-are-promises", flag(\.callbacksArePromises)), ("promise-lead", minutes(\.promiseLead)),
            ("resume-limit", minutes(\.resumeLimit)), ("overload-resume-limit", minutes(\.overloadResumeLimit)),
            ("deferral-limit", minutes(\.deferralLimit)), ("overload-caller-points", number(\.overloadCallerPoints)),
            ("finish-before-starting", flag(\.finishBeforeStarting)),
        ]
        return all
    }()

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownName(String)
        case badValue(String, expected: String)
        case breaksGuarantee([String])

        public var description: String {
            switch self {
            case .unknownName(let name):
                return "no policy setting is called \(name.debugDescription); the settings are: " + PolicySetting.names.joined(separator: ", ")
            case .badValue(let setting, let expected): return "\(setting.debugDescription): expected \(expected)"
            case .breaksGuarantee(let problems): return problems.joined(separator: "; ")
            }
        }
    }

    /// `config` with `settings` applied in order, or the first reason one of them is refused.
    public static func apply(_ settings: [PolicySetting], to config: PolicyConfig) throws(Failure) -> PolicyConfig {
        var changed = config
        for setting in settings { try setting.apply(to: &changed) }
        let problems = changed.problems
        if !problems.isEmpty { throw .breaksGuarantee(problems) }
        return changed
    }

    func apply(to config: inout PolicyConfig) throws(Failure) {
        guard let knob = Self.knobs.first(where: { $0.name == name }) else { throw .unknownName(name) }
        try knob.apply(&config, self)
    }

    func number() throws(Failure) -> Double {
        guard let v = Double(value), v.isFinite else { throw .badValue(description, expected: "a number") }
        return v
    }

    func minutes() throws(Failure) -> TimeInterval {
        let v = try number()
        guard v >= 0 else { throw .badValue(description, expected: "minutes, 0 or more") }
        return v * 60
    }

    func yesNo() throws(Failure) -> Bool {
        switch value.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw .badValue(description, expected: "yes or no")
        }
    }
}
