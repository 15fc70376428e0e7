import Foundation
import PropertyBased
import Testing
@testable import FrontDeskCore

private typealias C = ScheduleClinic

@Suite("scheduling properties")
struct SchedulePropertyTests {
    @Test("booking through the rules never overlaps two ordinary appointments, nor one patient's, nor passes the cap")
    func noDoubleBooking() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            // Five days, so that requests often land on booked times and overbooks are tried.
            let (index, verdicts) = RandomBookings.book(seed: seed, attempts: 300, days: 5)
            let all = (1...Int64(400)).compactMap { index.appointment(id: $0) }.filter(\.occupiesSlot)
            for a in all { for b in all where a.id < b.id && a.overlaps(b.start, b.end) {
                #expect(a.provider != b.provider || a.isOverbook || b.isOverbook, "\(a.id) and \(b.id) overlap")
                #expect(a.patientID != b.patientID, "patient \(a.patientID) is booked twice at once")
            } }
            for provider in C.calendar.providers {
                for day in 0..<5 {
                    let date = C.date(3, 2).adding(days: day)
                    #expect(index.overbookCount(provider: provider.id, on: date) <= provider.overbookCapPerDay)
                }
            }
            for verdict in verdicts {
                let severities = verdict.problems.map(\.severity)
                #expect(severities == severities.sorted(), "problems most serious first")
            }
            // The index kept up one change at a time holds what a fresh build holds.
            #expect(BookedIndex(all, timeZone: C.zone).appointments(patient: 7) == index.appointments(patient: 7))
        }
    }

    static func randomQuery(_ rng: inout SeededGenerator) -> SlotQuery {
        SlotQuery(provider: rng.chance(0.4) ? nil : rng.pick(RandomBookings.providers),
                  typeCode: rng.pick(RandomBookings.types).code,
                  earliest: rng.chance(0.3) ? nil : C.date(3, 2).adding(days: Int(rng.next() % 30)),
                  partOfDay: rng.pick(DayPart.allCases),
                  weekdays: Set(Weekday.allCases.filter { _ in rng.chance(0.4) }),
                  patientID: rng.chance(0.5) ? Int64(1 + rng.next() % 40) : nil)
    }

    @Test("every slot next-available offers, the booking rules accept")
    func searchOffersOnlyBookableSlots() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SeededGenerator(seed: seed ^ 0x5EA2C4)
            let (index, _) = RandomBookings.book(seed: seed, attempts: 300)
            let now = C.now.addingTimeInterval(Double(rng.next() % (5 * 86_400)))
            for _ in 0..<5 {
                let query = Self.randomQuery(&rng)
                let slots = NextAvailable.search(query, calendar: C.calendar, index: index, now: now, limit: 25)
                for slot in slots {
                    let request = BookingRequest(provider: slot.provider, patientID: query.patientID ?? 999_999,
                                                 patientName: "Someone", start: slot.start, typeCode: query.typeCode)
                    #expect(BookingRules.check(request, calendar: C.calendar, existing: index, now: now) == .allowed)
                    let local = LocalClock(timeZone: C.zone).moment(slot.start)
                    #expect(query.partOfDay.contains(local.time))
                    #expect(query.weekdays.isEmpty || query.weekdays.contains(Weekday(dayNumber: local.dayNumber)))
                    #expect(query.provider == nil || query.provider == slot.provider)
                    #expect(local.dayNumber >= (query.earliest?.dayNumber ?? 0))
                }
                let keys = slots.map { ($0.start, $0.provider) }
                #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "in time order, ties by provider id")
            }
        }
    }

    @Test("next-available finds every bookable time: the same as asking the rules at every 5-minute step")
    func searchMissesNothing() async {
        var calendar = C.calendar
        for i in calendar.providers.indices { calendar.providers[i].bookingHorizonDays = 9 }
        await propertyCheck(count: 25, input: Gen.uint64(in: 0 ... .max)) { seed in
            let (index, _) = RandomBookings.book(seed: seed, attempts: 200, calendar: calendar, days: 10)
            let type = RandomBookings.types[Int(seed % 3)]
            let found = NextAvailable.search(SlotQuery(typeCode: type.code), calendar: calendar, index: index, now: C.now, limit: 10_000)
            var expected: [OpenSlot] = []
            for step in 0..<(10 * 288) {
                let start = C.zone.date(C.date(3, 2).adding(days: step / 288), at: TimeOfDay(minutes: step % 288 * 5))
                for provider in calendar.providers(offering: type.code) {
                    let request = BookingRequest(provider: provider.id, patientID: 999_999, patientName: "", start: start, typeCode: type.code)
                    if BookingRules.check(request, calendar: calendar, existing: index, now: C.now) == .allowed {
                        expected.append(OpenSlot(provider: provider.id, typeCode: type.code, start: start,
                                                 end: start.addingTimeInterval(Double(type.minutes * 60))))
                    }
                }
            }
            #expect(found == expected)
        }
    }

    @Test("a cancelled appointment's time comes back in next-available")
    func cancelledSlotsReturn() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var (index, _) = RandomBookings.book(seed: seed, attempts: 300)
            let lone = (1...Int64(400)).compactMap { index.appointment(id: $0) }.filter { appointment in
                appointment.occupiesSlot && !appointment.isOverbook && appointment.start > C.now
                    && index.overlapping(provider: appointment.provider, start: appointment.start, end: appointment.end).count == 1
            }
            guard let target = lone.first else { return }
            let query = SlotQuery(provider: target.provider, typeCode: target.typeCode, earliest: C.zone.civilDate(of: target.start))
            let search = { (index: BookedIndex) in
                NextAvailable.search(query, calendar: C.calendar, index: index, now: C.now, limit: 100).map(\.start)
            }
            #expect(!search(index).contains(target.start))
            var cancelled = target
            cancelled.occupiesSlot = false
            index.replace(cancelled)
            #expect(search(index).contains(target.start))
            index.remove(id: target.id)
            #expect(search(index).contains(target.start))
        }
    }

    @Test("each occurrence of a series gets exactly the verdict a single booking would")
    func seriesMatchSingleChecks() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SeededGenerator(seed: seed ^ 0x5E41E5)
            let (index, _) = RandomBookings.book(seed: seed, attempts: 300)
            let request = RandomBookings.request(&rng)
            let rule = RecurrenceRule(rng.chance(0.5) ? .weekdays : .weekly(every: 1 + Int(rng.next() % 3)),
                                      rng.chance(0.5) ? .count(1 + Int(rng.next() % 12)) : .until(C.date(3, 2).adding(days: Int(rng.next() % 60))))
            let series = BookingRules.checkSeries(request, repeating: rule, calendar: C.calendar, existing: index, now: C.now)
            #expect(series.map(\.start) == rule.occurrences(startingAt: request.start, in: C.zone))
            let localTime = LocalClock(timeZone: C.zone).moment(request.start).time
            for occurrence in series {
                var single = request
                single.start = occurrence.start
                #expect(occurrence.verdict == BookingRules.check(single, calendar: C.calendar, existing: index, now: C.now))
                #expect(LocalClock(timeZone: C.zone).moment(occurrence.start).time == localTime)
            }
        }
    }
}
