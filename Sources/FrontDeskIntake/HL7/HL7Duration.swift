import Foundation

/// Durations as senders write them: an amount with a unit code (SCH-9/10,
/// AIS-7/8, AIP-9/10, TQ1-6 and TQ1-13 as `30^min`), or the TQ duration form of
/// SCH-11.3 (`M30`, `H1`, `S1800`).
enum HL7Duration {
    /// Which half of a duration was wrong, so the ERR can point at the right field.
    enum Problem: Error, Equatable {
        case amount(String)
        case unit(String)
    }

    /// Unit codes from ISO+, ANSI+ and UCUM, compared without case, plus the
    /// spelled-out words some senders use. Months and years are left out on
    /// purpose: their length in seconds depends on the calendar.
    static func secondsPerUnit(_ code: String) -> Double? {
        switch code.trimmingCharacters(in: .whitespaces).lowercased() {
        case "s", "sec", "secs", "second", "seconds": 1
        case "m", "min", "mins", "mn", "minute", "minutes": 60
        case "h", "hr", "hrs", "hour", "hours": 3_600
        case "d", "day", "days": 86_400
        case "w", "wk", "wks", "week", "weeks": 604_800
        default: nil
        }
    }

    /// `amount` in `unit`; without a unit, `unitlessSeconds` per unit (see `HL7Interpreter.Options`).
    static func seconds(amount: String, unit: String?, unitlessSeconds: Double) -> Result<TimeInterval, Problem> {
        let trimmed = amount.trimmingCharacters(in: .whitespaces)
        let split = splitAmount(trimmed)
        // With a separate units field the amount must be a plain number: `9e9` is not `9`.
        guard let value = Double(split.number), value >= 0, value.isFinite,
              unit == nil || split.unit.isEmpty else {
            return .failure(.amount("\"\(amount)\" is not a duration"))
        }
        let unitCode = unit ?? (split.unit.isEmpty ? nil : split.unit)
        guard let unitCode else { return .success(value * unitlessSeconds) }
        guard let perUnit = secondsPerUnit(unitCode) else {
            return .failure(.unit("duration unit \"\(unitCode)\" is not a unit of time we know"))
        }
        return .success(value * perUnit)
    }

    /// SCH-11.3 / TQ-3: `S<n>`, `M<n>`, `H<n>`, `D<n>`, `W<n>`; also a bare number or `30min`.
    static func seconds(tqDuration text: String, unitlessSeconds: Double) -> Result<TimeInterval, Problem> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let first = trimmed.first, "SMHDWsmhdw".contains(first),
           Double(trimmed.dropFirst()) != nil {
            return seconds(amount: String(trimmed.dropFirst()), unit: String(first), unitlessSeconds: unitlessSeconds)
        }
        return seconds(amount: trimmed, unit: nil, unitlessSeconds: unitlessSeconds)
    }

    /// `30min` → ("30", "min"); `30` → ("30", "").
    private static func splitAmount(_ text: String) -> (number: String, unit: String) {
        let numberEnd = text.firstIndex { !(("0"..."9").contains($0) || $0 == ".") } ?? text.endIndex
        return (String(text[..<numberEnd]), text[numberEnd...].trimmingCharacters(in: .whitespaces))
    }
}
