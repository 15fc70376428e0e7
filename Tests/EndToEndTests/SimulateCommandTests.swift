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

    @Test func aSettingChangesTheRunAndTheTableSaysSo() throws {
        let plain = try Spawn.frontdesk(["simulate", "--seed", "1", "--policy", "frontdesk", "--json"])
        let changed = try Spawn.frontdesk(["simulate", "--seed", "1", "--policy", "frontdesk", "--json",
                                           "--set", "callbacks-are-promises=no"])
        #expect(plain.status == 0 && changed.status == 0, "\(changed.stderr)")
        func overdue(_ out: String) throws -> Int {
            try #require(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])["callbacksOverdue"] as? Int ?? -1
        }
        #expect(try overdue(plain.stdout) == 0)
        #expect(try overdue(changed.stdout) > 0, "the setting reached the policy")
        let grid = try Spawn.frontdesk(["simulate", "--grid", "--seeds", "1", "--desk-counts", "2", "--policy", "frontdesk",
                                        "--set", "promise-lead=5", "--set", "points.check-in=60"])
        #expect(grid.stdout.hasPrefix("busy day, means over seeds 1, settings: promise-lead=5, points.check-in=60\n"))
    }

    @Test func anUnknownSettingIsRefusedNamingTheSettingsAndRunsNothing() throws {
        let result = try Spawn.frontdesk(["simulate", "--set", "lobby-speed=2"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--set: no policy setting is called \"lobby-speed\"; the settings are: points.call,"))
        #expect(result.stdout.isEmpty)
    }
}
