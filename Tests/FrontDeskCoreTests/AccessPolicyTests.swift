import Foundation
import Testing
@testable import FrontDeskCore

@Suite struct AccessPolicyTests {
    @Test func receptionistsWorkTheDeskButCannotSuperviseReassignOrReadTheAudit() {
        for p in [Permission.viewPatients, .openRecord, .checkIn, .answerCalls, .raiseEmergency] {
            #expect(AccessPolicy.allows(.receptionist, p), "\(p)")
        }
        for p in [Permission.supervise, .reassignTask, .bumpTask, .readAudit, .manageUsers, .emergencyUnlock] {
            #expect(!AccessPolicy.allows(.receptionist, p), "\(p)")
        }
        #expect(AccessPolicy.refusal(.receptionist, .readAudit)
                == "a receptionist may not read the audit trail (needs the supervisor role)")
    }

    @Test func supervisorsSteerButDoNotManageUsers() {
        #expect(AccessPolicy.allows(.supervisor, .reassignTask))
        #expect(AccessPolicy.allows(.supervisor, .readAudit))
        #expect(!AccessPolicy.allows(.supervisor, .manageUsers))
        #expect(AccessPolicy.refusal(.supervisor, .manageUsers) == "a supervisor may not manage users (needs the admin role)")
        #expect(throws: AccessDenied.self) { try AccessPolicy.require(.supervisor, .manageUsers) }
    }

    @Test func eachRoleHasEverythingTheRoleBelowHas() {
        #expect(AccessPolicy.table[.receptionist]!.isSubset(of: AccessPolicy.table[.supervisor]!))
        #expect(AccessPolicy.table[.supervisor]!.isSubset(of: AccessPolicy.table[.admin]!))
        #expect(Permission.allCases.allSatisfy { AccessPolicy.allows(.admin, $0) })
    }

    @Test func namesAreDisclosedOnlyAsFarAsTheSurfaceAllows() {
        let p = Patient(id: 1, mrn: "MRN1", familyName: "O'Brien", givenName: "Siobhán")
        #expect(NameDisclosure.full.render(p) == "O'Brien, Siobhán")
        #expect(NameDisclosure.firstNameLastInitial.render(p) == "Siobhán O.")
        #expect(NameDisclosure.none.render(p) == "")
    }

    @Test func theBoardCallsRecentlyRoomedTicketsAndListsTheRestInArrivalOrder() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let tickets = [
            BoardTicket(ticket: "A-002", status: .arrived, room: nil, arrivedAt: t0.addingTimeInterval(60), statusSince: t0),
            BoardTicket(ticket: "A-001", status: .checkedIn, room: nil, arrivedAt: t0, statusSince: t0),
            BoardTicket(ticket: "A-003", status: .roomed, room: "Room 3", arrivedAt: t0, statusSince: t0.addingTimeInterval(500)),
            BoardTicket(ticket: "A-004", status: .roomed, room: "Room 1", arrivedAt: t0, statusSince: t0),
        ]
        let m = PublicBoardModel.build(tickets, at: t0.addingTimeInterval(600), roomedDurations: [600, 300, 900])
        #expect(m.nowCalling.map(\.ticket) == ["A-003"])
        #expect(m.waiting.map(\.ticket) == ["A-001", "A-002"])
        #expect(m.estimatedWait == 600)
    }
}
