import FrontDeskCore
import Foundation

/// `frontdesk-bench schedule`: next available across 20 providers × 180 days with 20,000
/// appointments booked through the rules, p50/p99 per query kind; the rule check and an index
/// update. Seeded, so two runs measure the same work.
enum ScheduleBench {
    static func microseconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
    }

    static func report(_ name: String, _ samples: [Double], extra: String = "") {
        let sorted = samples.sorted()
        let line = "\(name.padding(toLength: 40, withPad: " ", startingAt: 0))"
            + String(format: "p50 %8.1f µs   p99 %8.1f µs   n=%d", percentile(sorted, 0.5), percentile(sorted, 0.99), samples.count)
        print(line + extra)
    }

    /// One kind of next-available query, varied per run by the seeded generator.
    struct QueryKind {
        let name: String
        let make: (inout SeededGenerator) -> SlotQuery
    }

    static func soon(_ rng: inout SeededGenerator) -> CivilDate { BenchClinic.today.adding(days: Int(rng.next() % 14)) }

    static func run(_ args: [String]) throws {
        let calendar = BenchClinic.calendar()
        precondition(calendar.problems().isEmpty, "bench calendar: \(calendar.problems())")
        let booked = BenchClinic.appointments(count: 20_000, calendar: calendar, seed: 42)
        print("clinic: \(calendar.providers.count) providers × \(BenchClinic.horizonDays) days, \(booked.count) appointments booked through the rules")

        var index = BookedIndex(timeZone: BenchClinic.zone)
        let builds = (0..<20).map { _ in microseconds { index = BookedIndex(booked, timeZone: BenchClinic.zone) } }
        print(String(format: "index build (20,000 appointments):        p50 %8.2f ms   min %8.2f ms", percentile(builds.sorted(), 0.5) / 1000,
                     builds.min()! / 1000))

        var rng = SeededGenerator(seed: 7)
        let providerIDs = calendar.providers.map(\.id)
        let typeCodes = BenchClinic.types.map(\.code)


        let kinds: [QueryKind] = [
            QueryKind(name: "any provider") { SlotQuery(typeCode: $0.pick(typeCodes), earliest: soon(&$0)) },
            QueryKind(name: "one provider") { SlotQuery(provider: $0.pick(providerIDs), typeCode: "follow-up", earliest: soon(&$0)) },
            QueryKind(name: "one provider, morning only") {
                SlotQuery(provider: $0.pick(providerIDs), typeCode: "new", earliest: soon(&$0), partOfDay: .morning)
            },
            QueryKind(name: "one provider, Tue+Thu afternoons") {
                SlotQuery(provider: $0.pick(providerIDs), typeCode: "follow-up", earliest: soon(&$0), partOfDay: .afternoon,
                          weekdays: [.tuesday, .thursday])
            },
            QueryKind(name: "any provider, Saturday, a patient") {
                SlotQuery(typeCode: "physical", earliest: soon(&$0), weekdays: [.saturday], patientID: Int64(1 + $0.next() % 12_000))
            },
            QueryKind(name: "one provider, 150+ days out") {
                SlotQuery(provider: $0.pick(providerIDs), typeCode: "new", earliest: BenchClinic.today.adding(days: 150 + Int($0.next() % 25)))
            },
            QueryKind(name: "one provider, last 3 days of horizon") {
                SlotQuery(provider: $0.pick(providerIDs), typeCode: "follow-up", earliest: BenchClinic.today.adding(days: 178))
            },
            QueryKind(name: "any provider, beyond the horizon") {
                SlotQuery(typeCode: "new", earliest: BenchClinic.today.adding(days: 181 + Int($0.next() % 30)))
            },
        ]

        print("next available, limit 10, 2,000 queries per kind (after 200 warm-up):")
        var allSamples: [Double] = []
        var found = 0
        for kind in kinds {
            for _ in 0..<200 { _ = NextAvailable.search(kind.make(&rng), calendar: calendar, index: index, now: BenchClinic.now) }
            var samples: [Double] = []
            var slots = 0
            for _ in 0..<2_000 {
                let query = kind.make(&rng)
                samples.append(microseconds {
                    slots += NextAvailable.search(query, calendar: calendar, index: index, now: BenchClinic.now).count
                })
            }
            found += slots
            allSamples += samples
            report("  " + kind.name, samples, extra: String(format: "   %.1f slots/query", Double(slots) / 2_000))
        }
        report("  all kinds", allSamples)

        var checks: [Double] = []
        for _ in 0..<10_000 {
            let provider = rng.pick(calendar.providers)
            let day = BenchClinic.today.adding(days: Int(rng.next() % 180))
            let request = BookingRequest(provider: provider.id, patientID: Int64(1 + rng.next() % 12_000), patientName: "Patient",
                                         start: BenchClinic.zone.date(day, at: TimeOfDay(minutes: 8 * 60 + 15 * Int(rng.next() % 32))),
                                         typeCode: "follow-up")
            checks.append(microseconds { _ = BookingRules.check(request, calendar: calendar, existing: index, now: BenchClinic.now) })
        }
        report("BookingRules.check", checks)

        var updates: [Double] = []
        for i in 0..<10_000 {
            var moved = booked[Int(rng.next() % UInt64(booked.count))]
            moved.start = moved.start.addingTimeInterval(i % 2 == 0 ? 86_400 : -86_400)
            updates.append(microseconds { index.replace(moved) })
        }
        report("BookedIndex.replace (move a day)", updates)
    }
}
