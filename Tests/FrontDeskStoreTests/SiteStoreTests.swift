import Foundation
import Testing
import FrontDeskCore
@testable import FrontDeskStore

/// A clinic group's sites in the store (part of the store's contract: it runs on both engines).
struct SiteStoreTests {
    typealias F = Fixture
    static let admin = Actor(login: "root", desk: "office", role: .admin)

    /// Two sites; desk-1 at north, desk-2 at south, "central" at none; the north line rings
    /// north only, the main line both.
    func group() throws -> ClinicStore {
        let s = try F.memoryClinic()
        let a = Self.admin, now = F.at(-30)
        try s.addSite(Site(id: "north", name: "North Street"), by: a, now: now)
        try s.addSite(Site(id: "south", name: "South Park"), by: a, now: now)
        try s.setDeskSite("desk-1", site: "north", by: a, now: now)
        try s.setDeskSite("desk-2", site: "south", by: a, now: now)
        try s.setQueueSites("north-line", sites: ["north"], by: a, now: now)
        try s.setQueueSites("main", sites: ["south", "north"], by: a, now: now)
        return s
    }

    func ring(_ s: ClinicStore, _ id: String, queue: String?, at minute: Double) throws {
        try s.apply(TimedEvent(.callRinging(call: id, from: "555-01\(Int(minute) % 100)", name: nil, reason: nil, queue: queue)),
                    by: F.desk1, now: F.at(minute))
    }

