import Foundation
import PropertyBased
import Testing
@testable import FrontDeskCore

/// Sites (`SiteRule`, `SiteScope`): which desk may take which work, and what a screen shows.
struct SiteRuleTests {
    let policy = RankingPolicy(config: .withPromises)
    static let sites = ["north", "south", "east"]

    /// Random tasks, each belonging to no site, one site or two.
    func sitedTasks(seed: UInt64, count: Int) -> [DeskTask] {
        var rng = SeededGenerator(seed: seed ^ 0x51735)
        return randomTasks(seed: seed, count: count).map { task in
            var t = task
            switch rng.next() % 4 {
            case 0: t.sites = []
            case 1, 2: t.sites = [rng.pick(Self.sites)]
            default: t.sites = Array(Set([rng.pick(Self.sites), rng.pick(Self.sites)])).sorted()
            }
            return t
        }
    }

    @Test("the queue's pick for a desk at a site (or at none) is the full scan's, and never another site's work")
    func queueAgreesWithTheScanBySite() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var tasks = sitedTasks(seed: seed, count: 40)
            var queue = TaskQueue(tasks, policy: policy, now: noon)
            var now = noon
            for (desk, site) in [("desk-n", "north"), ("desk-s", "south"), ("central", nil)] as [(String, String?)] {
                for _ in 0..<30 {
                    now = now.addingTimeInterval(Double(rng.next() % 600))
                    let expected = policy.next(for: desk, site: site, among: tasks, at: now)
                    let picked = queue.next(for: desk, site: site, at: now)
                    #expect(picked?.id == expected?.id)
                    if let picked, let site, picked.assignedDesk == nil {
                        #expect(picked.sites.isEmpty || picked.sites.contains(site), "\(desk) at \(site) was offered work of \(picked.sites)")
                    }
                    guard let taken = expected, let index = tasks.firstIndex(where: { $0.id == taken.id }) else { break }
                    tasks.remove(at: index); queue.remove(id: taken.id)
                }
            }
        }
    }

    @Test("taking another site's work is refused with the sites named; a desk at no site, or a task reassigned to the desk, may")
    func lifecycleRefusesOtherSitesWork() throws {
        var task = DeskTask(id: 7, kind: .checkIn, title: "Check-in", createdAt: noon)
        task.sites = ["north"]
        let rules = TaskLifecycle()
        #expect(throws: WorkRefusal.otherSite(task: 7, sites: ["north"], deskSite: "south")) {
            try rules.take(task, at: DeskHolding(desk: "desk-s", site: "south"), now: noon)
        }
        #expect(WorkRefusal.otherSite(task: 7, sites: ["north"], deskSite: "south").description.contains("north"))
        #expect(try rules.take(task, at: DeskHolding(desk: "desk-n", site: "north"), now: noon).last?.desk == "desk-n")
        #expect(try rules.take(task, at: DeskHolding(desk: "central"), now: noon).last?.desk == "central")
        task.assignedDesk = "desk-s"
        #expect(try rules.take(task, at: DeskHolding(desk: "desk-s", site: "south"), now: noon).last?.desk == "desk-s")
    }

    @Test("a desk sees its site's lobby, calls and work and what belongs to every site; a scope of all changes nothing")
    func scopeShowsOneSite() {
        var north = Visit(id: 1, ticket: "A-1", patientID: 1, provider: "Dr N", appointmentAt: noon, statusSince: noon)
        north.site = "north"
        var south = north; south.id = 2; south.ticket = "A-2"; south.site = "south"
        var shared = north; shared.id = 3; shared.ticket = "A-3"; shared.site = nil
        let calls = [Call(id: "n", from: "1", arrivedAt: noon, sites: ["north"]), Call(id: "s", from: "2", arrivedAt: noon, sites: ["south"]),
                     Call(id: "both", from: "3", arrivedAt: noon, sites: ["north", "south"])]
        var southTask = DeskTask(id: 9, kind: .checkIn, title: "x", createdAt: noon); southTask.sites = ["south"]
        var heldHere = southTask; heldHere.id = 10; heldHere.state = .active; heldHere.desk = "desk-n"
        let clinic = ClinicSnapshot(visits: [north, south, shared], calls: calls, tasks: [southTask, heldHere],
                                    desks: [Desk(name: "desk-n", site: "north"), Desk(name: "desk-s", site: "south"), Desk(name: "central")])
        let seen = clinic.seen(fromDesk: "desk-n")
        #expect(seen.visits.map(\.id) == [1, 3])
        #expect(seen.calls.map(\.id) == ["n", "both"])
        #expect(seen.tasks.map(\.id) == [10], "what the desk holds stays in its picture")
        #expect(seen.desks.map(\.name) == ["desk-n", "central"])
        #expect(clinic.seen(fromDesk: "central") == clinic)
        #expect(SiteScope.all.apply(clinic) == clinic)
        #expect(SiteScope(["north", "south"]).apply(clinic).visits.count == 3)
    }

    @Test("site ids: short, lowercase, no spaces (they are stored space-separated); the stored list reads back")
    func siteIDs() {
        for good in ["north", "site-2", "a", String(repeating: "x", count: 20)] { #expect(Site.isValidID(good), "\(good)") }
        for bad in ["", "North", "-a", "a b", "a\u{1B}", "é", String(repeating: "x", count: 21)] { #expect(!Site.isValidID(bad), "\(bad)") }
        #expect(SiteRule.encode(["south", "north", "south"]) == "north south")
        #expect(SiteRule.encode([]) == nil)
        #expect(SiteRule.decode("north south") == ["north", "south"])
        #expect(SiteRule.decode(nil) == [])
    }
}
