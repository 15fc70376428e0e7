/// Columns given by need: which of a table's columns fit a width, and how wide each is.
///
/// Each column has a priority (1 is never dropped), the least it can be read at, and what its
/// content on screen wants. Columns come in by priority while their minimums fit; the room left
/// goes to the columns that want more, in their grow order (a patient's name before a
/// provider's), up to what they want. Only then do the *extra* columns (a visit's reason, its
/// room) come in, if they fit; what is still left widens the last shown column that takes slack
/// (free text). So a narrow terminal keeps what matters whole and a wide one shows more
/// columns, not padding.
public struct ColumnPlan {
    public struct Spec {
        public var id: String
        public var priority: Int
        public var minimum: Int
        public var wanted: Int
        /// Lower grows first.
        public var growOrder: Int
        /// Shown only once every other column has what it wants.
        public var isExtra: Bool
        /// Takes whatever room is left at the end (free text: a reason, a name).
        public var takesSlack: Bool
        public init(_ id: String, priority: Int, minimum: Int, wanted: Int? = nil, growOrder: Int = 100,
                    isExtra: Bool = false, takesSlack: Bool = false) {
            self.id = id; self.priority = priority; self.minimum = minimum
            self.wanted = max(minimum, wanted ?? minimum); self.growOrder = growOrder
            self.isExtra = isExtra; self.takesSlack = takesSlack
        }
    }

    /// The columns shown, in the order given, each with its width.
    public let widths: [(id: String, width: Int)]

    /// `total` includes the table's selection marker (one cell) and a gap between columns.
    public init(_ specs: [Spec], total: Int, gap: Int = 1) {
        let room = total - 1
        var width: [String: Int] = [:]
        var used = 0
        func cost(_ s: Spec) -> Int { s.minimum + (width.isEmpty ? 0 : gap) }
        func grow(_ group: [Spec]) {
            for spec in group.sorted(by: { $0.growOrder < $1.growOrder }) where width[spec.id] != nil {
                let more = min(max(0, room - used), spec.wanted - width[spec.id]!)
                width[spec.id]! += more; used += more
            }
        }
        let core = specs.filter { !$0.isExtra }, extras = specs.filter(\.isExtra)
        for spec in core.sorted(by: { ($0.priority, $0.growOrder) < ($1.priority, $1.growOrder) })
            where spec.priority <= 1 || used + cost(spec) <= room {
            used += cost(spec); width[spec.id] = spec.minimum
        }
        grow(core)
        for spec in extras.sorted(by: { ($0.priority, $0.growOrder) < ($1.priority, $1.growOrder) }) where used + cost(spec) <= room {
            used += cost(spec); width[spec.id] = spec.minimum
        }
        grow(extras)
        let visible = specs.filter { width[$0.id] != nil }
        if used < room, let last = visible.last(where: \.takesSlack) ?? visible.last { width[last.id]! += room - used }
        widths = visible.map { ($0.id, width[$0.id]!) }
    }

    public func width(of id: String) -> Int? { widths.first { $0.id == id }?.width }
    public func shows(_ id: String) -> Bool { width(of: id) != nil }
}
