import Foundation
import PropertyBased
import Testing
@testable import FrontDeskCore

@Suite("Finish before starting")
struct FinishFirstTests {
    let policy = RankingPolicy(config: .withPromises)

    func task(_ id: Int64, _ kind: TaskKind, minutesAgo: Double, dueIn: Double? = nil) -> DeskTask {
        DeskTask(id: id, kind: kind, title: kind.label, createdAt: noon.addingTimeInterval(-minutesAgo * 60),
                 dueAt: dueIn.map { noon.addingTimeInterval($0 * 60) })
    }

    func setAside(_ t: DeskTask, at desk: String = "desk-1", minutesAgo: Double) -> DeskTask {
        var t = t
        t.state = .suspended; t.desk = desk
        t.context = TaskContext(step: "step", progress: 0.5, suspendedAt: noon.addingTimeInterval(-minutesAgo * 60))
        return t
    }

    @Test("a desk takes back the insurance verification it set aside before a new one that outranks it")
    func setAsidePaperworkFirst() {
        // The new one has waited 3 hours and is due soon: on points alone it goes first.
        let waitingLong = task(1, .insuranceVerification, minutesAgo: 180, dueIn: 10)
        let mine = setAside(task(2, .insuranceVerification, minutesAgo: 20), minutesAgo: 2)
        #expect(policy.rank([waitingLong, mine], at: noon).first?.id == 1)
        #expect(policy.next(for: "desk-1", among: [waitingLong, mine], at: noon)?.id == 2)
        var queue = TaskQueue([waitingLong, mine], policy: policy, now: noon)
        #expect(queue.next(for: "desk-1", at: noon)?.id == 2)
        #expect(policy.rankForDesk([waitingLong, mine], desk: "desk-1", at: noon).map(\.id) == [2, 1])
        // Another desk has nothing set aside: it takes the one that ranks first.
        #expect(queue.next(for: "desk-2", at: noon)?.id == 1)
        var off = PolicyConfig.withPromises; off.finishBeforeStarting = false
        #expect(RankingPolicy(config: off).next(for: "desk-1", among: [waitingLong, mine], at: noon)?.id == 1)
    }

    @Test("the rule never changes the kind taken: callers, patients, promises and emergencies still go first",
          arguments: [TaskKind.call, .checkIn, .emergency])
    func otherKindsFirst(kind: TaskKind) {
        let live = task(1, kind, minutesAgo: 1)
        let mine = setAside(task(2, .insuranceVerification, minutesAgo: 30), minutesAgo: 1)
        let newer = task(3, .insuranceVerification, minutesAgo: 60)
        #expect(policy.next(for: "desk-1", among: [live, mine, newer], at: noon)?.id == 1)
        #expect(policy.rankForDesk([live, mine, newer], desk: "desk-1", at: noon).map(\.id) == [1, 2, 3])
    }

    @Test("a callback set aside goes before an older one not yet due, but never holds up one falling due")
    func promiseNotDisplaced() {
        let mine = setAside(task(2, .callback, minutesAgo: 3, dueIn: 27), minutesAgo: 1)
        let notDue = task(3, .callback, minutesAgo: 25, dueIn: 20)
        #expect(policy.precedes(notDue, mine, at: noon))
        #expect(policy.next(for: "desk-1", among: [notDue, mine], at: noon)?.id == 2)
        let due = task(1, .callback, minutesAgo: 25, dueIn: 5)
        #expect(policy.key(due, at: noon).tier == .promise)
        #expect(policy.next(for: "desk-1", among: [due, notDue, mine], at: noon)?.id == 1)
    }

    @Test("a patient set aside does not jump the patients waiting at the window, as paperwork set aside does")
    func notForPeopleWaiting() {
        let waiting = task(1, .checkIn, minutesAgo: 25)
        let mine = setAside(task(2, .checkIn, minutesAgo: 3), minutesAgo: 1)
        #expect(policy.next(for: "desk-1", among: [waiting, mine], at: noon)?.id == 1)
        let pile = task(3, .missingDocuments, minutesAgo: 200)
        let myDocs = setAside(task(4, .missingDocuments, minutesAgo: 30), minutesAgo: 1)
        #expect(policy.precedes(pile, myDocs, at: noon))
        #expect(policy.next(for: "desk-1", among: [pile, myDocs], at: noon)?.id == 4)
    }

    /// Open work as a desk sees it mid-morning: paperwork and callbacks of every age, some with
    /// deadlines, a few callers and patients, and a task or two this desk set aside minutes ago.
    func morning(seed: UInt64) -> [DeskTask] {
        var rng = SeededGenerator(seed: seed)
        let kinds: [TaskKind] = [.insuranceVerification, .missingDocuments, .providerRequest, .callback, .waitlistOffer]
        var tasks: [DeskTask] = (1...24).map { i in
            let kind = rng.chance(0.15) ? rng.pick([TaskKind.call, .checkIn]) : rng.pick(kinds)
            var t = DeskTask(id: Int64(i), kind: kind, title: kind.label, createdAt: noon.addingTimeInterval(-Double(rng.next() % 240) * 60))
            if rng.chance(0.4) { t.dueAt = noon.addingTimeInterval(Double(Int(rng.next() % 90) - 20) * 60) }
            return t
        }
        for i in 0..<Int(rng.next() % 3) {
            let desk = rng.chance(0.7) ? "desk-1" : "desk-2"
            tasks[i].state = .suspended; tasks[i].desk = desk
            tasks[i].context = TaskContext(step: "s", progress: 0.4, suspendedAt: noon.addingTimeInterval(-Double(rng.next() % 9) * 60))
        }
        return tasks
    }

    @Test("a desk never starts new work of a kind it holds set aside; its list puts that pick first; the queue agrees")
    func listAndQueueAgree() async {
        await propertyCheck(input: Gen.uint64(in: 0 ... .max)) { seed in
            var rng = SeededGenerator(seed: seed ^ 0x5EED)
            var tasks = morning(seed: seed)
            var queue = TaskQueue(tasks, policy: policy, now: noon)
            var now = noon
            for _ in 0..<12 {
                for desk in ["desk-1", "desk-2"] {
                    let pool = tasks.filter { RankingPolicy.isEligible($0, for: desk) }
                    let list = policy.rankForDesk(pool, desk: desk, at: now)
                    let picked = policy.next(for: desk, among: tasks, at: now)
                    #expect(list.first?.id == picked?.id)
                    #expect(list.map(\.id).sorted() == pool.map(\.id).sorted())
                    #expect(queue.next(for: desk, at: now)?.id == picked?.id)
                    if let picked, picked.state == .queued, policy.config.deferrableKinds.contains(picked.kind),
                       [.scored, .deferred].contains(policy.key(picked, at: now).tier) {
                        #expect(!pool.contains { $0.state == .suspended && $0.desk == desk && $0.kind == picked.kind },
                                "\(desk) started a new \(picked.kind.label) while holding one set aside")
                    }
                }
                // desk-1 takes what it picks and sets it aside again at once, or finishes it.
                guard let taken = policy.next(for: "desk-1", among: tasks, at: now),
                      let index = tasks.firstIndex(where: { $0.id == taken.id }) else { break }
                if rng.chance(0.5), taken.kind != .emergency {
                    tasks[index].state = .suspended; tasks[index].desk = "desk-1"
                    tasks[index].context = TaskContext(step: "s", progress: 0.3, suspendedAt: now)
                    queue.update(tasks[index])
                } else {
                    queue.remove(id: taken.id); tasks.remove(at: index)
                }
                now = now.addingTimeInterval(Double(rng.next() % 240))
            }
        }
    }
}
