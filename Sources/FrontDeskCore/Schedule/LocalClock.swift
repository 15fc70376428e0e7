import Foundation

/// A moment seen in the clinic's zone: its local day and the seconds since local midnight.
struct LocalMoment: Hashable, Sendable {
    var dayNumber: Int
    var secondOfDay: Int

    var date: CivilDate { CivilDate(dayNumber: dayNumber) }
    var time: TimeOfDay { TimeOfDay(minutes: secondOfDay / 60) }
    var isOnWholeMinute: Bool { secondOfDay % 60 == 0 }
    var stamp: LocalStamp { LocalStamp(date: date, time: time) }
}

/// Converts between instants and the clinic's wall clock. One `secondsFromGMT` lookup per
/// conversion (tens of nanoseconds) instead of `Calendar` components (hundreds), because a
/// search converts every candidate slot.
struct LocalClock: Sendable {
    let timeZone: TimeZone

    func moment(_ date: Date) -> LocalMoment {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return LocalMoment(dayNumber: day, secondOfDay: local - day * 86_400)
    }

    func dayNumber(_ date: Date) -> Int { moment(date).dayNumber }

    /// The instant the wall clock shows `time` on day `dayNumber`. A time that the clock skips
    /// (the hour lost when summer time starts) comes out an hour off; the rules re-read every
    /// instant through `moment(_:)`, so such a slot is judged by where it really falls.
    func date(dayNumber: Int, time: TimeOfDay) -> Date {
        let wall = dayNumber * 86_400 + time.minutes * 60
        let guess = wall - timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess)))
        return Date(timeIntervalSince1970: Double(wall - offset))
    }

    func date(_ date: CivilDate, _ time: TimeOfDay) -> Date { self.date(dayNumber: date.dayNumber, time: time) }

    func stamp(_ date: Date) -> LocalStamp { moment(date).stamp }
}

extension TimeZone {
    /// The local date of `date` here.
    public func civilDate(of date: Date) -> CivilDate { LocalClock(timeZone: self).moment(date).date }

    /// The local date and time of `date` here ("10:15 Tue 3 Mar").
    public func stamp(_ date: Date) -> LocalStamp { LocalClock(timeZone: self).stamp(date) }

    /// The instant this zone's wall clock shows `time` on `date`.
    public func date(_ date: CivilDate, at time: TimeOfDay) -> Date { LocalClock(timeZone: self).date(date, time) }
}
