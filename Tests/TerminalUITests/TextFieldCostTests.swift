import Foundation
import Testing
@testable import TerminalUI

@Suite("Text fields cost what they show")
struct TextFieldCostTests {
    /// A 60 KB name used to cost seconds per keystroke: the field's cost is what it shows.
    @Test("editing and drawing a very long field costs what is visible, not what is stored")
    func longFieldIsCheap() {
        let long = String(repeating: "Ñ", count: 20_000)
        var grid = Grid(width: 40, height: 1)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var field = TextField(long, maxLength: 200_000)
            for _ in 0..<3 {
                field.handle(.char("x"))
                field.render(in: Rect(x: 0, y: 0, width: 30, height: 1), into: &grid)
                _ = field.cursorPosition(in: Rect(x: 0, y: 0, width: 30, height: 1))
            }
            field.handle(.home)
            field.render(in: Rect(x: 0, y: 0, width: 30, height: 1), into: &grid)
        }
        #expect(elapsed < .seconds(1), "\(elapsed)")
        #expect(grid.row(at: 0) == String(repeating: "Ñ", count: 30))
    }
}
