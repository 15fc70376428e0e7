import Foundation
import Testing
@testable import FrontDeskCore

/// Every (from, to) pair of visit statuses, against a table written out by hand — not read
/// back from `VisitStatus.transitions`, so a wrong edit to the data fails here.
@Suite("visit status transitions")
struct VisitTransitionTests {
    static let allowed: [VisitStatus: [VisitStatus]] = [
        .scheduled: [.arrived, .noShow, .cancelled],
        .arrived: [.checkedIn, .leftWithoutBeingSeen, .cancelled],
        .checkedIn: [.roomed, .leftWithoutBeingSeen, .cancelled],
        .roomed: [.withProvider, .leftWithoutBeingSeen],
        .withProvider: [.checkout, .done],
        .checkout: [.done],
        .noShow: [.arrived],
    ]

    static let pairs: [(VisitStatus, VisitStatus)] =
        VisitStatus.allCases.flatMap { from in VisitStatus.allCases.map { (from, $0) } }

    @Test(arguments: pairs)
    func transition(from: VisitStatus, to: VisitStatus) {
        let expected = Self.allowed[from]?.contains(to) ?? false
        var visit = Visit(id: 1, ticket: "A-001", patientID: 1, provider: "Dr. Osei", appointmentAt: noon,
                          status: from, statusSince: noon.addingTimeInterval(-600))
        let before = visit
        do {
            try visit.transition(to: to, at: noon)
            #expect(expected, "\(from) → \(to) should be refused")
            #expect(visit.status == to && visit.statusSince == noon)
        } catch let error as VisitTransitionError {
            #expect(!expected, "\(from) → \(to) should be allowed")
            #expect(error.description == "a visit cannot go from \(from.label) to \(to.label)")
            #expect(visit == before, "a refused move changes nothing")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func arrivalStartsTheTotalTimeAndStatusTimeRestarts() throws {
        var visit = Visit(id: 1, ticket: "A-001", patientID: 1, provider: "Dr. Osei", appointmentAt: noon,
                          statusSince: noon.addingTimeInterval(-3600))
        try visit.transition(to: .arrived, at: noon)
        try visit.transition(to: .checkedIn, at: noon.addingTimeInterval(300))
        #expect(visit.totalTime(at: noon.addingTimeInterval(900)) == 900)
        #expect(visit.timeInStatus(at: noon.addingTimeInterval(900)) == 600)
    }
}
