import Foundation
import Testing
import TestSupport

/// `frontdesk simulate`, run as a user would: the desk-time table and the strict-promises baseline.
@Suite("frontdesk simulate: desk time and baselines")
struct SimulateCommandTests {
    @Test func theDeskTimeTableHasAColumnPerKindOfWorkAndARowPerPolicy() throws {
        let result = try Spawn.frontdesk(["simulate", "--grid", "--seeds", "1", "--desk-counts", "4",
                                          "--policy", "strict", "--policy", "strict-promises", "--desk-time", "--markdown"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "busy day, desk minutes all day (while patients waited), means over seeds 1")
        #expect(lines.contains("| desks | policy | calls | callbacks | check-ins | paperwork | emergencies |"))
        let rows = lines.filter { $0.hasPrefix("| 4 |") }
        #expect(rows.count == 2 && rows[0].hasPrefix("| 4 | strict |") && rows[1].hasPrefix("| 4 | strict-promises |"))
        // Each cell is "all day (while patients waited)", and the second never exceeds the first.
        for cell in rows.flatMap({ $0.split(separator: "|").dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) } }) {
            let numbers = cell.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(numbers.count == 2 && numbers[1] <= numbers[0], "\(cell)")
        }
    }

    @Test func deskTimeWithoutAGridIsRefusedAndSaysWhy() throws {
        let result = try Spawn.frontdesk(["simulate", "--desk-time"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--desk-time goes with --grid"))
        #expect(result.stdout.isEmpty)
    }

    @Test func withoutAPolicyTheFourComparedPoliciesRunButNotTheBaseline() throws {
        let result = try Spawn.frontdesk(["simulate", "--seed", "2", "--desks", "4"])
        #expect(result.status == 0)
        let header = result.stdout.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        #expect(header.split(separator: " ").map(String.init) == ["frontdesk", "fifo", "strict", "memory"])
        #expect(result.stdout.contains("desk min, callbacks (patients waiting)"))
    }
}
