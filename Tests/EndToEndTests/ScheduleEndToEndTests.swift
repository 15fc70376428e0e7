import Foundation
import Testing
import TestSupport

/// The schedule in the real binary, in tmux: a caller booked from the desk while on the line,
/// the booking seen on a second console's schedule screen, and a cancel that becomes a
/// waitlist offer in the ranked queue.
@Suite("Schedule in tmux", .serialized)
struct ScheduleEndToEndTests {
    typealias H = ConsoleHarness

    func json(_ args: [String]) throws -> Any {
        let r = try Spawn.frontdesk(args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    @Test func aCallerIsBookedFromTheDeskAndTheBookingShowsOnAnotherConsole() throws {
        let db = try H.demoDB()
        let desk = try H.start("desk --db '\(db)' --desk 'Front 1'", width: 100, height: 30)
        defer { desk.kill() }
        #expect(desk.waitFor("Waiting Room", timeout: 20), "\(desk.capture())")

        // Ms Moreno rings from the number on her record; the desk answers.
        try H.feed(db, #"{"type":"call.ringing","call":"sch-1","from":"(617) 555-0128","name":"G MORENO","reason":"book a follow-up"}"# + "\n")
        #expect(desk.waitFor("Call from Moreno, Giulia"), "\(desk.capture())")
        desk.sendKeys("a")
        #expect(desk.waitFor("On call"), "\(desk.capture())")

        // S: the schedule, with the caller ready to book; f finds the next follow-up, b books it.
        desk.sendKeys("S")
        #expect(desk.waitFor("booking for Moreno, Giulia"), "\(desk.capture())")
        desk.sendKeys("f")
        #expect(desk.waitFor("Type"), "\(desk.capture())")
        desk.sendKeys("Right")                              // Sick visit → Follow-up
        #expect(desk.waitFor("Follow-up (20 min)"), "\(desk.capture())")
        desk.sendKeys("Enter")
        // The search's answer, not just any open slot on the grid (those were there before it).
        #expect(desk.waitFor("next free:"), "\(desk.capture())")
        desk.sendKeys("b")
        #expect(desk.waitFor("MRN100284"), "\(desk.capture())")
        desk.sendKeys("Enter")
        #expect(desk.waitFor("booked Moreno, Giulia"), "\(desk.capture())")

        // Back at the desk the call is still in hand; it ends "appointment made".
        desk.sendKeys("q")
        #expect(desk.waitFor("On call"), "\(desk.capture())")
        desk.sendKeys("e")
        #expect(desk.waitFor("Appointment made"), "\(desk.capture())")
        desk.sendKeys("Enter")
        #expect(desk.waitFor("Active: none"), "\(desk.capture())")

        // The store has it; a second console's schedule screen shows it on its day.
        let mine = try #require(try json(["schedule", "day", "--json", "--db", db, "--date", try bookedDay(db)]) as? [[String: Any]])
            .first { $0["mrn"] as? String == "MRN100284" && $0["type"] as? String == "follow-up" }
        let booking = try #require(mine)
        let local = try #require(booking["local"] as? String)
        let other = try H.start("schedule view --db '\(db)' --date \(local.prefix(10)) --provider \(booking["provider"] as? String ?? "")",
                                width: 100, height: 45)
        defer { other.kill() }
        #expect(other.waitFor("Moreno, Giulia", timeout: 20), "\(other.capture())")

        // A waitlisted patient, then a cancel: the freed slot is offered in the ranked queue.
        #expect(try Spawn.frontdesk(["schedule", "waitlist", "add", "--db", db, "--patient", "MRN100361"]).status == 0)
        let id = try #require(booking["id"] as? Int)
        let cancel = try Spawn.frontdesk(["schedule", "cancel", "--db", db, "\(id)", "--reason", "she called back to cancel"])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(other.waitFor("Cancelled"), "\(other.capture())")
        let tasks = try #require(try json(["status", "--json", "--db", db]) as? [String: Any])["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.contains { $0["kind"] as? String == "waitlist-offer" }, "\(tasks)")
        other.sendKeys("q")
        desk.sendKeys("q")
        H.expectCleanExit(desk)
    }

    /// The day of the patient's follow-up booked from the desk (the audit names it).
    func bookedDay(_ db: String) throws -> String {
        for offset in 0..<60 {
            let day = Calendar(identifier: .gregorian).date(byAdding: .day, value: offset, to: Date())!
            let f = DateFormatter(); f.dateFormat = "yyyy-MM-dd"; f.timeZone = .current
            let s = f.string(from: day)
            let list = try json(["schedule", "day", "--json", "--db", db, "--date", s]) as? [[String: Any]] ?? []
            if list.contains(where: { $0["mrn"] as? String == "MRN100284" && $0["type"] as? String == "follow-up" && $0["status"] as? String == "scheduled" }) {
                return s
            }
        }
        Issue.record("no follow-up booked for MRN100284")
        return ""
    }
}
