/// A list of items that are each done or not ("[x] Photo ID"), one selected.
public struct CheckboxList {
    public struct Item {
        public var label: SafeText
        public var isChecked: Bool
        /// Shown to the right, e.g. how long the item has been open.
        public var detail: SafeText
        public init(_ label: SafeText, isChecked: Bool, detail: SafeText = .empty) {
            self.label = label; self.isChecked = isChecked; self.detail = detail
        }
    }

    public var items: [Item]
    public var selected: Int?
    public var isFocused: Bool

    public init(items: [Item], selected: Int? = nil, isFocused: Bool = true) {
        self.items = items; self.selected = selected; self.isFocused = isFocused
    }

    public var checkedCount: Int { items.filter(\.isChecked).count }

    public func render(in rect: Rect, into grid: inout Grid) {
        guard !rect.isEmpty else { return }
        let top = Table.offset(keeping: selected, visible: rect.height, from: 0, count: items.count)
        for (row, i) in (top..<items.count).prefix(rect.height).enumerated() {
            let item = items[i]
            let y = rect.y + row
            let isSel = i == selected
            let role: StyleRole = isSel && isFocused ? .selected : (item.isChecked ? .good : .normal)
            grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), with: Cell(" ", role: role))
            let box: SafeText = item.isChecked ? "[x] " : "[ ] "
            var x = rect.x
            x += grid.put(isSel ? "▸" : " ", x: x, y: y, role: role, maxWidth: 1)
            x += grid.put(box, x: x, y: y, role: role, maxWidth: rect.maxX - x)
            let detailWidth = DisplayWidth.of(item.detail.value)
            let labelRoom = rect.maxX - x - (detailWidth > 0 ? detailWidth + 1 : 0)
            grid.put(item.label, x: x, y: y, role: role, maxWidth: max(0, labelRoom))
            if detailWidth > 0, labelRoom > 0 {
                grid.put(item.detail, x: rect.maxX - detailWidth, y: y, role: isSel && isFocused ? role : .muted)
            }
        }
    }
}
