import Foundation

/// Everything the booking rules know about the clinic: who works when, what can be booked,
/// the days it is closed, and the zone its wall clocks are in.
public struct ClinicCalendar: Equatable, Sendable {
    public var providers: [ProviderSchedule] { didSet { reindex() } }
    public var types: [AppointmentType] { didSet { reindex() } }
    public var holidays: [Holiday] { didSet { reindex() } }
    public var timeZone: TimeZone

    // Lookups rebuilt on every change, so the rules never scan a list per candidate slot.
    // When a list has duplicates the first one wins here; `problems()` reports the rest.
    private var providerByID: [String: ProviderSchedule] = [:]
    private var typeByCode: [String: AppointmentType] = [:]
    private var holidayByDay: [Int: Holiday] = [:]

    public init(providers: [ProviderSchedule], types: [AppointmentType], holidays: [Holiday] = [],
                timeZone: TimeZone) {
        self.providers = providers; self.types = types; self.holidays = holidays
        self.timeZone = timeZone
        reindex()
    }

    public func provider(_ id: String) -> ProviderSchedule? { providerByID[id] }
    public func type(_ code: String) -> AppointmentType? { typeByCode[code] }
    public func holiday(on date: CivilDate) -> Holiday? { holidayByDay[date.dayNumber] }
    func holiday(onDay dayNumber: Int) -> Holiday? { holidayByDay[dayNumber] }

    /// A provider's name for messages; the id when the provider is unknown.
    public func providerName(_ id: String) -> String { providerByID[id]?.displayName ?? id }

    /// Providers who offer `typeCode`, ordered by id (the tie-break of every search).
    public func providers(offering typeCode: String) -> [ProviderSchedule] {
        providerByID.values.filter { $0.offers(typeCode) }.sorted { $0.id < $1.id }
    }

    var clock: LocalClock { LocalClock(timeZone: timeZone) }

    private mutating func reindex() {
        providerByID = Dictionary(providers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        typeByCode = Dictionary(types.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        holidayByDay = Dictionary(holidays.map { ($0.date.dayNumber, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
