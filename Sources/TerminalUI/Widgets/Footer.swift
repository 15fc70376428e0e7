/// The key hints along the bottom, drawn from a keymap so they always match what the
/// keys do. Bindings that do not fit are left out whole rather than cut in half.
public struct Footer {
    public struct Item {
        public var keys: String
        public var label: String
        public init(keys: String, label: String) { self.keys = keys; self.label = label }
    }

    public var items: [Item]

    public init<Message>(keymap: Keymap<Message>) {
        items = keymap.footerBindings.map { Item(keys: $0.keyLabel, label: $0.label) }
    }

    public init(items: [Item]) { self.items = items }

    public func render(in rect: Rect, into grid: inout Grid) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        var x = rect.x
        for item in items {
            let need = DisplayWidth.of(item.keys) + 1 + DisplayWidth.of(item.label)
            if x + need > rect.maxX { break }
            x += grid.put(SafeText(item.keys), x: x, y: rect.y, role: .footerKey)
            x += 1
            x += grid.put(SafeText(item.label), x: x, y: rect.y, role: .footerLabel)
            x += 2
        }
    }
}
