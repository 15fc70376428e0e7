/// The key hints along the bottom, drawn from a keymap so they always match what the
/// keys do. Bindings that do not fit are left out whole rather than cut in half.
public struct Footer {
    public struct Item {
        public var keys: String
        public var label: String
        /// Kept when others are dropped for room (help, quit).
        public var pinned: Bool
        public init(keys: String, label: String, pinned: Bool = false) { self.keys = keys; self.label = label; self.pinned = pinned }
        var width: Int { DisplayWidth.of(keys) + (label.isEmpty ? 0 : 1 + DisplayWidth.of(label)) }
    }

    public var items: [Item]

    public init<Message>(keymap: Keymap<Message>) {
        // A pinned binding shows its first key only ("q quit"; help lists Ctrl-C too). The
        // label never repeats the keys (`labelAfterKeys`): one rule for every footer.
        items = keymap.footerBindings.map {
            Item(keys: $0.pinned ? ($0.keys.first?.label ?? "") : $0.keyLabel, label: $0.labelAfterKeys, pinned: $0.pinned)
        }
    }

    public init(items: [Item]) { self.items = items }

    /// The items that fit, in table order: every pinned one first claims its room, then the
    /// others in order while they fit whole (none is cut in half).
    func fitting(width: Int) -> [Item] {
        var room = width
        for item in items where item.pinned { room -= item.width + 2 }
        var keep = Set<Int>()
        for (i, item) in items.enumerated() where !item.pinned {
            if item.width + 2 > room { break }
            room -= item.width + 2
            keep.insert(i)
        }
        return items.enumerated().filter { $0.element.pinned || keep.contains($0.offset) }.map(\.element)
    }

    public func render(in rect: Rect, into grid: inout Grid) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        var x = rect.x
        // The last item needs no gap after it.
        for item in fitting(width: rect.width + 2) {
            if x + item.width > rect.maxX { break }
            x += grid.put(SafeText(item.keys), x: x, y: rect.y, role: .footerKey)
            if !item.label.isEmpty {
                x += 1
                x += grid.put(SafeText(item.label), x: x, y: rect.y, role: .footerLabel)
            }
            x += 2
        }
    }
}
