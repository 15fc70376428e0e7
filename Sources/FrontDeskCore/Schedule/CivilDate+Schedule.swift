import Foundation

/// Day arithmetic for the schedule. A day number counts days from 1970-01-01 (day 0), so
/// "the next 90 days" is integer addition and a weekday is a remainder, with no `Calendar`
/// in the hot path of a search.
extension CivilDate {
    /// The date `dayNumber` days after 1970-01-01. Clamped to the years `CivilDate` accepts.
    public init(dayNumber: Int) {
        let lowest = CivilDate(year: 1, month: 1, day: 1)!.dayNumber, highest = CivilDate(year: 9999, month: 12, day: 31)!.dayNumber
        let ymd = CivilDate.fromDayNumber(min(max(dayNumber, lowest), highest))
        self = CivilDate(year: ymd.year, month: ymd.month, day: ymd.day)!
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// "Tue 3 Mar": how the desk says a date in a message. Fixed English, not the locale's,
    /// so messages read the same on every console and in tests.
    public var shortText: String {
        "\(weekday.shortName) \(day) \(CivilDate.monthNames[month - 1])"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