    @Test("a call on a queue for one site is answered only there; one for both sites, or for every site, anywhere")
    func callsRingForTheirQueuesSites() throws {
        let s = try group()
        try ring(s, "n1", queue: "north-line", at: 1)
        try ring(s, "m1", queue: "main", at: 2)
        try ring(s, "x1", queue: nil, at: 3)
        let calls = try s.snapshot().calls
        #expect(calls.first { $0.id == "n1" }?.sites == ["north"])
        #expect(calls.first { $0.id == "m1" }?.sites == ["north", "south"])
        #expect(calls.first { $0.id == "x1" }?.sites == [])

        let before = try s.snapshot()
        #expect(throws: StoreError.refused(.otherSite(task: before.tasks.first { $0.callID == "n1" }!.id, sites: ["north"], deskSite: "south"))) {
            try s.start(.answer(callID: "n1"), at: "desk-2", by: F.desk2, now: F.at(4))
        }
        #expect(try s.snapshot().calls == before.calls, "the refused answer changed nothing")
        #expect(!before.seen(fromDesk: "desk-2").calls.contains { $0.id == "n1" }, "south's phone queue never lists north's line")
        #expect(try s.start(.answer(callID: "m1"), at: "desk-2", by: F.desk2, now: F.at(4)).taskID > 0)
        #expect(try s.start(.answer(callID: "n1"), at: "desk-1", by: F.desk1, now: F.at(4)).taskID > 0)
        #expect(try s.start(.answer(callID: "x1"), at: "central", by: F.desk1, now: F.at(5)).taskID > 0)
    }

    @Test("the phone system reporting a pick-up at another site's desk is a fact: the call is answered there and its task given to that desk")
    func aPickUpAtAnotherSitesDeskIsRecorded() throws {
        let s = try group()
        try ring(s, "n1", queue: "north-line", at: 1)
        try s.apply(TimedEvent(.callAnswered(call: "n1", desk: "desk-2")), by: F.desk2, now: F.at(2))
        let clinic = try s.snapshot()
        #expect(clinic.calls.first { $0.id == "n1" }?.state == .answered && clinic.calls.first { $0.id == "n1" }?.desk == "desk-2")
        let task = try #require(clinic.tasks.first { $0.callID == "n1" })
        #expect(task.assignedDesk == "desk-2")
        #expect(try s.start(.take(taskID: task.id), at: "desk-2", by: F.desk2, now: F.at(3)).taskID == task.id)
    }

    @Test("a walk-in belongs to the site of the desk that registers it: its check-in is that site's work, refused at the other")
    func walkInsBelongToTheirDesksSite() throws {
        let s = try group()
        try s.apply(TimedEvent(.walkinArrived(name: "Walk In", dateOfBirth: nil)), by: F.desk2, now: F.at(10))
        let clinic = try s.snapshot()
        let visit = try #require(clinic.visits.first { $0.walkIn })
        #expect(visit.site == "south")
        let checkIn = try #require(clinic.tasks.first { $0.visitID == visit.id && $0.kind == .checkIn })
        #expect(checkIn.sites == ["south"])
        #expect(!clinic.seen(fromDesk: "desk-1").visits.contains { $0.id == visit.id }, "north's waiting room does not list south's walk-in")
        #expect(throws: StoreError.refused(.otherSite(task: checkIn.id, sites: ["south"], deskSite: "north"))) {
            try s.start(.take(taskID: checkIn.id), at: "desk-1", by: F.desk1, now: F.at(11))
        }
        #expect(try s.start(.take(taskID: checkIn.id), at: "desk-2", by: F.desk2, now: F.at(11)).taskID == checkIn.id)
    }

    @Test("a provider's schedule puts the visits imported for them at its site, and the lobby board of each site shows only its own")
    func providersPlaceTheirVisits() throws {
        let s = try group()
        try s.setProviderSite("Dr Okafor", site: "north", by: Self.admin, now: F.at(-20))
        _ = try F.clinic(s)   // the same appointments imported again: A1 is Dr Okafor's
        let visits = try s.snapshot().visits
        #expect(visits.first { $0.appointmentRef == "A1" }?.site == "north")
        #expect(visits.first { $0.appointmentRef == "A2" }?.site == nil)
        try s.setProviderSite("Dr Lindqvist", site: "south", by: Self.admin, now: F.at(-20))
        _ = try F.clinic(s)
        try s.apply(TimedEvent(.patientArrived(appointment: "A1")), by: F.desk1, now: F.at(-5))
        try s.apply(TimedEvent(.patientArrived(appointment: "A2")), by: F.desk1, now: F.at(-4))
        let day = F.at(-120)
        let north = try s.boardTickets(since: day, site: "north").map(\.ticket)
        let south = try s.boardTickets(since: day, site: "south").map(\.ticket)
        #expect(north.count == 1 && south.count == 1 && north != south, "north \(north), south \(south)")
        #expect(try s.boardTickets(since: day).count == 2)
    }

    @Test("a user limited to a site signs in only at its desks, and watches only it; asking for another site is refused")
    func usersLimitedToSites() throws {
        let s = try group()
        try s.addUser(login: "ana", role: .receptionist, by: Self.admin, now: F.at(-10))
        try s.addUser(login: "sue", role: .supervisor, by: Self.admin, now: F.at(-10))
        try s.setUserSites("ana", sites: ["north"], by: Self.admin, now: F.at(-10))
        try s.setUserSites("sue", sites: ["south"], by: Self.admin, now: F.at(-10))
        #expect(throws: StoreError.self) { try s.registerDesk(name: "desk-2", user: "ana", now: F.at(0)) }
        #expect(throws: StoreError.self) { try s.registerDesk(name: "central", user: "ana", now: F.at(0)) }
        #expect(try s.snapshot().desk("desk-2")?.user == nil, "the refused sign-in left the desk empty")
        try s.registerDesk(name: "desk-1", user: "ana", now: F.at(0))
        #expect(try s.snapshot().desk("desk-1")?.user == "ana")

        #expect(try s.siteScope(for: "sue", asked: nil) == SiteScope(["south"]))
        #expect(try s.siteScope(for: "root", asked: nil) == .all)
        #expect(try s.siteScope(for: "root", asked: ["north"]) == SiteScope(["north"]))
        #expect(throws: StoreError.notAllowed("sue works at south, not at north")) { try s.siteScope(for: "sue", asked: ["north"]) }
        #expect(throws: StoreError.self) { try s.siteScope(for: "root", asked: ["west"]) }

        // And steers only them: a north task, a north desk are not hers to bump, reassign or note.
        try ring(s, "n1", queue: "north-line", at: 1)
        try ring(s, "m1", queue: "main", at: 1)
        let tasks = try s.snapshot().tasks
        let north = try #require(tasks.first { $0.callID == "n1" }), shared = try #require(tasks.first { $0.callID == "m1" })
        let sue = Actor(login: "sue", desk: "office", role: .supervisor)
        #expect(throws: StoreError.self) { try s.bump(taskID: north.id, points: 10, by: sue, now: F.at(2)) }
        #expect(throws: StoreError.self) { try s.reassign(taskID: shared.id, toDesk: "desk-1", by: sue, now: F.at(2)) }
        #expect(throws: StoreError.self) { try s.sendNote(toDesk: "desk-1", text: "hi", by: sue, now: F.at(2)) }
        #expect(try s.task(id: north.id)?.bump == 0)
        try s.bump(taskID: shared.id, points: 10, by: sue, now: F.at(2))
        try s.reassign(taskID: shared.id, toDesk: "desk-2", by: sue, now: F.at(2))
        try s.sendNote(toDesk: "desk-2", text: "hi", by: sue, now: F.at(2))
        #expect(try s.task(id: shared.id)?.assignedDesk == "desk-2")
    }

    @Test("bad site set-up is refused with a reason and changes nothing; only an admin sets sites up")
    func badSiteInput() throws {
        let s = try group()
        let before = try s.sites()
        for bad in ["North", "a b", "-x", "", String(repeating: "n", count: 21), "n\u{1B}[2J"] {
            #expect(throws: StoreError.self) { try s.addSite(Site(id: bad, name: "X"), by: Self.admin, now: F.at(0)) }
        }
        #expect(throws: StoreError.self) { try s.addSite(Site(id: "west", name: "a\u{7}b"), by: Self.admin, now: F.at(0)) }
        #expect(throws: StoreError.self) { try s.addSite(Site(id: "west", name: "West"), by: F.supervisor, now: F.at(0)) }
        #expect(throws: StoreError.self) { try s.setDeskSite("desk-3", site: "west", by: Self.admin, now: F.at(0)) }
        #expect(throws: StoreError.self) { try s.setQueueSites("main", sites: ["north", "west"], by: Self.admin, now: F.at(0)) }
        #expect(try s.sites() == before)
        #expect(try s.queueSites()["main"] == ["north", "south"], "a refused change kept the queue's sites")
        #expect(try s.snapshot().desk("desk-3") == nil)
        // The schema holds the stored list to its form, whoever writes it.
        try ring(s, "c1", queue: "main", at: 1)
        #expect(F.refusedByTheSchema {
            try s.write(nil, now: F.at(2)) { tx in try tx.db.execute(sql: "UPDATE call SET sites = 'North;x'", arguments: []) }
        })
        #expect(try s.snapshot().calls.first?.sites == ["north", "south"])
    }

    @Test("a clinic without sites: no site is named, every desk serves everything, and the board needs no site")
    func aClinicWithoutSites() throws {
        let s = try F.memoryClinic()
        try F.ring(s, "c1", at: 1)
        let clinic = try s.snapshot()
        #expect(clinic.sites.isEmpty)
        #expect(clinic.calls.allSatisfy { $0.sites.isEmpty } && clinic.tasks.allSatisfy { $0.sites.isEmpty })
        #expect(clinic.seen(fromDesk: "desk-1") == clinic)
        #expect(try s.start(.answer(callID: "c1"), at: "desk-1", by: F.desk1, now: F.at(2)).taskID > 0)
    }
}
