import Foundation

/// What is booked: a new patient visit, a follow-up, a physical. The type sets the length.
public struct AppointmentType: Hashable, Sendable {
    public var code: String
    public var name: String
    public var minutes: Int

    public init(code: String, name: String, minutes: Int) {
        self.code = code; self.name = name; self.minutes = minutes
    }
}

/// Time a provider is not bookable every week: lunch, a standing meeting.
public struct WeeklyBlock: Hashable, Sendable {
    public var weekdays: Set<Weekday>
    public var range: TimeRange
    public var reason: String

    public init(_ weekdays: Set<Weekday>, _ range: TimeRange, reason: String) {
        self.weekdays = weekdays; self.range = range; self.reason = reason
    }
}

/// One stretch a provider is away: an afternoon off, a week out of office. Instants, not
/// local times, because it can span days (and a summer-time change).
public struct OneOffBlock: Hashable, Sendable {
    public var start: Date
    public var end: Date
    public var reason: String

    public init(start: Date, end: Date, reason: String) {
        self.start = start; self.end = end; self.reason = reason
    }

    func overlaps(_ start: Date, _ end: Date) -> Bool { start < self.end && end > self.start }
}

/// One provider's bookable week and the limits on booking them.
public struct ProviderSchedule: Hashable, Sendable {
    public var id: String
    /// "Dr Okafor": how messages name the provider.
    public var displayName: String
    /// The grid: bookings start at an office-hours range's start plus whole slots.
    public var slotMinutes: Int
    /// Office hours, one or more local ranges per weekday; a missing weekday is a day off.
    public var weeklyHours: [Weekday: [TimeRange]]
    /// Codes of the appointment types this provider sees; empty means every type.
    public var offeredTypes: Set<String>
    public var weeklyBlocks: [WeeklyBlock]
    public var oneOffBlocks: [OneOffBlock]
    /// The last bookable day is today plus this many days.
    public var bookingHorizonDays: Int
    /// Overbooks allowed per local day; 0 forbids overbooking this provider.
    public var overbookCapPerDay: Int

    public init(id: String, displayName: String, slotMinutes: Int = 15,
                weeklyHours: [Weekday: [TimeRange]], offeredTypes: Set<String> = [],
                weeklyBlocks: [WeeklyBlock] = [], oneOffBlocks: [OneOffBlock] = [],
                bookingHorizonDays: Int = 90, overbookCapPerDay: Int = 2) {
        self.id = id; self.displayName = displayName; self.slotMinutes = slotMinutes
        self.weeklyHours = weeklyHours; self.offeredTypes = offeredTypes
        self.weeklyBlocks = weeklyBlocks; self.oneOffBlocks = oneOffBlocks
        self.bookingHorizonDays = bookingHorizonDays; self.overbookCapPerDay = overbookCapPerDay
    }

    public func offers(_ typeCode: String) -> Bool { offeredTypes.isEmpty || offeredTypes.contains(typeCode) }

    /// Office hours on `weekday`, earliest first.
    public func hours(on weekday: Weekday) -> [TimeRange] { weeklyHours[weekday] ?? [] }

    /// The office-hours range that holds `minutes` from `start`, if one does.
    func officeRange(holding start: TimeOfDay, minutes: Int, on weekday: Weekday) -> TimeRange? {
        hours(on: weekday).first { $0.contains(start, minutes: minutes) }
    }
}

/// A day the whole clinic is closed.
public struct Holiday: Hashable, Sendable {
    public var date: CivilDate
    public var name: String

    public init(_ date: CivilDate, _ name: String) { self.date = date; self.name = name }
}
