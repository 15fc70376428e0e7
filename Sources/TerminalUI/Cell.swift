/// One screen cell: a grapheme (or "" when it continues the wide grapheme to its left)
/// and the role it is drawn in.
public struct Cell: Equatable, Hashable, Sendable {
    public var text: String
    public var role: StyleRole
    public init(_ text: String = " ", role: StyleRole = .normal) { self.text = text; self.role = role }
    public static let blank = Cell()
    /// The right half of a double-width grapheme.
    public var isContinuation: Bool { text.isEmpty }
}
