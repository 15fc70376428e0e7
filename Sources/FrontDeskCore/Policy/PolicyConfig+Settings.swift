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

    /// Every name `apply` knows, in the order help lists them.
    public static var names: [String] {
        PolicyConfig.scoredKinds.map { "points.\($0.rawValue)" } + PolicyConfig.scoredKinds.map { "aging.\($0.rawValue)" }
            + deferrable.map { "deferrable.\($0.rawValue)" }
            + ["fast-aging-cap", "deadline-lead", "deadline-points-per-minute", "resume-bonus", "resume-points-per-minute",
               "resume-growth-cap", "interrupt-margin", "suspend-cap", "callbacks-are-promises", "promise-lead",
               "resume-limit", "overload-resume-limit", "deferral-limit", "overload-caller-points", "finish-before-starting"]
    }

    /// Kinds that may be deferred under overload: nobody abandons them and nobody stands waiting
    /// for them (a caller on the line and a patient at the window are the ones the deferral serves).
    static let deferrable = PolicyConfig.scoredKinds.filter { $0 != .call && $0 != .checkIn }

    /// "points.check-in=80" → a setting; nil when there is no `=` or either side is empty.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        name = text[..<eq].trimmingCharacters(in: .whitespaces)
        value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        if name.isEmpty || value.isEmpty { return nil }
    }

    public init(name: String, value: String) { self.name = name; self.value = value }

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
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let kind = TaskKind(rawValue: parts[1]), kind != .emergency {
            switch parts[0] {
            case "points": config.kindPoints[kind] = try number(); return
            case "aging": config.pointsPerMinute[kind] = try number(); return
            case "deferrable" where Self.deferrable.contains(kind):
                if try yesNo() { config.deferrableKinds.insert(kind) } else { config.deferrableKinds.remove(kind) }
                return
            default: break
            }
        }
        switch name {
        case "fast-aging-cap": config.fastAgingCap = try number()
        case "deadline-lead": config.deadlineLead = try minutes()
        case "deadline-points-per-minute": config.deadlinePointsPerMinute = try number()
        case "resume-bonus": config.resumeBonus = try number()
        case "resume-points-per-minute": config.resumePointsPerMinute = try number()
        case "resume-growth-cap": config.resumeGrowthCap = try minutes()
        case "interrupt-margin": config.interruptMargin = try number()
        case "suspend-cap":
            guard let n = Int(value), n >= 0 else { throw .badValue(description, expected: "a whole number, 0 or more") }
            config.suspendCap = n
        case "callbacks-are-promises": config.callbacksArePromises = try yesNo()
        case "promise-lead": config.promiseLead = try minutes()
        case "resume-limit": config.resumeLimit = try minutes()
        case "overload-resume-limit": config.overloadResumeLimit = try minutes()
        case "deferral-limit": config.deferralLimit = try minutes()
        case "overload-caller-points": config.overloadCallerPoints = try number()
        case "finish-before-starting": config.finishBeforeStarting = try yesNo()
        default: throw .unknownName(name)
        }
    }
}
